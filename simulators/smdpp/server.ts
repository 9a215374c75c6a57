/**
 * S_SM-DP+: the ES2+ order book and the ES9+ download functions over HTTPS (SGP.22 §5.3, §5.6, §6.5,
 * §6.6), on one curve. ES9+ serves both bindings with CERT.DPtls; ES2+ requires an operator client
 * certificate chaining to a trusted CI (mutual TLS). The RSP sessions are those of one
 * DownloadServer, which binds each authenticated eUICC to its order through `authorize`.
 *
 * Beyond the DownloadServer's checks the ES9+ handlers check, as osmo-smdpp does, that the
 * transactionId signed by the eUICC is the one of the request (8.10.1 / 3.9), and for CancelSession
 * that smdpOid is CERT.DPauth's (8.8 / 3.10). The order decides what the download may do: a profile
 * whose PPRs the eUICC forbids is not eligible (8.2.5 / 4.3), a PPK-protected profile goes with
 * ReplaceSessionKeys, and the `rebinding` policy says whether a retry may bind the order's BPP to
 * a new otPK.EUICC (else 8.2 / 3.7).
 */
import { KeyObject, randomBytes } from 'node:crypto';
import { AsnDecodeError, codec, DEFAULT_VERSION, SpecVersion, tlv, tlvAt, toHex } from '../../src/asn1';
import { BspKeys } from '../../src/crypto/bsp';
import { Curve } from '../../src/crypto/curves';
import { dataObjects, verifyRsp } from '../../src/crypto/rsp-signatures';
import { PkiStore } from '../../src/pki';
import { buildTestProfile, luhnCheckDigit, TestProfile } from '../../src/profile';
import {
  AsnValue, BindingContext, Es2PlusHandlers, es2plusServer, Es9PlusFunction, Es9PlusHandlers, es9plusServer, FunctionFailure, HttpServer,
  isFunctionFailure, RequestRejected, ServerNote,
} from '../../src/transport/http';
import type { TraceSink } from '../../src/transport/trace';
import { DownloadServer, NotificationConfiguration, OrderTerms } from './download';
import { DownloadError, DownloadFunction } from './errors';
import { DownloadHooks } from './hooks';
import { readOtherNotification, readPir, ReceivedNotification } from './notifications';
import { InventoryProfile, Order, OrderBook, OrderError } from './orders';
import { requestComponent } from './request-components';

/**
 * When a retry may bind an order's BPP to another otPK.EUICC than the earlier one: always, only
 * for PPK-protected profiles (whose protected elements need no re-protection), or never.
 */
export type RebindingPolicy = 'allowed' | 'ppkOnly' | 'refused';

export interface SimSmdppOptions {
  pki: PkiStore;
  curve: Curve;
  /** The SM-DP+ address (FQDN): ServerSigned1, activation codes (default the test PKI's DPtls name). */
  address?: string;
  /** The profiles that can be ordered (default three of type 'Test'). */
  profiles?: readonly InventoryProfile[];
  orderLifetimeMs?: number;
  maxConfirmationCodeAttempts?: number;
  smdsAddresses?: readonly string[];
  /**
   * Notifications the profile metadata asks the eUICC to send (default: enable, disable and delete,
   * to this SM-DP+, so OtherSignedNotifications come back here).
   */
  notificationConfigurationInfo?: NotificationConfiguration[];
  /** SGP.32 version of the eUICC answers (AuthenticateServerResponse, PIR). */
  version?: SpecVersion;
  /** EUICCInfo1 svn range served (default 2.0.0..2.255.255). */
  supportedSvn?: { min: string; max: string };
  /** An RSP session idle this long is dropped; later calls on it are 8.10.1 / 3.9 (default: never). */
  sessionTimeoutMs?: number;
  /** Default 'allowed'. */
  rebinding?: RebindingPolicy;
  now?: () => Date;
}

/** One ES9+ or ES2+ call as S_SM-DP+ answered it. */
export interface SmdppExchange {
  readonly interface: 'es9' | 'es2';
  /** The function, as in its JSON path (e.g. 'authenticateClient', 'confirmOrder'). */
  readonly fn: string;
  /** ES9+: the transactionId (hex) when known; ES2+: the ICCID. */
  readonly subject?: string;
  /** Absent when the function succeeded. */
  readonly failure?: { readonly subjectCode: string; readonly reasonCode: string; readonly detail?: string };
  /** HandleNotification: what was received. */
  readonly notification?: ReceivedNotification;
}

export interface SmdppStartOptions {
  /** Default 0: a free port. */
  es9Port?: number;
  es2Port?: number;
  host?: string;
  trace?: TraceSink;
  log?: (note: ServerNote) => void;
  /** Told of every function call answered. */
  onExchange?: (exchange: SmdppExchange) => void;
}

export interface SmdppUrls {
  es9: string;
  es2: string;
}

/** `1$<SM-DP+ address>$<matchingId>`, the SGP.22 §4.1 activation code without the optional fields. */
export function activationCode(address: string, order: Pick<Order, 'matchingId'>): string {
  return `1$${address}$${order.matchingId ?? ''}`;
}

/** The eUICC and order bound to an RSP session by AuthenticateClient. */
interface Binding {
  order: Order;
  eid: string;
  euiccKey: KeyObject;
}

/** Reasons of ES9+ CancelSession after which the order may be downloaded again (SGP.22 §5.6.5). */
const RETRYABLE_CANCEL = new Set([1 /* postponed */, 2 /* timeout */]);
/** The eUICC answered an error alternative (downloadResponseError…): no single SGP.22 code; "eUICC / execution error". */
const UNDEFINED_ERROR: FunctionFailure = { subjectCode: '8.1', reasonCode: '4.2', asn1Error: 'undefinedError' };
const DEFAULT_ADDRESS = 'testsmdpplus1.example.com';
/** Notifications kept in `notifications`. */
const MAX_NOTIFICATIONS = 1000;
/** Tag of each function's request inside RemoteProfileProvisioningRequest. */
const FUNCTION = {
  authenticateClient: { tag: 0xbf3b },
  getBoundProfilePackage: { tag: 0xbf3a },
  handleNotification: { tag: 0xbf3d },
  cancelSession: { tag: 0xbf41 },
} as const;

const rsp = () => codec('RSPDefinitions');

/** `count` orderable profiles of type 'Test' with ICCIDs 89001000000000NNN1 + check digit (1 ≤ count ≤ 999). */
export function testInventory(count = 3): InventoryProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const payload = `890010000000000${String(i + 1).padStart(3, '0')}1`;
    return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: 'Test' };
  });
}

/** Fresh PPK-ENC, PPK-MAC and initial MAC chaining value. */
const newPpk = (): BspKeys => ({ initialMcv: randomBytes(16), sEnc: randomBytes(16), sMac: randomBytes(16) });

/** The ES9+ status of a refusal; the ASN.1 binding's error alternative where one names it. */
function failureOf(e: DownloadError): FunctionFailure {
  if (!e.es9Status) return { ...UNDEFINED_ERROR, message: e.message };
  const asn1Error = e.asn1Error;
  return { subjectCode: e.es9Status[0], reasonCode: e.es9Status[1], message: e.detail, ...(asn1Error && { asn1Error }) };
}

export class SimSmdpp {
  readonly hooks = new DownloadHooks();
  readonly orders: OrderBook;
  readonly download: DownloadServer;
  readonly address: string;
  readonly curve: Curve;
  readonly notifications: ReceivedNotification[] = [];
  private readonly bindings = new Map<string, Binding>();
  private readonly profiles = new Map<string, TestProfile>();
  private readonly dpAuthOid: string | undefined;
  private readonly version: SpecVersion;
  private readonly now: () => Date;
  private servers: HttpServer[] = [];

  constructor(private readonly o: SimSmdppOptions) {
    this.address = o.address ?? DEFAULT_ADDRESS;
    this.curve = o.curve;
    this.version = o.version ?? DEFAULT_VERSION;
    this.now = o.now ?? (() => new Date());
    this.orders = new OrderBook({
      profiles: o.profiles ?? testInventory(), smdpAddress: this.address, orderLifetimeMs: o.orderLifetimeMs,
      maxConfirmationCodeAttempts: o.maxConfirmationCodeAttempts, smdsAddresses: o.smdsAddresses, now: this.now,
    });
    this.download = DownloadServer.fromStore(o.pki, {
      serverAddress: this.address, curve: o.curve, version: this.version, now: this.now, hooks: this.hooks,
      supportedSvn: o.supportedSvn, sessionTimeoutMs: o.sessionTimeoutMs,
      notificationConfigurationInfo: o.notificationConfigurationInfo ?? [
        { profileManagementOperation: ['notificationEnable', 'notificationDisable', 'notificationDelete'], notificationAddress: this.address },
      ],
      authorize: (input) => this.authorize(input.transactionId, input.eid, input.matchingId, input.euiccKey, input.euiccInfo2),
      onSessionExpired: (transactionId) => this.sessionExpired(transactionId),
    });
    this.dpAuthOid = /Registered ID:([\d.]+)/.exec(o.pki.get('dpAuth', o.curve).cert.subjectAltName ?? '')?.[1];
  }

  /** The activation code of an order placed on `iccid`. */
  activationCode(iccid: string): string {
    const order = this.orders.get(iccid);
    if (order?.matchingId === undefined) throw new OrderError('activationCode', '8.2.1', '3.9', `no confirmed order on ${iccid}`, iccid);
    return activationCode(this.address, order);
  }

  /** The test profile delivered for `iccid` (built once). */
  profileOf(iccid: string): TestProfile {
    let p = this.profiles.get(iccid);
    if (!p) this.profiles.set(iccid, p = buildTestProfile({ iccid }));
    return p;
  }

  /** Serves ES9+ (TLS with CERT.DPtls) and ES2+ (mutual TLS, operator certificates from a trusted CI). */
  async start(s: SmdppStartOptions = {}): Promise<SmdppUrls> {
    const credential = this.o.pki.get('dpTls', this.curve);
    const es9 = await es9plusServer({
      handlers: this.es9Handlers(s.onExchange), tls: { credential }, host: s.host, port: s.es9Port, trace: s.trace, log: s.log,
      adminProtocolCheck: 'prefix',
    });
    this.servers.push(es9);
    const es2 = await es2plusServer({
      handlers: this.es2Handlers(s.onExchange), tls: { credential, clientCas: this.o.pki.trustedCis() }, host: s.host, port: s.es2Port, trace: s.trace, log: s.log,
    });
    this.servers.push(es2);
    return { es9: es9.url, es2: es2.url };
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(servers.map((x) => x.close()));
  }

  /**
   * SGP.22 §5.6.2 AuthenticateClient, the order part: the order of the eUICC and matchingId, then
   * its profile's eligibility (forbiddenProfilePolicyRules); binds the session to the order.
   */
  private authorize(transactionId: Buffer, eid: string, matchingId: string | undefined, euiccKey: KeyObject, euiccInfo2: Record<string, any>): OrderTerms {
    const order = this.orders.forDownload(eid, matchingId, this.hooks.takeExpiry());
    const forbidden: string[] = euiccInfo2?.forbiddenProfilePolicyRules ?? [];
    const clash = (order.profilePolicyRules ?? []).filter((p) => forbidden.includes(p));
    if (clash.length) {
      throw new DownloadError('AuthenticateClient', 'noEligibleProfile', `profile ${order.iccid} sets ${clash.join(', ')}, which the eUICC lists in forbiddenProfilePolicyRules`);
    }
    this.bindings.set(toHex(transactionId), { order, eid, euiccKey });
    const ppk = order.protection === 'ppk' ? (order.ppk ??= newPpk()) : undefined;
    const policy = this.o.rebinding ?? 'allowed';
    return {
      confirmationCodeHash: order.confirmationCodeHash,
      profile: this.profileOf(order.iccid),
      ppk,
      profilePolicyRules: order.profilePolicyRules && [...order.profilePolicyRules],
      earlierBinding: order.boundTo,
      offerEarlierOtpk: !(order.boundTo && this.hooks.takeOtpkOmission()),
      rebindingAllowed: policy === 'allowed' || (policy === 'ppkOnly' && ppk !== undefined),
    };
  }

  /** A session past its timeout: its order may be downloaded again unless it already ended. */
  private sessionExpired(transactionId: Buffer): void {
    const binding = this.bindings.get(toHex(transactionId));
    this.bindings.delete(toHex(transactionId));
    if (binding?.order.state === 'downloaded') binding.order.state = 'released';
  }

  private es2Handlers(onExchange?: (x: SmdppExchange) => void): Es2PlusHandlers {
    const run = <T>(fn: string, iccid: string | undefined, f: () => T): T | FunctionFailure => {
      let answer: T | FunctionFailure;
      try {
        answer = f();
      } catch (e) {
        if (!(e instanceof OrderError)) throw e;
        answer = { subjectCode: e.subjectCode, reasonCode: e.reasonCode, message: e.detail, ...(e.subjectIdentifier !== undefined && { subjectIdentifier: e.subjectIdentifier }) };
      }
      const subject = iccid ?? (answer as { iccid?: string } | undefined)?.iccid;
      onExchange?.({ interface: 'es2', fn, subject, failure: isFunctionFailure(answer) ? { subjectCode: answer.subjectCode, reasonCode: answer.reasonCode, detail: answer.message } : undefined });
      return answer;
    };
    return {
      downloadOrder: (r) => run('downloadOrder', r.iccid, () => this.orders.downloadOrder(r)),
      confirmOrder: (r) => run('confirmOrder', r.iccid, () => this.orders.confirmOrder(r)),
      cancelOrder: (r) => run('cancelOrder', r.iccid, () => this.orders.cancelOrder(r)),
      releaseProfile: (r) => run('releaseProfile', r.iccid, () => this.orders.releaseProfile(r)),
    };
  }

  private es9Handlers(onExchange?: (x: SmdppExchange) => void): Es9PlusHandlers {
    const run = (fn: Es9PlusFunction, transactionId: Uint8Array | undefined, f: () => AsnValue | void): AsnValue | FunctionFailure | void => {
      let answer: AsnValue | FunctionFailure | void;
      try {
        answer = f();
      } catch (e) {
        // A component the binding took (RSPDefinitions) that the eUICC's own schema (SGP32Definitions) refuses is a malformed request, as the binding answers one.
        if (e instanceof AsnDecodeError) throw new RequestRejected(400, `undecodable ${fn} request: ${e.message}`, e);
        if (!(e instanceof DownloadError)) throw e;
        answer = failureOf(e);
      }
      const tx = transactionId ?? (answer as { transactionId?: Uint8Array } | undefined)?.transactionId;
      const failure = isFunctionFailure(answer) ? { subjectCode: answer.subjectCode, reasonCode: answer.reasonCode, detail: answer.message } : undefined;
      onExchange?.({ interface: 'es9', fn, subject: tx && toHex(tx), failure });
      return answer;
    };
    /** Component `member` of the request as the client sent it (the binding decoded it, so it is there). */
    const component = (ctx: BindingContext, fn: keyof typeof FUNCTION, member: string, tag: number) =>
      requestComponent(ctx, member, FUNCTION[fn].tag, tag);
    return {
      initiateAuthentication: (r) => run('initiateAuthentication', undefined, () => {
        const { transactionId, value } = this.download.initiateAuthentication(r.euiccChallenge, r.euiccInfo1, r.smdpAddress);
        const { ctxParams1: _, ...ok } = value;
        return { transactionId, ...ok };
      }),
      authenticateClient: (r, ctx) => run('authenticateClient', r.transactionId, () => {
        const bytes = component(ctx, 'authenticateClient', 'authenticateServerResponse', 0xbf38);
        this.sameTransaction('AuthenticateClient', r.transactionId, r.authenticateServerResponse.authenticateResponseOk?.euiccSigned1.transactionId);
        const out = this.download.authenticateClient(bytes);
        const { smdpSigned2, smdpSignature2, smdpCertificate } = out.value;
        return { transactionId: out.transactionId, profileMetaData: out.profileMetadata, smdpSigned2, smdpSignature2, smdpCertificate };
      }),
      getBoundProfilePackage: (r, ctx) => run('getBoundProfilePackage', r.transactionId, () => {
        const bytes = component(ctx, 'getBoundProfilePackage', 'prepareDownloadResponse', 0xbf21);
        return this.getBoundProfilePackage(r.transactionId, r.prepareDownloadResponse, bytes);
      }),
      handleNotification: (_, ctx) => {
        // The untagged CHOICE sits in an explicit [0] (AUTOMATIC TAGS); pySim-style JSON sends BF37 / 30 bare.
        const sent = component(ctx, 'handleNotification', 'pendingNotification', 0xa0);
        const outer = tlvAt(sent, 'pendingNotification');
        const n = this.handleNotification(outer.tag === 0xa0 ? sent.subarray(outer.start, outer.end) : sent);
        onExchange?.({ interface: 'es9', fn: 'handleNotification', subject: n.transactionId, notification: n });
      },
      cancelSession: (r, ctx) => run('cancelSession', r.transactionId, () => {
        // AUTOMATIC TAGS turn the BF41 of the eUICC's answer into [1] (pySim-style JSON keeps BF41); the signed objects inside are untouched.
        const sent = component(ctx, 'cancelSession', 'cancelSessionResponse', 0xa1);
        const outer = tlvAt(sent, 'cancelSessionResponse');
        this.cancelSession(r.transactionId, outer.tag === 0xa1 ? tlv(0xbf41, sent.subarray(outer.start, outer.end)) : sent);
        return {};
      }),
    };
  }

  private getBoundProfilePackage(transactionId: Uint8Array, value: AsnValue, bytes: Uint8Array): AsnValue {
    const fn = 'GetBoundProfilePackage';
    const binding = this.binding(fn, transactionId);
    const error = value.downloadResponseError;
    this.sameTransaction(fn, transactionId, value.downloadResponseOk?.euiccSigned2.transactionId ?? error?.transactionId);
    if (error) {
      // The eUICC ended its session (SGP.22 ES10b.PrepareDownload); the order may be tried again.
      this.endSession(transactionId);
      throw new DownloadError(fn, 'undefinedError', `the eUICC answered downloadResponseError with downloadErrorCode ${error.downloadErrorCode}; RSP session ended, order ${binding.order.iccid} stays ${binding.order.state}`);
    }
    this.orders.checkDownloadable(fn, binding.order, this.hooks.takeExpiry());
    let bpp;
    try {
      bpp = this.download.getBoundProfilePackage(bytes);
    } catch (e) {
      if (e instanceof DownloadError && e.reason === 'confirmationCodeRefused' && this.orders.confirmationCodeRefused(binding.order)) {
        this.endSession(transactionId);
        throw new DownloadError(fn, 'confirmationCodeRetriesExceeded', `${binding.order.ccFailures} refused confirmation codes; order ${binding.order.iccid} ended`);
      }
      throw e;
    }
    Object.assign(binding.order, { state: 'downloaded', boundTo: bpp.binding });
    return { transactionId: bpp.transactionId, boundProfilePackage: rsp().decode('BoundProfilePackage', bpp.der) };
  }

  /** Records the notification; a verified PIR ends its session and moves the order to installed or error. */
  private handleNotification(bytes: Uint8Array): ReceivedNotification {
    const now = this.now();
    let n: ReceivedNotification;
    try {
      n = bytes[0] === 0x30
        ? readOtherNotification(bytes, this.o.pki.trustedCis(this.curve), this.curve, now)
        : readPir(bytes, this.version, (tx) => this.bindings.get(tx), now);
    } catch (e) {
      // ES9+ decoded it, yet it cannot be read further (SGP.32 fields, certificate, key): acknowledged and ignored, like a bad signature.
      n = {
        kind: bytes[0] === 0x30 ? 'otherSignedNotification' : 'profileInstallationResult', seqNumber: -1, operations: [], signatureValid: false,
        problem: `unreadable: ${(e as Error).message}`, der: Buffer.from(bytes), received: now,
      };
    }
    this.notifications.push(n);
    // Only the latest are kept: a long run (a fuzz campaign) sends millions.
    if (this.notifications.length > MAX_NOTIFICATIONS) this.notifications.splice(0, this.notifications.length - MAX_NOTIFICATIONS);
    if (n.kind !== 'profileInstallationResult' || !n.signatureValid) return n;
    const binding = this.bindings.get(n.transactionId!)!;
    binding.order.state = n.success ? 'installed' : 'error';
    if (!n.success) binding.order.errorReason = 'installationFailed';
    this.endSession(Buffer.from(n.transactionId!, 'hex'));
    return n;
  }

  /** ES9+.CancelSession (SGP.22 §5.6.5) on the eUICC's signed CancelSessionResponse (BF41). */
  private cancelSession(transactionId: Uint8Array, bytes: Uint8Array): void {
    const fn = 'CancelSession';
    const binding = this.binding(fn, transactionId);
    const answer = codec('SGP32Definitions', this.version).decode<Record<string, any>>('CancelSessionResponse', bytes);
    const ok = answer.cancelSessionResponseOk;
    if (ok) {
      const objs = dataObjects(bytes, 'CancelSessionResponse', 0xbf41, 0xa0);
      if (!verifyRsp('euiccCancelSessionSignature', binding.euiccKey, { euiccCancelSessionSigned: objs.get(0x30)! }, ok.euiccCancelSessionSignature)) {
        throw new DownloadError(fn, 'euiccSignatureInvalid', 'euiccCancelSessionSignature does not verify with the eUICC certificate key of the session');
      }
      const signed = ok.euiccCancelSessionSigned;
      if (signed.smdpOid !== this.dpAuthOid) throw new DownloadError(fn, 'invalidOid', `smdpOid ${signed.smdpOid} is not CERT.DPauth's (${this.dpAuthOid})`);
      this.sameTransaction(fn, transactionId, signed.transactionId);
      const order = binding.order;
      if (RETRYABLE_CANCEL.has(signed.reason)) order.state = 'released';
      else Object.assign(order, { state: 'error', errorReason: 'sessionCancelled' });
    }
    this.endSession(transactionId);
  }

  /** The order and eUICC of a live session (known, not past its timeout). */
  private binding(fn: DownloadFunction, transactionId: Uint8Array): Binding {
    this.download.touchSession(fn, transactionId);
    const b = this.bindings.get(toHex(transactionId));
    if (!b) throw new DownloadError(fn, 'invalidTransactionId', `RSP session ${toHex(transactionId)} is not through AuthenticateClient`);
    return b;
  }

  private endSession(transactionId: Uint8Array): void {
    this.download.closeSession(transactionId);
    this.bindings.delete(toHex(transactionId));
  }

  /** The transactionId the eUICC signed must be the request's (osmo-smdpp; SGP.23 Error_Mismatched_Transaction_ID). */
  private sameTransaction(fn: DownloadFunction, outer: Uint8Array, signed: Uint8Array | undefined): void {
    if (signed !== undefined && toHex(signed) !== toHex(outer)) {
      throw new DownloadError(fn, 'invalidTransactionId', `the eUICC signed transactionId ${toHex(signed)}, the request carries ${toHex(outer)}`);
    }
  }
}
