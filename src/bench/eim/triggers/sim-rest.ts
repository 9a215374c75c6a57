/**
 * The built-in S_eIM's northbound API (README "S_eIM northbound API"): POST /api/v1/orders, GET
 * /api/v1/orders/{id}?wait=MS, DELETE /api/v1/orders/{id}. The embedded default drives its S_eIM
 * through this adapter over real HTTP, so the adapter is exercised on every run.
 */
import { bearer, requestJson } from './json-http';
import { EimOrder, EimTrigger, OrderHandle, OrderOutcome, OutcomeState, TriggerError } from './trigger';

const STATES: Record<string, OutcomeState> = { queued: 'pending', sent: 'pending', done: 'done', failed: 'failed', aborted: 'aborted' };
/** The API caps `wait` at 60 s. */
const MAX_WAIT_MS = 60_000;

export class SimRestTrigger implements EimTrigger {
  readonly name = 'sim-rest';
  private readonly base: string;

  constructor(url: string, private readonly o: { token?: string; timeoutMs: number }) {
    this.base = url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  }

  async create(order: EimOrder): Promise<OrderHandle> {
    const body = (() => {
      switch (order.kind) {
        case 'download': return { eid: order.eid, type: 'download', activationCode: order.activationCode, ...(order.expectedMetadata && { expectedMetadata: order.expectedMetadata }) };
        case 'psmo': return { eid: order.eid, type: 'psmo', psmos: order.operations };
        case 'eco': return { eid: order.eid, type: 'eco', ecos: order.operations };
        case 'edr': return { eid: order.eid, type: 'edr', tagList: order.tagList };
      }
    })();
    const a = await requestJson(this.name, 'create', `${this.base}/api/v1/orders`, { method: 'POST', body, headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs });
    if (a.status !== 201 || typeof a.json?.id !== 'string') throw new TriggerError(this.name, 'create', `HTTP ${a.status}: ${a.text}`);
    return { id: a.json.id, kind: order.kind };
  }

  async lookup(handle: OrderHandle, waitMs = 0): Promise<OrderOutcome> {
    const wait = Math.min(Math.max(0, Math.round(waitMs)), MAX_WAIT_MS);
    const a = await requestJson(this.name, 'lookup', `${this.base}/api/v1/orders/${encodeURIComponent(handle.id)}${wait ? `?wait=${wait}` : ''}`, {
      headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs + wait,
    });
    if (a.status === 404) return { state: 'aborted', reason: 'unknown order', detail: a.json };
    if (a.status !== 200) throw new TriggerError(this.name, 'lookup', `HTTP ${a.status}: ${a.text}`);
    const outcome = a.json.outcome ?? {};
    return {
      state: STATES[a.json.status] ?? 'pending', detail: a.json,
      ...(Array.isArray(outcome.results) && { results: outcome.results }),
      ...(typeof outcome.reason === 'string' && { reason: outcome.reason }),
    };
  }

  async remove(handle: OrderHandle): Promise<void> {
    await requestJson(this.name, 'remove', `${this.base}/api/v1/orders/${encodeURIComponent(handle.id)}`, { method: 'DELETE', headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs });
  }
}
