/**
 * The IPA's part of an ES9+ download in tests: an Es9PlusClient towards S_SM-DP+ and an
 * euiccFixture card behind APDUs. The eUICC-signed answers are relayed as the card produced them:
 * through the client's methods when their decoded value re-encodes to the same bytes, else (an
 * SGP.32 v1.2 AuthenticateServerResponse, whose EUICCInfo2 extensions RSPDefinitions drops) as raw
 * base64 in a JSON request sent with the client's own HTTP connection.
 */
import { createHash } from 'node:crypto';
import { codec, toHex } from '../../../src/asn1';
import { segmentBoundProfilePackage } from '../../../src/crypto/bpp-segments';
import {
  AsnValue, Es9PlusClient, ES9PLUS_JSON_PREFIX, FunctionFailedError, jsonToSequence, postJson, readResponseHeader,
} from '../../../src/transport/http';
import { EuiccFixture, loadSegments } from '../euicc/fixture';

const rsp = codec('RSPDefinitions');

export interface IpaOptions {
  address: string;
  matchingId?: string;
  /** The code the "user" enters when ccRequiredFlag is set. */
  confirmationCode?: string;
  /** Relay AuthenticateServerResponse through `es9.authenticateClient` (decoded, re-encoded): only for v1.0 cards. */
  viaClient?: boolean;
  /** The transactionId put in the AuthenticateClient request (default the session's). */
  outerTransactionId?: Buffer;
}

export interface Authenticated {
  transactionId: Buffer;
  ok: AsnValue;
}

/** Relays `member` (a whole TLV) of `fn` as base64, the rest as given; answers the ok value or throws FunctionFailedError. */
export async function relayJson(es9: Es9PlusClient, fn: string, okType: string, members: Record<string, string>): Promise<AsnValue> {
  const answer = await postJson(es9.http, `${ES9PLUS_JSON_PREFIX}${fn}`, { header: { functionRequesterIdentifier: 'ipa', functionCallIdentifier: `${fn}-${Date.now()}` }, ...members });
  const { status, statusCodeData } = readResponseHeader(answer!, fn).functionExecutionStatus;
  if (status !== 'Executed-Success' && status !== 'Executed-WithWarning') throw new FunctionFailedError(fn, status, statusCodeData);
  return jsonToSequence(rsp, okType, answer!);
}

/** GetEUICCInfo1/Challenge, InitiateAuthentication, AuthenticateServer on the card, AuthenticateClient. */
export async function authenticate(f: EuiccFixture, es9: Es9PlusClient, o: IpaOptions): Promise<Authenticated> {
  const euiccInfo1 = await f.es10('GetEuiccInfo1Request', {});
  const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
  const init = await es9.initiateAuthentication({ euiccChallenge, smdpAddress: o.address, euiccInfo1 });
  const { transactionId, ...toCard } = init;
  const request = {
    ...toCard,
    ctxParams1: { ctxParamsForCommonAuthentication: { ...(o.matchingId !== undefined && { matchingId: o.matchingId }), deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
  };
  const answer = Buffer.from(await f.raw(f.encode('AuthenticateServerRequest', request)));
  const outer = o.outerTransactionId ?? transactionId;
  const ok = o.viaClient
    ? await es9.authenticateClient({ transactionId: outer, authenticateServerResponse: rsp.decode('AuthenticateServerResponse', answer) })
    : await relayJson(es9, 'authenticateClient', 'AuthenticateClientOk', { transactionId: toHex(outer).toUpperCase(), authenticateServerResponse: answer.toString('base64') });
  return { transactionId: Buffer.from(transactionId), ok };
}

/** PrepareDownload on the card, with the hashCc of `confirmationCode` when the SM-DP+ asked for one. */
export async function prepare(f: EuiccFixture, auth: Authenticated, confirmationCode?: string): Promise<Uint8Array> {
  const { smdpSigned2, smdpSignature2, smdpCertificate } = auth.ok;
  const cc = smdpSigned2.ccRequiredFlag && confirmationCode !== undefined
    ? { hashCc: sha256(sha256(Buffer.from(confirmationCode)), auth.transactionId) } : {};
  return f.raw(f.encode('PrepareDownloadRequest', { smdpSigned2, smdpSignature2, ...cc, smdpCertificate }));
}

export async function getBpp(es9: Es9PlusClient, auth: Authenticated, prepareDownloadResponse: Uint8Array): Promise<Buffer> {
  const ok = await es9.getBoundProfilePackage({ transactionId: auth.transactionId, prepareDownloadResponse: rsp.decode('PrepareDownloadResponse', prepareDownloadResponse) });
  return Buffer.from(rsp.encode('BoundProfilePackage', ok.boundProfilePackage));
}

/** Loads a BPP in its ES10b.LoadBoundProfilePackage segments (SGP.22 §2.5.5); resolves with the PIR. */
export async function install(f: EuiccFixture, bpp: Buffer): Promise<Uint8Array> {
  const answers = await loadSegments(f, segmentBoundProfilePackage(bpp));
  return answers.at(-1)!;
}

/** The whole download; resolves with the PIR after HandleNotification delivered it. */
export async function downloadOverEs9(f: EuiccFixture, es9: Es9PlusClient, o: IpaOptions): Promise<{ auth: Authenticated; pir: Uint8Array }> {
  const auth = await authenticate(f, es9, o);
  const bpp = await getBpp(es9, auth, await prepare(f, auth, o.confirmationCode));
  const pir = await install(f, bpp);
  await es9.handleNotification({ pendingNotification: { profileInstallationResult: rsp.decode('ProfileInstallationResult', pir) } });
  return { auth, pir };
}

function sha256(...parts: Uint8Array[]): Buffer {
  return parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
}
