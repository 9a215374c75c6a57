/**
 * Reading an outcome out of a product's own JSON (http and shell adapters): the common words for an
 * order's state, and the usual places a reason or per-operation results sit.
 */
import { OrderOutcome, OutcomeState } from './trigger';

const STATES: Record<string, OutcomeState> = {
  done: 'done', success: 'done', succeeded: 'done', completed: 'done', ok: 'done',
  failed: 'failed', failure: 'failed', error: 'failed',
  aborted: 'aborted', cancelled: 'aborted', canceled: 'aborted', deleted: 'aborted', absent: 'aborted',
};

/** The state a status word names; anything unknown (queued, new, work, sent…) is still pending. */
export function stateOf(status: unknown): OutcomeState {
  return (typeof status === 'string' && STATES[status.toLowerCase()]) || 'pending';
}

type Json = Record<string, any>;

/** `{status, reason?, results?, outcome?: {reason?, results?}}` as an outcome. */
export function outcomeFromJson(json: unknown): OrderOutcome {
  const j = (json && typeof json === 'object' ? json : {}) as Json;
  const inner = (j.outcome && typeof j.outcome === 'object' && !Array.isArray(j.outcome) ? j.outcome : {}) as Json;
  const reason = j.reason ?? inner.reason;
  const results = j.results ?? inner.results;
  return {
    state: stateOf(j.status ?? j.state), detail: json,
    ...(typeof reason === 'string' && { reason }),
    ...(Array.isArray(results) && { results }),
  };
}

/** The id of a created order: `id`, `resourceId` or `orderId` of the JSON, else the text itself. */
export function idFromAnswer(text: string): string | undefined {
  const t = text.trim();
  try {
    const j = JSON.parse(t) as Json;
    const id = j.id ?? j.resourceId ?? j.orderId;
    return id === undefined ? undefined : String(id);
  } catch {
    return t && !/\s/.test(t) ? t : undefined;
  }
}

/** Fills `{{name}}` placeholders; an unknown name is left as it is so the mistake shows in the request. */
export function fill(template: string, values: Readonly<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (all, name: string) => (values[name] === undefined ? all : encode(values[name])));
}
