/**
 * The fuzz oracle, the same for every IUT: an answer must be a spec error code, an HTTP 4xx, an ISO
 * status word or a legitimate success — never a 5xx, a dropped connection or a hang (`broken`), and
 * never success for a case that must be rejected. State checks and liveness probes are judged by
 * the campaign, which knows where batches end.
 */
import type { Answer, FuzzCase } from './target';

/** Why the answer breaks the oracle, or undefined. */
export function judge(c: FuzzCase, a: Answer): string | undefined {
  if (a.kind === 'broken') return `no valid answer: ${a.summary}`;
  if (a.kind === 'success' && c.expect === 'reject') return `accepted a case that must be rejected (${c.mutation}): ${a.summary}`;
  return undefined;
}

/** `work` bounded by `ms`: past it the answer is broken, whatever the target's own timers do. */
export async function answerWithin(work: Promise<Answer>, ms: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'broken', summary: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([work.catch((e: Error) => ({ kind: 'broken' as const, summary: `target failed: ${e.message}` })), late]);
  } finally {
    clearTimeout(timer);
  }
}
