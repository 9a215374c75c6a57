/**
 * Real RSP sessions for the SM-DP+ fuzz cases, made by S_IPA with the in-process S_eUICC (the run's
 * PKI, so euiccSignature1/2 verify and the transactionIds are the IUT's own). Sessions are made
 * between batches, where the liveness probe runs, and kept in small pools by stage:
 *   fresh          InitiateAuthentication done and S_eUICC's AuthenticateServerResponse ready
 *   authenticated  AuthenticateClient accepted and S_eUICC's PrepareDownloadResponse ready
 *   bound          a case got the BPP; a CancelSession case ends it and releases its order
 * A valid case takes its session out of the pool; a mutated one borrows it (a rejected request
 * leaves the session as it was). Ended, expired and replayed requests are kept in short rings for
 * the stale and replay mutations. Nothing is traced: a campaign makes millions of exchanges.
 */
import { X509Certificate } from 'node:crypto';
import { codec, Codec, toHex } from '../../../asn1';
import { segmentBoundProfilePackage } from '../../../crypto/bpp-segments';
import { signatureTlv } from '../../../crypto/rsp-signatures';
import { AsnValue, Es2PlusClient, Es9PlusClient, FunctionFailedError } from '../../../transport/http';
import { ScenarioContext } from '../../scenario';
import { ScenarioTrace } from '../../trace';
import { NO_TRACE } from '../../../transport/trace';
import { certificateDer } from '../../smdpp/checks';
import { es9Request } from '../../smdpp/es9-requests';
import { SEuicc } from '../../smdpp/s-euicc';
import { SmdppTarget } from '../../smdpp/target';

export interface Session {
  readonly transactionId: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly matchingId: string;
  /** S_eUICC's AuthenticateServerResponse (BF38) and the AuthenticateClientRequest (BF3B) relaying it. */
  readonly authenticateServerResponse: Uint8Array;
  readonly authenticateClient: Uint8Array;
  /** After AuthenticateClient: smdpSignature2 as its 5F37 data object, S_eUICC's PrepareDownloadResponse (BF21), the GetBoundProfilePackageRequest. */
  smdpSignature2?: Uint8Array;
  prepareDownloadResponse?: Uint8Array;
  getBoundProfilePackage?: Uint8Array;
}

interface PoolOrder {
  readonly matchingId: string;
  /** downloaded: its BPP went out in a session not ended yet; ended: installed or refused, never used again. */
  state: 'free' | 'downloaded' | 'ended';
}

/** Sessions made per batch: more than the valid cases of a batch take. */
const FRESH = 2, AUTHENTICATED = 2;
const RING = 8, LENT = 256;
const SILENT_TRACE = { sink: () => NO_TRACE } as unknown as ScenarioTrace;
const rsp = () => codec('RSPDefinitions');

const push = <T>(ring: T[], x: T): void => {
  ring.push(x);
  if (ring.length > RING) ring.shift();
};

export class SessionPool {
  readonly fresh: Session[] = [];
  readonly authenticated: Session[] = [];
  readonly bound: Session[] = [];
  /** Sessions ended or expired, and sessions whose AuthenticateClient was accepted. */
  readonly stale: Session[] = [];
  readonly replayable: Session[] = [];
  /** Sessions handed to cases, by transactionId, until the next batch. */
  private readonly lent = new Map<string, Session>();
  private readonly orders: PoolOrder[] = [];
  /** The OID of the SM-DP+'s CERT.DPauth, which CancelSession receipts name. */
  smdpOid?: string;
  private nextOrder = 0;

  private constructor(
    readonly euicc: SEuicc,
    readonly euiccInfo1: Uint8Array,
    private readonly es9: Es9PlusClient,
    readonly target: SmdppTarget,
    readonly codec: Codec,
  ) {}

  static async open(ctx: ScenarioContext, target: SmdppTarget, orders: number): Promise<SessionPool> {
    const silent: ScenarioContext = Object.create(ctx, { trace: { value: SILENT_TRACE } });
    const euicc = await SEuicc.open(silent, { curve: target.curve });
    const es9 = new Es9PlusClient({
      baseUrl: target.es9, binding: target.binding, trust: target.trust, insecureSkipVerify: target.insecure,
      timeoutMs: ctx.config.timeouts.exchange, adminProtocol: ctx.config.adminProtocol,
    });
    ctx.defer(() => es9.close());
    const pool = new SessionPool(euicc, await euicc.call('GetEuiccInfo1Request', {}), es9, target, codec('SGP32Definitions', ctx.config.version));
    await pool.placeOrders(ctx, orders);
    return pool;
  }

  get eid(): string {
    return this.euicc.eid;
  }

  /** ES2+ DownloadOrder by profile type and ConfirmOrder (released, no confirmation code), withdrawn when the run ends. */
  private async placeOrders(ctx: ScenarioContext, count: number): Promise<void> {
    const t = this.target;
    const es2 = new Es2PlusClient({
      baseUrl: t.es2, trust: t.es2Trust, insecureSkipVerify: t.insecure, timeoutMs: ctx.config.timeouts.exchange,
      functionRequesterIdentifier: 'sgp32-harness-fuzz', clientCredential: t.es2Credential,
    });
    ctx.defer(() => es2.close());
    for (let i = 0; i < count; i++) {
      const { iccid } = await es2.downloadOrder({ profileType: t.profileType });
      const { matchingId } = await es2.confirmOrder({ iccid, releaseFlag: true });
      this.orders.push({ matchingId, state: 'free' });
      ctx.defer(() => es2.cancelOrder({ iccid, matchingId, finalProfileStatusIndicator: 'Unavailable' }).catch(() => undefined));
    }
  }

  /** A session through InitiateAuthentication and S_eUICC's AuthenticateServer for the next free order. */
  async open(): Promise<Session> {
    const order = this.freeOrder();
    const { euiccChallenge } = this.codec.decode<{ euiccChallenge: Uint8Array }>('GetEuiccChallengeResponse', await this.euicc.call('GetEuiccChallengeRequest', {}));
    const init = await this.es9.initiateAuthentication(es9Request.initiateAuthentication(euiccChallenge, this.target.address, this.euiccInfo1));
    const { transactionId, ...toCard } = init;
    this.smdpOid ??= /Registered ID:([\d.]+)/.exec(new X509Certificate(certificateDer(init.serverCertificate)).subjectAltName ?? '')?.[1];
    const asr = await this.euicc.call('AuthenticateServerRequest', {
      ...toCard,
      ctxParams1: { ctxParamsForCommonAuthentication: { matchingId: order.matchingId, deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
    });
    return {
      transactionId, serverChallenge: init.serverSigned1.serverChallenge, matchingId: order.matchingId,
      authenticateServerResponse: asr, authenticateClient: es9Request.authenticateClient(transactionId, asr),
    };
  }

  /** AuthenticateClient on `s`, then S_eUICC's PrepareDownload. */
  async authenticate(s: Session): Promise<Session> {
    const ok: AsnValue = await this.es9.authenticateClient(s.authenticateClient);
    const { smdpSigned2, smdpSignature2, smdpCertificate } = ok;
    s.smdpSignature2 = signatureTlv(smdpSignature2);
    s.prepareDownloadResponse = await this.euicc.call('PrepareDownloadRequest', { smdpSigned2, smdpSignature2, smdpCertificate });
    s.getBoundProfilePackage = es9Request.getBoundProfilePackage(s.transactionId, s.prepareDownloadResponse);
    push(this.replayable, s);
    return s;
  }

  /**
   * One whole download at setup: its session ends with the PIR, which HandleNotification cases
   * send again; its requests are the first stale ones. Resolves with the PIR.
   */
  async download(): Promise<Uint8Array> {
    const s = await this.authenticate(await this.open());
    const ok = await this.es9.getBoundProfilePackage(s.getBoundProfilePackage!);
    let pir: Uint8Array = new Uint8Array(0);
    for (const segment of segmentBoundProfilePackage(rsp().encode('BoundProfilePackage', ok.boundProfilePackage))) {
      pir = await this.euicc.send(segment);
      if (pir.length) break;
    }
    await this.es9.handleNotification(es9Request.handleNotification(pir));
    this.orders.find((o) => o.matchingId === s.matchingId)!.state = 'ended';
    push(this.stale, s);
    return pir;
  }

  /**
   * Between batches: with `expired`, every session the pools hold is gone (the built-in SM-DP+'s
   * clock moved) and their orders are free again. Then fresh and authenticated sessions are made
   * up to their pool sizes; the first InitiateAuthentication is the liveness probe, whose refusal
   * is returned.
   */
  async refill(expired: boolean): Promise<string | undefined> {
    if (expired) {
      for (const s of [...this.fresh, ...this.authenticated, ...this.bound]) push(this.stale, s);
      this.fresh.length = this.authenticated.length = this.bound.length = 0;
      this.lent.clear();
      for (const o of this.orders) if (o.state === 'downloaded') o.state = 'free';
    }
    try {
      this.fresh.push(await this.open());
    } catch (e) {
      return `InitiateAuthentication: ${(e as Error).message}`;
    }
    // unused ones are still open on the SM-DP+: not stale, only no longer offered
    if (this.fresh.length > FRESH) this.fresh.shift();
    // Sessions beyond the probe's are a convenience: an order used up or a refusal only means fewer valid cases.
    try {
      while (this.fresh.length < FRESH) this.fresh.push(await this.open());
      while (this.authenticated.length < AUTHENTICATED) {
        const s = await this.open();
        try {
          this.authenticated.push(await this.authenticate(s));
        } catch (e) {
          // the order cannot be downloaded (any more): the pool stops using it
          const order = this.orders.find((o) => o.matchingId === s.matchingId)!;
          if (e instanceof FunctionFailedError && order.state === 'free') order.state = 'ended';
          throw e;
        }
      }
    } catch {
      // keep what was made
    }
    return undefined;
  }

  /** A session of `stage` for a valid case (out of the pool), or for a mutated one (borrowed). */
  take(stage: 'fresh' | 'authenticated' | 'bound', borrow: boolean, pick: number): Session | undefined {
    const from = this[stage];
    if (!from.length) return undefined;
    const s = borrow ? from[pick % from.length] : from.splice(pick % from.length, 1)[0];
    this.lent.set(toHex(s.transactionId), s);
    // A configured SM-DP+'s sessions never expire here: the oldest loans are forgotten.
    if (this.lent.size > LENT) this.lent.delete(this.lent.keys().next().value!);
    return s;
  }

  /** Some session known to the pools, whatever its stage (for mutations that break the request anyway); `prepared`: one with a PrepareDownloadResponse. */
  any(pick: number, prepared = false): Session {
    const all = [...this.fresh, ...this.authenticated, ...this.bound, ...this.stale].filter((s) => !prepared || s.prepareDownloadResponse);
    return all[pick % all.length];
  }

  /** The IUT accepted `fn` on session `transactionId`: it moves on. */
  accepted(fn: string, transactionId: string | undefined, released: boolean): void {
    const s = transactionId === undefined ? undefined : this.lent.get(transactionId);
    if (!s) return;
    const drop = (pool: Session[]) => {
      const i = pool.indexOf(s);
      if (i >= 0) pool.splice(i, 1);
    };
    const order = this.orders.find((o) => o.matchingId === s.matchingId);
    if (fn === 'authenticateClient') {
      drop(this.fresh);
      push(this.replayable, s);
    } else if (fn === 'getBoundProfilePackage') {
      drop(this.authenticated);
      if (!this.bound.includes(s)) this.bound.push(s);
      if (order) order.state = 'downloaded';
    } else if (fn === 'cancelSession') {
      for (const pool of [this.fresh, this.authenticated, this.bound]) drop(pool);
      push(this.stale, s);
      // postponed and timeout release the order; other reasons end it
      if (order) order.state = released ? 'free' : 'ended';
    }
  }

  private freeOrder(): PoolOrder {
    const free = this.orders.filter((o) => o.state === 'free');
    const list = free.length ? free : this.orders;
    return list[this.nextOrder++ % list.length];
  }
}
