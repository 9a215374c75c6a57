/**
 * The eIM suite's test bench: what S_IPA, S_eUICC, S_SM-DP+ and the operator do in one scenario,
 * as MTD_ (one exchange) and PROC_ (a sequence) building blocks, and the checks of what the eIM
 * answered, always on decoded messages against templates (matchers.ts). Steps call one method each.
 */
import { createHash } from 'node:crypto';
import { tlv, tlvAt, toHex } from '../../asn1';
import { segmentBoundProfilePackage } from '../../crypto/bpp-segments';
import { verifyRsp, associationTokenTlv, dataObjects } from '../../crypto/rsp-signatures';
import { generateEid } from '../../pki';
import { AsnValue, EsipaClient } from '../../transport/http';
import { parseActivationCode } from '../../../simulators/eim/order-input';
import { readable } from '../../../simulators/eim/readable';
import { contains, expectMatch, render, Template, where } from '../matchers';
import { ScenarioContext } from '../scenario';
import { RawAnswer, RawEsipaPoster } from './raw-http';
import { IUT, Topology, buildTopology, TopologyOptions } from './topology';
import { EimOrder, Operation, OrderHandle, OrderOutcome } from './triggers';

/** A step asked for something an earlier step should have produced. */
export class ScenarioOrderError extends Error {
  override readonly name = 'ScenarioOrderError';
}

export type EidVariant = 'own' | 'unknown' | 'malformed' | 'absent';
export type ResultVariant = 'result' | 'result with notifications' | 'corrupted signature' | 'other EID' | 'previous result' | 'invalidPackageFormat' | 'unknownPackage';

const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

/** An order without its EID (the card's unless given). */
type OrderInput = EimOrder extends infer O ? (O extends EimOrder ? Omit<O, 'eid'> & { eid?: string } : never) : never;

interface DownloadState {
  eimTransactionId: Buffer;
  smdpAddress: string;
  matchingId: string;
  iccid?: string;
  initiate?: AsnValue;
  transactionId?: Buffer;
  authenticate?: AsnValue;
  bpp?: AsnValue;
  pir?: Uint8Array;
  cancel?: AsnValue;
  /** The euiccChallenge S_eUICC gave for InitiateAuthentication. */
  challenge?: Uint8Array;
}

export class EimBench {
  /** GetEimPackageResponse of the last poll, decoded. */
  lastPackageResponse?: AsnValue;
  /** Every EuiccPackageRequest the eIM sent in this scenario, in order. */
  readonly packages: AsnValue[] = [];
  /** EuiccPackageResults the card gave, in order (value and DER). */
  readonly results: { value: AsnValue; der: Uint8Array }[] = [];
  /** The eIM's answer to the last ProvideEimPackageResult / HandleNotification (undefined: no content). */
  lastAnswer?: AsnValue;
  /** seqNumbers S_IPA offered in its last ProvideEimPackageResult. */
  offeredSeqNumbers: number[] = [];
  readonly orders: OrderHandle[] = [];
  download?: DownloadState;
  lastRaw?: RawAnswer;
  lastError?: Error;
  /** How long the last timed exchange took. */
  elapsedMs?: number;
  /** The S_SM-DP+ order (ICCID) and activation code of the last download order. */
  private pendingIccid?: string;
  private activationCode?: string;
  private raw?: RawEsipaPoster;
  private jsonIpa?: EsipaClient;

  private constructor(readonly ctx: ScenarioContext, readonly t: Topology) {}

  static async create(ctx: ScenarioContext, o: TopologyOptions): Promise<EimBench> {
    const b = new EimBench(ctx, await buildTopology(ctx, o));
    ctx.defer(() => b.cleanUp());
    return b;
  }

  get eid(): string {
    return this.t.card.eid;
  }

  private get c() {
    return this.t.c;
  }

  /** A decoded message as templates read it: named numbers as names, ICCIDs as digits, bytes as upper-case hex. */
  view(type: string, value: unknown): unknown {
    return value === undefined ? undefined : readable(this.c, type, value);
  }

  // ---- initial conditions (simulators) ----

  /** A test profile on S_eUICC, installed from an in-process SM-DP+ (not through the eIM); optionally enabled. */
  installProfile(iccid: string, enabled: boolean, fallbackAllowed = false): Promise<void> {
    return this.t.card.installProfile(this.ctx.pki, this.t.curve, iccid, { enabled, fallbackAllowed, smdpAddress: this.t.smdp.address });
  }

  setCardCounter(counterValue: number): void {
    this.t.card.setCounter(this.t.eimId, counterValue);
  }

  corruptSmdpSignature(name: string): void {
    if (name !== 'serverSignature1' && name !== 'smdpSignature2') throw new ScenarioOrderError(`S_SM-DP+ can corrupt serverSignature1 or smdpSignature2, not ${name}`);
    this.t.smdp.hooks.corruptSignature(name);
  }

  expireSmdpOrder(): void {
    this.t.smdp.hooks.expireOrder();
  }

  /** The SM-DP+ address that never answers. */
  stalledSmdp(): string {
    if (!this.t.stalledSmdp) throw new ScenarioOrderError('no stalled SM-DP+ address: configure iut.eim.es9Stall');
    return this.t.stalledSmdp;
  }

  /** An addEim / updateEim operation's EimConfigurationData for another eIM (S_eIM order form). */
  otherEimOrder(eimId: string, counterValue = 0): Record<string, unknown> {
    return {
      eimId, eimFqdn: eimId, eimIdType: 'eimIdTypeFqdn', counterValue, eimCertificate: this.ctx.pki.get('eimSign', this.t.curve).cert.raw.toString('hex'),
      eimSupportedProtocol: ['eimRetrieveHttps'],
    };
  }

  expectProfileState(iccid: string, state: string): void {
    expectMatch(`state of profile ${iccid} on S_eUICC`, { state: this.t.card.profileState(iccid) }, { state });
  }

  expectEimSignatureValid(): void {
    expectMatch('eimSignature check with the configured PK.EIM.ECDSA', { verifies: this.eimSignatureVerifies() }, { verifies: true });
  }

  expectCounterRises(): void {
    const [first, second] = this.packages.map((p) => Number(p.euiccPackageSigned.counterValue));
    if (second === undefined) throw new ScenarioOrderError(`two eUICC Packages needed, the eIM sent ${this.packages.length}`);
    expectMatch('counterValue of the second eUICC Package', { counterValue: second }, { counterValue: where(`greater than ${first}`, (v) => v > first) });
  }

  expectSmdpNotification(template: { kind: string; signatureValid: boolean; success?: boolean; event?: string }): void {
    const { event, ...rest } = template;
    const seen = this.t.smdp.notifications.map((n) => ({ kind: n.kind, signatureValid: n.signatureValid, success: n.success, operations: n.operations }));
    expectMatch('notifications S_SM-DP+ received over ES9+', seen, contains({ ...rest, ...(event && { operations: contains(event) }) }));
  }

  expectSmdpOrderState(state: string): void {
    const iccid = this.pendingIccid;
    if (!iccid) throw new ScenarioOrderError('no S_SM-DP+ order in this scenario');
    expectMatch(`S_SM-DP+ order ${iccid}`, { state: this.t.smdp.orders.get(iccid)?.state }, { state });
  }

  async expectOutcomeNow(template: Template): Promise<void> {
    const o = await this.outcomeNow();
    expectMatch('the order outcome reported by the eIM', { state: o.state, results: o.results, reason: o.reason }, template);
  }

  /** The ICCID S_SM-DP+ allocated to the last download order. */
  downloadedIccid(): string {
    if (!this.pendingIccid) throw new ScenarioOrderError('no download order in this scenario');
    return this.pendingIccid;
  }

  /** The activation code of the last download order, as placed. */
  orderedActivationCode(): string {
    if (!this.activationCode) throw new ScenarioOrderError('no download order in this scenario');
    return this.activationCode;
  }

  sentChallengeHex(): string {
    return toHex(this.sentChallenge()).toUpperCase();
  }

  transactionIdHex(): string {
    const id = this.dl().transactionId;
    if (!id) throw new ScenarioOrderError('no RSP session yet');
    return toHex(id).toUpperCase();
  }

  /** Runs an exchange and keeps how long it took and what it answered or threw. */
  async timed(action: () => Promise<unknown>): Promise<void> {
    const start = Date.now();
    try {
      await action();
      this.lastError = undefined;
    } catch (e) {
      this.lastError = e as Error;
    }
    this.elapsedMs = Date.now() - start;
    this.ctx.note(`answered after ${this.elapsedMs} ms${this.lastError ? ` with ${this.lastError.message}` : ''}`);
  }
  expectTimedError(template: Template): void {
    if (this.lastError) throw this.lastError;
    const limit = this.ctx.config.timeouts.exchange;
    expectMatch('the eIM\'s answer to a relayed call the SM-DP+ never answered', { elapsedMs: this.elapsedMs, answer: this.view('InitiateAuthenticationResponseEsipa', this.dl().initiate) },
      { elapsedMs: where(`below ${limit} ms`, (v) => v < limit), answer: template });
  }

  // ---- operator (trigger adapter) ----

  async order(order: OrderInput): Promise<OrderHandle> {
    const full = { eid: this.eid, ...order } as EimOrder;
    const handle = await this.t.trigger.create(full);
    this.orders.push(handle);
    this.ctx.note(`${this.t.trigger.name}: ${full.kind} order ${handle.id} placed for ${full.eid}`);
    return handle;
  }

  orderPsmo(...operations: Operation[]): Promise<OrderHandle> {
    return this.order({ kind: 'psmo', operations });
  }

  orderEco(...operations: Operation[]): Promise<OrderHandle> {
    return this.order({ kind: 'eco', operations });
  }

  /** A released S_SM-DP+ order (optionally with an unknown matchingId) and a download order on the eIM with its activation code. */
  async orderDownload(o: { matchingId?: string; smdpAddress?: string; expectedMetadata?: Record<string, string> } = {}): Promise<OrderHandle> {
    const { iccid } = this.t.smdp.orders.downloadOrder({ profileType: 'Test' });
    this.t.smdp.orders.confirmOrder({ iccid, releaseFlag: true });
    const ac = this.t.smdp.activationCode(iccid);
    const [, address, matchingId] = ac.split('$');
    const activationCode = `1$${o.smdpAddress ?? address}$${o.matchingId ?? matchingId}`;
    const handle = await this.order({ kind: 'download', activationCode, ...(o.expectedMetadata && { expectedMetadata: o.expectedMetadata }) });
    this.pendingIccid = iccid;
    this.activationCode = activationCode;
    return handle;
  }

  /** The order's outcome through the adapter, waiting until it is final (bounded by the step timeout). */
  async outcome(handle: OrderHandle = this.lastOrder()): Promise<OrderOutcome> {
    const o = await this.t.trigger.lookup(handle, Math.max(1_000, this.ctx.config.timeouts.step / 2));
    this.ctx.note(`${this.t.trigger.name}: order ${handle.id} → ${render(o.detail)}`);
    return o;
  }

  /** The order's outcome as it is now, without waiting. */
  async outcomeNow(handle: OrderHandle = this.lastOrder()): Promise<OrderOutcome> {
    const o = await this.t.trigger.lookup(handle, 0);
    this.ctx.note(`${this.t.trigger.name}: order ${handle.id} now → ${render(o.detail)}`);
    return o;
  }

  async expectOutcome(template: Template, handle?: OrderHandle): Promise<void> {
    const o = await this.outcome(handle);
    expectMatch('the order outcome reported by the eIM', { state: o.state, results: o.results, reason: o.reason }, template);
  }

  lastOrder(): OrderHandle {
    const h = this.orders.at(-1);
    if (!h) throw new ScenarioOrderError('no order has been placed in this scenario');
    return h;
  }

  // ---- S_IPA over ESipa ----

  private get ipa(): EsipaClient {
    return this.t.ipa;
  }

  /** MTD_GET_EIM_PACKAGE: GetEimPackageRequest with the card's EID (or a deliberately wrong one). */
  async getEimPackage(o: { eid?: EidVariant; stateChangeCause?: string } = {}): Promise<AsnValue> {
    const eid = o.eid ?? 'own';
    const change = o.stateChangeCause === undefined ? {} : { notifyStateChange: null, stateChangeCause: this.stateChangeCause(o.stateChangeCause) };
    let request: AsnValue | Uint8Array;
    if (eid === 'own' || eid === 'unknown') request = { eidValue: Buffer.from(eid === 'own' ? this.eid : generateEid(), 'hex'), ...change };
    // What the codec will not encode, on purpose: a 15-byte EID, or none at all.
    else request = tlv(0xbf4f, eid === 'malformed' ? tlv(0x5a, Buffer.from(this.eid, 'hex').subarray(0, 15)) : Buffer.alloc(0));
    const answer = await this.ipa.getEimPackage(request);
    this.lastPackageResponse = answer;
    if (answer.euiccPackageRequest) this.packages.push(answer.euiccPackageRequest);
    return answer;
  }

  private stateChangeCause(name: string): number {
    const n = this.c.node('StateChangeCause') as unknown as { named?: Record<string, number> };
    const value = n.named?.[name];
    if (value === undefined) throw new ScenarioOrderError(`StateChangeCause has no value '${name}'`);
    return value;
  }

  expectPackageResponse(template: Template): void {
    if (!this.lastPackageResponse) throw new ScenarioOrderError('S_IPA has not sent GetEimPackageRequest yet');
    expectMatch('GetEimPackageResponse', this.view('GetEimPackageResponse', this.lastPackageResponse), template);
  }

  /** The last euiccPackageRequest the eIM sent. */
  lastPackage(): AsnValue {
    const p = this.packages.at(-1);
    if (!p) throw new ScenarioOrderError(`the eIM sent no euiccPackageRequest (last answer: ${render(this.lastPackageResponse)})`);
    return p;
  }

  /** ES10b.LoadEuiccPackage on S_eUICC with the package as the eIM sent it. */
  async loadPackageOnCard(o: { corruptEimSignature?: boolean } = {}): Promise<AsnValue> {
    const pkg = this.lastPackage();
    const sent = o.corruptEimSignature ? { ...pkg, eimSignature: flipped(pkg.eimSignature) } : pkg;
    const der = await this.t.card.raw(this.c.encode('EuiccPackageRequest', sent));
    const value = this.c.decode<AsnValue>('EuiccPackageResult', der);
    this.results.push({ value, der });
    return value;
  }

  lastResult(): AsnValue {
    const r = this.results.at(-1)?.value;
    if (!r) throw new ScenarioOrderError('S_eUICC has produced no EuiccPackageResult yet');
    return r;
  }

  expectCardResult(template: Template): void {
    expectMatch('EuiccPackageResult (S_eUICC)', this.view('EuiccPackageResult', this.lastResult()), template);
  }

  /** MTD_PROVIDE_EIM_PACKAGE_RESULT with the card's last result, or a deliberate variant of it. */
  async provideResult(variant: ResultVariant = 'result'): Promise<AsnValue | undefined> {
    let eimPackageResult: AsnValue;
    let eid = this.eid;
    const result = () => this.lastResult();
    this.offeredSeqNumbers = [];
    switch (variant) {
      case 'result': case 'other EID':
        eimPackageResult = { euiccPackageResult: result() };
        if (variant === 'other EID') eid = generateEid();
        break;
      case 'result with notifications': {
        const list = await this.t.card.es10('RetrieveNotificationsListRequest', {});
        const notificationList: AsnValue[] = list.notificationList ?? [];
        eimPackageResult = { ePRAndNotifications: { euiccPackageResult: result(), notificationList } };
        break;
      }
      case 'corrupted signature': {
        const r = structuredClone(result());
        const signed = r.euiccPackageResultSigned ?? r.euiccPackageErrorSigned;
        if (!signed) throw new ScenarioOrderError(`the card's result carries no eUICC signature: ${render(r)}`);
        const key = 'euiccSignEPR' in signed ? 'euiccSignEPR' : 'euiccSignEPE';
        signed[key] = flipped(signed[key]);
        eimPackageResult = { euiccPackageResult: r };
        break;
      }
      case 'previous result': {
        const first = this.results[0]?.value;
        if (!first || this.results.length < 2) throw new ScenarioOrderError('no earlier result to replay');
        eimPackageResult = { euiccPackageResult: first };
        break;
      }
      case 'invalidPackageFormat': case 'unknownPackage': {
        const id = this.lastPackage().euiccPackageSigned.eimTransactionId;
        eimPackageResult = { eimPackageResultResponseError: { ...(id && { eimTransactionId: id }), eimPackageResultErrorCode: variant === 'invalidPackageFormat' ? 1 : 2 } };
        break;
      }
    }
    this.offeredSeqNumbers = offeredSeqNumbers(eimPackageResult);
    // v1.0 sends the bare EimPackageResult CHOICE, with no EID beside it.
    return this.provide(this.t.version === 'v1.0' ? eimPackageResult : { eidValue: Buffer.from(eid, 'hex'), eimPackageResult });
  }

  private async provide(request: AsnValue): Promise<AsnValue | undefined> {
    this.lastAnswer = await this.ipa.provideEimPackageResult(request);
    await this.removeAcknowledged();
    return this.lastAnswer;
  }

  /** The card's result sent in HandleNotification instead (SGP.32 v1.2: no answer content). */
  async resultInHandleNotification(): Promise<void> {
    const euiccPackageResult = this.lastResult();
    this.offeredSeqNumbers = offeredSeqNumbers({ euiccPackageResult });
    await this.ipa.handleNotification({ provideEimPackageResult: { eidValue: Buffer.from(this.eid, 'hex'), eimPackageResult: { euiccPackageResult } } });
  }

  /** What an IPA does with eimAcknowledgements: ES10b.RemoveNotificationFromList for each. */
  private async removeAcknowledged(): Promise<void> {
    for (const seqNumber of this.lastAnswer?.eimAcknowledgements ?? []) await this.t.card.es10('NotificationSentRequest', { seqNumber });
  }

  expectProvideAnswer(template: Template): void {
    expectMatch('ProvideEimPackageResultResponse', this.view('ProvideEimPackageResultResponse', this.lastAnswer), template);
  }

  /** PROC_EUICC_PACKAGE: poll, load on the card, provide the result; fails unless the eIM sent an eUICC Package. */
  async packageCycle(variant: ResultVariant = 'result'): Promise<void> {
    await this.getEimPackage();
    this.lastPackage();
    await this.loadPackageOnCard();
    await this.provideResult(variant);
  }

  // ---- eUICC data request ----

  /** ipaEuiccDataResponse with what the card holds for the requested tags (certificates, EUICCInfo1, association token). */
  async provideEuiccData(error?: number): Promise<void> {
    const req = this.lastPackageResponse?.ipaEuiccDataRequest;
    if (!req) throw new ScenarioOrderError(`the eIM sent no ipaEuiccDataRequest (last answer: ${render(this.lastPackageResponse)})`);
    const id = req.eimTransactionId;
    let response: AsnValue;
    if (error !== undefined) {
      response = { ipaEuiccDataResponseError: { ...(id && { eimTransactionId: id }), ipaEuiccDataErrorCode: error } };
    } else {
      const euiccInfo1 = await this.t.card.es10('GetEuiccInfo1Request', {});
      const { certs } = await this.t.card.es10('GetCertsRequest', {});
      const { eimConfigurationDataList } = await this.t.card.es10('GetEimConfigurationDataRequest', {});
      const own = eimConfigurationDataList.find((e: AsnValue) => e.eimId === this.t.eimId) ?? eimConfigurationDataList[0];
      response = { ipaEuiccData: { euiccInfo1, eumCertificate: certs.eumCertificate, euiccCertificate: certs.euiccCertificate, associationToken: own.associationToken, ...(id && { eimTransactionId: id }) } };
    }
    this.offeredSeqNumbers = [];
    await this.provide({ eidValue: Buffer.from(this.eid, 'hex'), eimPackageResult: { ipaEuiccDataResponse: response } });
  }

  // ---- indirect profile download (S_IPA's part, S_eUICC behind it) ----

  /** The profileDownloadTriggerRequest of the last poll, remembered for the download steps. */
  takeDownloadTrigger(): DownloadState {
    const t = this.lastPackageResponse?.profileDownloadTriggerRequest;
    if (!t) throw new ScenarioOrderError(`the eIM sent no profileDownloadTriggerRequest (last answer: ${render(this.lastPackageResponse)})`);
    const { smdpAddress, matchingId } = parseActivationCode(t.profileDownloadData.activationCode);
    this.download = { eimTransactionId: Buffer.from(t.eimTransactionId), smdpAddress, matchingId, iccid: this.pendingIccid };
    return this.download;
  }

  private dl(): DownloadState {
    return this.download ?? this.takeDownloadTrigger();
  }

  /** MTD_INITIATE_AUTHENTICATION: GetEUICCInfo1 and GetEUICCChallenge on the card, then InitiateAuthenticationRequestEsipa. */
  async initiateAuthentication(o: { eimTransactionId?: 'own' | 'wrong'; smdpAddress?: string } = {}): Promise<AsnValue> {
    const d = this.dl();
    const euiccInfo1 = await this.t.card.es10('GetEuiccInfo1Request', {});
    const { euiccChallenge } = await this.t.card.es10('GetEuiccChallengeRequest', {});
    const id = o.eimTransactionId === 'wrong' ? Buffer.from(d.eimTransactionId).map((b) => b ^ 0xff) : d.eimTransactionId;
    d.challenge = euiccChallenge;
    d.initiate = await this.ipa.initiateAuthentication({ euiccChallenge, smdpAddress: o.smdpAddress ?? d.smdpAddress, euiccInfo1, ...(this.t.version !== 'v1.0' && { eimTransactionId: id }) });
    return d.initiate;
  }

  expectInitiateAnswer(template: Template): void {
    expectMatch('InitiateAuthenticationResponseEsipa', this.view('InitiateAuthenticationResponseEsipa', this.dl().initiate), template);
  }

  /** The challenge S_eUICC gave for the last InitiateAuthentication. */
  sentChallenge(): Uint8Array {
    const c = this.dl().challenge;
    if (!c) throw new ScenarioOrderError('S_IPA has not initiated authentication yet');
    return c;
  }

  /** MTD_AUTHENTICATE_CLIENT: ES10b.AuthenticateServer on the card, then AuthenticateClientRequestEsipa with its raw answer. */
  async authenticateClient(): Promise<AsnValue> {
    const d = this.dl();
    const ok = d.initiate?.initiateAuthenticationOkEsipa;
    if (!ok) throw new ScenarioOrderError(`InitiateAuthentication was not successful: ${render(d.initiate)}`);
    const asr = await this.t.card.raw(this.t.card.euicc.codec.encode('AuthenticateServerRequest', {
      serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1, euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed ?? ok.euiccCiPKIdToBeUsed,
      serverCertificate: ok.serverCertificate,
      ctxParams1: { ctxParamsForCommonAuthentication: { matchingId: d.matchingId, deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
    }));
    d.transactionId = Buffer.from(ok.transactionId);
    d.authenticate = await this.ipa.authenticateClient(tlv(0xbf3b, Buffer.concat([tlv(0x80, d.transactionId), asr])));
    return d.authenticate;
  }

  expectAuthenticateAnswer(template: Template): void {
    expectMatch('AuthenticateClientResponseEsipa', this.view('AuthenticateClientResponseEsipa', this.dl().authenticate), template);
  }

  /** MTD_GET_BOUND_PROFILE_PACKAGE: ES10b.PrepareDownload on the card, then GetBoundProfilePackageRequestEsipa. */
  async getBoundProfilePackage(): Promise<AsnValue> {
    const d = this.dl();
    const okDP = d.authenticate?.authenticateClientOkDPEsipa;
    if (!okDP || !d.transactionId) throw new ScenarioOrderError(`AuthenticateClient was not successful: ${render(d.authenticate)}`);
    const cc = okDP.smdpSigned2.ccRequiredFlag ? { hashCc: sha256(sha256(Buffer.from('')), d.transactionId) } : {};
    const pdr = await this.t.card.raw(this.t.card.euicc.codec.encode('PrepareDownloadRequest', { smdpSigned2: okDP.smdpSigned2, smdpSignature2: okDP.smdpSignature2, ...cc, smdpCertificate: okDP.smdpCertificate }));
    d.bpp = await this.ipa.getBoundProfilePackage(tlv(0xbf3a, Buffer.concat([tlv(0x80, d.transactionId), pdr])));
    return d.bpp;
  }

  expectBppAnswer(template: Template): void {
    expectMatch('GetBoundProfilePackageResponseEsipa', this.view('GetBoundProfilePackageResponseEsipa', this.dl().bpp), template);
  }

  /** ES10b.LoadBoundProfilePackage segment by segment; keeps the PIR. */
  async installBoundProfilePackage(): Promise<void> {
    const d = this.dl();
    const bpp = d.bpp?.getBoundProfilePackageOkEsipa?.boundProfilePackage;
    if (!bpp) throw new ScenarioOrderError(`GetBoundProfilePackage was not successful: ${render(d.bpp)}`);
    for (const segment of segmentBoundProfilePackage(this.c.encode('BoundProfilePackage', bpp))) {
      const answer = await this.t.card.raw(segment);
      if (answer.length) {
        d.pir = answer;
        return;
      }
    }
    throw new ScenarioOrderError('the card gave no ProfileInstallationResult');
  }

  /** MTD_HANDLE_NOTIFICATION with the PIR as pendingNotification. */
  async sendPir(): Promise<void> {
    const pir = this.dl().pir;
    if (!pir) throw new ScenarioOrderError('no ProfileInstallationResult to send');
    await this.ipa.handleNotification(tlv(0xbf3d, tlv(0xa0, pir)));
  }

  /** ES10b.CancelSession on the card, then CancelSessionRequestEsipa with its answer. */
  async cancelSession(reason: number): Promise<AsnValue> {
    const d = this.dl();
    if (!d.transactionId) throw new ScenarioOrderError('no RSP session to cancel');
    const c = this.t.card.euicc.codec;
    const response = await this.t.card.raw(c.encode('CancelSessionRequest', { transactionId: d.transactionId, reason }));
    const outer = tlvAt(response, 'CancelSessionResponse');
    d.cancel = await this.ipa.cancelSession(tlv(0xbf41, Buffer.concat([tlv(0x80, d.transactionId), tlv(0xa1, response.subarray(outer.start, outer.end))])));
    return d.cancel;
  }

  expectCancelAnswer(template: Template): void {
    expectMatch('CancelSessionResponseEsipa', this.view('CancelSessionResponseEsipa', this.dl().cancel), template);
  }

  /** PROC_INDIRECT_DOWNLOAD: the whole IPA side after the trigger, PIR included. */
  async indirectDownload(): Promise<void> {
    this.takeDownloadTrigger();
    await this.initiateAuthentication();
    await this.authenticateClient();
    await this.getBoundProfilePackage();
    await this.installBoundProfilePackage();
    await this.sendPir();
  }

  // ---- eUICC Package content checks ----

  /** eimSignature verifies with the eIM's public key the card was configured with, over euiccPackageSigned ‖ associationToken. */
  eimSignatureVerifies(): boolean {
    const der = this.c.encode('EuiccPackageRequest', this.lastPackage());
    const objects = dataObjects(der, 'EuiccPackageRequest', 0xbf51);
    const eim = this.t.card.euicc.state.eims.find((e) => e.eimId === this.t.eimId);
    const parts = { euiccPackageSigned: objects.get(0x30)!, associationToken: associationTokenTlv(eim?.associationToken) };
    return verifyRsp('eimSignature', this.t.eimKey, parts, this.lastPackage().eimSignature, this.t.version);
  }

  // ---- HTTP-level requests ----

  private poster(): RawEsipaPoster {
    if (!this.raw) {
      this.raw = new RawEsipaPoster({ baseUrl: this.t.esipaUrl, trust: this.t.trust, insecure: this.t.insecure, timeoutMs: this.ctx.config.timeouts.exchange, trace: this.ctx.trace.sink('S_IPA', IUT) });
    }
    return this.raw;
  }

  /** A POST to /gsma/rsp2/asn1 built wrong on purpose: `body` 'not DER' / 'GetEimPackageRequest', with header deviations. */
  async postAsn1(body: 'not DER' | 'GetEimPackageRequest', o: { contentType?: string; adminProtocol?: null } = {}): Promise<RawAnswer> {
    const bytes = body === 'not DER' ? Buffer.from('30ff0102zz-not-der', 'latin1') : Buffer.from(this.c.encode('EsipaMessageFromIpaToEim', { getEimPackageRequest: { eidValue: Buffer.from(this.eid, 'hex') } }));
    this.lastRaw = await this.poster().post('/gsma/rsp2/asn1', bytes, { contentType: o.contentType ?? 'application/x-gsma-rsp-asn1', adminProtocol: o.adminProtocol });
    return this.lastRaw;
  }

  expectHttpStatus(status: number): void {
    expectMatch('HTTP answer', { status: this.lastRaw?.status }, { status });
  }

  expectAnswerDecodes(type: string, template: Template): void {
    if (!this.lastRaw) throw new ScenarioOrderError('no raw request sent');
    expectMatch(type, this.view(type, this.c.decode(type, this.lastRaw.body)), template);
  }

  /** GetEimPackage over the JSON binding (a separate client, same trace). */
  async getEimPackageJson(): Promise<AsnValue> {
    this.jsonIpa ??= new EsipaClient({
      baseUrl: this.t.esipaUrl, trust: this.t.trust, insecureSkipVerify: this.t.insecure, version: this.t.version, binding: 'json',
      adminProtocol: this.ctx.config.adminProtocol, timeoutMs: this.ctx.config.timeouts.exchange, trace: this.ctx.trace.sink('S_IPA', IUT),
    });
    this.lastPackageResponse = await this.jsonIpa.getEimPackage({ eidValue: Buffer.from(this.eid, 'hex') });
    return this.lastPackageResponse;
  }

  private async cleanUp(): Promise<void> {
    this.raw?.close();
    await this.jsonIpa?.close();
    const trigger = this.t.trigger;
    if (!trigger.remove) return;
    for (const h of this.orders) await trigger.remove(h).catch(() => undefined);
  }
}

/** A copy of a signature with one bit flipped. */
function flipped(signature: Uint8Array): Buffer {
  const out = Buffer.from(signature);
  out[10] ^= 0x01;
  return out;
}

/** Sequence numbers a result and its notifications carry (what the eIM may acknowledge). */
function offeredSeqNumbers(eimPackageResult: AsnValue): number[] {
  const seqOf = (r: AsnValue | undefined): number[] => {
    const signed = r?.euiccPackageResultSigned?.euiccPackageResultDataSigned ?? r?.euiccPackageErrorSigned?.euiccPackageErrorDataSigned;
    return signed?.seqNumber === undefined ? [] : [Number(signed.seqNumber)];
  };
  const epr = eimPackageResult.ePRAndNotifications;
  if (!epr) return seqOf(eimPackageResult.euiccPackageResult);
  const notes = (epr.notificationList as AsnValue[]).map((n) => {
    const meta = n.profileInstallationResult?.profileInstallationResultData?.notificationMetadata ?? n.otherSignedNotification?.tbsOtherNotification;
    return meta?.seqNumber === undefined ? undefined : Number(meta.seqNumber);
  }).filter((n): n is number => n !== undefined);
  return [...seqOf(epr.euiccPackageResult), ...notes];
}
