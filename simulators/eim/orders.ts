/**
 * S_eIM's orders: what an operator asked for one eUICC (northbound API), the eIM Package it became
 * once sent, and its outcome. States:
 *   queued  accepted, waiting for the IPA's next GetEimPackage (or being injected)
 *   sent    the package left; its result, PIR or error is awaited
 *   done    the result came back, signed and consistent with the package
 *   failed  refused by the eUICC, IPA or SM-DP+, or a result that does not match the package
 *   aborted deleted by the operator before it finished; a late result is then ignored
 * Only queued and sent orders change; the first final state sticks.
 */
import { EventEmitter } from 'node:events';
import { toHex } from '../../src/asn1';
import type { EuiccPackage } from './packages';

export type OrderType = 'download' | 'psmo' | 'eco' | 'edr';
export type OrderStatus = 'queued' | 'sent' | 'done' | 'failed' | 'aborted';
export type Delivery = 'poll' | 'inject';
export const ORDER_TYPES: readonly OrderType[] = ['download', 'psmo', 'eco', 'edr'];
export const ORDER_STATUSES: readonly OrderStatus[] = ['queued', 'sent', 'done', 'failed', 'aborted'];
export const DELIVERIES: readonly Delivery[] = ['poll', 'inject'];
const FINAL: ReadonlySet<OrderStatus> = new Set(['done', 'failed', 'aborted']);

/** Profile metadata the order expects (eimProfileMetadataVerification); any difference is metadataMismatch. */
export interface ExpectedMetadata {
  iccid?: string;
  serviceProviderName?: string;
  profileName?: string;
}

/** What the package is made of, as codec values. */
export type OrderContent =
  | { type: 'psmo' | 'eco'; euiccPackage: EuiccPackage }
  /** IpaEuiccDataRequest without its transaction id. */
  | { type: 'edr'; request: Record<string, unknown> }
  | {
    type: 'download';
    /** ProfileDownloadData. */
    profileDownloadData: Record<string, unknown>;
    /** From the activation code: the SM-DP+ the IPA must name, and the matchingId. */
    smdpAddress?: string;
    matchingId?: string;
    /** Relay the download (ESipa → ES9+'); false: the IPA talks to the SM-DP+ itself. */
    indirect: boolean;
    expectedMetadata?: ExpectedMetadata;
  };

export interface SentPackage {
  eimTransactionId: Buffer;
  /** eUICC Packages only. */
  counterValue?: number;
  /** eUICC Packages only: v1.0 results are signed over it. */
  eimSignature?: Buffer;
  /** The eIM Package as sent: BF51, BF52 or BF54. */
  der: Buffer;
  at: Date;
  /** The ESipa connection that fetched it (absent when injected): v1.0 results are matched by it. */
  connectionId?: number;
}

export interface Order {
  readonly id: string;
  readonly eid: string;
  readonly type: OrderType;
  readonly delivery: Delivery;
  status: OrderStatus;
  readonly created: Date;
  updated: Date;
  /** The order as the API accepted it. */
  readonly request: Record<string, unknown>;
  readonly content: OrderContent;
  sent?: SentPackage;
  /** JSON: what came back (done), or why it failed, with a `reason` name. */
  outcome?: Record<string, unknown>;
}

export interface NewOrder {
  eid: string;
  type: OrderType;
  delivery: Delivery;
  request: Record<string, unknown>;
  content: OrderContent;
}

/** An order waited for did not end in time. */
export class OrderTimeoutError extends Error {
  override readonly name = 'OrderTimeoutError';
  constructor(readonly id: string, readonly status: OrderStatus, readonly timeoutMs: number) {
    super(`order ${id} still ${status} after ${timeoutMs} ms`);
  }
}

export function isFinal(o: Order): boolean {
  return FINAL.has(o.status);
}

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly changes = new EventEmitter();
  private n = 0;

  constructor(private readonly now: () => Date) {
    this.changes.setMaxListeners(0);
  }

  add(o: NewOrder): Order {
    const at = this.now();
    const order: Order = { ...o, id: `o${++this.n}`, status: 'queued', created: at, updated: at };
    this.orders.set(order.id, order);
    return order;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  list(filter: { eid?: string; status?: OrderStatus } = {}): Order[] {
    return [...this.orders.values()].filter((o) => (!filter.eid || o.eid === filter.eid) && (!filter.status || o.status === filter.status));
  }

  /** The oldest queued order the IPA of `eid` is to fetch. */
  nextFor(eid: string): Order | undefined {
    return this.list({ eid, status: 'queued' }).find((o) => o.delivery === 'poll');
  }

  /** The order whose package carried `eimTransactionId`, whatever its state now. */
  withTransactionId(eimTransactionId: Uint8Array): Order | undefined {
    const hex = toHex(eimTransactionId);
    return [...this.orders.values()].find((o) => o.sent && toHex(o.sent.eimTransactionId) === hex);
  }

  /** The sent orders of `eid` (all eUICCs when undefined) of the given types, oldest first. */
  awaiting(eid: string | undefined, types: readonly OrderType[]): Order[] {
    return this.list({ eid, status: 'sent' }).filter((o) => types.includes(o.type));
  }

  markSent(order: Order, sent: SentPackage): void {
    order.sent = sent;
    this.set(order, 'sent');
  }

  /** Ends an unfinished order; false when it had already ended (its first outcome stays). */
  finish(order: Order, status: 'done' | 'failed', outcome: Record<string, unknown>): boolean {
    if (isFinal(order)) return false;
    order.outcome = outcome;
    this.set(order, status);
    return true;
  }

  /** Forgets the order; one not yet finished ends as aborted. */
  remove(id: string): Order | undefined {
    const order = this.orders.get(id);
    if (!order) return undefined;
    this.orders.delete(id);
    if (!isFinal(order)) this.set(order, 'aborted');
    return order;
  }

  /** Resolves with the order once it is done, failed or aborted. */
  settled(id: string, timeoutMs = 10_000): Promise<Order> {
    const order = this.orders.get(id);
    if (!order) return Promise.reject(new Error(`no order ${id}`));
    if (isFinal(order)) return Promise.resolve(order);
    return new Promise((resolve, reject) => {
      const onChange = (changed: Order): void => {
        if (changed !== order || !isFinal(order)) return;
        cleanup();
        resolve(order);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new OrderTimeoutError(id, order.status, timeoutMs));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', onChange);
      };
      this.changes.on('change', onChange);
    });
  }

  private set(order: Order, status: OrderStatus): void {
    order.status = status;
    order.updated = this.now();
    this.changes.emit('change', order);
  }
}

/** The order as the northbound API shows it. */
export function orderView(o: Order): Record<string, unknown> {
  return {
    id: o.id, eid: o.eid, type: o.type, delivery: o.delivery, status: o.status,
    created: o.created.toISOString(), updated: o.updated.toISOString(), request: o.request,
    ...(o.sent && {
      eimTransactionId: toHex(o.sent.eimTransactionId),
      ...(o.sent.counterValue !== undefined && { counterValue: o.sent.counterValue }),
      sentAt: o.sent.at.toISOString(),
    }),
    ...(o.outcome && { outcome: o.outcome }),
  };
}
