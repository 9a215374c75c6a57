/**
 * The eIM the fuzzer plays towards the card: it is associated with the card (AddInitialEim) and
 * signs eUICC Packages with the run PKI's eimSign key, following the card's stored anti-replay
 * counter, so a package is valid or wrong in exactly one respect. The counter and token are the
 * card's, read back by the model (model.ts); packages are signed when a case is generated, since a
 * valid or replayed counter is only known then. The key never changes; the token does with each
 * new association, hence `token()`.
 */
import { KeyObject } from 'node:crypto';
import { codec, Codec, SpecVersion } from '../../../asn1';
import { associationTokenTlv, signRsp } from '../../../crypto/rsp-signatures';
import {
  EIM_TRANSACTION_ID_FIELD, EuiccPackage, signEuiccPackage, ts_ecoAddEim, ts_ecoDeleteEim, ts_ecoList, ts_ecoListEim, ts_psmoConfigureImmediateEnable,
  ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList, ts_psmoListProfileInfo, ts_psmoSetDefaultDpAddress, ts_psmoSetFallbackAttribute,
} from '../../../../simulators/eim/packages';
import type { EimIdentity, SEim } from '../../euicc/s-eim';

/** The id under which the fuzzer's eIM is associated; a second one comes and goes through addEim / deleteEim. */
export const FUZZ_EIM_ID = 'fuzz-eim.example.com';
const SECOND_EIM_ID = 'fuzz-eim-2.example.com';
/** Counter values above the card's range start here (the eUICC suite's EUICC-ESEP-COUNTER-ERR-01 value). */
export const COUNTER_BEYOND_RANGE = 2 ** 31;

export interface PackageFields {
  counterValue: number;
  eid?: Uint8Array;
  eimId?: string;
  eimTransactionId?: Uint8Array;
}

export class FuzzEim {
  readonly codec: Codec;
  /** The package contents valid packages carry: PSMOs on the installed profile, eCOs on a second eIM. */
  readonly packages: readonly EuiccPackage[];
  /** ES10b.AddInitialEim of this eIM, as the suite associates it. */
  readonly addInitialEimValue: { eimConfigurationDataList: unknown[] };

  constructor(readonly identity: EimIdentity, private readonly token: () => number | undefined, seim: SEim, readonly eid: Uint8Array, iccid: string, readonly otherKey: KeyObject, readonly version: SpecVersion) {
    this.codec = codec('SGP32Definitions', version);
    this.addInitialEimValue = { eimConfigurationDataList: [seim.configuration({ eimId: identity.eimId, curve: identity.curve }).data] };
    const second = seim.configuration({ eimId: SECOND_EIM_ID, curve: identity.curve }).data;
    const candidates: EuiccPackage[] = [
      ts_psmoList(ts_psmoListProfileInfo()), ts_psmoList(ts_psmoEnable(iccid)), ts_psmoList(ts_psmoDisable(iccid)),
      ts_psmoList(ts_psmoEnable(iccid, { rollback: true })), ts_psmoList(ts_psmoGetRAT()), ts_psmoList(ts_psmoConfigureImmediateEnable({})),
      ts_psmoList(ts_psmoSetFallbackAttribute(iccid)), ts_psmoList(ts_psmoSetDefaultDpAddress('smdp.example.com')),
      ts_ecoList(ts_ecoListEim()), ts_ecoList(ts_ecoAddEim(second)), ts_ecoList(ts_ecoDeleteEim(SECOND_EIM_ID)),
    ];
    // The versioned codec refuses what this version lacks (v1.2-only PSMOs in v1.0).
    this.packages = candidates.filter((p) => {
      try {
        this.codec.encode('EuiccPackage', p);
        return true;
      } catch {
        return false;
      }
    });
  }

  /** EuiccPackageRequest DER signed with `key` (default the eIM's), over `signedOver` if given (else over what is sent). */
  sign(pkg: EuiccPackage, f: PackageFields, key: KeyObject = this.identity.key): Uint8Array {
    const input = {
      eimId: f.eimId ?? this.identity.eimId, eid: f.eid ?? this.eid, counterValue: f.counterValue,
      eimTransactionId: f.eimTransactionId ?? transactionId(f.counterValue), package: pkg,
    };
    return signEuiccPackage(input, key, this.token(), this.version).bytes;
  }

  /** `pkg` with f's fields, carrying the signature of `other` (the same package with other fields). */
  signedOver(pkg: EuiccPackage, f: PackageFields, other: PackageFields): Uint8Array {
    const sent = this.codec.decode('EuiccPackageRequest', this.sign(pkg, f));
    const foreign = this.codec.decode('EuiccPackageRequest', this.sign(pkg, other));
    return this.codec.encode('EuiccPackageRequest', { ...sent, eimSignature: foreign.eimSignature });
  }

  /** A validly signed package whose signed part breaks a constraint: `signed` is EuiccPackageSigned, encoded without checks. */
  signRaw(signed: unknown): Uint8Array {
    const der = this.codec.encode('EuiccPackageSigned', signed, { constraints: false });
    const eimSignature = signRsp('eimSignature', this.identity.key, { euiccPackageSigned: der, associationToken: associationTokenTlv(this.token()) }, this.version);
    return this.codec.encode('EuiccPackageRequest', { euiccPackageSigned: signed, eimSignature }, { constraints: false });
  }

  /** The EuiccPackageSigned value a package with these fields has (for value mutations before signing). */
  signedValue(pkg: EuiccPackage, f: PackageFields): Record<string, unknown> {
    return {
      eimId: f.eimId ?? this.identity.eimId, eidValue: f.eid ?? this.eid, counterValue: f.counterValue,
      [EIM_TRANSACTION_ID_FIELD[this.version]]: f.eimTransactionId ?? transactionId(f.counterValue), euiccPackage: pkg,
    };
  }
}

/** The eIM's transaction id for a counter: as S_eIM numbers them, 4 bytes. */
function transactionId(counter: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(counter >>> 0);
  return b;
}
