/**
 * A fuzz campaign: fast-check generates cases from the target's arbitrary, one case per run, sent in
 * turn over the target's transport and judged by the oracle. Every `batch` cases the IUT's state is
 * compared with the state before the batch (unless some case was legitimately accepted) and a
 * liveness probe must pass. A failure is shrunk by fast-check — while shrinking, state and liveness
 * are checked after every attempt — and recorded with its seed and path, which replay it exactly;
 * the campaign then goes on from the next seed until its case count or time is spent.
 */
import fc from 'fast-check';
import { answerWithin, judge } from './oracle';
import type { Answer, FuzzCase, FuzzTarget } from './target';

export interface CampaignOptions {
  /** Cases to run (shrinking attempts not counted). */
  runs?: number;
  /** Or: run until this much time has passed. */
  durationMs?: number;
  seed: number;
  /** With `seed`: replay exactly this counterexample (fast-check path) and stop. */
  path?: string;
  /** Cases between state checks and liveness probes (default 64). */
  batch?: number;
  /** Bound on one exchange, past which the answer counts as a hang. */
  timeoutMs: number;
  /** Stop after this many distinct failures (default 5). */
  maxFailures?: number;
  onProgress?(p: Progress): void;
}

export interface Progress {
  cases: number;
  failures: number;
  elapsedMs: number;
  /** What the campaign runs to: a case count, or a time. */
  goal: { cases: number } | { ms: number };
  /** The failure just recorded, on the report that follows it (long campaigns show failures as they come). */
  latest?: FuzzFailure;
}

export interface FuzzFailure {
  seed: number;
  /** fast-check's counterexample path: `--seed S --replay PATH` runs this case again. */
  path: string;
  reason: string;
  /** The shrunk counterexample and the IUT's answer to it. */
  case: FuzzCase;
  answer?: Answer;
  /** Number of the case (from 1, across the campaign) that first failed, and the shrink steps after it. */
  foundAt: number;
  shrinks: number;
}

export interface CampaignResult {
  cases: number;
  ms: number;
  /** Seeds the campaign ran, in order (one per failure, plus the last). */
  seeds: number[];
  failures: FuzzFailure[];
  /** Cases per outcome: success / error (rejections), to show the generators reach both. */
  outcomes: Record<'success' | 'error', number>;
  /** Cases sent a second time because a kept-alive connection was reset before any answer (Answer.staleConnection). */
  resent: number;
}

class CaseFailure extends Error {
  constructor(message: string, readonly answer?: Answer) {
    super(message);
  }
}

const UNBOUNDED = 2 ** 31 - 1;

export async function runCampaign(target: FuzzTarget, o: CampaignOptions): Promise<CampaignResult> {
  const batch = o.batch ?? 64;
  const started = Date.now();
  const deadline = o.durationMs !== undefined ? started + o.durationMs : Infinity;
  const limit = o.durationMs !== undefined ? UNBOUNDED : o.path !== undefined ? 1 : Math.min(o.runs ?? 1000, UNBOUNDED);
  const goal = o.durationMs !== undefined ? { ms: o.durationMs } : { cases: limit };
  const result: CampaignResult = { cases: 0, ms: 0, seeds: [], failures: [], outcomes: { success: 0, error: 0 }, resent: 0 };
  let lastReport = 0;
  const progress = (force = false, latest?: FuzzFailure): void => {
    const now = Date.now();
    if (!o.onProgress || (!force && now - lastReport < 200)) return;
    lastReport = now;
    o.onProgress({ cases: result.cases, failures: result.failures.length, elapsedMs: now - started, goal, ...(latest && { latest }) });
  };

  let shrinking = false;
  let inBatch = 0, accepted = false, before = '';
  type Found = { case: FuzzCase; reason: string; answer?: Answer };
  let last: Found | undefined;
  let foundAt = 0, shrinks = 0;

  const check = async (c: FuzzCase): Promise<void> => {
    if (shrinking) {
      // A dead IUT fails every attempt; such attempts must not count as reproductions.
      if (await target.probe()) return;
      shrinks++;
      before = await target.state();
      accepted = false;
    } else {
      result.cases++;
      progress();
    }
    let answer = await answerWithin(target.send(c), o.timeoutMs);
    if (answer.staleConnection) {
      // Judged on a new connection: a reset the case itself causes comes again there.
      result.resent++;
      answer = await answerWithin(target.send(c), o.timeoutMs);
    }
    const wrong = judge(c, answer);
    if (wrong) throw new CaseFailure(wrong, answer);
    if (answer.kind === 'success') accepted = true;
    if (!shrinking) result.outcomes[answer.kind as 'success' | 'error']++;
    if (shrinking || ++inBatch >= batch) {
      inBatch = 0;
      const after = await target.state();
      if (!accepted && after !== before) throw new CaseFailure(`state changed although every case ${shrinking ? 'was' : 'of the batch was'} rejected:\n  before ${before}\n  after  ${after}`, answer);
      before = after;
      accepted = false;
      const dead = await target.probe();
      if (dead) throw new CaseFailure(`liveness probe failed after the ${shrinking ? 'case' : 'batch'}: ${dead}`, answer);
    }
  };

  const property = fc.asyncProperty(target.cases, async (c) => {
    try {
      await check(c);
    } catch (e) {
      if (!shrinking) foundAt = result.cases;
      shrinking = true;
      last = { case: c, reason: e instanceof CaseFailure ? e.message : `harness error: ${(e as Error).stack ?? e}`, answer: e instanceof CaseFailure ? e.answer : undefined };
      throw e;
    }
  });

  let seed = o.seed;
  before = await target.state();
  for (;;) {
    result.seeds.push(seed);
    shrinking = false;
    shrinks = 0;
    last = undefined;
    const remaining = limit - result.cases;
    const timeLeft = deadline - Date.now();
    if (remaining <= 0 || timeLeft <= 0) break;
    const details = await fc.check(property, {
      seed, numRuns: remaining, path: o.path, endOnFailure: o.path !== undefined,
      ...(Number.isFinite(timeLeft) ? { interruptAfterTimeLimit: timeLeft, markInterruptAsFailure: false } : {}),
    });
    // Set by the property during fc.check, which the compiler cannot see.
    const found = last as Found | undefined;
    if (!details.failed || !found) break;
    const failure: FuzzFailure = { seed, path: details.counterexamplePath ?? '', reason: found.reason, case: found.case, answer: found.answer, foundAt, shrinks };
    result.failures.push(failure);
    progress(true, failure);
    if (o.path || result.failures.length >= (o.maxFailures ?? 5)) break;
    // The next stretch starts from a fresh state reading: the failure may have changed it.
    before = await target.state();
    inBatch = 0;
    accepted = false;
    seed = (seed + 1) >>> 0;
  }
  result.ms = Date.now() - started;
  progress(true);
  return result;
}
