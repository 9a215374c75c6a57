/**
 * S_eIM: an eIM over ESipa (SGP.32 §3, §6.1; reference §2–§4), both bindings, on one curve. Operators
 * (or tests) place orders per EID — PSMOs and eCOs, eUICC data requests, profile downloads — through
 * the northbound API (api.ts) or the methods below; each becomes an eIM Package the IPA fetches with
 * GetEimPackage, or that the eIM injects (TransferEimPackage). eUICC Packages are signed with the
 * eIM's key (CERT.EIM.ECDSA, role eimSign) over a counterValue that rises with every package. What
 * comes back is checked by intake.ts, downloads are relayed to the SM-DP+ by download.ts.
 *
 * GetEimPackage answers, in this order: an armed hook's eimPackageError; missingEid(4) / invalidEid(3)
 * for an absent or malformed eidValue (esipa-routes.ts); eidNotFound(2) for an EID the eIM does not
 * manage (an EID becomes managed by an order, a registration, or the test PKI's eUICC); else the oldest
 * queued order's package, or noEimPackageAvailable(1). v1.0 has only 1 and 127, so the three EID
 * errors are undefinedError(127) there. A notifyStateChange is recorded with its cause either way.
 */
import { randomBytes } from 'node:crypto';
import { codec, Codec, DEFAULT_VERSION, SpecVersion, toHex } from '../../src/asn1';
import { ChoiceNode, ExplicitNode, peekTag } from '../../src/asn1/nodes';
import { Curve } from '../../src/crypto/curves';
import { eidProblem, PkiStore } from '../../src/pki';
import {
  AdminProtocolCheck, alternativeOf, AsnValue, BindingContext, ESIPA_FUNCTIONS, EsipaFunction, EsipaHandlers, EsipaInjectClient, HttpServer, RequestRejected, ServerNote,
  startHttpServer, TrustedCert,
} from '../../src/transport/http';
import type { TraceSink } from '../../src/transport/trace';
import { startApi } from './api';
import { DownloadRelay } from './download';
import { EidScreen, EidSeen, eimEsipaRoutes } from './esipa-routes';
import { addCertificate, EuiccRecord, EuiccRegistry, euiccView } from './euiccs';
import { EimHooks, EimPackageErrorName, ProvideResultErrorName } from './hooks';
import { IntakeAnswer, ResultIntake } from './intake';
import { eidInput, parseEuiccUpdate, parseOrder } from './order-input';
import { isFinal, Order, OrderBook, OrderStatus, orderView, SentPackage } from './orders';
import { eimConfigurationData, EimConfigurationData, EimInputError, EimSupportedProtocolName, signEuiccPackage, ts_addInitialEimRequest } from './packages';
import { childrenAt } from './raw';
import { readable } from './readable';

export const DEFAULT_EIM_ID = 'testeim1.example.com';

export interface SimEimOptions {
  pki: PkiStore;
  /** Curve of the eIM's signing key and TLS certificate. */
  curve: Curve;
  /** Default 'testeim1.example.com'. */
  eimId?: string;
  /** SGP.32 version of every ESipa message (default v1.2). */
  version?: SpecVersion;
  /** SM-DP+ address (FQDN in activation codes) -> ES9+ base URL; default `https://<address>`. */
  smdpUrls?: Readonly<Record<string, string>>;
  /** Contact no SM-DP+ but those in smdpUrls (default false: any host name an order or notification gives). */
  configuredSmdpsOnly?: boolean;
  /** ES9+' binding towards the SM-DP+ (default json). */
  es9Binding?: 'json' | 'asn1';
  /** Relay downloads (default true, and indirectProfileDownload in the configuration); false: the IPA downloads directly. */
  indirectDownload?: boolean;
  /** The eUICC's initial counterValue in the configuration; the first package signs counterStart + 1 (default 0). */
  counterStart?: number;
  /** The associationToken proposed in the configuration and signed with (default 1); null: none (signed as 0). */
  associationToken?: number | null;
  /** What trustedPublicKeyDataTls names: the CI certificate (default) or the eIM's TLS certificate. */
  tlsTrustAnchor?: 'ci' | 'eimTls';
  /** Certificates the eIM's TLS clients (ES9+', injection) trust (default the PKI's CIs). */
  trust?: readonly TrustedCert[];
  /** Limit on each ES9+' call; past it the IPA gets undefinedError and the order fails (default 10 s). */
  es9TimeoutMs?: number;
  /** Limit on each injection (default 10 s). */
  injectTimeoutMs?: number;
  /** X-Admin-Protocol check on ESipa requests (default 'prefix': any gsma/rsp/v…). */
  adminProtocolCheck?: AdminProtocolCheck;
  now?: () => Date;
}

export interface EimStartOptions {
  /** ESipa's address (default 127.0.0.1). */
  host?: string;
  /** The northbound API's address (default 127.0.0.1: loopback only). */
  apiHost?: string;
  /** ESipa port (default 0: a free one). */
  port?: number;
  /** Northbound API port (default 0). */
  apiPort?: number;
  /** ESipa over plain HTTP (test set-ups without TLS only). */
  insecureHttp?: boolean;
  /** Northbound API over HTTPS with the eIM's TLS certificate (default plain HTTP). */
  apiHttps?: boolean;
  /** eimFqdn in the configuration (default `<host>:<port>` listened on). */
  fqdn?: string;
  trace?: TraceSink;
  /** One line per exchange (default: none). */
  log?: (line: string) => void;
}

export interface EimUrls {
  esipa: string;
  api: string;
}

/** EimPackageError values (SGP.32 v1.2 GetEimPackageResponse). */
const PACKAGE_ERROR: Readonly<Record<EimPackageErrorName, number>> = { noEimPackageAvailable: 1, eidNotFound: 2, invalidEid: 3, missingEid: 4, undefinedError: 127 };
const RESULT_ERROR: Readonly<Record<ProvideResultErrorName, number>> = { eidNotFound: 2, invalidEid: 3, missingEid: 4, undefinedError: 127 };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SimEim {
  readonly hooks = new EimHooks();
  readonly orders: OrderBook;
  readonly euiccs: EuiccRegistry;
  readonly eimId: string;
  readonly version: SpecVersion;
  readonly curve: Curve;
  readonly indirectDownload: boolean;
  private readonly c: Codec;
  private readonly now: () => Date;
  private readonly trust: readonly TrustedCert[];
  private readonly relay: DownloadRelay;
  private readonly intake: ResultIntake;
  private servers: { close(): Promise<void> }[] = [];
  private fqdn?: string;
  private log: (line: string) => void = () => undefined;
  private trace?: TraceSink;

  constructor(private readonly o: SimEimOptions) {
    this.eimId = o.eimId ?? DEFAULT_EIM_ID;
    this.version = o.version ?? DEFAULT_VERSION;
    this.curve = o.curve;
    this.indirectDownload = o.indirectDownload ?? true;
    this.c = codec('SGP32Definitions', this.version);
    this.now = o.now ?? (() => new Date());
    this.trust = o.trust ?? o.pki.trustedCis();
    this.orders = new OrderBook(this.now);
    this.euiccs = new EuiccRegistry({ counter: o.counterStart ?? 0, associationToken: this.associationToken });
    // The test PKI's eUICC is managed from the start: its certificate checks what it signs and, with
    // its EUM's, stands in for the ones compact notifications leave out.
    for (const cred of o.pki.credentials) {
      if (cred.role !== 'euicc' || cred.defect !== null || !cred.eid) continue;
      const record = this.euiccs.ensure(cred.eid);
      addCertificate(record, cred.cert);
      if (cred.chain[0]) record.certificatePair = { euicc: cred.cert.raw, eum: cred.chain[0].raw };
    }
    const log = (line: string) => this.log(line);
    this.relay = new DownloadRelay({
      version: this.version, eimId: this.eimId, smdpUrls: o.smdpUrls ?? {}, configuredSmdpsOnly: o.configuredSmdpsOnly ?? false, es9Binding: o.es9Binding ?? 'json', trust: this.trust,
      timeoutMs: o.es9TimeoutMs ?? 10_000,
    }, this.orders, this.euiccs, log);
    this.intake = new ResultIntake({
      version: this.version, eimId: this.eimId, orders: this.orders, euiccs: this.euiccs, relay: this.relay, ciTrust: o.pki.trustedCis(), now: this.now, log,
    });
  }

  /** The token proposed in the configuration and signed with: 1 unless configured (null: none). */
  private get associationToken(): number | undefined {
    return this.o.associationToken === undefined ? 1 : this.o.associationToken ?? undefined;
  }

  /** Serves ESipa (TLS with the eIM's TLS certificate unless insecureHttp) and the northbound API. */
  async start(s: EimStartOptions = {}): Promise<EimUrls> {
    this.log = s.log ?? (() => undefined);
    this.trace = this.relay.trace = s.trace;
    const host = s.host ?? '127.0.0.1';
    const note = (n: ServerNote) => this.log(`esipa ${n.method ?? ''} ${n.path ?? ''} from ${n.remote}: HTTP ${n.status} ${n.reason}`.replace(/ {2,}/g, ' '));
    const esipa: HttpServer = await startHttpServer({
      interface: 'esipa', host, port: s.port, trace: s.trace, log: note, adminProtocolCheck: this.o.adminProtocolCheck ?? 'prefix',
      ...(s.insecureHttp ? { insecureHttp: true } : { tls: { credential: this.o.pki.get('eimTls', this.curve) } }),
      routes: eimEsipaRoutes({ version: this.version, handlers: this.handlers(), screen: this.screen }),
    });
    this.servers.push(esipa);
    this.fqdn = s.fqdn ?? `${esipa.host}:${esipa.port}`;
    const api = await startApi(this, { host: s.apiHost ?? '127.0.0.1', port: s.apiPort, tls: s.apiHttps ? this.o.pki.get('eimTls', this.curve) : undefined, log: (l) => this.log(l) });
    this.servers.push(api);
    return { esipa: esipa.url, api: api.url };
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(servers.map((x) => x.close()));
    await this.relay.close();
  }

  /**
   * This eIM's EimConfigurationData (SGP.32 §2.11.1.1.1) as an IPA gives it to a virgin eUICC with
   * ES10b.AddInitialEim: eimFqdn where ESipa listens, the initial counter, the signing certificate,
   * the TLS trust anchor, retrieval over HTTPS, and (v1.2) indirectProfileDownload unless downloads
   * are direct. The proposed associationToken is kept by an eUICC that accepts proposals (S_eUICC).
   */
  configuration(): EimConfigurationData {
    if (!this.fqdn) throw new EimInputError('eimFqdn', 'the eIM is not listening yet: start() it first');
    const anchor = this.o.tlsTrustAnchor === 'eimTls' ? this.o.pki.get('eimTls', this.curve).cert : this.o.pki.trustedCis(this.curve)[0];
    const protocols: EimSupportedProtocolName[] = ['eimRetrieveHttps', 'eimInjectHttps'];
    return eimConfigurationData({
      eimId: this.eimId, fqdn: this.fqdn, eimIdType: 'eimIdTypeFqdn', counterValue: this.o.counterStart ?? 0, associationToken: this.associationToken,
      eimCertificate: this.o.pki.get('eimSign', this.curve).cert, trustedCertificateTls: anchor, eimSupportedProtocol: protocols,
      indirectProfileDownload: this.indirectDownload && this.version !== 'v1.0',
    });
  }

  /** ES10b.AddInitialEim request (BF57) carrying `configuration()`. */
  addInitialEimRequest(): Buffer {
    return Buffer.from(this.c.encode('AddInitialEimRequest', ts_addInitialEimRequest(this.configuration())));
  }

  // ---- orders and eUICCs (what the northbound API calls) ----

  /** Adds an order from its API JSON (EimInputError naming the member at fault); an `inject` order is pushed at once. */
  createOrder(json: unknown): Order {
    const input = parseOrder(json, { version: this.version, indirectDownload: this.indirectDownload });
    const record = this.euiccs.ensure(input.eid);
    if (input.delivery === 'inject' && !record.injectUrl) {
      throw new EimInputError('delivery', `no injectUrl registered for ${input.eid} (PUT /api/v1/euiccs/${input.eid} {"injectUrl": …})`);
    }
    const order = this.orders.add(input);
    this.log(`order ${order.id} queued: ${order.type} for ${order.eid}${order.delivery === 'inject' ? ' (inject)' : ''}`);
    if (order.delivery === 'inject') void this.inject(order, record);
    return order;
  }

  /** Resolves once the order is done, failed or aborted. */
  settled(id: string, timeoutMs?: number): Promise<Order> {
    return this.orders.settled(id, timeoutMs);
  }

  /**
   * Registers or updates a managed eUICC from API JSON: injectUrl, associationToken (null: none),
   * euiccCertificate (PEM or hex DER), counterValue (the eIM's, e.g. after an updateEim elsewhere).
   */
  updateEuicc(eidText: string, json: unknown): { record: EuiccRecord; created: boolean } {
    const eid = eidInput(eidText);
    const update = parseEuiccUpdate(json);
    const created = !this.euiccs.get(eid);
    const record = this.euiccs.ensure(eid);
    if (update.injectUrl !== undefined) record.injectUrl = update.injectUrl;
    if (update.associationToken === null) delete record.associationToken;
    else if (update.associationToken !== undefined) record.associationToken = update.associationToken;
    if (update.counterValue !== undefined) record.counter = record.lastAccepted = update.counterValue;
    if (update.euiccCertificate) addCertificate(record, update.euiccCertificate);
    return { record, created };
  }

  euiccView(eid: string): Record<string, unknown> | undefined {
    const r = this.euiccs.get(eid);
    return r && euiccView(r);
  }

  orderView(id: string): Record<string, unknown> | undefined {
    const o = this.orders.get(id);
    return o && orderView(o);
  }

  listOrders(filter: { eid?: string; status?: OrderStatus }): Record<string, unknown>[] {
    return this.orders.list(filter).map(orderView);
  }

  // ---- ESipa ----

  /** Answers a request from its raw eidValue alone when that is absent or malformed (see esipa-routes.ts). */
  private readonly screen: EidScreen = (fn: EsipaFunction, eid: EidSeen) => {
    const v10 = this.version === 'v1.0';
    const problem = eid.kind === 'absent' ? 'missing' : eid.kind === 'unreadable' || eid.bytes.length !== 16 || eidProblem(toHex(eid.bytes)) ? 'invalid' : undefined;
    if (!problem) return undefined;
    if (fn === 'getEimPackage') {
      this.log(`esipa getEimPackage: eidValue ${problem}`);
      return { eimPackageError: v10 ? PACKAGE_ERROR.undefinedError : PACKAGE_ERROR[problem === 'missing' ? 'missingEid' : 'invalidEid'] };
    }
    // ProvideEimPackageResult may leave the EID out (correlated by transaction id or connection).
    if (fn === 'provideEimPackageResult' && problem === 'invalid' && !v10) {
      this.log('esipa provideEimPackageResult: eidValue invalid');
      return { provideEimPackageResultError: RESULT_ERROR.invalidEid };
    }
    return undefined;
  };

  private handlers(): EsipaHandlers {
    const wrap = (fn: EsipaFunction, h: (req: AsnValue, ctx: BindingContext) => Promise<AsnValue | undefined>) => async (req: AsnValue, ctx: BindingContext) => {
      const delay = this.hooks.takeDelay(fn);
      if (delay !== undefined) await wait(delay);
      const status = this.hooks.takeHttpStatus(fn);
      if (status !== undefined) throw new RequestRejected(status, `hook: ${fn} answered HTTP ${status}`);
      const answer = await h(req, ctx);
      this.log(`esipa ${fn} (connection ${ctx.connectionId}, ${ctx.binding}) -> ${answer ? summary(this.c, { [(ESIPA_FUNCTIONS[fn] as { response: string }).response]: answer }) : 'no content'}`);
      return answer;
    };
    return {
      getEimPackage: wrap('getEimPackage', async (r, ctx) => this.getEimPackage(r, ctx)),
      provideEimPackageResult: wrap('provideEimPackageResult', (r, ctx) => this.provideEimPackageResult(r, ctx)),
      handleNotification: async (r, ctx) => {
        await wrap('handleNotification', async (req, x) => {
          await this.handleNotification(req, x);
          return undefined;
        })(r, ctx);
      },
      initiateAuthentication: wrap('initiateAuthentication', (r, ctx) => this.relay.initiateAuthentication(r, ctx)),
      authenticateClient: wrap('authenticateClient', (r, ctx) => this.relay.authenticateClient(r, ctx)),
      getBoundProfilePackage: wrap('getBoundProfilePackage', (r, ctx) => this.relay.getBoundProfilePackage(r, ctx)),
      cancelSession: wrap('cancelSession', (r, ctx) => this.relay.cancelSession(r, ctx)),
    };
  }

  private getEimPackage(req: AsnValue, ctx: BindingContext): AsnValue {
    const error = (name: EimPackageErrorName) => ({ eimPackageError: this.version === 'v1.0' && name !== 'noEimPackageAvailable' ? PACKAGE_ERROR.undefinedError : PACKAGE_ERROR[name] });
    const forced = this.hooks.takePackageError();
    if (forced) return error(forced);
    const eid = toHex(req.eidValue);
    const record = this.euiccs.get(eid);
    if (!record) return error('eidNotFound');
    record.connectionId = ctx.connectionId;
    if (req.notifyStateChange !== undefined) {
      const cause = req.stateChangeCause === undefined ? 'notifyStateChange' : String(readable(this.c, 'StateChangeCause', req.stateChangeCause));
      record.stateChanges.push({ cause, at: this.now() });
      this.log(`${eid}: state change ${cause}`);
    }
    const order = this.orders.nextFor(eid);
    if (!order) return error('noEimPackageAvailable');
    const pkg = this.buildPackage(order, record, ctx.connectionId);
    return { [pkg.alternative]: pkg.value };
  }

  /**
   * The eIM Package of an order, marked sent: eUICC Packages signed over the next counterValue
   * (or a hook's), every package with a fresh eimTransactionId.
   */
  private buildPackage(order: Order, record: EuiccRecord, connectionId?: number): { alternative: string; value: AsnValue } {
    const eimTransactionId = randomBytes(8);
    const { alternative, value, der, counterValue, eimSignature } = this.packageOf(order, record, eimTransactionId);
    const sent: SentPackage = { eimTransactionId, der, at: this.now(), connectionId, ...(counterValue !== undefined && { counterValue, eimSignature }) };
    this.orders.markSent(order, sent);
    this.log(`order ${order.id} sent: ${alternative} eimTransactionId ${toHex(eimTransactionId)}${counterValue !== undefined ? ` counterValue ${counterValue}` : ''}`);
    return { alternative, value };
  }

  private packageOf(order: Order, record: EuiccRecord, eimTransactionId: Buffer): { alternative: string; value: AsnValue; der: Buffer; counterValue?: number; eimSignature?: Buffer } {
    const content = order.content;
    switch (content.type) {
      case 'psmo': case 'eco': {
        const counterValue = this.hooks.counter(record.counter);
        record.counter = Math.max(record.counter, counterValue);
        const signed = signEuiccPackage({ eimId: this.eimId, eid: order.eid, counterValue, eimTransactionId, package: content.euiccPackage }, this.o.pki.get('eimSign', this.curve).key, record.associationToken, this.version);
        const eimSignature = this.hooks.signature(signed.value.eimSignature);
        const value = { ...signed.value, eimSignature };
        const der = eimSignature === signed.value.eimSignature ? signed.bytes : Buffer.from(this.c.encode('EuiccPackageRequest', value));
        return { alternative: 'euiccPackageRequest', value, der, counterValue, eimSignature };
      }
      case 'edr': {
        // v1.0 IpaEuiccDataRequest has no transaction id: the answer is matched by EID or connection.
        const value = { ...content.request, ...(this.version !== 'v1.0' && { eimTransactionId }) };
        return { alternative: 'ipaEuiccDataRequest', value, der: Buffer.from(this.c.encode('IpaEuiccDataRequest', value)) };
      }
      case 'download': {
        const value = { profileDownloadData: content.profileDownloadData, eimTransactionId };
        return { alternative: 'profileDownloadTriggerRequest', value, der: Buffer.from(this.c.encode('ProfileDownloadTriggerRequest', value)) };
      }
    }
  }

  private async provideEimPackageResult(req: AsnValue, ctx: BindingContext): Promise<AsnValue> {
    const v10 = this.version === 'v1.0';
    const forced = this.hooks.takeResultError();
    if (forced && !v10) return { provideEimPackageResultError: RESULT_ERROR[forced] };
    const eid = req.eidValue && toHex(req.eidValue);
    if (eid !== undefined && !this.euiccs.get(eid)) return { provideEimPackageResultError: RESULT_ERROR.eidNotFound };
    const result = v10 ? req : req.eimPackageResult;
    const raw = ctx.binding === 'asn1' ? resultTlv(this.c, childrenAt(ctx.body, 'ProvideEimPackageResult', 0xbf50), result) : undefined;
    const answer = await this.intake.take(result, { eid, connectionId: ctx.connectionId, raw, via: 'provideEimPackageResult' });
    if (answer.error && !v10) return { provideEimPackageResultError: RESULT_ERROR[answer.error] };
    if (answer.eid === undefined && !v10) return { provideEimPackageResultError: RESULT_ERROR.missingEid };
    return this.acknowledge(answer);
  }

  private acknowledge(answer: IntakeAnswer): AsnValue {
    const { acks, eid } = answer;
    if (acks.length && eid) this.euiccs.get(eid)!.acknowledged.push(...acks);
    if (acks.length) return { eimAcknowledgements: acks };
    return this.version === 'v1.0' ? {} : { emptyResponse: {} };
  }

  /** HandleNotification: a notification (recorded, forwarded, a PIR ends its download), or (v1.2) a package result. */
  private async handleNotification(req: AsnValue, ctx: BindingContext): Promise<void> {
    const [alternative, value] = alternativeOf(req);
    const connectionEid = this.euiccs.byConnection(ctx.connectionId)?.eid;
    if (alternative === 'pendingNotification') {
      // [0] in both versions: v1.2 tags it, v1.0's AUTOMATIC TAGS do.
      const raw = ctx.binding === 'asn1' ? childrenAt(ctx.body, 'HandleNotificationEsipa', 0xbf3d, 0xa0)?.[0] : undefined;
      await this.intake.notification(raw ?? this.c.encode('PendingNotification', value), connectionEid, 'handleNotification');
      return;
    }
    // No answer can carry acknowledgements: they go with the next one.
    const result = value as AsnValue;
    // v1.2 tags it [80] (BF50); v1.0's AUTOMATIC TAGS make it [1] (A1), replacing the BF50 of its CHOICE.
    const taken = this.version === 'v1.0' ? result : result.eimPackageResult;
    const raw = ctx.binding === 'asn1' ? resultTlv(this.c, childrenAt(ctx.body, 'HandleNotificationEsipa', 0xbf3d, this.version === 'v1.0' ? 0xa1 : 0xbf50), taken) : undefined;
    const eid = result.eidValue && toHex(result.eidValue);
    // As ProvideEimPackageResult answers eidNotFound: a result naming an EID this eIM does not manage is not taken.
    if (eid !== undefined && !this.euiccs.get(eid)) {
      this.log(`esipa handleNotification: result for unmanaged EID ${eid} not taken`);
      return;
    }
    const answer = await this.intake.take(taken, { eid, connectionId: ctx.connectionId, raw, via: 'handleNotification' });
    const record = answer.eid && this.euiccs.get(answer.eid);
    if (record && answer.acks.length) record.pendingAcks.push(...answer.acks);
  }

  // ---- injection ----

  /** TransferEimPackage to the IPA's inject URL; the answer is taken like a provided result, acknowledged with a second transfer. */
  private async inject(order: Order, record: EuiccRecord): Promise<void> {
    const client = new EsipaInjectClient({ baseUrl: record.injectUrl!, trust: this.trust, version: this.version, timeoutMs: this.o.injectTimeoutMs ?? 10_000, trace: this.trace });
    try {
      const pkg = this.buildPackage(order, record);
      const answer = await client.transferEimPackage({ [pkg.alternative]: pkg.value });
      const [alternative] = alternativeOf(answer);
      this.log(`esipa transferEimPackage ${record.injectUrl}: order ${order.id} -> ${alternative}`);
      if (alternative === 'eimPackageReceived') return; // the result follows with ProvideEimPackageResult
      const taken = await this.intake.take(answer, { eid: order.eid, via: 'transferEimPackageResponse' });
      if (taken.acks.length) {
        await client.transferEimPackage({ eimAcknowledgements: taken.acks });
        record.acknowledged.push(...taken.acks);
        this.log(`esipa transferEimPackage ${record.injectUrl}: eimAcknowledgements ${taken.acks.join(', ')}`);
      }
    } catch (e) {
      if (!isFinal(order) && this.orders.finish(order, 'failed', { reason: 'injectFailed', detail: (e as Error).message })) this.log(`order ${order.id} failed: injectFailed: ${(e as Error).message}`);
    } finally {
      await client.close();
    }
  }
}

/**
 * The TLV of the EimPackageResult alternative `result` decoded to, among a ProvideEimPackageResult's
 * components (eidValue aside, and any extension the codec skipped). v1.0 has no EimPackageResult:
 * ProvideEimPackageResult is the CHOICE itself.
 */
function resultTlv(c: Codec, children: Uint8Array[] | undefined, result: AsnValue): Uint8Array | undefined {
  const choice = (c.version === 'v1.0' ? (c.node('ProvideEimPackageResult') as ExplicitNode).inner : c.node('EimPackageResult')) as ChoiceNode;
  const tags = choice.byName.get(Object.keys(result)[0])?.node.firstTags() ?? [];
  return children?.find((t) => tags.includes(peekTag(t)));
}

/** An answer in one line for the exchange log: the path of single-member objects down to a readable leaf. */
function summary(c: Codec, answer: AsnValue): string {
  const path: string[] = [];
  let v: unknown = readable(c, 'EsipaMessageFromEimToIpa', answer);
  while (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1) {
    const [k] = Object.keys(v);
    path.push(k);
    v = (v as Record<string, unknown>)[k];
  }
  const leaf = Array.isArray(v) && v.every((x) => typeof x !== 'object') ? `[${v.join(', ')}]` : typeof v === 'object' ? '' : String(v);
  return [...path, leaf].filter(Boolean).join(' ');
}
