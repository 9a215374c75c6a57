/**
 * What ES9+.HandleNotification received (SGP.22 §5.6.4). The function has no error: a notification
 * whose signature does not verify is recorded as such and otherwise ignored, as §3.5 lets the
 * SM-DP+ discard it. Signatures are checked over the data objects as received.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { codec, SpecVersion, toHex } from '../../src/asn1';
import { Curve } from '../../src/crypto/curves';
import { dataObjects, verifyRsp } from '../../src/crypto/rsp-signatures';
import { CertInput, POLICY, validateChain } from '../../src/pki';
import { swappedBcdToIccid } from '../../src/profile';

export interface ReceivedNotification {
  kind: 'profileInstallationResult' | 'otherSignedNotification';
  /** Hex; PIRs only. */
  transactionId?: string;
  seqNumber: number;
  /** NotificationEvent bit names, e.g. ['notificationInstall']. */
  operations: string[];
  iccid?: string;
  /** EID of the signer, when known (the session's, or the notification's certificate). */
  eid?: string;
  signatureValid: boolean;
  /** Why the signature could not be checked or failed, when it did. */
  problem?: string;
  /** PIRs: finalResult is successResult. */
  success?: boolean;
  /** PIR errorResult { bppCommandId, errorReason }. */
  errorResult?: { bppCommandId: number; errorReason: number };
  der: Buffer;
  received: Date;
}

/** The eUICC a PIR's session authenticated. */
export interface SessionSigner {
  eid: string;
  euiccKey: KeyObject;
}

/** The ICCID of the metadata; undefined when absent or not BCD digits (a notification has no error to report it with). */
function iccidOf(bcd: Uint8Array | undefined): string | undefined {
  try {
    return bcd ? swappedBcdToIccid(bcd) : undefined;
  } catch {
    return undefined;
  }
}

/** A ProfileInstallationResult (BF37), checked with the key of the session it names (`signerOf`). */
export function readPir(der: Uint8Array, version: SpecVersion, signerOf: (transactionId: string) => SessionSigner | undefined, now: Date): ReceivedNotification {
  const pir = codec('SGP32Definitions', version).decode<Record<string, any>>('ProfileInstallationResult', der);
  const data = pir.profileInstallationResultData;
  const transactionId = toHex(data.transactionId);
  const signer = signerOf(transactionId);
  const objs = dataObjects(der, 'ProfileInstallationResult', 0xbf37);
  const signatureValid = !!signer && verifyRsp('euiccSignPIR', signer.euiccKey, { profileInstallationResultData: objs.get(0xbf27)! }, pir.euiccSignPIR);
  const meta = data.notificationMetadata;
  return {
    kind: 'profileInstallationResult', transactionId, seqNumber: Number(meta.seqNumber), operations: meta.profileManagementOperation,
    iccid: iccidOf(meta.iccid), eid: signer?.eid, signatureValid,
    ...(!signer ? { problem: `no RSP session ${transactionId}` } : !signatureValid ? { problem: 'euiccSignPIR does not verify' } : {}),
    success: !!data.finalResult.successResult,
    ...(data.finalResult.errorResult && { errorResult: data.finalResult.errorResult }),
    der: Buffer.from(der), received: now,
  };
}

/** An OtherSignedNotification (30): its eUICC certificate must chain to a trusted CI, then sign tbsOtherNotification. */
export function readOtherNotification(der: Uint8Array, ciTrust: readonly CertInput[], curve: Curve, now: Date): ReceivedNotification {
  const n = codec('RSPDefinitions').decode<Record<string, any>>('OtherSignedNotification', der);
  const meta = n.tbsOtherNotification;
  const chain = validateChain({
    leaf: n.euiccCertificate.der, intermediates: [n.eumCertificate.der], trustAnchors: ciTrust, at: now, expectedPolicy: POLICY.euicc, expectedCurve: curve,
  });
  const objs = dataObjects(der, 'OtherSignedNotification', 0x30);
  // Only a certificate that chained is parsed for its key: anything else may not even be X.509.
  const signatureValid = chain.ok
    && verifyRsp('euiccNotificationSignature', new X509Certificate(n.euiccCertificate.der).publicKey, { tbsOtherNotification: objs.get(0xbf2f)! }, n.euiccNotificationSignature);
  return {
    kind: 'otherSignedNotification', seqNumber: Number(meta.seqNumber), operations: meta.profileManagementOperation,
    iccid: iccidOf(meta.iccid), ...(chain.ok && chain.eid && { eid: chain.eid }), signatureValid,
    ...(!chain.ok ? { problem: `${chain.input}: ${chain.message}` } : !signatureValid ? { problem: 'euiccNotificationSignature does not verify' } : {}),
    der: Buffer.from(der), received: now,
  };
}
