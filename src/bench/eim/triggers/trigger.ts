/**
 * How the harness instructs an eIM under test. Nothing standardises an eIM's northbound side, so
 * each product gets an adapter: the order is described once here (the four kinds SGP.32 eIMs take
 * from their operators) and each adapter maps it to its API and maps the lookup back to one outcome.
 */

/** One PSMO or eCO in the S_eIM order JSON form (README "S_eIM northbound API"), e.g. `{ enable: { iccid } }`. */
export type Operation = Record<string, Record<string, unknown>>;

export type EimOrder =
  | { kind: 'download'; eid: string; activationCode: string; expectedMetadata?: Record<string, string> }
  | { kind: 'psmo'; eid: string; operations: Operation[] }
  | { kind: 'eco'; eid: string; operations: Operation[] }
  | { kind: 'edr'; eid: string; tagList: string };

/** What an adapter keeps to find its order again. */
export interface OrderHandle {
  readonly id: string;
  readonly kind: EimOrder['kind'];
}

export type OutcomeState = 'pending' | 'done' | 'failed' | 'aborted';

/** An order's outcome as the eIM reports it; `detail` is the adapter's raw answer for the evidence. */
export interface OrderOutcome {
  readonly state: OutcomeState;
  /** Per-operation results (PSMO/eCO), in the S_eIM form `{ enableResult: 'ok' }` where the adapter can tell. */
  readonly results?: readonly unknown[];
  /** Why it failed, as the eIM names it (e.g. replayError, undefinedError). */
  readonly reason?: string;
  readonly detail: unknown;
}

export interface EimTrigger {
  /** Adapter name for the evidence. */
  readonly name: string;
  create(order: EimOrder): Promise<OrderHandle>;
  /** The outcome now, or once final when `waitMs` is given (still pending after it: state 'pending'). */
  lookup(handle: OrderHandle, waitMs?: number): Promise<OrderOutcome>;
  /** Removes the order (end of scenario), so an eIM shared by scenarios does not deliver it later. */
  remove?(handle: OrderHandle): Promise<void>;
}

/** The adapter could not do what was asked: names the adapter and the action. */
export class TriggerError extends Error {
  override readonly name = 'TriggerError';
  constructor(readonly adapter: string, readonly action: string, message: string) {
    super(`eIM trigger '${adapter}' ${action}: ${message}`);
  }
}

export const isFinalState = (s: OutcomeState) => s !== 'pending';

/** Polls `once` until the outcome is final or `waitMs` has passed. */
export async function pollOutcome(once: () => Promise<OrderOutcome>, waitMs: number, everyMs = 100): Promise<OrderOutcome> {
  const end = Date.now() + waitMs;
  for (;;) {
    const o = await once();
    if (isFinalState(o.state) || Date.now() >= end) return o;
    await new Promise((r) => setTimeout(r, Math.min(everyMs, Math.max(0, end - Date.now()))));
  }
}
