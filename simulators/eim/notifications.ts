/**
 * Notifications the IPA hands the eIM (SGP.32 §3.2.3.2, §3.7: HandleNotification, ePRAndNotifications,
 * eUICC data), opened over their bytes as received: a ProfileInstallationResult (BF37) is checked
 * with the eUICC certificate of its RSP session or of its eUICC (SGP.22 §5.7.16, euiccSignPIR over
 * BF27), an OtherSignedNotification (30) with the eUICC certificate it carries, chained to a
 * trusted CI (§5.7.10, over BF2F). Compact forms are re-expanded before (intake.ts).
 */
import { X509Certificate } from 'node:crypto';
import { codec, SpecVersion, toHex } from '../../src/asn1';
import { peekTag } from '../../src/asn1/nodes';
import { dataObjects, verifyRsp } from '../../src/crypto/rsp-signatures';
import { CertInput, POLICY, validateChain } from '../../src/pki';
import type { ReceivedNotification } from './euiccs';
import { iccidDigits, readable } from './readable';

/** A notification read, before the eIM records how it came and where it went. */
export type OpenedNotification = Omit<ReceivedNotification, 'via' | 'forwarded' | 'received'> & {
  /** EID of the signer, when a certificate says it. */
  eid?: string;
  /** Why the signature could not be checked or failed. */
  problem?: string;
  /** PIR errorResult, by name. */
  errorResult?: Record<string, unknown>;
  /** The PIR's data, for the order outcome. */
  pir?: Record<string, any>;
};

export interface NotificationKeys {
  /** Certificates that may have signed the PIR of RSP session `transactionId` (hex). */
  pirSigners(transactionId: string): X509Certificate[];
  ciTrust: readonly CertInput[];
  now: Date;
}

const anyVerifies = (certs: readonly X509Certificate[], verify: (c: X509Certificate) => boolean) => certs.some(verify);

/** One PendingNotification TLV in its full form: a PIR (BF37) or an OtherSignedNotification (30). */
export function openNotification(raw: Uint8Array, version: SpecVersion, keys: NotificationKeys): OpenedNotification {
  return peekTag(raw) === 0xbf37 ? openPir(raw, version, keys) : openOther(raw, keys);
}

export function openPir(raw: Uint8Array, version: SpecVersion, keys: NotificationKeys): OpenedNotification {
  const c = codec('SGP32Definitions', version);
  const pir = c.decode<Record<string, any>>('ProfileInstallationResult', raw);
  const data = pir.profileInstallationResultData;
  const transactionId = toHex(data.transactionId);
  const signers = keys.pirSigners(transactionId);
  const signed = { profileInstallationResultData: dataObjects(raw, 'ProfileInstallationResult', 0xbf37).get(0xbf27)! };
  const signatureValid = signers.length ? anyVerifies(signers, (c) => verifyRsp('euiccSignPIR', c.publicKey, signed, pir.euiccSignPIR)) : undefined;
  const meta = data.notificationMetadata;
  const error = data.finalResult.errorResult;
  return {
    kind: 'profileInstallationResult', seqNumber: Number(meta.seqNumber), operations: meta.profileManagementOperation,
    ...(meta.iccid && { iccid: iccidDigits(toHex(meta.iccid)) }), notificationAddress: meta.notificationAddress,
    transactionId, success: !!data.finalResult.successResult, signatureValid,
    ...(signatureValid === undefined ? { problem: `no eUICC certificate known for RSP session ${transactionId}` } : !signatureValid ? { problem: 'euiccSignPIR does not verify' } : {}),
    ...(error && { errorResult: readable(c, 'ErrorResult', error) as Record<string, unknown> }),
    pir: data,
  };
}

function openOther(raw: Uint8Array, keys: NotificationKeys): OpenedNotification {
  const n = codec('RSPDefinitions').decode<Record<string, any>>('OtherSignedNotification', raw);
  const meta = n.tbsOtherNotification;
  const chain = validateChain({ leaf: n.euiccCertificate.der, intermediates: [n.eumCertificate.der], trustAnchors: keys.ciTrust, at: keys.now, expectedPolicy: POLICY.euicc });
  const signed = { tbsOtherNotification: dataObjects(raw, 'OtherSignedNotification', 0x30).get(0xbf2f)! };
  // Only a certificate that chained is parsed for its key: what the IPA sent may not be one.
  const signatureValid = chain.ok && verifyRsp('euiccNotificationSignature', new X509Certificate(Buffer.from(n.euiccCertificate.der)).publicKey, signed, n.euiccNotificationSignature);
  return {
    kind: 'otherSignedNotification', seqNumber: Number(meta.seqNumber), operations: meta.profileManagementOperation,
    ...(meta.iccid && { iccid: iccidDigits(toHex(meta.iccid)) }), notificationAddress: meta.notificationAddress, signatureValid,
    ...(chain.ok && chain.eid && { eid: chain.eid }),
    ...(!chain.ok ? { problem: `${chain.input}: ${chain.message}` } : !signatureValid ? { problem: 'euiccNotificationSignature does not verify' } : {}),
  };
}
