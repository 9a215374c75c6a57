/**
 * The ES2+ order book of S_SM-DP+ (SGP.22 §5.3): an inventory of profiles, each in one of the
 * SGP.22 §3.1.1 / §5.3 profile states, and the download order placed on it.
 *
 *   available -DownloadOrder-> allocated (no EID) | linked (EID)
 *             -ConfirmOrder-> confirmed (releaseFlag false) | released (releaseFlag true)
 *   confirmed -ReleaseProfile-> released
 *   released  -GetBoundProfilePackage-> downloaded -PIR-> installed | error
 *   allocated..released -CancelOrder-> available | unavailable (finalProfileStatusIndicator)
 *
 * Failures are OrderError with the SGP.22 ES2+ subject / reason codes; those the osmo-ttcn3-hacks
 * ES2Plus suite checks are 8.2.1/3.3, 8.2.1/3.9, 8.2.6/3.3, 8.9/5.1, 8.1.1/2.2, 8.1.1/3.10 and
 * 8.2.6/3.10. The ES9+ side asks `forDownload`, which answers with the ES9+ DownloadError reasons.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  CancelOrderRequest, ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest, DownloadOrderResponse, ReleaseProfileRequest,
} from '../../src/transport/http';
import type { BspKeys } from '../../src/crypto/bsp';
import type { BppBinding } from './download';
import { DownloadError } from './errors';

export type ProfileState = 'available' | 'unavailable' | 'allocated' | 'linked' | 'confirmed' | 'released' | 'downloaded' | 'installed' | 'error';

export interface InventoryProfile {
  /** 19 or 20 digits, as ES2+ carries it. */
  readonly iccid: string;
  readonly profileType: string;
  /** 'ppk': the profile elements travel under PPKs after ReplaceSessionKeys (default 'sessionKeys'). */
  readonly protection?: 'sessionKeys' | 'ppk';
  /** PPR bit names the profile sets, e.g. ['ppr1'] (StoreMetadata profilePolicyRules). */
  readonly profilePolicyRules?: readonly string[];
}

export interface Order extends InventoryProfile {
  state: ProfileState;
  eid?: string;
  /** '' for an order reachable only through its EID (default SM-DP+ / SM-DS without matchingId). */
  matchingId?: string;
  /** SHA-256 of the confirmation code; the code itself is not kept. */
  confirmationCodeHash?: Buffer;
  smdsAddress?: string;
  releaseFlag?: boolean;
  /** After this the order can no longer be downloaded (ES9+ 8.8.5 / 4.10). */
  expiresAt: Date;
  /** Refused confirmation codes so far. */
  ccFailures: number;
  /** Why the order is in state error. */
  errorReason?: 'confirmationCodeRetriesExceeded' | 'installationFailed' | 'sessionCancelled';
  /** The PPKs of a PPK-protected profile: kept, so every binding of the order protects it the same way. */
  ppk?: BspKeys;
  /** The keys of the last BPP sent for the order: a retry may reuse them (SGP.22 bppEuiccOtpk). */
  boundTo?: BppBinding;
}

/** An ES2+ function refused, with its SGP.22 §5.3 status code. */
export class OrderError extends Error {
  override readonly name = 'OrderError';
  constructor(readonly fn: string, readonly subjectCode: string, readonly reasonCode: string, readonly detail: string, readonly subjectIdentifier?: string) {
    super(`${fn}: ${subjectCode}/${reasonCode} ${detail}`);
  }
}

export interface OrderBookOptions {
  profiles: readonly InventoryProfile[];
  /** How long an order stays downloadable after DownloadOrder (default 24 h). */
  orderLifetimeMs?: number;
  /** Refused confirmation codes after which the order ends (default 3). */
  maxConfirmationCodeAttempts?: number;
  /** SM-DS addresses this SM-DP+ can register events with; any other is 8.9/5.1 (default none). */
  smdsAddresses?: readonly string[];
  /** The SM-DP+ address answered by ConfirmOrder. */
  smdpAddress: string;
  now?: () => Date;
}

const EID = /^\d{32}$/;
const ORDERED: readonly ProfileState[] = ['allocated', 'linked', 'confirmed', 'released'];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A fresh matchingId in the activation code style: four groups of five upper-case letters and digits. */
export function generateMatchingId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly now: () => Date;

  constructor(private readonly o: OrderBookOptions) {
    this.now = o.now ?? (() => new Date());
    for (const p of o.profiles) this.orders.set(p.iccid, { ...p, state: 'available', expiresAt: new Date(0), ccFailures: 0 });
  }

  /** The inventory entry of `iccid`, with its order if one is placed. */
  get(iccid: string): Order | undefined {
    return this.orders.get(iccid);
  }

  all(): Order[] {
    return [...this.orders.values()];
  }

  /** ES2+.DownloadOrder (SGP.22 §5.3.1): reserves a profile by ICCID or by profile type. */
  downloadOrder(r: DownloadOrderRequest): DownloadOrderResponse {
    const fn = 'DownloadOrder';
    if (r.eid !== undefined && !EID.test(r.eid)) throw new OrderError(fn, '8.1.1', '2.1', `EID '${r.eid}' is not 32 digits`, r.eid);
    let order: Order | undefined;
    if (r.iccid !== undefined) {
      order = this.orders.get(r.iccid);
      if (!order) throw new OrderError(fn, '8.2.1', '3.9', `no profile with ICCID ${r.iccid}`, r.iccid);
      if (order.state !== 'available') throw new OrderError(fn, '8.2.1', '3.3', `profile ${r.iccid} is ${order.state}`, r.iccid);
      if (r.profileType !== undefined && order.profileType !== r.profileType) {
        throw new OrderError(fn, '8.2.5', '3.10', `profile ${r.iccid} is of type '${order.profileType}', not '${r.profileType}'`, r.profileType);
      }
    } else if (r.profileType !== undefined) {
      const ofType = this.all().filter((p) => p.profileType === r.profileType);
      if (ofType.length === 0) throw new OrderError(fn, '8.2.5', '3.9', `no profile type '${r.profileType}'`, r.profileType);
      order = ofType.find((p) => p.state === 'available');
      if (!order) throw new OrderError(fn, '8.2.5', '3.7', `no profile of type '${r.profileType}' is available`, r.profileType);
    } else {
      throw new OrderError(fn, '8.2.5', '2.2', 'neither iccid nor profileType given');
    }
    Object.assign(order, {
      state: r.eid === undefined ? 'allocated' : 'linked', eid: r.eid, matchingId: undefined, confirmationCodeHash: undefined,
      smdsAddress: undefined, releaseFlag: undefined, ccFailures: 0, errorReason: undefined, ppk: undefined, boundTo: undefined,
      expiresAt: new Date(this.now().getTime() + (this.o.orderLifetimeMs ?? 86_400_000)),
    });
    return { iccid: order.iccid };
  }

  /** ES2+.ConfirmOrder (SGP.22 §5.3.2): fixes EID / matchingId / confirmation code, and releases when asked. */
  confirmOrder(r: ConfirmOrderRequest): ConfirmOrderResponse {
    const fn = 'ConfirmOrder';
    const order = this.ordered(fn, r.iccid, ['allocated', 'linked']);
    if (r.eid !== undefined && order.eid !== undefined && r.eid !== order.eid) {
      throw new OrderError(fn, '8.1.1', '3.10', `the order is linked to EID ${order.eid}`, r.eid);
    }
    const eid = order.eid ?? r.eid;
    if (r.matchingId === '' && eid === undefined) throw new OrderError(fn, '8.1.1', '2.2', 'an empty matchingId needs an EID');
    if (r.matchingId && this.all().some((o) => o !== order && o.matchingId === r.matchingId)) {
      throw new OrderError(fn, '8.2.6', '3.3', `matchingId '${r.matchingId}' is already in use`, r.matchingId);
    }
    if (r.smdsAddress !== undefined && !(this.o.smdsAddresses ?? []).includes(r.smdsAddress)) {
      throw new OrderError(fn, '8.9', '5.1', `SM-DS '${r.smdsAddress}' is not reachable`, r.smdsAddress);
    }
    Object.assign(order, {
      eid, matchingId: r.matchingId ?? generateMatchingId(), smdsAddress: r.smdsAddress, releaseFlag: r.releaseFlag,
      confirmationCodeHash: r.confirmationCode === undefined ? undefined : sha256(r.confirmationCode),
      state: r.releaseFlag ? 'released' : 'confirmed',
    });
    return { ...(eid !== undefined && { eid }), matchingId: order.matchingId!, smdpAddress: this.o.smdpAddress };
  }

  /** ES2+.ReleaseProfile (SGP.22 §5.3.4). */
  releaseProfile(r: ReleaseProfileRequest): void {
    this.ordered('ReleaseProfile', r.iccid, ['confirmed']).state = 'released';
  }

  /** ES2+.CancelOrder (SGP.22 §5.3.3): the profile goes back to the inventory as the operator says. */
  cancelOrder(r: CancelOrderRequest): void {
    const fn = 'CancelOrder';
    const order = this.ordered(fn, r.iccid, ORDERED);
    if (order.eid !== undefined && r.eid === undefined) throw new OrderError(fn, '8.1.1', '2.2', 'the order has an EID, the request none');
    if (r.eid !== undefined && r.eid !== order.eid) throw new OrderError(fn, '8.1.1', '3.10', `the order is not for EID ${r.eid}`, r.eid);
    if (r.matchingId !== undefined && r.matchingId !== order.matchingId) {
      throw new OrderError(fn, '8.2.6', '3.10', `matchingId '${r.matchingId}' is not the order's`, r.matchingId);
    }
    this.reset(order, r.finalProfileStatusIndicator === 'Unavailable' ? 'unavailable' : 'available');
  }

  /**
   * The order an authenticated eUICC downloads (SGP.22 §5.6.2 AuthenticateClient): by matchingId,
   * or by EID when none was sent. Failures are ES9+ reasons.
   */
  forDownload(eid: string, matchingId: string | undefined, expired = false): Order {
    const fn = 'AuthenticateClient';
    const order = matchingId
      ? this.all().find((o) => o.matchingId === matchingId)
      : this.all().find((o) => o.eid === eid && o.matchingId === '' && o.state === 'released');
    if (!order) {
      if (!matchingId) throw new DownloadError(fn, 'eidMismatch', `no order without matchingId for EID ${eid}`);
      throw new DownloadError(fn, 'matchingIdRefused', `no download order has matchingId '${matchingId}'`);
    }
    if (order.eid !== undefined && order.eid !== eid) throw new DownloadError(fn, 'eidMismatch', `the order is for EID ${order.eid}, the eUICC is ${eid}`);
    this.checkDownloadable(fn, order, expired);
    return order;
  }

  /** The order may still be downloaded: not ended, not expired, released. */
  checkDownloadable(fn: 'AuthenticateClient' | 'GetBoundProfilePackage', order: Order, expired = false): void {
    if (order.errorReason === 'confirmationCodeRetriesExceeded') {
      throw new DownloadError(fn, 'downloadOrderRetriesExceeded', `order ${order.iccid} ended after ${order.ccFailures} refused confirmation codes`);
    }
    if (expired || this.now() > order.expiresAt) {
      throw new DownloadError(fn, 'downloadOrderExpired', `order ${order.iccid} expired at ${order.expiresAt.toISOString()}`);
    }
    if (order.state === 'allocated' || order.state === 'linked' || order.state === 'confirmed') {
      throw new DownloadError(fn, 'profileNotReleased', `profile ${order.iccid} is ${order.state}`);
    }
    if (order.state !== 'released') throw new DownloadError(fn, 'matchingIdRefused', `profile ${order.iccid} is ${order.state}`);
  }

  /** A refused confirmation code: true when it was the last attempt, and the order has ended. */
  confirmationCodeRefused(order: Order): boolean {
    order.ccFailures++;
    if (order.ccFailures < (this.o.maxConfirmationCodeAttempts ?? 3)) return false;
    order.state = 'error';
    order.errorReason = 'confirmationCodeRetriesExceeded';
    return true;
  }

  private ordered(fn: string, iccid: string, states: readonly ProfileState[]): Order {
    const order = this.orders.get(iccid);
    if (!order) throw new OrderError(fn, '8.2.1', '3.9', `no profile with ICCID ${iccid}`, iccid);
    if (!states.includes(order.state)) throw new OrderError(fn, '8.2.1', '3.5', `profile ${iccid} is ${order.state}, expected ${states.join(' or ')}`, iccid);
    return order;
  }

  private reset(order: Order, state: 'available' | 'unavailable'): void {
    Object.assign(order, {
      state, eid: undefined, matchingId: undefined, confirmationCodeHash: undefined, smdsAddress: undefined, releaseFlag: undefined,
      ccFailures: 0, errorReason: undefined, ppk: undefined, boundTo: undefined, expiresAt: new Date(0),
    });
  }
}
