/**
 * The IPA's part of an indirect profile download in S_eIM tests (SGP.32 §3.2.3.2), one step per
 * function, with an S_eUICC card behind APDUs. Everything the card signs goes to the eIM as the card
 * produced it: each ESipa request is built around the card's raw answer, or its compact form
 * (minimizeEsipaBytes) when asked.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { tlv, tlvAt } from '../../../src/asn1';
import { segmentBoundProfilePackage } from '../../../src/crypto/bpp-segments';
import { AsnValue } from '../../../src/transport/http';
import {
  AuthenticateCompactOptions, compactAuthenticateServerResponse, compactCancelSessionResponse, compactPrepareDownloadResponse, compactProfileInstallationResult,
} from '../../../simulators/eim/compact';
import { parseActivationCode } from '../../../simulators/eim/order-input';
import { loadSegments } from '../euicc/fixture';
import { EimBench, poll } from './bench';

export interface Trigger {
  eimTransactionId: Buffer;
  smdpAddress: string;
  matchingId: string;
}

/** GetEimPackage answered with a profileDownloadTriggerRequest carrying an activation code. */
export async function trigger(b: EimBench): Promise<Trigger> {
  const answer = await poll(b);
  const t = answer.profileDownloadTriggerRequest;
  assert.ok(t, `expected a profile download trigger, got ${JSON.stringify(b.c.toJSON('GetEimPackageResponse', answer))}`);
  return { eimTransactionId: Buffer.from(t.eimTransactionId), ...parseActivationCode(t.profileDownloadData.activationCode) };
}

/** GetEUICCInfo1, GetEUICCChallenge, then InitiateAuthentication over ESipa. */
export async function initiate(b: EimBench, t: Trigger, o: { smdpAddress?: string; eimTransactionId?: Buffer | null } = {}): Promise<AsnValue> {
  const euiccInfo1 = await b.f.es10('GetEuiccInfo1Request', {});
  const { euiccChallenge } = await b.f.es10('GetEuiccChallengeRequest', {});
  const id = o.eimTransactionId === undefined ? t.eimTransactionId : o.eimTransactionId;
  return b.ipa.initiateAuthentication({
    euiccChallenge, smdpAddress: o.smdpAddress ?? t.smdpAddress, euiccInfo1, ...(id && b.eim.version !== 'v1.0' && { eimTransactionId: id }),
  });
}

/** ES10b.AuthenticateServer on the card, then AuthenticateClient over ESipa with the card's raw answer (or its compact form). */
export async function authenticate(b: EimBench, t: Trigger, init: AsnValue, compact?: AuthenticateCompactOptions): Promise<{ transactionId: Buffer; answer: AsnValue }> {
  const ok = init.initiateAuthenticationOkEsipa;
  assert.ok(ok, `initiateAuthentication refused: ${JSON.stringify(init)}`);
  const asr = await b.f.raw(b.f.encode('AuthenticateServerRequest', {
    serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1, euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed ?? ok.euiccCiPKIdToBeUsed,
    serverCertificate: ok.serverCertificate,
    ctxParams1: { ctxParamsForCommonAuthentication: { matchingId: t.matchingId, deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
  }));
  const transactionId = Buffer.from(ok.transactionId);
  const sent = compact ? compactAuthenticateServerResponse(asr, { version: b.eim.version, ...compact }) : asr;
  const answer = await b.ipa.authenticateClient(tlv(0xbf3b, Buffer.concat([tlv(0x80, transactionId), sent])));
  return { transactionId, answer };
}

/** ES10b.PrepareDownload (with the hash of `confirmationCode` when given), then GetBoundProfilePackage over ESipa. */
export async function boundProfilePackage(b: EimBench, transactionId: Buffer, okDP: AsnValue, o: { confirmationCode?: string; compact?: boolean } = {}): Promise<AsnValue> {
  const hashCc = o.confirmationCode === undefined ? {} : { hashCc: sha256(sha256(Buffer.from(o.confirmationCode)), transactionId) };
  const pdr = await b.f.raw(b.f.encode('PrepareDownloadRequest', { smdpSigned2: okDP.smdpSigned2, smdpSignature2: okDP.smdpSignature2, ...hashCc, smdpCertificate: okDP.smdpCertificate }));
  const sent = o.compact ? compactPrepareDownloadResponse(pdr, { version: b.eim.version, bppEuiccOtpk: okDP.smdpSigned2.bppEuiccOtpk }) : pdr;
  return b.ipa.getBoundProfilePackage(tlv(0xbf3a, Buffer.concat([tlv(0x80, transactionId), sent])));
}

/** Loads the BPP on the card segment by segment; resolves with the PIR (BF37) as the card produced it. */
export async function install(b: EimBench, bpp: AsnValue): Promise<Uint8Array> {
  const answers = await loadSegments(b.f, segmentBoundProfilePackage(b.c.encode('BoundProfilePackage', bpp)));
  return answers.at(-1)!;
}

/** HandleNotification over ESipa with the PIR (or its compact form, itself [0] of PendingNotification) as pendingNotification [0]. */
export function notify(b: EimBench, pir: Uint8Array, compact = false): Promise<void> {
  return b.ipa.handleNotification(tlv(0xbf3d, tlv(0xa0, compact ? compactProfileInstallationResult(pir, { version: b.eim.version }) : pir)));
}

/** ES10b.CancelSession on the card, then CancelSession over ESipa with its raw answer, or its compact form (as [1] of the request). */
export async function cancel(b: EimBench, transactionId: Buffer, reason: number, compact = false): Promise<AsnValue> {
  const full = await b.f.raw(b.f.encode('CancelSessionRequest', { transactionId, reason }));
  const response = compact ? compactCancelSessionResponse(full, { version: b.eim.version }) : full;
  const outer = tlvAt(response, 'CancelSessionResponse');
  return b.ipa.cancelSession(tlv(0xbf41, Buffer.concat([tlv(0x80, transactionId), tlv(0xa1, response.subarray(outer.start, outer.end))])));
}

/** The whole indirect download, in full or compact forms; resolves with the PIR. */
export async function indirectDownload(b: EimBench, compact?: AuthenticateCompactOptions): Promise<{ t: Trigger; transactionId: Buffer; pir: Uint8Array }> {
  const t = await trigger(b);
  const { transactionId, answer } = await authenticate(b, t, await initiate(b, t), compact);
  assert.ok(answer.authenticateClientOkDPEsipa, `authenticateClient refused: ${JSON.stringify(answer)} ${JSON.stringify(b.eim.listOrders({}).map((o) => o.outcome))}`);
  const bpp = await boundProfilePackage(b, transactionId, answer.authenticateClientOkDPEsipa, { compact: !!compact });
  assert.ok(bpp.getBoundProfilePackageOkEsipa, `getBoundProfilePackage refused: ${JSON.stringify(bpp)}`);
  const pir = await install(b, bpp.getBoundProfilePackageOkEsipa.boundProfilePackage);
  await notify(b, pir, !!compact);
  return { t, transactionId, pir };
}

export function sha256(...parts: Uint8Array[]): Buffer {
  return parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
}
