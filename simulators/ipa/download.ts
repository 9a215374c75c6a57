/**
 * Profile download on a ProfileDownloadTriggerRequest (SGP.32 §3.2.3; SGP.22 §3.0.1 common mutual
 * authentication, §3.1.3 download and installation), IPA side, over one of two routes:
 *  - indirect (SGP.32 §3.2.3.2): through the eIM's ESipa download functions, used when the card's
 *    EimConfigurationData for this eIM has indirectProfileDownload, in v1.0, or when the IPA lacks
 *    directRspServerCommunication;
 *  - direct: ES9+ to the SM-DP+ itself, then profileDownloadTriggerResult to the eIM.
 * The card's signed answers (AuthenticateServerResponse, PrepareDownloadResponse, CancelSessionResponse,
 * the PIR) are relayed as the card sent them (relay.ts). A refusal by the eIM or the SM-DP+ after the
 * card opened a session ends it with ES10b.CancelSession and a CancelSession to the server.
 */
import { createHash } from 'node:crypto';
import { codec, toHex } from '../../src/asn1';
import { BppError } from '../../src/crypto/bpp-errors';
import { segmentBoundProfilePackage } from '../../src/crypto/bpp-segments';
import { dataObjects } from '../../src/crypto/rsp-signatures';
import { swappedBcdToIccid } from '../../src/profile';
import { CardResponseError, CardStatusError } from '../../src/transport/apdu';
import { CardLinkError } from '../../src/transport/card';
import { AsnValue, Es9PlusClient, FunctionFailedError } from '../../src/transport/http';
import { ActivationCode, parseActivationCode } from './activation-code';
import { Cycle } from './cycle';
import { authenticateServerResponseForEim, cancelSessionResponseForEim, prepareDownloadResponseForEim } from './compaction';
import { ES10 } from './es10';
import { CardAnswerError, IpaConfigError, PeerRefusedError, UnsupportedPackageError } from './errors';
import { provideEimPackageResult } from './eim-result';
import { deliverEs9, es9Client, handleNotificationEsipa, removeNotifications } from './notifications';
import { deviceInfo } from './options';
import { choiceFrom, codeName, codeNumber, nodeAt, octets, sequenceFrom, transactionRequest } from './relay';
import { DownloadReport } from './report';

const rsp = () => codec('RSPDefinitions');

/** What InitiateAuthentication gives the card's AuthenticateServer, whichever route it came by. */
interface Authentication {
  transactionId: Uint8Array;
  serverSigned1: AsnValue;
  serverSignature1: Uint8Array;
  euiccCiPKIdToBeUsed: Uint8Array;
  serverCertificate: unknown;
  matchingId?: string;
  ctxParams1?: AsnValue;
}

/** The SM-DP+ end of a download as the IPA reaches it. Refusals throw PeerRefusedError. */
interface RspRoute {
  readonly name: DownloadReport['route'];
  initiateAuthentication(euiccChallenge: Uint8Array, smdpAddress: string, euiccInfo1: AsnValue): Promise<Authentication>;
  /** Resolves with the AuthenticateClientOk(DPEsipa) value. */
  authenticateClient(transactionId: Uint8Array, authenticateServerResponse: Uint8Array): Promise<AsnValue>;
  /** Resolves with the BoundProfilePackage DER (BF36); `smdpSigned2` is the one the card prepared with. */
  getBoundProfilePackage(transactionId: Uint8Array, prepareDownloadResponse: Uint8Array, smdpSigned2: AsnValue): Promise<Uint8Array>;
  cancelSession(transactionId: Uint8Array, cancelSessionResponse: Uint8Array): Promise<void>;
  /** Delivers the PIR; resolves whether it was accepted. */
  handleNotification(pir: Uint8Array): Promise<boolean>;
  close(): Promise<void>;
}

/** Indirect: the eIM relays to the SM-DP+ (ES9+'). */
class EsipaRoute implements RspRoute {
  readonly name = 'indirect';
  constructor(private readonly cycle: Cycle, private readonly eimTransactionId: Uint8Array | undefined) {}

  /** The error alternative's name, thrown as a refusal. */
  private refuse(step: string, answer: { alternative: string; value: AsnValue }, type: string, alternative: string): never {
    throw new PeerRefusedError(step, codeName(this.cycle.codec, answer.value[alternative], type, alternative));
  }

  async initiateAuthentication(euiccChallenge: Uint8Array, smdpAddress: string, euiccInfo1: AsnValue): Promise<Authentication> {
    const { eim, version } = this.cycle;
    const request = { euiccChallenge, smdpAddress, euiccInfo1, ...(version === 'v1.2' && this.eimTransactionId && { eimTransactionId: this.eimTransactionId }) };
    const answer = await eim.expect('initiateAuthenticationRequestEsipa', eim.encode('initiateAuthenticationRequestEsipa', request), 'initiateAuthenticationResponseEsipa');
    const ok = answer.value.initiateAuthenticationOkEsipa;
    if (!ok) this.refuse('initiateAuthentication', answer, 'InitiateAuthenticationResponseEsipa', 'initiateAuthenticationErrorEsipa');
    return {
      transactionId: ok.transactionId ?? ok.serverSigned1.transactionId,
      serverSigned1: ok.serverSigned1,
      serverSignature1: ok.serverSignature1,
      // v1.2 euiccCiPKIdentifierToBeUsed, v1.0 euiccCiPKIdToBeUsed
      euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed ?? ok.euiccCiPKIdToBeUsed,
      serverCertificate: ok.serverCertificate,
      ...(ok.matchingId !== undefined && { matchingId: ok.matchingId }),
      ...(ok.ctxParams1 !== undefined && { ctxParams1: ok.ctxParams1 }),
    };
  }

  async authenticateClient(transactionId: Uint8Array, authenticateServerResponse: Uint8Array): Promise<AsnValue> {
    const { eim, codec: c } = this.cycle;
    const sent = authenticateServerResponseForEim(this.cycle, authenticateServerResponse);
    const body = transactionRequest(c, 'AuthenticateClientRequestEsipa', transactionId, 'authenticateServerResponse', sent);
    const answer = await eim.expect('authenticateClientRequestEsipa', body, 'authenticateClientResponseEsipa');
    if (answer.value.authenticateClientOkDPEsipa) return answer.value.authenticateClientOkDPEsipa;
    if (answer.value.authenticateClientOkDSEsipa) throw new PeerRefusedError('authenticateClient', 'authenticateClientOkDSEsipa: SM-DS event retrieval is not supported');
    this.refuse('authenticateClient', answer, 'AuthenticateClientResponseEsipa', 'authenticateClientErrorEsipa');
  }

  async getBoundProfilePackage(transactionId: Uint8Array, prepareDownloadResponse: Uint8Array, smdpSigned2: AsnValue): Promise<Uint8Array> {
    const { eim, codec: c } = this.cycle;
    const sent = prepareDownloadResponseForEim(this.cycle, prepareDownloadResponse, smdpSigned2.bppEuiccOtpk);
    const body = transactionRequest(c, 'GetBoundProfilePackageRequestEsipa', transactionId, 'prepareDownloadResponse', sent);
    const answer = await eim.expect('getBoundProfilePackageRequestEsipa', body, 'getBoundProfilePackageResponseEsipa');
    if (!answer.value.getBoundProfilePackageOkEsipa) {
      this.refuse('getBoundProfilePackage', answer, 'GetBoundProfilePackageResponseEsipa', 'getBoundProfilePackageErrorEsipa');
    }
    // The BPP as the SM-DP+ protected it, from inside the ok alternative.
    const ok = nodeAt(c, 'GetBoundProfilePackageResponseEsipa', 'getBoundProfilePackageOkEsipa').tag;
    const bpp = nodeAt(c, 'GetBoundProfilePackageOkEsipa', 'boundProfilePackage').tag;
    return dataObjects(answer.inner, 'GetBoundProfilePackageOkEsipa', ok).get(bpp)!;
  }

  async cancelSession(transactionId: Uint8Array, cancelSessionResponse: Uint8Array): Promise<void> {
    const { eim, codec: c } = this.cycle;
    const sent = cancelSessionResponseForEim(this.cycle, cancelSessionResponse);
    const body = transactionRequest(c, 'CancelSessionRequestEsipa', transactionId, 'cancelSessionResponse', sent);
    await eim.expect('cancelSessionRequestEsipa', body, 'cancelSessionResponseEsipa');
  }

  async handleNotification(pir: Uint8Array): Promise<boolean> {
    await handleNotificationEsipa(this.cycle, pir);
    return true;
  }

  async close(): Promise<void> {}
}

/** Direct: ES9+ to the SM-DP+, requests carrying the card's answers byte for byte. */
class Es9Route implements RspRoute {
  readonly name = 'direct';
  private readonly client: Es9PlusClient;
  constructor(private readonly cycle: Cycle, private readonly address: string) {
    this.client = es9Client(cycle, address);
  }

  private async call<T>(fn: string, run: () => Promise<T>): Promise<T> {
    const url = this.client.http.baseUrl;
    try {
      const out = await run();
      this.cycle.report.es9plus.push({ url, function: fn });
      this.cycle.log(`es9plus ${fn} ${url} -> ok`);
      return out;
    } catch (e) {
      this.cycle.report.es9plus.push({ url, function: fn, error: (e as Error).message });
      this.cycle.log(`es9plus ${fn} ${url} -> ${(e as Error).name}: ${(e as Error).message}`);
      if (e instanceof FunctionFailedError) {
        const s = e.statusCodeData;
        throw new PeerRefusedError(fn, s ? `${s.subjectCode}/${s.reasonCode}${e.asn1Error !== undefined ? ` ${e.asn1Error}` : ''}` : e.status, e);
      }
      throw e;
    }
  }

  async initiateAuthentication(euiccChallenge: Uint8Array, smdpAddress: string, euiccInfo1: AsnValue): Promise<Authentication> {
    const ok = await this.call('initiateAuthentication', () => this.client.initiateAuthentication({ euiccChallenge, smdpAddress, euiccInfo1 }));
    return {
      transactionId: ok.transactionId, serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1,
      euiccCiPKIdToBeUsed: ok.euiccCiPKIdToBeUsed, serverCertificate: ok.serverCertificate,
    };
  }

  authenticateClient(transactionId: Uint8Array, authenticateServerResponse: Uint8Array): Promise<AsnValue> {
    const request = transactionRequest(rsp(), 'AuthenticateClientRequest', transactionId, 'authenticateServerResponse', authenticateServerResponse);
    return this.call('authenticateClient', () => this.client.authenticateClient(request));
  }

  async getBoundProfilePackage(transactionId: Uint8Array, prepareDownloadResponse: Uint8Array): Promise<Uint8Array> {
    const request = transactionRequest(rsp(), 'GetBoundProfilePackageRequest', transactionId, 'prepareDownloadResponse', prepareDownloadResponse);
    const ok = await this.call('getBoundProfilePackage', () => this.client.getBoundProfilePackage(request));
    return rsp().encode('BoundProfilePackage', ok.boundProfilePackage);
  }

  async cancelSession(transactionId: Uint8Array, cancelSessionResponse: Uint8Array): Promise<void> {
    const request = transactionRequest(rsp(), 'CancelSessionRequestEs9', transactionId, 'cancelSessionResponse', cancelSessionResponse);
    await this.call('cancelSession', () => this.client.cancelSession(request));
  }

  handleNotification(pir: Uint8Array): Promise<boolean> {
    return deliverEs9(this.cycle, this.address, pir);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** Where to download from and with which matchingId. */
async function target(cycle: Cycle, data: AsnValue | undefined): Promise<ActivationCode> {
  if (data?.activationCode !== undefined) return parseActivationCode(data.activationCode);
  if (data?.contactDefaultSmdp !== undefined) {
    const { value } = await cycle.card.call(ES10.getEuiccConfiguredAddresses, {});
    if (!value.defaultDpAddress) throw new UnsupportedPackageError('contactDefaultSmdp', 'the card has no default SM-DP+ address');
    return { smdpAddress: value.defaultDpAddress, confirmationCodeRequired: false };
  }
  if (data?.contactSmds !== undefined) throw new UnsupportedPackageError('contactSmds', 'SM-DS event retrieval is not supported');
  throw new UnsupportedPackageError('profileDownloadData', 'absent: eimDownloadDataHandling is not an IPA capability here');
}

const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

/** SGP.22 §3.1.3: CancelSessionReason names. */
type CancelReason = 'endUserRejection' | 'postponed' | 'timeout' | 'pprNotAllowed' | 'metadataMismatch' | 'loadBppExecutionError' | 'undefinedReason';

/** ES10b.CancelSession, relayed to the server; failures of the relay are logged, the cause of the cancel is what the cycle reports. */
async function cancel(cycle: Cycle, route: RspRoute, transactionId: Uint8Array, reason: CancelReason, report: DownloadReport): Promise<void> {
  report.cancelled = reason;
  const request = { transactionId, reason: codeNumber(cycle.codec, reason, 'CancelSessionReason') };
  const answer = await cycle.card.send(cycle.codec.encode(ES10.cancelSession.request, request), ES10.cancelSession.name);
  try {
    await route.cancelSession(transactionId, answer);
  } catch (e) {
    cycle.log(`cancelSession not delivered: ${(e as Error).message}`);
  }
}

/** The cancel reason for a refused GetBoundProfilePackage (SGP.22 CancelSessionReason). */
function bppRefusalReason(e: PeerRefusedError): CancelReason {
  return /metadataMismatch|profileMetadataMismatch/i.test(e.reason) ? 'metadataMismatch' : 'undefinedReason';
}

/** Sends the segments until the card answers with data: the ProfileInstallationResult (SGP.22 §2.5.5). */
async function loadBpp(cycle: Cycle, segments: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  for (const segment of segments) {
    const answer = await cycle.card.send(segment, 'LoadBoundProfilePackage');
    if (answer.length) return answer;
  }
  return undefined;
}

/** ImmediateEnable (v1.0 EnableUsingDD) right after a successful installation. */
async function immediateEnable(cycle: Cycle, report: DownloadReport): Promise<void> {
  const v12 = cycle.version === 'v1.2';
  const command = v12 ? ES10.immediateEnable : ES10.enableUsingDD;
  const { value } = await cycle.card.call(command, v12 ? { refreshFlag: cycle.options.refreshFlag ?? false } : {});
  const field = v12 ? 'immediateEnableResult' : 'enableUsingDDResult';
  report.immediateEnable = codeName(cycle.codec, value[field], command.response, field);
  // The enabled profile changed locally: the eIM hears of it with the next GetEimPackageRequest (v1.2 StateChangeCause).
  if (value[field] === 0) cycle.stateChanged('immediateEnableProfile');
}

/** The download itself; resolves with the PIR (BF37) once delivered, or throws. */
async function download(cycle: Cycle, route: RspRoute, to: ActivationCode, report: DownloadReport): Promise<Uint8Array> {
  const { card, codec: c, options } = cycle;
  const info1 = await card.call(ES10.getEuiccInfo1, {});
  const { euiccChallenge } = (await card.call(ES10.getEuiccChallenge, {})).value;
  const auth = await route.initiateAuthentication(euiccChallenge, to.smdpAddress, info1.value);
  const transactionId = auth.transactionId;
  report.transactionId = toHex(transactionId);
  const matchingId = auth.matchingId ?? to.matchingId;
  const ctxParams1 = auth.ctxParams1 ?? {
    ctxParamsForCommonAuthentication: { ...(matchingId !== undefined && { matchingId }), deviceInfo: deviceInfo(options) },
  };
  const authenticateServerResponse = await card.send(c.encode(ES10.authenticateServer.request, {
    serverSigned1: auth.serverSigned1, serverSignature1: auth.serverSignature1, euiccCiPKIdToBeUsed: auth.euiccCiPKIdToBeUsed,
    serverCertificate: auth.serverCertificate, ctxParams1,
  }), ES10.authenticateServer.name);

  const refused = async (e: unknown, reason: (e: PeerRefusedError) => CancelReason): Promise<never> => {
    if (e instanceof PeerRefusedError) await cancel(cycle, route, transactionId, reason(e), report);
    throw e;
  };
  const ok = await route.authenticateClient(transactionId, authenticateServerResponse).catch((e) => refused(e, () => 'undefinedReason'));
  let hashCc: Buffer | undefined;
  if (ok.smdpSigned2.ccRequiredFlag) {
    if (options.confirmationCode === undefined) {
      await cancel(cycle, route, transactionId, 'endUserRejection', report);
      throw new IpaConfigError('confirmationCode', 'the SM-DP+ requires a confirmation code and none is configured');
    }
    hashCc = sha256(sha256(Buffer.from(options.confirmationCode, 'utf8')), transactionId);
  }
  const prepareDownloadResponse = await card.send(c.encode(ES10.prepareDownload.request, {
    smdpSigned2: ok.smdpSigned2, smdpSignature2: ok.smdpSignature2, ...(hashCc && { hashCc }), smdpCertificate: ok.smdpCertificate,
  }), ES10.prepareDownload.name);
  const bpp = await route.getBoundProfilePackage(transactionId, prepareDownloadResponse, ok.smdpSigned2).catch((e) => refused(e, bppRefusalReason));

  let segments: Buffer[];
  try {
    segments = segmentBoundProfilePackage(bpp);
  } catch (e) {
    if (e instanceof BppError) await cancel(cycle, route, transactionId, 'loadBppExecutionError', report);
    throw e;
  }
  const pir = await loadBpp(cycle, segments);
  if (!pir) {
    await cancel(cycle, route, transactionId, 'loadBppExecutionError', report);
    throw new CardAnswerError('LoadBoundProfilePackage', 'no ProfileInstallationResult after the last segment');
  }
  let result: AsnValue;
  try {
    result = c.decode('ProfileInstallationResult', pir);
  } catch (e) {
    throw new CardAnswerError('LoadBoundProfilePackage', `undecodable ProfileInstallationResult: ${(e as Error).message}`, e);
  }
  const data = result.profileInstallationResultData;
  report.result = data.finalResult.successResult ? 'success' : 'error';
  if (data.notificationMetadata.iccid) report.iccid = swappedBcdToIccid(data.notificationMetadata.iccid);
  if (report.result === 'success' && options.immediateEnable !== false) await immediateEnable(cycle, report);
  if (await route.handleNotification(pir)) {
    cycle.report.notifications.delivered.push({ seqNumber: Number(data.notificationMetadata.seqNumber), via: route.name === 'direct' ? 'es9plus' : 'esipa' });
    await removeNotifications(cycle, [Number(data.notificationMetadata.seqNumber)]);
  }
  return pir;
}

const fromCard = (e: unknown) => e instanceof CardStatusError || e instanceof CardResponseError || e instanceof CardLinkError || e instanceof CardAnswerError;

/** ProfileDownloadTriggerResult (BF54): the PIR as the card signed it, or profileDownloadError undefinedError. */
function triggerResult(cycle: Cycle, eimTransactionId: Uint8Array | undefined, pir: Uint8Array | undefined): Uint8Array {
  const c = cycle.codec;
  const tid = eimTransactionId !== undefined ? { eimTransactionId } : {};
  if (pir === undefined) {
    const error = cycle.version === 'v1.2' ? { profileDownloadErrorReason: codeNumber(c, 'undefinedError', 'ProfileDownloadTriggerResult', 'profileDownloadTriggerResultData', 'profileDownloadError', 'profileDownloadErrorReason') } : {};
    return c.encode('ProfileDownloadTriggerResult', { ...tid, profileDownloadTriggerResultData: { profileDownloadError: error } });
  }
  return sequenceFrom(c.node('ProfileDownloadTriggerResult'), {
    ...(eimTransactionId !== undefined && { eimTransactionId: octets(eimTransactionId) }),
    profileDownloadTriggerResultData: choiceFrom(nodeAt(c, 'ProfileDownloadTriggerResult', 'profileDownloadTriggerResultData'), 'profileInstallationResult', pir),
  });
}

/**
 * Runs the download a ProfileDownloadTriggerRequest asks for. The card's EimConfigurationData is read
 * again first (the TTCN IPAd suite expects BF55 here) to see whether this eIM wants indirect download.
 * The direct route, and a trigger the IPA cannot follow, end with profileDownloadTriggerResult to the
 * eIM; the indirect route's outcome reaches the eIM through the ESipa download functions themselves.
 */
export async function profileDownload(cycle: Cycle, trigger: AsnValue): Promise<void> {
  cycle.report.package = 'profileDownloadTriggerRequest';
  const eimTransactionId: Uint8Array | undefined = trigger.eimTransactionId;
  const config = await cycle.readEimConfig();
  const direct = cycle.options.directDownload === true && cycle.version === 'v1.2' && config?.indirectProfileDownload === undefined;
  const report: DownloadReport = { route: direct ? 'direct' : 'indirect' };
  cycle.report.download = report;
  let to: ActivationCode;
  try {
    to = await target(cycle, trigger.profileDownloadData);
  } catch (e) {
    if (!(e instanceof UnsupportedPackageError)) throw e;
    await provideEimPackageResult(cycle, 'profileDownloadTriggerResult', triggerResult(cycle, eimTransactionId, undefined));
    throw e;
  }
  report.smdpAddress = to.smdpAddress;
  if (to.matchingId !== undefined) report.matchingId = to.matchingId;
  const route: RspRoute = direct ? new Es9Route(cycle, to.smdpAddress) : new EsipaRoute(cycle, eimTransactionId);
  try {
    if (!direct) {
      await download(cycle, route, to, report);
      return;
    }
    let pir: Uint8Array | undefined;
    let failure: unknown;
    try {
      pir = await download(cycle, route, to, report);
    } catch (e) {
      // A card that failed ends the cycle as it is; the eIM hears of the other failures.
      if (fromCard(e)) throw e;
      failure = e;
    }
    // The eIM hears the outcome of a direct download either way: it asked for it and is not on the path.
    await provideEimPackageResult(cycle, 'profileDownloadTriggerResult', triggerResult(cycle, eimTransactionId, pir));
    if (failure) throw failure;
  } finally {
    await route.close();
  }
}
