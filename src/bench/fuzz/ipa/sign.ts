/**
 * eUICC Packages (EuiccPackageRequest, BF51) signed the way an eIM signs them (SGP.32 §2.11.1:
 * eimSignature over the DER of euiccPackageSigned followed by the associationToken data object),
 * with every input open to the fuzzer: another key, a signature made over other bytes, components
 * outside their constraints. simulators/eim/packages.ts signs only what its codec accepts.
 */
import type { KeyObject } from 'node:crypto';
import { Codec } from '../../../asn1';
import { associationTokenTlv, signRsp } from '../../../crypto/rsp-signatures';
import { octets, sequenceFrom } from '../../../../simulators/ipa/relay';
import { EIM_TRANSACTION_ID_FIELD, EuiccPackage } from '../../../../simulators/eim/packages';

export interface PackageInput {
  eimId: string;
  eid: Uint8Array;
  counterValue: number;
  eimTransactionId?: Uint8Array;
  package: EuiccPackage;
}

export interface Signer {
  key: KeyObject;
  associationToken?: number;
}

export interface SignOptions {
  /** Sign this euiccPackageSigned instead of the one sent (a signature over other bytes). */
  signedOver?: PackageInput;
  /** Encode without SIZE and range checks (oversized components). */
  unconstrained?: boolean;
}

export function packageSigned(c: Codec, p: PackageInput, unconstrained = false): Uint8Array {
  return c.encode('EuiccPackageSigned', {
    eimId: p.eimId,
    eidValue: p.eid,
    counterValue: p.counterValue,
    ...(p.eimTransactionId && { [EIM_TRANSACTION_ID_FIELD[c.version]]: p.eimTransactionId }),
    euiccPackage: p.package,
  }, unconstrained ? { constraints: false } : undefined);
}

/** The EuiccPackageRequest DER of `p` signed by `signer`. */
export function signPackage(c: Codec, p: PackageInput, signer: Signer, o: SignOptions = {}): Uint8Array {
  const signed = packageSigned(c, p, o.unconstrained);
  const over = o.signedOver ? packageSigned(c, o.signedOver) : signed;
  const eimSignature = signRsp('eimSignature', signer.key, { euiccPackageSigned: over, associationToken: associationTokenTlv(signer.associationToken) }, c.version);
  // Put together from the bytes signed, so an unconstrained euiccPackageSigned goes out as it was signed.
  return sequenceFrom(c.node('EuiccPackageRequest'), { euiccPackageSigned: signed, eimSignature: octets(eimSignature) });
}
