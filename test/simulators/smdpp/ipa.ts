/**
 * The IPA's part of an ES9+ download in tests: an Es9PlusClient towards S_SM-DP+ and a card behind
 * raw ES10 commands (an S_eUICC fixture, or the stand-in). Each request goes out as the DER of its
 * ES9+ request type with the card's answer inside exactly as the card produced it, so nothing the
 * eUICC signed is decoded and re-encoded on the way (RSPDefinitions would drop the SGP.32 v1.2
 * EUICCInfo2 fields, and euiccSignature1 would no longer verify).
 */
import { createHash } from 'node:crypto';
import { codec, tlv, tlvAt } from '../../../src/asn1';
import { segmentBoundProfilePackage } from '../../../src/crypto/bpp-segments';
import { AsnValue, Es9PlusClient } from '../../../src/transport/http';
import { EuiccFixture, loadSegments } from '../euicc/fixture';
import type { RawCard } from './euicc-stand-in';

const rsp = codec('RSPDefinitions');
const members = (tag: number, ...parts: Uint8Array[]) => tlv(tag, Buffer.concat(parts));
const transactionIdTlv = (transactionId: Uint8Array) => tlv(0x80, transactionId);

/** DER of the ES9+ request types (RSPDefinitions, AUTOMATIC TAGS) around components relayed as they are. */
export const es9Request = {
  initiateAuthentication: (euiccChallenge: Uint8Array, smdpAddress: string, euiccInfo1: Uint8Array) =>
    members(0xbf39, tlv(0x81, euiccChallenge), tlv(0x83, Buffer.from(smdpAddress, 'utf8')), euiccInfo1),
  authenticateClient: (transactionId: Uint8Array, authenticateServerResponse: Uint8Array) =>
    members(0xbf3b, transactionIdTlv(transactionId), authenticateServerResponse),
  getBoundProfilePackage: (transactionId: Uint8Array, prepareDownloadResponse: Uint8Array) =>
    members(0xbf3a, transactionIdTlv(transactionId), prepareDownloadResponse),
  /** The untagged PendingNotification CHOICE sits in an explicit [0]. */
  handleNotification: (pendingNotification: Uint8Array) => members(0xbf3d, tlv(0xa0, pendingNotification)),
  /** [1] replaces the BF41 of the eUICC's CancelSessionResponse; its content is untouched. */
  cancelSession: (transactionId: Uint8Array, cancelSessionResponse: Uint8Array) => {
    const { start, end } = tlvAt(cancelSessionResponse, 'cancelSessionResponse');
    return members(0xbf41, transactionIdTlv(transactionId), tlv(0xa1, cancelSessionResponse.subarray(start, end)));
  },
};

export interface IpaOptions {
  address: string;
  matchingId?: string;
  /** The code the "user" enters when ccRequiredFlag is set. */
  confirmationCode?: string;
  /** The transactionId put in the AuthenticateClient request (default the session's). */
  outerTransactionId?: Buffer;
}

export interface Authenticated {
  transactionId: Buffer;
  ok: AsnValue;
}

/** GetEUICCInfo1 and GetEUICCChallenge on the card, then InitiateAuthentication with them (`euiccInfo1` replaces the card's). */
export async function initiate(card: RawCard, es9: Es9PlusClient, address: string, euiccInfo1?: Uint8Array): Promise<AsnValue> {
  const info1 = euiccInfo1 ?? await card.raw(card.encode('GetEuiccInfo1Request', {}));
  const { euiccChallenge } = rsp.decode('GetEuiccChallengeResponse', await card.raw(card.encode('GetEuiccChallengeRequest', {})));
  return es9.initiateAuthentication(es9Request.initiateAuthentication(euiccChallenge, address, info1));
}

/** InitiateAuthentication, AuthenticateServer on the card, AuthenticateClient. */
export async function authenticate(card: RawCard, es9: Es9PlusClient, o: IpaOptions): Promise<Authenticated> {
  const { transactionId, ...toCard } = await initiate(card, es9, o.address);
  const request = {
    ...toCard,
    ctxParams1: { ctxParamsForCommonAuthentication: { ...(o.matchingId !== undefined && { matchingId: o.matchingId }), deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
  };
  const answer = await card.raw(card.encode('AuthenticateServerRequest', request));
  const ok = await es9.authenticateClient(es9Request.authenticateClient(o.outerTransactionId ?? transactionId, answer));
  return { transactionId: Buffer.from(transactionId), ok };
}

/** PrepareDownload on the card, with the hashCc of `confirmationCode` when the SM-DP+ asked for one. */
export async function prepare(card: RawCard, auth: Authenticated, confirmationCode?: string): Promise<Uint8Array> {
  const { smdpSigned2, smdpSignature2, smdpCertificate } = auth.ok;
  const cc = smdpSigned2.ccRequiredFlag && confirmationCode !== undefined
    ? { hashCc: sha256(sha256(Buffer.from(confirmationCode)), auth.transactionId) } : {};
  return card.raw(card.encode('PrepareDownloadRequest', { smdpSigned2, smdpSignature2, ...cc, smdpCertificate }));
}

/** GetBoundProfilePackage; resolves with the BPP (BF36). */
export async function getBpp(es9: Es9PlusClient, auth: Pick<Authenticated, 'transactionId'>, prepareDownloadResponse: Uint8Array): Promise<Buffer> {
  const ok = await es9.getBoundProfilePackage(es9Request.getBoundProfilePackage(auth.transactionId, prepareDownloadResponse));
  return Buffer.from(rsp.encode('BoundProfilePackage', ok.boundProfilePackage));
}

/** Loads a BPP in its ES10b.LoadBoundProfilePackage segments (SGP.22 §2.5.5); resolves with the PIR. */
export async function install(f: EuiccFixture, bpp: Buffer): Promise<Uint8Array> {
  const answers = await loadSegments(f, segmentBoundProfilePackage(bpp));
  return answers.at(-1)!;
}

/** HandleNotification of a PendingNotification (a PIR, BF37, or an OtherSignedNotification, 30) as the card made it. */
export function notify(es9: Es9PlusClient, pendingNotification: Uint8Array): Promise<void> {
  return es9.handleNotification(es9Request.handleNotification(pendingNotification));
}

/** ES10b.CancelSession on the card, then ES9+ CancelSession with its signed answer. */
export async function cancel(card: RawCard, es9: Es9PlusClient, transactionId: Uint8Array, reason: number): Promise<Uint8Array> {
  const answer = await card.raw(card.encode('CancelSessionRequest', { transactionId, reason }));
  await es9.cancelSession(es9Request.cancelSession(transactionId, answer));
  return answer;
}

/** The whole download; resolves with the PIR after HandleNotification delivered it. */
export async function downloadOverEs9(f: EuiccFixture, es9: Es9PlusClient, o: IpaOptions): Promise<{ auth: Authenticated; pir: Uint8Array }> {
  const auth = await authenticate(f, es9, o);
  const bpp = await getBpp(es9, auth, await prepare(f, auth, o.confirmationCode));
  const pir = await install(f, bpp);
  await notify(es9, pir);
  return { auth, pir };
}

function sha256(...parts: Uint8Array[]): Buffer {
  return parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
}
