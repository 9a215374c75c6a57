/**
 * The eIM receiving an EuiccPackageResult (BF51, SGP.32 §2.11.2): decoded, and the eUICC's
 * signature checked over the data objects exactly as received. v1.2 (from v1.1 on) signs
 * `…DataSigned ‖ associationToken`; v1.0 signed `…DataSigned ‖ eimSignature` of the request, so a
 * v1.0 eIM must keep the signature it sent.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { codec, DEFAULT_VERSION, SpecVersion } from '../../src/asn1';
import { associationTokenTlv, dataObjects, SignatureName, signatureTlv, SignedParts, verifyRsp } from '../../src/crypto/rsp-signatures';
import type { CertificateInput } from './eco';
import { EimInputError } from './errors';

/** What the eIM knows of the eUICC and of its own association with it. */
export type EimSide = ({ euiccPublicKey: KeyObject } | { euiccCertificate: CertificateInput }) & {
  /** The token the eUICC issued to this eIM; absent means none was issued (signed as 0). */
  associationToken?: number | bigint;
  /** v1.0 only: the raw r‖s eimSignature of the request this result answers. */
  eimSignature?: Uint8Array;
  version?: SpecVersion;
};

export type EuiccPackageResultAlternative = 'euiccPackageResultSigned' | 'euiccPackageErrorSigned' | 'euiccPackageErrorUnsigned';

export interface OpenedEuiccPackageResult {
  /** The decoded EuiccPackageResult CHOICE, `{ alternative: value }`. */
  value: Record<string, any>;
  alternative: EuiccPackageResultAlternative;
  /** Whether euiccSignEPR / euiccSignEPE verifies; false for euiccPackageErrorUnsigned, which has none. */
  signatureValid: boolean;
}

const SIGNED: Partial<Record<EuiccPackageResultAlternative, { signature: SignatureName; data: string }>> = {
  euiccPackageResultSigned: { signature: 'euiccSignEPR', data: 'euiccPackageResultDataSigned' },
  euiccPackageErrorSigned: { signature: 'euiccSignEPE', data: 'euiccPackageErrorDataSigned' },
};

function euiccKey(side: EimSide): KeyObject {
  if ('euiccPublicKey' in side) return side.euiccPublicKey;
  const c = side.euiccCertificate;
  return (c instanceof X509Certificate ? c : new X509Certificate(Uint8Array.from(c))).publicKey;
}

export function openEuiccPackageResult(bytes: Uint8Array, side: EimSide): OpenedEuiccPackageResult {
  const version = side.version ?? DEFAULT_VERSION;
  const value = codec('SGP32Definitions', version).decode<Record<string, any>>('EuiccPackageResult', bytes);
  const alternative = Object.keys(value)[0] as EuiccPackageResultAlternative;
  const signed = SIGNED[alternative];
  if (!signed) return { value, alternative, signatureValid: false };

  // BF51 holds the chosen alternative (a context tag), which holds …DataSigned (30) and 5F37.
  const [altTag] = dataObjects(bytes, 'EuiccPackageResult', 0xbf51).keys();
  const objs = dataObjects(bytes, 'EuiccPackageResult', 0xbf51, altTag);
  let tail: SignedParts;
  if (version === 'v1.0') {
    if (!side.eimSignature) throw new EimInputError('eimSignature', `SGP.32 v1.0 ${signed.signature} covers the eimSignature of the request: pass it`);
    tail = { eimSignature: signatureTlv(side.eimSignature) };
  } else {
    tail = { associationToken: associationTokenTlv(side.associationToken) };
  }
  const parts = { [signed.data]: objs.get(0x30)!, ...tail };
  const signature = value[alternative][signed.signature] as Uint8Array;
  return { value, alternative, signatureValid: verifyRsp(signed.signature, euiccKey(side), parts, signature, version) };
}
