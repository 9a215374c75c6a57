/**
 * What an S_eUICC is: its identity, its credentials per CI, and the capabilities it reports. Fixed
 * for the life of the card; everything that changes lives in `EuiccState`.
 */
import { X509Certificate, KeyObject } from 'node:crypto';
import { SpecVersion, DEFAULT_VERSION } from '../../src/asn1';
import { Curve } from '../../src/crypto/curves';
import { PkiStore, parseCertificate, assertEid } from '../../src/pki';

/** One CI the card trusts, with the EUM and eUICC certificates issued under it. */
export interface EuiccCredential {
  readonly curve: Curve;
  /** The CI's SubjectKeyIdentifier: the euiccCiPKId the card lists and selects by (hex, upper case). */
  readonly ciPkId: string;
  readonly ci: X509Certificate;
  readonly eum: X509Certificate;
  readonly euicc: X509Certificate;
  /** SK.EUICC.ECDSA */
  readonly key: KeyObject;
}

export interface EuiccCapabilities {
  /** SGP.22 version the card implements (EUICCInfo1/2 svn). */
  readonly svn: string;
  /** SGP.32 versions in IoTSpecificInfo.iotVersion. */
  readonly iotVersions: readonly string[];
  readonly profileVersion: string;
  readonly firmwareVersion: string;
  readonly ppVersion: string;
  readonly sasAccreditationNumber: string;
  readonly ipaMode: 'ipad' | 'ipae';
  /** IPAe can be activated with IpaeActivationRequest (ISD-R template bit ipaeSupported). */
  readonly ipaeSupported: boolean;
  readonly ecallSupported: boolean;
  readonly fallbackSupported: boolean;
}

export interface EuiccLimits {
  readonly maxProfiles: number;
  readonly maxEims: number;
  /** Reported as extCardResource free non-volatile memory, in bytes. */
  readonly freeNonVolatileMemory: number;
  readonly freeVolatileMemory: number;
  /** Largest EuiccPackageResult the card can store (bytes); beyond it: sizeOverflow / resultSizeOverflow. */
  readonly maxResultBytes: number;
  /** Highest counterValue an eIM may use (SGP.32 anti-replay counter range). */
  readonly maxCounterValue: number;
  /** Notifications and results kept at most; beyond it the oldest non-result notification is dropped. */
  readonly maxNotifications: number;
}

export interface EuiccConfig {
  /** 32 decimal digits. */
  readonly eid: string;
  readonly version: SpecVersion;
  /** First entry is the default when a command names no euiccCiPKId. */
  readonly credentials: readonly EuiccCredential[];
  readonly capabilities: EuiccCapabilities;
  readonly limits: EuiccLimits;
  /** ATR answered on power-up. */
  readonly atr: Uint8Array;
}

export const DEFAULT_CAPABILITIES: EuiccCapabilities = {
  svn: '2.5.0',
  iotVersions: ['1.2.0'],
  profileVersion: '3.3.1',
  firmwareVersion: '1.0.0',
  ppVersion: '0.0.1',
  sasAccreditationNumber: 'SGP32-HARNESS-SIM',
  ipaMode: 'ipad',
  ipaeSupported: true,
  ecallSupported: true,
  fallbackSupported: true,
};

export const DEFAULT_LIMITS: EuiccLimits = {
  maxProfiles: 8,
  maxEims: 4,
  freeNonVolatileMemory: 512 * 1024,
  freeVolatileMemory: 16 * 1024,
  maxResultBytes: 4096,
  maxCounterValue: 0x7fffffff,
  maxNotifications: 64,
};

/** T=0, UICC ATR (TS 102 221 style historical bytes), as many test cards answer. */
export const DEFAULT_ATR = Buffer.from('3B9F96801FC78031E073FE211B63F100AD830F9000', 'hex');

/** Builds a config from a PKI: one credential per curve on which the store holds a CI, EUM and eUICC. */
export function euiccConfigFromPki(store: PkiStore, opts: {
  version?: SpecVersion; capabilities?: Partial<EuiccCapabilities>; limits?: Partial<EuiccLimits>; atr?: Uint8Array;
} = {}): EuiccConfig {
  const credentials = store.curves.map((curve): EuiccCredential => {
    const euicc = store.get('euicc', curve), eum = store.get('eum', curve);
    const ci = store.trustedCis(curve)[0];
    return { curve, ciPkId: parseCertificate(ci).subjectKeyId!.toString('hex').toUpperCase(), ci, eum: eum.cert, euicc: euicc.cert, key: euicc.key };
  });
  const eid = store.get('euicc', credentials[0].curve).eid!;
  assertEid(eid);
  return {
    eid,
    version: opts.version ?? DEFAULT_VERSION,
    credentials,
    capabilities: { ...DEFAULT_CAPABILITIES, ...opts.capabilities },
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    atr: opts.atr ?? DEFAULT_ATR,
  };
}
