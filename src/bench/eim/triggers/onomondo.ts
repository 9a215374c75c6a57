/**
 * onomondo-eim's REST API (its doc/rest_api.md and contrib/restop.py): facilities `download`, `psmo`,
 * `eco`, `edr`; `POST /<facility>/create` with `{eidValue, order: {<facility>: …}}`, then
 * `GET /<facility>/lookup/<resourceId>` answering `{status: new|work|done|absent|deleted, outcome: […]}`
 * and `GET /<facility>/delete/<resourceId>`. ICCIDs travel in their raw form (nibbles swapped, F padded).
 * `done` says processing ended, not success: the outcome list says that, e.g. `{"enableResult": "ok"}`,
 * `{"profileInstallationResult": {"finalResult": "successResult"}}`, or an error code.
 */
import { bearer, JsonAnswer, requestJson } from './json-http';
import { EimOrder, EimTrigger, Operation, OrderHandle, OrderOutcome, pollOutcome, TriggerError } from './trigger';

/** `89…` digits → the raw swapped-nibble form onomondo-eim takes (`98…`, padded with F). */
export function rawIccid(digits: string): string {
  const padded = digits.length % 2 ? `${digits}F` : digits;
  return padded.replace(/(.)(.)/g, '$2$1').toUpperCase();
}

function onoOperations(ops: readonly Operation[]): Operation[] {
  return ops.map((op) => Object.fromEntries(Object.entries(op).map(([name, args]) => [name,
    typeof args.iccid === 'string' ? { ...args, iccid: rawIccid(args.iccid), ...(name === 'enable' && { rollback: args.rollback ?? false }) } : args])));
}

/** The resource JSON a create takes. */
export function onomondoResource(order: EimOrder): { facility: string; body: unknown } {
  const order_ = (() => {
    switch (order.kind) {
      case 'download': return { download: { activationCode: order.activationCode } };
      case 'psmo': return { psmo: onoOperations(order.operations) };
      case 'eco': return { eco: onoOperations(order.operations) };
      case 'edr': return { edr: { tagList: order.tagList } };
    }
  })();
  return { facility: order.kind, body: { eidValue: order.eid, order: order_ } };
}

const GOOD = new Set(['ok', 'successResult']);

/** The first outcome entry that reports a failure, as its code; undefined when all went well. */
export function failureIn(outcome: readonly unknown[]): string | undefined {
  for (const item of outcome) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, value] of Object.entries(item)) {
      if (/error/i.test(key) && !/result$/i.test(key)) return typeof value === 'string' ? value : key;
      if (typeof value === 'string' && !GOOD.has(value)) return value;
      if (value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        const verdict = v.finalResult ?? v.edrResult;
        if (typeof verdict === 'string' && !GOOD.has(verdict)) return typeof v.errorReason === 'string' ? v.errorReason : verdict;
      }
    }
  }
  return undefined;
}

export function onomondoOutcome(json: any): OrderOutcome {
  const status = json?.status;
  if (status === 'absent' || status === 'deleted') return { state: 'aborted', reason: status, detail: json };
  if (status !== 'done') return { state: 'pending', detail: json };
  const outcome: unknown[] = Array.isArray(json.outcome) ? json.outcome : [];
  const reason = failureIn(outcome);
  return { state: reason ? 'failed' : 'done', results: outcome, ...(reason && { reason }), detail: json };
}

export class OnomondoTrigger implements EimTrigger {
  readonly name = 'onomondo';
  private readonly base: string;

  constructor(url: string, private readonly o: { token?: string; timeoutMs: number }) {
    this.base = url.replace(/\/+$/, '');
  }

  async create(order: EimOrder): Promise<OrderHandle> {
    const { facility, body } = onomondoResource(order);
    const a = await requestJson(this.name, 'create', `${this.base}/${facility}/create`, { method: 'POST', body, headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs });
    const id = resourceId(a);
    if (a.status >= 400 || !id) throw new TriggerError(this.name, 'create', `HTTP ${a.status} without a resourceId: ${a.text}`);
    return { id, kind: order.kind };
  }

  lookup(handle: OrderHandle, waitMs = 0): Promise<OrderOutcome> {
    return pollOutcome(async () => {
      const a = await requestJson(this.name, 'lookup', `${this.base}/${handle.kind}/lookup/${encodeURIComponent(handle.id)}`, { headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs });
      if (a.status !== 200) throw new TriggerError(this.name, 'lookup', `HTTP ${a.status}: ${a.text}`);
      return onomondoOutcome(a.json);
    }, waitMs, 250);
  }

  async remove(handle: OrderHandle): Promise<void> {
    await requestJson(this.name, 'remove', `${this.base}/${handle.kind}/delete/${encodeURIComponent(handle.id)}`, { headers: bearer(this.o.token), timeoutMs: this.o.timeoutMs });
  }
}

/** The resourceId of a create answer: a redirect or resource URL ending in it, or a JSON member. */
function resourceId(a: JsonAnswer): string | undefined {
  const fromUrl = (u: string) => /\/lookup\/([^/?#]+)/.exec(u)?.[1];
  if (a.location) return fromUrl(a.location) ?? a.location.split('/').filter(Boolean).pop();
  if (a.json && typeof a.json === 'object') {
    const j = a.json as Record<string, unknown>;
    const v = j.resourceId ?? j.id ?? (typeof j.url === 'string' ? fromUrl(j.url) : undefined);
    if (v !== undefined) return String(v);
  }
  return fromUrl(a.text);
}
