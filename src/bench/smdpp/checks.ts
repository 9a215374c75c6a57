/**
 * What the suite verifies on the SM-DP+'s signed answers, independently of how the IUT builds them:
 * the signature over the signed object, with the certificate the SM-DP+ sent, which must chain to a
 * CI of the run's PKI and carry the role policy of its use. Failures name the signature and why.
 */
import { X509Certificate } from 'node:crypto';
import { codec } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { SignatureName, verifyRsp } from '../../crypto/rsp-signatures';
import { PkiStore, POLICY, validateChain } from '../../pki';
import { AsnValue } from '../../transport/http';

export class SignatureCheckError extends Error {
  override readonly name = 'SignatureCheckError';
  constructor(readonly signature: SignatureName, detail: string) {
    super(`${signature}: ${detail}`);
  }
}

const rsp = () => codec('RSPDefinitions');

/** DER of a decoded X.509 certificate value (X509Value or raw bytes). */
export function certificateDer(value: unknown): Uint8Array {
  const v = value as { der?: Uint8Array };
  if (v?.der instanceof Uint8Array) return v.der;
  if (value instanceof Uint8Array) return value;
  throw new Error(`not a certificate value: ${typeof value}`);
}

/**
 * `signature` over `parts` verifies with `certificate`, which chains to a CI of `pki` on `curve` and
 * carries the policy of `role`.
 */
export function checkSmdpSignature(
  pki: PkiStore, curve: Curve, name: SignatureName, certificate: unknown, role: 'dpAuth' | 'dpPb', parts: Record<string, Uint8Array>, signature: Uint8Array,
): void {
  const der = certificateDer(certificate);
  const chain = validateChain({ leaf: der, trustAnchors: pki.trustedCis(curve), expectedPolicy: POLICY[role], expectedCurve: curve });
  if (!chain.ok) throw new SignatureCheckError(name, `the certificate sent does not chain to the run's ${curve} CI as CERT.${role === 'dpAuth' ? 'DPauth' : 'DPpb'}: ${chain.reason} ${chain.message}`);
  if (!verifyRsp(name, new X509Certificate(der).publicKey, parts, signature)) {
    throw new SignatureCheckError(name, `does not verify with the public key of CERT.${role === 'dpAuth' ? 'DPauth' : 'DPpb'}`);
  }
}

/** serverSignature1 of an InitiateAuthentication answer. */
export function checkServerSignature1(pki: PkiStore, curve: Curve, ok: AsnValue): void {
  checkSmdpSignature(pki, curve, 'serverSignature1', ok.serverCertificate, 'dpAuth', { serverSigned1: rsp().encode('ServerSigned1', ok.serverSigned1) }, ok.serverSignature1);
}

/** smdpSignature2 of an AuthenticateClient answer, over smdpSigned2 ‖ the eUICC's euiccSignature1 object. */
export function checkSmdpSignature2(pki: PkiStore, curve: Curve, ok: AsnValue, euiccSignature1: Uint8Array): void {
  checkSmdpSignature(pki, curve, 'smdpSignature2', ok.smdpCertificate, 'dpPb', { smdpSigned2: rsp().encode('SmdpSigned2', ok.smdpSigned2), euiccSignature1 }, ok.smdpSignature2);
}
