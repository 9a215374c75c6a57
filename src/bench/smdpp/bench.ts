/**
 * The SM-DP+ suite's test bench for one scenario: S_operator on ES2+ (mutual TLS with the PKI's
 * operator credential), S_IPA on ES9+ (either binding) and S_eUICC behind APDUs, around the SM-DP+
 * under test. Each method is one MTD_ exchange or PROC_ sequence; the last answer or refusal is kept
 * for the `Then` steps, which check it on decoded values. A refusal by the IUT is an outcome, not an
 * error; anything else (transport, TLS, undecodable answers) fails the step with its typed error.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { codec, toHex } from '../../asn1';
import { segmentBoundProfilePackage } from '../../crypto/bpp-segments';
import { Curve } from '../../crypto/curves';
import { childTlvs, dataObjects } from '../../crypto/rsp-signatures';
import { iccidToSwappedBcd } from '../../profile';
import { AsnValue, Es2PlusClient, Es9PlusClient, FunctionFailedError } from '../../transport/http';
import { expectMatch } from '../matchers';
import { ScenarioContext } from '../scenario';
import { certificateDer, checkServerSignature1, checkSmdpSignature2 } from './checks';
import { es9Request } from './es9-requests';
import { corruptReceipt, SEuicc, SEuiccOptions } from './s-euicc';
import { smdppTarget, SmdppTarget } from './target';

export const OTHER_EID = '89049032123451234512345678901000';
/** An OID no SM-DP+ certificate of the test PKI carries. */
export const FOREIGN_OID = '2.999.10.99';
const rsp = () => codec('RSPDefinitions');
const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

export interface PlacedOrder {
  iccid: string;
  matchingId: string;
  eid?: string;
  confirmationCode?: string;
}

export interface OrderOptions {
  /** Link the order to S_eUICC's EID, another card's, or none. */
  eid?: 'S_eUICC' | 'other';
  confirmationCode?: string;
  /** Default true. */
  release?: boolean;
  /** '' for an order found by EID alone. */
  matchingId?: string;
}

/** What the SM-DP+ answered the last call: its decoded result, or its refusal. */
export type Outcome = { ok: AsnValue } | { refused: FunctionFailedError };

export type Binding = 'json' | 'asn1';

interface Session {
  transactionId: Uint8Array;
  euiccChallenge: Uint8Array;
  init: AsnValue;
  authenticateServerResponse?: Uint8Array;
  authenticated?: AsnValue;
  prepareDownloadResponse?: Uint8Array;
  bpp?: Uint8Array;
  pir?: Uint8Array;
}

export class SmdppBench {
  binding: Binding;
  order?: PlacedOrder;
  session?: Session;
  /** otPK.EUICC of the last PrepareDownload of an earlier session (what a retry's bppEuiccOtpk names). */
  previousOtpk?: Uint8Array;
  /** Every transactionId and serverChallenge the SM-DP+ issued in this scenario. */
  readonly issued: { transactionId: string; serverChallenge: string }[] = [];
  private last?: Outcome;
  private readonly clients = new Map<Binding, Es9PlusClient>();
  private operatorClient?: Es2PlusClient;

  private constructor(readonly ctx: ScenarioContext, readonly target: SmdppTarget, public euicc: SEuicc) {
    this.binding = target.binding;
  }

  static async create(ctx: ScenarioContext, curve: Curve): Promise<SmdppBench> {
    const target = await smdppTarget(ctx, curve);
    return new SmdppBench(ctx, target, await SEuicc.open(ctx, { curve }));
  }

  get curve(): Curve {
    return this.target.curve;
  }

  /** S_eUICC replaced by one built with `o` (another SVN, a defective certificate). */
  async replaceEuicc(o: Omit<SEuiccOptions, 'curve'>): Promise<void> {
    this.euicc = await SEuicc.open(this.ctx, { curve: this.curve, ...o });
  }

  es9(binding: Binding = this.binding): Es9PlusClient {
    let c = this.clients.get(binding);
    if (!c) {
      const t = this.target;
      c = new Es9PlusClient({
        baseUrl: t.es9, binding, trust: t.trust, insecureSkipVerify: t.insecure, timeoutMs: this.ctx.config.timeouts.exchange,
        adminProtocol: this.ctx.config.adminProtocol, trace: this.ctx.trace.sink('S_IPA', 'SM-DP+ (IUT)'),
      });
      this.clients.set(binding, c);
      this.ctx.defer(() => c!.close());
    }
    return c;
  }

  es2(credential = true): Es2PlusClient {
    const t = this.target;
    const make = () => new Es2PlusClient({
      baseUrl: t.es2, trust: t.es2Trust, insecureSkipVerify: t.insecure, timeoutMs: this.ctx.config.timeouts.exchange,
      functionRequesterIdentifier: 'sgp32-harness-operator', trace: this.ctx.trace.sink('S_operator', 'SM-DP+ (IUT)'),
      ...(credential && { clientCredential: t.es2Credential }),
    });
    if (!credential) {
      const c = make();
      this.ctx.defer(() => c.close());
      return c;
    }
    if (!this.operatorClient) {
      const c = (this.operatorClient = make());
      this.ctx.defer(() => c.close());
    }
    return this.operatorClient;
  }

  // ---- outcomes ----------------------------------------------------------------------------

  /** Runs one call; a FunctionFailedError is kept as the refusal, anything else propagates. */
  async attempt(call: () => Promise<AsnValue | void>): Promise<Outcome> {
    try {
      this.last = { ok: (await call()) ?? {} };
    } catch (e) {
      if (!(e instanceof FunctionFailedError)) throw e;
      this.last = { refused: e };
    }
    return this.last;
  }

  /** The last call's result; fails naming the refusal when there was one. */
  accepted(what: string): AsnValue {
    const o = this.last;
    if (!o) throw new Error(`${what}: no call was made`);
    if ('refused' in o) throw new Error(`${what}: the SM-DP+ refused: ${o.refused.message}`);
    return o.ok;
  }

  /** The last call was refused with `subject` / `reason` (statusCodeData, or the ASN.1 error alternative's code). */
  expectRefused(what: string, subject: string, reason: string): void {
    const o = this.last;
    if (!o) throw new Error(`${what}: no call was made`);
    if (!('refused' in o)) throw new Error(`${what}: expected a refusal with ${subject} / ${reason}, the SM-DP+ answered ${JSON.stringify(Object.keys(o.ok))}`);
    const e = o.refused;
    expectMatch(`${what} (${e.fn})`, { status: e.status, statusCodeData: e.statusCodeData }, { status: 'Failed', statusCodeData: { subjectCode: subject, reasonCode: reason } });
  }

  /** The last call was refused, whatever the code (where SGP.22 fixes none). */
  expectSomeRefusal(what: string): FunctionFailedError {
    const o = this.last;
    if (!o || !('refused' in o)) throw new Error(`${what}: expected a refusal, the SM-DP+ accepted it`);
    expectMatch(what, { status: o.refused.status }, { status: 'Failed' });
    return o.refused;
  }

  // ---- S_operator: ES2+ --------------------------------------------------------------------

  /** DownloadOrder by profile type then ConfirmOrder; the order is kept for the download. */
  async placeOrder(o: OrderOptions = {}): Promise<PlacedOrder> {
    const es2 = this.es2();
    const eid = o.eid === 'S_eUICC' ? this.euicc.eid : o.eid === 'other' ? OTHER_EID : undefined;
    const { iccid } = await es2.downloadOrder({ profileType: this.target.profileType, ...(eid && { eid }) });
    const confirmed = await es2.confirmOrder({
      iccid, releaseFlag: o.release ?? true, ...(o.confirmationCode !== undefined && { confirmationCode: o.confirmationCode }),
      ...(o.matchingId !== undefined && { matchingId: o.matchingId }),
    });
    const order: PlacedOrder = { iccid, matchingId: confirmed.matchingId, eid: confirmed.eid ?? eid, confirmationCode: o.confirmationCode };
    // A real SM-DP+ outlives the scenario: an order left open (e.g. one found by EID alone) would be
    // found by the next scenario's download, so it is withdrawn; one already consumed refuses, which is fine.
    this.ctx.defer(() => es2.cancelOrder({
      iccid, matchingId: order.matchingId, ...(order.eid && { eid: order.eid }), finalProfileStatusIndicator: 'Unavailable',
    }).catch(() => undefined));
    return (this.order = order);
  }

  requireOrder(): PlacedOrder {
    if (!this.order) throw new Error('no download order was placed in this scenario');
    return this.order;
  }

  // ---- S_IPA + S_eUICC: ES9+ -----------------------------------------------------------------

  /** GetEUICCInfo1 and GetEUICCChallenge on S_eUICC, then ES9+ InitiateAuthentication. */
  async initiateAuthentication(o: { address?: string; euiccInfo1?: Uint8Array; binding?: Binding } = {}): Promise<Outcome> {
    const earlier = this.session?.prepareDownloadResponse;
    if (earlier) this.previousOtpk = this.euicc.codec.decode<AsnValue>('PrepareDownloadResponse', earlier).downloadResponseOk?.euiccSigned2.euiccOtpk ?? this.previousOtpk;
    const info1 = o.euiccInfo1 ?? await this.euicc.call('GetEuiccInfo1Request', {});
    const { euiccChallenge } = this.euicc.codec.decode<{ euiccChallenge: Uint8Array }>('GetEuiccChallengeResponse', await this.euicc.call('GetEuiccChallengeRequest', {}));
    const out = await this.attempt(() => this.es9(o.binding).initiateAuthentication(es9Request.initiateAuthentication(euiccChallenge, o.address ?? this.target.address, info1)));
    if ('ok' in out) {
      this.session = { transactionId: out.ok.transactionId, euiccChallenge, init: out.ok };
      this.issued.push({ transactionId: toHex(out.ok.transactionId), serverChallenge: toHex(out.ok.serverSigned1.serverChallenge) });
    }
    return out;
  }

  requireSession(): Session {
    if (!this.session) {
      const refusal = this.last && 'refused' in this.last ? `: ${this.last.refused.message}` : '';
      throw new Error(`no RSP session: InitiateAuthentication was not accepted${refusal}`);
    }
    return this.session;
  }

  /** serverSigned1 / serverSignature1 of the session verify (CERT.DPauth chaining to the run's CI). */
  checkServerSignature1(): void {
    checkServerSignature1(this.ctx.pki, this.curve, this.requireSession().init);
  }

  /**
   * AuthenticateServer on S_eUICC (with the order's matchingId unless told otherwise; null: none),
   * then ES9+ AuthenticateClient. `change` alters euiccSigned1 before S_eUICC's key signs it again.
   */
  async authenticateClient(o: {
    matchingId?: string | null; outerTransactionId?: Uint8Array; change?: (signed: Record<string, any>) => void; corruptSignature?: boolean; binding?: Binding;
  } = {}): Promise<Outcome> {
    const s = this.requireSession();
    const matchingId = o.matchingId === null ? undefined : o.matchingId ?? this.order?.matchingId;
    const { transactionId, ...toCard } = s.init;
    const request = {
      ...toCard,
      ctxParams1: { ctxParamsForCommonAuthentication: { ...(matchingId !== undefined && { matchingId }), deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
    };
    if (o.corruptSignature) this.euicc.euicc.hooks.corruptSignatures();
    let answer = await this.euicc.call('AuthenticateServerRequest', request);
    if (o.change) answer = this.euicc.resignSigned1(answer, o.change);
    s.authenticateServerResponse = answer;
    const out = await this.attempt(() => this.es9(o.binding).authenticateClient(es9Request.authenticateClient(o.outerTransactionId ?? transactionId, answer)));
    if ('ok' in out) s.authenticated = out.ok;
    return out;
  }

  /** smdpSignature2 verifies (CERT.DPpb chaining to the run's CI) over smdpSigned2 and S_eUICC's euiccSignature1. */
  checkSmdpSignature2(): void {
    const s = this.requireSession();
    if (!s.authenticated || !s.authenticateServerResponse) throw new Error('AuthenticateClient was not accepted');
    const euiccSignature1 = dataObjects(s.authenticateServerResponse, 'AuthenticateServerResponse', 0xbf38, 0xa0).get(0x5f37)!;
    checkSmdpSignature2(this.ctx.pki, this.curve, s.authenticated, euiccSignature1);
  }

  /** ES10b.PrepareDownload on S_eUICC with the hashCc of `code` when the SM-DP+ asked for one ('omit': a card that leaves it out). */
  async prepareDownload(code: string | 'omit' | undefined = this.order?.confirmationCode): Promise<Uint8Array> {
    const s = this.requireSession();
    if (!s.authenticated) throw new Error('AuthenticateClient was not accepted');
    const { smdpSigned2, smdpSignature2, smdpCertificate } = s.authenticated;
    const withCc = smdpSigned2.ccRequiredFlag && code !== undefined && code !== 'omit';
    const request = this.euicc.codec.encode('PrepareDownloadRequest', {
      smdpSigned2, smdpSignature2, smdpCertificate, ...(withCc && { hashCc: sha256(sha256(Buffer.from(code)), s.transactionId) }),
    });
    s.prepareDownloadResponse = code === 'omit' ? this.euicc.prepareWithoutHashCc(request) : await this.euicc.send(request);
    return s.prepareDownloadResponse;
  }

  /** ES9+ GetBoundProfilePackage with S_eUICC's PrepareDownloadResponse. */
  async getBoundProfilePackage(o: { transactionId?: Uint8Array; binding?: Binding } = {}): Promise<Outcome> {
    const s = this.requireSession();
    if (!s.prepareDownloadResponse) throw new Error('PrepareDownload was not run');
    const out = await this.attempt(() => this.es9(o.binding).getBoundProfilePackage(es9Request.getBoundProfilePackage(o.transactionId ?? s.transactionId, s.prepareDownloadResponse!)));
    if ('ok' in out) s.bpp = rsp().encode('BoundProfilePackage', out.ok.boundProfilePackage);
    return out;
  }

  /** ES10b.LoadBoundProfilePackage segment by segment; `tamper` changes the DER first. Resolves with the PIR. */
  async loadBpp(tamper?: (bpp: Buffer) => void): Promise<Uint8Array> {
    const s = this.requireSession();
    if (!s.bpp) throw new Error('no Bound Profile Package was received');
    const bpp = Buffer.from(s.bpp);
    tamper?.(bpp);
    for (const segment of segmentBoundProfilePackage(bpp)) {
      const answer = await this.euicc.send(segment);
      if (answer.length) return (s.pir = answer);
    }
    throw new Error('S_eUICC answered every BPP segment without a ProfileInstallationResult');
  }

  /** Flips the last byte of the BPP part `part` ('metadata': A1, 'profileElements': A3), so its MAC no longer verifies. */
  corruptBpp(bpp: Buffer, part: string): void {
    const tag = ({ metadata: 0xa1, profileElements: 0xa3 } as Record<string, number>)[part];
    if (tag === undefined) throw new Error(`unknown BPP part '${part}' (metadata or profileElements)`);
    const child = childTlvs(bpp, 'BoundProfilePackage', 0xbf36).find((c) => c[0] === tag);
    if (!child) throw new Error(`the Bound Profile Package has no ${tag.toString(16).toUpperCase()} part`);
    child[child.length - 1] ^= 0x01;
  }

  /** The PIR S_eUICC made for the session, decoded. */
  pir(): AsnValue {
    const pir = this.requireSession().pir;
    if (!pir) throw new Error('no ProfileInstallationResult');
    return this.euicc.codec.decode('ProfileInstallationResult', pir);
  }

  /** ES9+ HandleNotification with a PendingNotification as the card produced it. */
  handleNotification(pending: Uint8Array, binding?: Binding): Promise<Outcome> {
    return this.attempt(() => this.es9(binding).handleNotification(es9Request.handleNotification(pending)));
  }

  /**
   * ES10b.CancelSession on S_eUICC, then ES9+ CancelSession with its receipt; `fault` sends an
   * unknown transactionId, a corrupted signature or another SM-DP+'s OID instead.
   */
  async cancelSession(reason: number, o: { fault?: 'transactionId' | 'signature' | 'oid'; binding?: Binding } = {}): Promise<Outcome> {
    const s = this.requireSession();
    let receipt: Uint8Array;
    if (o.fault === 'oid') receipt = this.euicc.cancelReceipt(s.transactionId, reason, FOREIGN_OID);
    else receipt = await this.euicc.call('CancelSessionRequest', { transactionId: s.transactionId, reason });
    if (o.fault === 'signature') receipt = corruptReceipt(receipt);
    const transactionId = o.fault === 'transactionId' ? randomBytes(s.transactionId.length) : s.transactionId;
    return this.attempt(() => this.es9(o.binding).cancelSession(es9Request.cancelSession(transactionId, receipt)));
  }

  /** The OID of the CERT.DPauth the SM-DP+ sent in this session. */
  dpAuthOid(): string {
    const der = certificateDer(this.requireSession().init.serverCertificate);
    const oid = /Registered ID:([\d.]+)/.exec(new X509Certificate(der).subjectAltName ?? '')?.[1];
    if (!oid) throw new Error('CERT.DPauth carries no registeredID');
    return oid;
  }

  /** ES9+ CancelSession with a receipt S_eUICC's key signs for the session (sound OID), whatever the card's own session is. */
  cancelSignedByBench(reason: number): Promise<Outcome> {
    const s = this.requireSession();
    const receipt = this.euicc.cancelReceipt(s.transactionId, reason, this.dpAuthOid());
    return this.attempt(() => this.es9().cancelSession(es9Request.cancelSession(s.transactionId, receipt)));
  }

  /** PROC: InitiateAuthentication and AuthenticateClient, both accepted. */
  async authenticated(binding?: Binding): Promise<void> {
    this.accept('InitiateAuthentication', await this.initiateAuthentication({ binding }));
    this.accept('AuthenticateClient', await this.authenticateClient({ binding }));
  }

  /** PROC: through GetBoundProfilePackage, accepted. */
  async bound(binding?: Binding): Promise<void> {
    await this.authenticated(binding);
    await this.prepareDownload();
    this.accept('GetBoundProfilePackage', await this.getBoundProfilePackage({ binding }));
  }

  /** PROC: the whole download: the BPP loads into S_eUICC and its PIR goes back on HandleNotification. */
  async downloaded(binding?: Binding): Promise<void> {
    await this.bound(binding);
    await this.loadBpp();
    this.accept('HandleNotification', await this.handleNotification(this.requireSession().pir!, binding));
  }

  accept(what: string, o: Outcome): AsnValue {
    if ('refused' in o) throw new Error(`${what}: the SM-DP+ refused: ${o.refused.message}`);
    return o.ok;
  }

  /** ICCID as the profile metadata and the PIR carry it. */
  iccidBytes(iccid = this.requireOrder().iccid): Uint8Array {
    return iccidToSwappedBcd(iccid);
  }
}

/** The scenario's bench on `curve` (one per scenario; the first step that names the curve builds it). */
export function smdppBench(ctx: ScenarioContext, curve?: Curve): Promise<SmdppBench> {
  return ctx.bench('smdpp', () => {
    if (!curve) throw new Error('the scenario has not named its curve yet (Given the SM-DP+ (IUT) on the … curve)');
    return SmdppBench.create(ctx, curve);
  });
}
