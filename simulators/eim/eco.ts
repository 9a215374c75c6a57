/**
 * eIM Configuration Operations (SGP.32 ASN.1 `Eco`) as send templates, and the
 * EimConfigurationData they (and ES10b.AddInitialEim) carry.
 */
import { createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { X509Value } from '../../src/asn1';
import { EimInputError } from './errors';

export type Eco = { readonly [alternative: string]: unknown };

/** EimIdType named numbers. */
export const EIM_ID_TYPE = { eimIdTypeOid: 1, eimIdTypeFqdn: 2, eimIdTypeProprietary: 3 } as const;
export type EimIdTypeName = keyof typeof EIM_ID_TYPE;

export type EimSupportedProtocolName = 'eimRetrieveHttps' | 'eimRetrieveCoaps' | 'eimInjectHttps' | 'eimInjectCoaps' | 'eimProprietary';

/** A certificate as node:crypto holds it or as DER. */
export type CertificateInput = X509Certificate | Uint8Array;

export interface EimConfigurationOptions {
  eimId: string;
  fqdn?: string;
  eimIdType?: EimIdTypeName;
  /** The eUICC's initial anti-replay counter for this eIM. */
  counterValue?: number;
  associationToken?: number;
  /** PK.EIM.ECDSA as a SubjectPublicKeyInfo; excludes `eimCertificate`. A private key gives its public half. */
  eimPublicKey?: KeyObject;
  eimCertificate?: CertificateInput;
  /** The TLS key or certificate the IPA trusts for this eIM; at most one. */
  trustedEimPkTls?: KeyObject;
  trustedCertificateTls?: CertificateInput;
  eimSupportedProtocol?: readonly EimSupportedProtocolName[];
  euiccCiPKId?: Uint8Array;
  /** v1.2 only. */
  indirectProfileDownload?: boolean;
}

export type EimConfigurationData = Record<string, unknown>;

const publicOf = (key: KeyObject) => (key.type === 'private' ? createPublicKey(key) : key);
const spki = (key: KeyObject) => new X509Value('SubjectPublicKeyInfo', publicOf(key).export({ type: 'spki', format: 'der' }));
const certificate = (c: CertificateInput) => new X509Value('Certificate', c instanceof X509Certificate ? c.raw : Uint8Array.from(c));

/** The one alternative of a CHOICE that is given, or none; more than one is the caller's mistake. */
function oneOf(field: string, alternatives: Record<string, unknown>): Record<string, unknown> | undefined {
  const given = Object.entries(alternatives).filter(([, v]) => v !== undefined);
  if (given.length > 1) throw new EimInputError(field, `is a CHOICE: give one of ${given.map(([k]) => k).join(', ')}, not both`);
  return given.length ? Object.fromEntries(given) : undefined;
}

export function eimConfigurationData(o: EimConfigurationOptions): EimConfigurationData {
  const eimPublicKeyData = oneOf('eimPublicKeyData', {
    eimPublicKey: o.eimPublicKey && spki(o.eimPublicKey),
    eimCertificate: o.eimCertificate && certificate(o.eimCertificate),
  });
  const trustedPublicKeyDataTls = oneOf('trustedPublicKeyDataTls', {
    trustedEimPkTls: o.trustedEimPkTls && spki(o.trustedEimPkTls),
    trustedCertificateTls: o.trustedCertificateTls && certificate(o.trustedCertificateTls),
  });
  return {
    eimId: o.eimId,
    ...(o.fqdn !== undefined && { eimFqdn: o.fqdn }),
    ...(o.eimIdType !== undefined && { eimIdType: EIM_ID_TYPE[o.eimIdType] }),
    ...(o.counterValue !== undefined && { counterValue: o.counterValue }),
    ...(o.associationToken !== undefined && { associationToken: o.associationToken }),
    ...(eimPublicKeyData && { eimPublicKeyData }),
    ...(trustedPublicKeyDataTls && { trustedPublicKeyDataTls }),
    ...(o.eimSupportedProtocol && { eimSupportedProtocol: [...o.eimSupportedProtocol] }),
    ...(o.euiccCiPKId && { euiccCiPKId: o.euiccCiPKId }),
    ...(o.indirectProfileDownload && { indirectProfileDownload: null }),
  };
}

export function ts_ecoAddEim(cfg: EimConfigurationData): Eco {
  return { addEim: cfg };
}

export function ts_ecoDeleteEim(eimId: string): Eco {
  return { deleteEim: { eimId } };
}

export function ts_ecoUpdateEim(cfg: EimConfigurationData): Eco {
  return { updateEim: cfg };
}

export function ts_ecoListEim(): Eco {
  return { listEim: {} };
}

/** ES10b.AddInitialEim (BF57) request value. */
export function ts_addInitialEimRequest(...configurations: EimConfigurationData[]): { eimConfigurationDataList: EimConfigurationData[] } {
  return { eimConfigurationDataList: configurations };
}
