/**
 * The RFC 5280 types the RSP modules import. Certificates, keys and CRLs are X.509 values
 * handled by @peculiar/asn1-x509 (see ../x509.ts); only the small plain types live here.
 */
import { ModuleDef, choice, generalizedTime, octets, utcTime, x509 } from '../schema';

export const PKIX1Explicit88: ModuleDef = {
  name: 'PKIX1Explicit88',
  version: '1988',
  automaticTags: false,
  extensibilityImplied: false,
  imports: [],
  types: {
    Certificate: x509('Certificate'),
    SubjectPublicKeyInfo: x509('SubjectPublicKeyInfo'),
    CertificateList: x509('CertificateList'),
    Time: choice({ utcTime: utcTime(), generalTime: generalizedTime() }),
  },
};

export const PKIX1Implicit88: ModuleDef = {
  name: 'PKIX1Implicit88',
  version: '1988',
  automaticTags: false,
  extensibilityImplied: false,
  imports: [],
  types: {
    KeyIdentifier: octets(),
    SubjectKeyIdentifier: octets(),
    AuthorityKeyIdentifier: octets(),
  },
};
