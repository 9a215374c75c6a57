/**
 * Certificate profiles of the test PKI, per role: SGP.22 v2.5 §4.5.2 as realised by the GSMA
 * SGP.26 test certificates (same extensions, criticality, policy OIDs, registeredIDs, CRL
 * distribution points and subject shapes), plus the SGP.32 eIM and the operator's ES2+ client.
 *
 * Deliberate differences from SGP.26, each for a reason:
 *  - TLS certificates also name `localhost` and 127.0.0.1, so the simulators serve HTTPS on
 *    loopback with them, and any further names the PKI is generated with (`tlsNames`), so they
 *    can serve under container service names too.
 *  - The EUM's nameConstraints carry a second permitted subtree that OpenSSL can enforce (see
 *    `eumNameConstraints`).
 *  - The eIM and operator certificates use harness policy OIDs (see oids.ts) and chain to the CI.
 */
import { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, CRLDistributionPoints, DistributionPoint, DistributionPointName,
  ExtendedKeyUsage, Extension, GeneralName, GeneralSubtree, GeneralSubtrees, KeyIdentifier, KeyUsage, KeyUsageFlags, NameConstraints,
  PolicyInformation, SubjectAlternativeName, SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { Curve } from '../crypto/curves';
import { extension, keyIdOf } from './builder';
import { buildName, NameSpec } from './names';
import { CRL_A, CRL_B, OID, POLICY, RID } from './oids';

export const ROLES = ['ci', 'eum', 'euicc', 'dpAuth', 'dpPb', 'dpTls', 'eimSign', 'eimTls', 'es2plusClient'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** What a profile's subject may depend on. */
export interface SubjectContext { readonly curve: Curve; readonly eid: string }

export interface RoleProfile {
  readonly role: Role;
  readonly title: string;
  readonly issuer: 'self' | 'ci' | 'eum';
  readonly policy: string;
  /** SGP.26 marks the policy critical everywhere except on TLS certificates. */
  readonly policyCritical: boolean;
  readonly keyUsage: number;
  /** Present for CAs; pathLen as in SGP.26 (EUM 0, CI unlimited). */
  readonly ca?: { readonly pathLen?: number };
  readonly extKeyUsage?: readonly string[];
  readonly rid?: string;
  /** TLS host name; the SAN then also lists `localhost` and 127.0.0.1. */
  readonly tlsName?: string;
  readonly crl: readonly string[];
  /** Validity in years from issuance, or RFC 5280 §4.1.2.5 "no well-defined expiration" (99991231235959Z). */
  readonly lifetime: number | 'unbounded';
  readonly subject: (ctx: SubjectContext) => NameSpec;
}

/** The EUM's organisation: the eUICC subjects it issues live under C and O (SGP.26 values). */
export const EUM_COUNTRY = 'ES';
export const EUM_ORGANIZATION = 'RSP Test EUM';

const SM_DP: NameSpec = [['O', 'ACME'], ['CN', 'TEST SM-DP+']];

export const PROFILES: Readonly<Record<Role, RoleProfile>> = {
  ci: {
    role: 'ci', title: 'Certificate Issuer (CERT.CI.SIG)', issuer: 'self', policy: POLICY.ci, policyCritical: true,
    keyUsage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, ca: {}, rid: RID.ci, crl: [CRL_A, CRL_B], lifetime: 35,
    // SGP.26 order (CN first); the CN names the harness and curve so the two roots never share a DN.
    subject: ({ curve }) => [['CN', `Test CI sgp32-harness ${curve.toUpperCase()}`], ['OU', 'TESTCERT'], ['O', 'RSPTEST'], ['C', 'IT']],
  },
  eum: {
    role: 'eum', title: 'eUICC Manufacturer (CERT.EUM.SIG)', issuer: 'ci', policy: POLICY.eum, policyCritical: true,
    keyUsage: KeyUsageFlags.keyCertSign, ca: { pathLen: 0 }, rid: RID.eum, crl: [CRL_B], lifetime: 34,
    subject: () => [['C', EUM_COUNTRY], ['O', EUM_ORGANIZATION], ['CN', 'EUM Test']],
  },
  euicc: {
    role: 'euicc', title: 'eUICC (CERT.EUICC.SIG)', issuer: 'eum', policy: POLICY.euicc, policyCritical: true,
    keyUsage: KeyUsageFlags.digitalSignature, crl: [], lifetime: 'unbounded',
    subject: ({ eid }) => [['C', EUM_COUNTRY], ['O', EUM_ORGANIZATION], ['serialNumber', eid], ['CN', 'Test eUICC']],
  },
  dpAuth: {
    role: 'dpAuth', title: 'SM-DP+ authentication (CERT.DPauth.SIG)', issuer: 'ci', policy: POLICY.dpAuth, policyCritical: true,
    keyUsage: KeyUsageFlags.digitalSignature, rid: RID.smdpp, crl: [CRL_A, CRL_B], lifetime: 10, subject: () => SM_DP,
  },
  dpPb: {
    role: 'dpPb', title: 'SM-DP+ profile binding (CERT.DPpb.SIG)', issuer: 'ci', policy: POLICY.dpPb, policyCritical: true,
    keyUsage: KeyUsageFlags.digitalSignature, rid: RID.smdpp, crl: [CRL_A, CRL_B], lifetime: 10, subject: () => SM_DP,
  },
  dpTls: {
    role: 'dpTls', title: 'SM-DP+ TLS (CERT.DP.TLS)', issuer: 'ci', policy: POLICY.dpTls, policyCritical: false,
    keyUsage: KeyUsageFlags.digitalSignature, extKeyUsage: [OID.serverAuth, OID.clientAuth], rid: RID.smdpp,
    tlsName: 'testsmdpplus1.example.com', crl: [CRL_A, CRL_B], lifetime: 2,
    subject: () => [['O', 'ACME'], ['CN', 'testsmdpplus1.example.com']],
  },
  eimSign: {
    role: 'eimSign', title: 'eIM signing (CERT.EIM.ECDSA)', issuer: 'ci', policy: POLICY.eimSign, policyCritical: true,
    keyUsage: KeyUsageFlags.digitalSignature, rid: RID.eim, crl: [CRL_A, CRL_B], lifetime: 10,
    subject: () => [['O', 'ACME'], ['CN', 'TEST eIM']],
  },
  // ESipa server towards the IPA and ES9+' client towards the SM-DP+: both purposes.
  eimTls: {
    role: 'eimTls', title: 'eIM TLS', issuer: 'ci', policy: POLICY.eimTls, policyCritical: false,
    keyUsage: KeyUsageFlags.digitalSignature, extKeyUsage: [OID.serverAuth, OID.clientAuth], rid: RID.eim,
    tlsName: 'testeim1.example.com', crl: [CRL_A, CRL_B], lifetime: 2,
    subject: () => [['O', 'ACME'], ['CN', 'testeim1.example.com']],
  },
  es2plusClient: {
    role: 'es2plusClient', title: 'Operator ES2+ TLS client', issuer: 'ci', policy: POLICY.es2plusClient, policyCritical: false,
    keyUsage: KeyUsageFlags.digitalSignature, extKeyUsage: [OID.clientAuth], rid: RID.operator,
    tlsName: 'testmno1.example.com', crl: [CRL_A, CRL_B], lifetime: 2,
    subject: () => [['O', 'Test MNO'], ['CN', 'testmno1.example.com']],
  },
};

/**
 * The EUM's permitted subtrees. SGP.22 (§4.5.2.1) and SGP.26 put one directoryName
 * `O=<EUM>, serialNumber=<EIN>` there and mean "the eUICC's EID starts with the EIN". RFC 5280
 * and OpenSSL compare directoryNames whole RDN by whole RDN, so no 32-digit EID ever matches it
 * (OpenSSL rejects the genuine SGP.26 eUICC chain with error 47). A second subtree `C=…, O=…`,
 * a true RDN prefix of every eUICC subject, is the part OpenSSL can enforce: it binds eUICC
 * certificates to the EUM's namespace. Permitted subtrees of one type are alternatives, so OpenSSL
 * accepts through the second; the EID prefix itself is checked by the harness validator (validate.ts)
 * against the first, which comes first for readers that look at one subtree only.
 */
export function eumNameConstraints(ein: string): NameConstraints {
  const dir = (spec: NameSpec) => new GeneralSubtree({ base: new GeneralName({ directoryName: buildName(spec) }) });
  return new NameConstraints({
    permittedSubtrees: new GeneralSubtrees([
      dir([['O', EUM_ORGANIZATION], ['serialNumber', ein]]),
      dir([['C', EUM_COUNTRY], ['O', EUM_ORGANIZATION]]),
    ]),
  });
}

/** What varies between a valid certificate of a role and a defective one, or between PKIs. */
export interface ExtensionOverrides {
  readonly policy?: string;
  readonly keyUsage?: number;
  /** Further host names or IP addresses a TLS certificate names (e.g. container service names). */
  readonly tlsNames?: readonly string[];
}

/** The extensions of `profile` for a subject key issued by `issuerKey` (absent when self-signed). */
export function profileExtensions(
  profile: RoleProfile, subjectKey: KeyObject, issuerKey: KeyObject | undefined, ein: string, overrides: ExtensionOverrides = {},
): Extension[] {
  const exts: Extension[] = [];
  if (issuerKey) exts.push(extension(OID.authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdOf(issuerKey)) })));
  exts.push(extension(OID.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdOf(subjectKey))));
  exts.push(extension(OID.keyUsage, true, new KeyUsage(overrides.keyUsage ?? profile.keyUsage)));
  if (profile.extKeyUsage) exts.push(extension(OID.extKeyUsage, true, new ExtendedKeyUsage([...profile.extKeyUsage])));
  exts.push(extension(OID.certificatePolicies, profile.policyCritical,
    new CertificatePolicies([new PolicyInformation({ policyIdentifier: overrides.policy ?? profile.policy })])));
  const san: GeneralName[] = [];
  if (profile.tlsName) {
    const names = [profile.tlsName, 'localhost', '127.0.0.1', ...(overrides.tlsNames ?? [])];
    san.push(...[...new Set(names)].map((n) => new GeneralName(isIP(n) ? { iPAddress: n } : { dNSName: n })));
  }
  if (profile.rid) san.push(new GeneralName({ registeredID: profile.rid }));
  if (san.length) exts.push(extension(OID.subjectAltName, false, new SubjectAlternativeName(san)));
  if (profile.ca) exts.push(extension(OID.basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: profile.ca.pathLen })));
  if (profile.crl.length) {
    exts.push(extension(OID.crlDistributionPoints, false, new CRLDistributionPoints(profile.crl.map((uri) => new DistributionPoint({
      distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: uri })] }),
    })))));
  }
  if (profile.role === 'eum') exts.push(extension(OID.nameConstraints, true, eumNameConstraints(ein)));
  return exts;
}
