/**
 * Indirect profile download (SGP.32 §3.2.3.2, catalogue EIM-E2E-INDDL-*): the IPA sends the download
 * functions to the eIM over ESipa and the eIM, in the LPA's place, calls the SM-DP+ over ES9+'.
 *  - InitiateAuthentication belongs to the download order whose profileDownloadTriggerRequest
 *    carried its eimTransactionId (v1.2), else to the one fetched over the same connection (v1.0
 *    sends no id); an unknown id is invalidEimTransactionId(52), an SM-DP+ other than the
 *    activation code's smdpAddressMismatch(50), an address that is no host name invalidDpAddress(1).
 *  - Later calls belong to the RSP session of their transactionId; an unknown one is the function's
 *    invalidTransactionId. The eUICC-signed components go to the SM-DP+ as the IPA sent them: the
 *    ES9+ request is built around the raw TLV taken from the request body.
 *  - An SM-DP+ failure is answered with the ESipa error of the same name (esipa-errors.ts), one the
 *    SM-DP+ does not answer in time or cannot be reached with undefinedError; either fails the order.
 *  - Profile metadata that differs from the order's expectation (eimProfileMetadataVerification) lets
 *    AuthenticateClient through, then answers GetBoundProfilePackage metadataMismatch(50), so the IPA
 *    cancels the session.
 *  - The PIR ends the session: its signature is checked with the eUICC certificate the session's
 *    AuthenticateServerResponse carried, the order ends done or failed, and the PIR goes on to the SM-DP+.
 *  - Compact forms (IPA capability minimizeEsipaBytes) are re-expanded (compact.ts) from what the
 *    session and earlier answers taught the eIM, so the SM-DP+ gets the eUICC's signed bytes; one
 *    that cannot be re-expanded fails the order (compactFormNotExpandable) with undefinedError.
 */
import { X509Certificate } from 'node:crypto';
import { codec, Codec, SpecVersion, tlv, toHex } from '../../src/asn1';
import { dataObjects } from '../../src/crypto/rsp-signatures';
import {
  AsnValue, BindingContext, Es9PlusClient, FunctionFailedError, HttpConnectionError, HttpProtocolError, HttpStatusError, HttpTimeoutError,
  HttpTlsError, TrustedCert,
} from '../../src/transport/http';
import type { TraceSink } from '../../src/transport/trace';
import {
  CompactContext, CompactFormError, expandAuthenticateServerResponse, expandCancelSessionResponse, expandPrepareDownloadResponse, ISDP_AID_TEMPLATE,
  smdpOidOf,
} from './compact';
import { es9ErrorName, esipaError, RelayedFunction } from './esipa-errors';
import { EuiccRegistry, learnFromAuthenticateServerResponse } from './euiccs';
import type { OpenedNotification } from './notifications';
import { isFinal, Order, OrderBook } from './orders';
import { readable } from './readable';
import { childrenAt } from './raw';

export interface RelayOptions {
  version: SpecVersion;
  eimId: string;
  /** SM-DP+ address (FQDN) -> base URL; default `https://<address>`. */
  smdpUrls: Readonly<Record<string, string>>;
  /** Contact only the SM-DP+s in smdpUrls (fuzzing: no DNS query for generated host names). */
  configuredSmdpsOnly: boolean;
  es9Binding: 'json' | 'asn1';
  trust: readonly TrustedCert[];
  timeoutMs: number;
}

interface Session {
  order: Order;
  smdpAddress: string;
  client: Es9PlusClient;
  /** RSP transactionId, hex. */
  transactionId: string;
  /** What the SM-DP+ said in the session, for compact forms: ServerSigned1's address and challenge, CERT.DPauth's OID, the profile's ICCID, bppEuiccOtpk. */
  compact: CompactContext;
  euiccCertificate?: X509Certificate;
  metadataProblem?: string;
}

type DownloadOrder = Order & { content: Extract<Order['content'], { type: 'download' }> };

/** Why a download order failed, for its outcome. */
class RelayFailure extends Error {
  override readonly name = 'RelayFailure';
  constructor(readonly reason: string, readonly detail: string, readonly esipa: string, readonly extra: Record<string, unknown> = {}) {
    super(`${reason}: ${detail}`);
  }
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;

export class DownloadRelay {
  /** Where the ES9+' exchanges are recorded (set when the eIM starts). */
  trace?: TraceSink;
  private readonly sessions = new Map<string, Session>();
  private readonly c: Codec;

  constructor(
    private readonly o: RelayOptions,
    private readonly orders: OrderBook,
    private readonly euiccs: EuiccRegistry,
    private readonly log: (line: string) => void,
  ) {
    this.c = codec('SGP32Definitions', o.version);
  }

  /** The configured ES9+ URL of `address` (own keys only: an address is input, and may read "toString"). */
  private configured(address: string): string | undefined {
    return Object.hasOwn(this.o.smdpUrls, address) ? this.o.smdpUrls[address] : undefined;
  }

  urlOf(address: string): string {
    return this.configured(address) ?? `https://${address}`;
  }

  /** Why the eIM will not contact the SM-DP+ at `address`, or undefined. */
  private refusal(address: string): string | undefined {
    if (this.configured(address)) return undefined;
    if (!HOST.test(address)) return `'${address}' is not a host name`;
    return this.o.configuredSmdpsOnly ? `'${address}' is not a configured SM-DP+` : undefined;
  }

  private client(address: string): Es9PlusClient {
    return new Es9PlusClient({
      baseUrl: this.urlOf(address), trust: this.o.trust, binding: this.o.es9Binding, timeoutMs: this.o.timeoutMs, trace: this.trace,
      functionRequesterIdentifier: this.o.eimId,
    });
  }

  /** The request as DER: the body as received (ASN.1 binding), or the re-encoded JSON request. */
  private der(ctx: BindingContext, type: string, value: AsnValue): Uint8Array {
    return ctx.binding === 'asn1' ? ctx.body : this.c.encode(type, value);
  }

  private fail(order: Order, f: RelayFailure): void {
    if (this.orders.finish(order, 'failed', { reason: f.reason, detail: f.detail, ...f.extra })) this.log(`order ${order.id} failed: ${f.reason}: ${f.detail}`);
  }

  /** Runs one relayed call; a failure fails the order and becomes the ESipa error answer. */
  private async relay(fn: RelayedFunction, order: Order, work: () => Promise<AsnValue>): Promise<AsnValue> {
    try {
      const answer = await work();
      this.log(`es9plus ${fn} for order ${order.id}: ok`);
      return answer;
    } catch (e) {
      const f = this.failureOf(fn, e);
      this.fail(order, f);
      return esipaError(fn, f.esipa, this.o.version);
    }
  }

  private failureOf(fn: RelayedFunction, e: unknown): RelayFailure {
    if (e instanceof RelayFailure) return e;
    if (e instanceof FunctionFailedError) {
      const name = es9ErrorName(fn, e);
      const s = e.statusCodeData;
      return new RelayFailure(name, `SM-DP+ ${e.message}`, name, { function: fn, ...(s && { subjectCode: s.subjectCode, reasonCode: s.reasonCode }) });
    }
    if (e instanceof HttpTimeoutError) return new RelayFailure('smdpTimeout', e.message, 'undefinedError', { function: fn });
    if (e instanceof HttpConnectionError || e instanceof HttpTlsError) return new RelayFailure('smdpUnreachable', e.message, 'undefinedError', { function: fn });
    if (e instanceof HttpStatusError || e instanceof HttpProtocolError) return new RelayFailure('smdpProtocolError', e.message, 'undefinedError', { function: fn });
    if (e instanceof CompactFormError) return new RelayFailure('compactFormNotExpandable', e.message, 'undefinedError', { function: fn, field: e.field });
    throw e;
  }

  /** The download order an InitiateAuthentication continues (see the file comment). */
  private orderOf(req: AsnValue, ctx: BindingContext): DownloadOrder | 'unknownEimTransactionId' | undefined {
    const isDownload = (o: Order | undefined): o is DownloadOrder => o?.type === 'download' && o.status === 'sent';
    const id: Uint8Array | undefined = req.eimTransactionId;
    if (id !== undefined) {
      const o = this.orders.withTransactionId(id);
      return isDownload(o) ? o : 'unknownEimTransactionId';
    }
    const open = this.orders.awaiting(undefined, ['download']) as DownloadOrder[];
    const eid = this.euiccs.byConnection(ctx.connectionId)?.eid;
    return open.find((o) => o.eid === eid) ?? (open.length === 1 ? open[0] : undefined);
  }

  async initiateAuthentication(req: AsnValue, ctx: BindingContext): Promise<AsnValue> {
    const fn = 'initiateAuthentication';
    const order = this.orderOf(req, ctx);
    if (order === 'unknownEimTransactionId') {
      this.log(`esipa initiateAuthentication: no download order sent with eimTransactionId ${toHex(req.eimTransactionId)}`);
      return esipaError(fn, 'invalidEimTransactionId', this.o.version);
    }
    if (!order) {
      this.log(`esipa initiateAuthentication: no download order to continue (no eimTransactionId, connection ${ctx.connectionId})`);
      return esipaError(fn, 'undefinedError', this.o.version);
    }
    return this.relay(fn, order, async () => {
      const { smdpAddress: expected, matchingId } = order.content;
      const given: string | undefined = req.smdpAddress;
      if (expected !== undefined && given !== undefined && expected.toLowerCase() !== given.toLowerCase()) {
        throw new RelayFailure('smdpAddressMismatch', `the IPA asked for ${given}, the activation code names ${expected}`, 'smdpAddressMismatch');
      }
      const address = given ?? expected;
      if (address === undefined) throw new RelayFailure('invalidDpAddress', 'no SM-DP+ address in the request or the order', 'invalidDpAddress');
      const refused = this.refusal(address);
      if (refused) throw new RelayFailure('invalidDpAddress', refused, 'invalidDpAddress');
      const known = this.euiccs.get(order.eid)?.euiccInfo1;
      const euiccInfo1 = req.euiccInfo1 ?? (known && this.c.decode('EUICCInfo1', known));
      if (!euiccInfo1) throw new RelayFailure('euiccInfo1Missing', 'the IPA sent no euiccInfo1 and no eUICC data response gave one', 'undefinedError');
      const client = this.client(address);
      let ok: AsnValue;
      try {
        ok = await client.initiateAuthentication({ euiccChallenge: req.euiccChallenge, smdpAddress: address, euiccInfo1 });
      } catch (e) {
        await client.close();
        throw e;
      }
      const transactionId = toHex(ok.transactionId);
      this.endSessionsOf(order);
      const compact: CompactContext = {
        transactionId: ok.transactionId, smdpAddress: ok.serverSigned1.serverAddress, serverChallenge: ok.serverSigned1.serverChallenge,
        smdpOid: smdpOidOf(ok.serverCertificate.der), isdpAid: ISDP_AID_TEMPLATE,
      };
      this.sessions.set(transactionId, { order, smdpAddress: address, client, transactionId, compact });
      this.log(`es9plus initiateAuthentication ${this.urlOf(address)}: RSP session ${transactionId}`);
      const ciField = this.o.version === 'v1.0' ? 'euiccCiPKIdToBeUsed' : 'euiccCiPKIdentifierToBeUsed';
      return {
        initiateAuthenticationOkEsipa: {
          transactionId: ok.transactionId, serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1, [ciField]: ok.euiccCiPKIdToBeUsed,
          serverCertificate: ok.serverCertificate, ...(matchingId !== undefined && { matchingId }),
        },
      };
    });
  }

  async authenticateClient(req: AsnValue, ctx: BindingContext): Promise<AsnValue> {
    const fn = 'authenticateClient';
    const s = this.session(fn, req.transactionId);
    if (!s) return esipaError(fn, 'invalidTransactionId', this.o.version);
    return this.relay(fn, s.order, async () => {
      const record = this.euiccs.ensure(s.order.eid);
      const sent = dataObjects(this.der(ctx, 'AuthenticateClientRequestEsipa', req), 'AuthenticateClientRequestEsipa', 0xbf3b).get(0xbf38)!;
      const asr = expandAuthenticateServerResponse(sent, {
        ...s.compact, euiccInfo2: record.euiccInfo2, euiccCertificate: record.certificatePair?.euicc, eumCertificate: record.certificatePair?.eum,
      }, this.o.version);
      const ok = await s.client.authenticateClient(tlv(0xbf3b, Buffer.concat([tlv(0x80, req.transactionId), asr])));
      // The SM-DP+ accepted the eUICC's answer: what it carries describes this eUICC.
      const signer = learnFromAuthenticateServerResponse(record, asr);
      if (signer) s.euiccCertificate = signer;
      s.compact.iccid = ok.profileMetaData?.iccid;
      s.compact.bppEuiccOtpk = ok.smdpSigned2.bppEuiccOtpk;
      s.metadataProblem = this.metadataProblem(s.order as DownloadOrder, ok.profileMetaData);
      if (s.metadataProblem) this.log(`order ${s.order.id}: profile metadata ${s.metadataProblem}`);
      const { transactionId, profileMetaData, smdpSigned2, smdpSignature2, smdpCertificate } = ok;
      return {
        authenticateClientOkDPEsipa: {
          ...(transactionId !== undefined && { transactionId }), ...(profileMetaData !== undefined && { profileMetaData }), smdpSigned2, smdpSignature2, smdpCertificate,
        },
      };
    });
  }

  async getBoundProfilePackage(req: AsnValue, ctx: BindingContext): Promise<AsnValue> {
    const fn = 'getBoundProfilePackage';
    const s = this.session(fn, req.transactionId);
    if (!s) return esipaError(fn, 'invalidTransactionId', this.o.version);
    return this.relay(fn, s.order, async () => {
      if (s.metadataProblem) throw new RelayFailure('metadataMismatch', s.metadataProblem, 'metadataMismatch');
      const sent = dataObjects(this.der(ctx, 'GetBoundProfilePackageRequestEsipa', req), 'GetBoundProfilePackageRequestEsipa', 0xbf3a).get(0xbf21)!;
      const pdr = expandPrepareDownloadResponse(sent, s.compact, this.o.version);
      const ok = await s.client.getBoundProfilePackage(tlv(0xbf3a, Buffer.concat([tlv(0x80, req.transactionId), pdr])));
      return { getBoundProfilePackageOkEsipa: { ...(ok.transactionId !== undefined && { transactionId: ok.transactionId }), boundProfilePackage: ok.boundProfilePackage } };
    });
  }

  async cancelSession(req: AsnValue, ctx: BindingContext): Promise<AsnValue> {
    const fn = 'cancelSession';
    const s = this.session(fn, req.transactionId);
    if (!s) return esipaError(fn, 'invalidTransactionId', this.o.version);
    const answer = await this.relay(fn, s.order, async () => {
      // AUTOMATIC TAGS make the eUICC's CancelSessionResponse (BF41) [1] (A1) here and in ES9+ CancelSessionRequestEs9 alike.
      const [inner] = childrenAt(this.der(ctx, 'CancelSessionRequestEsipa', req), 'CancelSessionRequestEsipa', 0xbf41, 0xa1)!;
      const response = expandCancelSessionResponse(tlv(0xbf41, inner), s.compact, this.o.version);
      const [full] = childrenAt(response, 'CancelSessionResponse', 0xbf41)!;
      await s.client.cancelSession(tlv(0xbf41, Buffer.concat([tlv(0x80, req.transactionId), tlv(0xa1, full)])));
      const shown = readable(this.c, 'CancelSessionResponse', this.c.decode('CancelSessionResponse', response)) as Record<string, any>;
      this.fail(s.order, new RelayFailure('sessionCancelled', `the eUICC cancelled RSP session ${s.transactionId}`, 'undefinedError', {
        cancelSessionReason: shown.cancelSessionResponseOk?.euiccCancelSessionSigned.reason ?? shown.cancelSessionResponseError,
      }));
      return { cancelSessionOk: {} };
    });
    await this.endSession(s);
    return answer;
  }

  /** The eUICC certificates that may sign the PIR of RSP session `transactionId`. */
  signersOf(transactionId: string): X509Certificate[] {
    const s = this.sessions.get(transactionId);
    return s?.euiccCertificate ? [s.euiccCertificate] : [];
  }

  /** The order of RSP session `transactionId`, if the eIM relays it. */
  orderOfSession(transactionId: string): Order | undefined {
    return this.sessions.get(transactionId)?.order;
  }

  /** What RSP session `transactionId` taught the eIM, to re-expand a compact PIR of it. */
  compactContextOf(transactionId: string): CompactContext | undefined {
    return this.sessions.get(transactionId)?.compact;
  }

  /**
   * A PIR of a relayed session: its order ends (done when signed and successful), the session too.
   * Returns how forwarding it to the SM-DP+ went.
   */
  async completeWithPir(pir: OpenedNotification, raw: Uint8Array): Promise<string> {
    const s = this.sessions.get(pir.transactionId!)!;
    const forwarded = await this.forward(pir.notificationAddress, raw, s);
    const shown = { transactionId: s.transactionId, smdpAddress: s.smdpAddress, forwarded, iccid: pir.iccid };
    if (!pir.signatureValid) {
      this.fail(s.order, new RelayFailure('euiccSignatureInvalid', `PIR of RSP session ${s.transactionId}: ${pir.problem}`, 'undefinedError', shown));
    } else if (!pir.success) {
      this.fail(s.order, new RelayFailure('installationFailed', `the eUICC reported errorResult for RSP session ${s.transactionId}`, 'undefinedError', { ...shown, errorResult: pir.errorResult }));
    } else if (this.orders.finish(s.order, 'done', { ...shown, profileInstallationResult: readable(this.c, 'ProfileInstallationResultData', pir.pir) })) {
      this.log(`order ${s.order.id} done: ${pir.iccid ?? 'profile'} installed`);
    }
    await this.endSession(s);
    return forwarded;
  }

  /**
   * ES9+ HandleNotification of a notification (PendingNotification TLV as received) to the SM-DP+
   * at `address`: 'ok', or why it did not get there.
   */
  async forward(address: string | undefined, raw: Uint8Array, s?: Session): Promise<string> {
    if (!address) return 'no notificationAddress';
    const refused = this.refusal(address);
    if (refused) return `notificationAddress ${refused}`;
    const own = s && s.smdpAddress.toLowerCase() === address.toLowerCase();
    const client = own ? s.client : this.client(address);
    try {
      await client.handleNotification(tlv(0xbf3d, tlv(0xa0, raw)));
      this.log(`es9plus handleNotification ${this.urlOf(address)}: forwarded`);
      return 'ok';
    } catch (e) {
      this.log(`es9plus handleNotification ${this.urlOf(address)}: ${(e as Error).message}`);
      return (e as Error).message;
    } finally {
      if (!own) await client.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.endSession(s)));
  }

  private session(fn: RelayedFunction, transactionId: Uint8Array): Session | undefined {
    const s = this.sessions.get(toHex(transactionId));
    if (!s) this.log(`esipa ${fn}: no RSP session ${toHex(transactionId)}`);
    return s;
  }

  private endSessionsOf(order: Order): void {
    for (const s of this.sessions.values()) if (s.order === order) void this.endSession(s);
  }

  private async endSession(s: Session): Promise<void> {
    this.sessions.delete(s.transactionId);
    await s.client.close();
  }

  /** How the profile metadata differs from what the order expects, if it does. */
  private metadataProblem(order: DownloadOrder, metadata: AsnValue | undefined): string | undefined {
    const expected = order.content.expectedMetadata;
    if (!expected || isFinal(order)) return undefined;
    const shown = metadata ? readable(this.c, 'StoreMetadataRequest', metadata) as Record<string, unknown> : {};
    for (const [k, v] of Object.entries(expected)) {
      if (v !== undefined && shown[k] !== v) return `${k} is ${JSON.stringify(shown[k])}, the order expects ${JSON.stringify(v)}`;
    }
    return undefined;
  }
}
