/**
 * S_eIM towards the eUICC under test: eIM configurations for ES10b.AddInitialEim and the addEim /
 * updateEim eCOs, and eUICC Packages signed with the run PKI's eimSign key exactly as the eIM
 * simulator signs them (simulators/eim/packages.ts). Results are opened as that eIM opens them,
 * with the eUICC certificate S_IPA read from the card (GetCerts) and checked against the run CI.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { SpecVersion } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { PkiStore } from '../../pki';
import {
  eimConfigurationData, EimConfigurationData, EuiccPackage, openEuiccPackageResult, OpenedEuiccPackageResult, signEuiccPackage,
} from '../../../simulators/eim/packages';

/** One eIM as S_eIM plays it: its id, key, counter and the token the card issued it. */
export interface EimIdentity {
  readonly eimId: string;
  readonly curve: Curve;
  readonly key: KeyObject;
  /** The counterValue of the last package sent (the initial one from its configuration before that). */
  counter: number;
  associationToken?: number;
}

export interface ConfigurationOptions {
  eimId?: string;
  curve?: Curve;
  counterValue?: number;
  /** Ask the card for an association token (default true). */
  token?: boolean;
  /** The CI the card is to sign this eIM's results under (default: the CI of `curve`). */
  euiccCiPKId?: Uint8Array;
}

export interface PackageOptions {
  counterValue?: number;
  eid?: string;
  eimTransactionId?: string;
  /** Flip one bit of eimSignature after signing. */
  corruptSignature?: boolean;
}

/** What S_eIM sent and what came back, opened. */
export interface PackageExchange {
  readonly eim: EimIdentity;
  readonly counterValue: number;
  readonly eimTransactionId: string;
  readonly answer: Uint8Array;
  readonly result: OpenedEuiccPackageResult;
}

export const DEFAULT_EIM_ID = 'eim.example.com';
/** The eIM's starting counter: packages count up from here. */
export const INITIAL_COUNTER = 10;

export class SEim {
  constructor(
    private readonly pki: PkiStore,
    private readonly version: SpecVersion,
    private readonly ciPkId: (curve: Curve) => Uint8Array,
  ) {}

  /** The EimConfigurationData and the identity it makes. */
  configuration(o: ConfigurationOptions = {}): { data: EimConfigurationData; eim: EimIdentity } {
    const curve = o.curve ?? this.pki.curves[0];
    const key = this.pki.get('eimSign', curve).key;
    const eim: EimIdentity = { eimId: o.eimId ?? DEFAULT_EIM_ID, curve, key, counter: o.counterValue ?? INITIAL_COUNTER };
    const data = eimConfigurationData({
      eimId: eim.eimId, eimPublicKey: key, counterValue: eim.counter, eimIdType: 'eimIdTypeFqdn', fqdn: eim.eimId,
      euiccCiPKId: o.euiccCiPKId ?? this.ciPkId(curve), ...(o.token !== false && { associationToken: -1 }),
    });
    return { data, eim };
  }

  /** Signs `pkg` as `eim` (next counter unless given), returns the request DER and what it used. */
  sign(eim: EimIdentity, pkg: EuiccPackage, eid: string, o: PackageOptions = {}): { bytes: Buffer; counterValue: number; eimTransactionId: string } {
    const counterValue = o.counterValue ?? eim.counter + 1;
    const eimTransactionId = o.eimTransactionId ?? counterValue.toString(16).padStart(8, '0').toUpperCase();
    const signed = signEuiccPackage({ eimId: eim.eimId, eid: o.eid ?? eid, counterValue, eimTransactionId, package: pkg }, eim.key, eim.associationToken, this.version);
    let bytes = signed.bytes;
    if (o.corruptSignature) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length - 1] ^= 0x01;
    }
    return { bytes, counterValue, eimTransactionId };
  }

  /** Opens an EuiccPackageResult as `eim`, checking the eUICC's signature with `euiccCertificate`. */
  open(eim: EimIdentity, answer: Uint8Array, euiccCertificate: X509Certificate): OpenedEuiccPackageResult {
    return openEuiccPackageResult(answer, { euiccCertificate, associationToken: eim.associationToken, version: this.version });
  }
}
