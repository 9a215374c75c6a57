/**
 * Deliberately defective certificates for negative tests, one defect each, generated per curve.
 * Every variant is a certificate somebody presents (with its private key); when the defect sits
 * in its issuer (an EUM), that issuer is generated for it alone and travels in its chain.
 *
 * `openssl` is how `openssl verify -CAfile <CI> [-untrusted <chain>]` must reject it (error
 * number and depth); test/pki/openssl.test.ts holds every variant to it. The wrong-policy
 * variants need `-policy <role policy> -explicit_policy`: RFC 5280 policy processing only works
 * for certificates issued by the CI itself, since the CI, EUM and eUICC each carry a different
 * role policy and no policy is common to a longer path.
 */
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { POLICY } from './oids';
import { ExtensionOverrides, Role } from './profiles';

export const DEFECTS = ['expired', 'not-yet-valid', 'unknown-ci', 'bad-signature', 'wrong-policy', 'wrong-key-usage', 'eid-mismatch'] as const;
export type Defect = (typeof DEFECTS)[number];

export interface Variant {
  /** File and id stem under `<curve>/defects/`. */
  readonly name: string;
  /** The role of the presented certificate. */
  readonly role: Role;
  readonly defect: Defect;
  /** `issuer`: the defect is in the EUM that issued the presented eUICC certificate. */
  readonly carrier: 'self' | 'issuer';
  /** Why a relying party must reject it, with the rule it breaks. */
  readonly reason: string;
  /** Extension changes that make the defect, applied to the carrier. */
  readonly overrides?: ExtensionOverrides;
  readonly openssl: { readonly error: number; readonly depth: number };
}

export const VARIANTS: readonly Variant[] = [
  {
    name: 'ci-unknown', role: 'ci', defect: 'unknown-ci', carrier: 'self',
    reason: 'a self-signed CI that is not in the trust set (SGP.22 §4.5.2.2: chains end at a known CI)',
    openssl: { error: 18, depth: 0 },
  },
  {
    name: 'euicc-expired', role: 'euicc', defect: 'expired', carrier: 'self',
    reason: 'eUICC certificate whose notAfter has passed (RFC 5280 §6.1.3 (a)(2))', openssl: { error: 10, depth: 0 },
  },
  {
    name: 'euicc-eum-expired', role: 'euicc', defect: 'expired', carrier: 'issuer',
    reason: 'eUICC certificate issued by an EUM certificate whose notAfter has passed (RFC 5280 §6.1.3 (a)(2))',
    openssl: { error: 10, depth: 1 },
  },
  {
    name: 'dpauth-expired', role: 'dpAuth', defect: 'expired', carrier: 'self',
    reason: 'CERT.DPauth.SIG whose notAfter has passed (RFC 5280 §6.1.3 (a)(2))', openssl: { error: 10, depth: 0 },
  },
  {
    name: 'euicc-not-yet-valid', role: 'euicc', defect: 'not-yet-valid', carrier: 'self',
    reason: 'eUICC certificate whose notBefore is in the future (RFC 5280 §6.1.3 (a)(2))', openssl: { error: 9, depth: 0 },
  },
  {
    name: 'dpauth-not-yet-valid', role: 'dpAuth', defect: 'not-yet-valid', carrier: 'self',
    reason: 'CERT.DPauth.SIG whose notBefore is in the future (RFC 5280 §6.1.3 (a)(2))', openssl: { error: 9, depth: 0 },
  },
  {
    name: 'euicc-eum-unknown-ci', role: 'euicc', defect: 'unknown-ci', carrier: 'issuer',
    reason: 'eUICC certificate whose EUM certificate was issued by a CI outside the trust set (SGP.22 §4.5.2.2)',
    openssl: { error: 20, depth: 1 },
  },
  {
    name: 'dpauth-unknown-ci', role: 'dpAuth', defect: 'unknown-ci', carrier: 'self',
    reason: 'CERT.DPauth.SIG issued by a CI outside the trust set (SGP.22 §4.5.2.2)', openssl: { error: 20, depth: 0 },
  },
  {
    name: 'euicc-bad-signature', role: 'euicc', defect: 'bad-signature', carrier: 'self',
    reason: "eUICC certificate whose signature does not verify under the EUM's key (RFC 5280 §6.1.3 (a)(1))",
    openssl: { error: 7, depth: 0 },
  },
  {
    name: 'dpauth-bad-signature', role: 'dpAuth', defect: 'bad-signature', carrier: 'self',
    reason: "CERT.DPauth.SIG whose signature does not verify under the CI's key (RFC 5280 §6.1.3 (a)(1))",
    openssl: { error: 7, depth: 0 },
  },
  {
    name: 'dpauth-wrong-policy', role: 'dpAuth', defect: 'wrong-policy', carrier: 'self', overrides: { policy: POLICY.dpPb },
    reason: 'CERT.DPauth.SIG carrying id-rspRole-dp-pb instead of id-rspRole-dp-auth (SGP.22 §4.5.2.1)',
    openssl: { error: 43, depth: 0 },
  },
  {
    name: 'dppb-wrong-policy', role: 'dpPb', defect: 'wrong-policy', carrier: 'self', overrides: { policy: POLICY.dpAuth },
    reason: 'CERT.DPpb.SIG carrying id-rspRole-dp-auth instead of id-rspRole-dp-pb (SGP.22 §4.5.2.1)',
    openssl: { error: 43, depth: 0 },
  },
  {
    name: 'euicc-eum-wrong-key-usage', role: 'euicc', defect: 'wrong-key-usage', carrier: 'issuer',
    overrides: { keyUsage: KeyUsageFlags.digitalSignature },
    reason: 'eUICC certificate issued by an EUM certificate whose keyUsage lacks keyCertSign (RFC 5280 §4.2.1.3, SGP.22 §4.5.2.1)',
    openssl: { error: 32, depth: 1 },
  },
  {
    // OpenSSL can only see that the subject leaves the EUM's C/O namespace; the EID prefix
    // rule is the harness validator's (see eumNameConstraints in profiles.ts).
    name: 'euicc-eid-mismatch', role: 'euicc', defect: 'eid-mismatch', carrier: 'self',
    reason: "eUICC certificate for another manufacturer's identity: subject O and EID outside the EUM's permitted subtrees (SGP.22 §4.5.2.1 nameConstraints)",
    openssl: { error: 47, depth: 0 },
  },
];
