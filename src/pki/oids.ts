/**
 * Object identifiers of the RSP test PKI.
 *
 * GSMA role policies (`id-rspRole`, SGP.22 v2.5 §4.5.2, also in the IANA C509 certificate-policy
 * registry) and the SGP.26 test values are facts. SGP.32 v1.2 publishes no certificate policy for
 * the eIM, and no public source gives one for an operator's ES2+ client certificate, so the
 * harness uses its own identifiers under 2.999 (the X.660 "example" arc that no one is allocated;
 * SGP.26 itself uses 2.999.x for test registeredIDs). They mark the role for wrong-policy tests
 * and must be replaced if GSMA ever publishes values.
 */

/** id-rspRole ::= {joint-iso-itu-t(2) international-organizations(23) gsma(146) rsp(1) cert-objects(2) 1} */
export const ID_RSP_ROLE = '2.23.146.1.2.1';

/** Harness-private role policies (see the module comment): not GSMA values. */
export const ID_HARNESS_ROLE = '2.999.32.1';

export const POLICY = {
  ci: `${ID_RSP_ROLE}.0`,
  euicc: `${ID_RSP_ROLE}.1`,
  eum: `${ID_RSP_ROLE}.2`,
  dpTls: `${ID_RSP_ROLE}.3`,
  dpAuth: `${ID_RSP_ROLE}.4`,
  dpPb: `${ID_RSP_ROLE}.5`,
  eimSign: `${ID_HARNESS_ROLE}.1`,
  eimTls: `${ID_HARNESS_ROLE}.2`,
  es2plusClient: `${ID_HARNESS_ROLE}.3`,
} as const;

/**
 * SubjectAltName registeredID values. SGP.26 gives the CI 2.999.1, the EUM 2.999.5 and the test
 * SM-DP+ 2.999.10 (the SGP.23 "SM-DP+ OID"); the eIM and operator values are the harness's own.
 */
export const RID = {
  ci: '2.999.1',
  eum: '2.999.5',
  smdpp: '2.999.10',
  eim: '2.999.30',
  operator: '2.999.40',
} as const;

/** RFC 5280 / X.520 identifiers used when building and reading certificates. */
export const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

/** SGP.26 CRL distribution points (the test CI publishes two CRLs). */
export const CRL_A = 'http://ci.test.example.com/CRL-A.crl';
export const CRL_B = 'http://ci.test.example.com/CRL-B.crl';
