/**
 * The eIM side of an eUICC Package (SGP.32 §2.11.1): the signed EuiccPackageRequest (BF51) that
 * ES10b.LoadEuiccPackage takes, built from the PSMO / eCO send templates of psmo.ts and eco.ts.
 * The eimSignature covers the exact DER of euiccPackageSigned followed by the associationToken data
 * object (see src/crypto/rsp-signatures.ts); DER is deterministic, so the bytes signed here are the
 * bytes sent.
 */
import type { KeyObject } from 'node:crypto';
import { codec, DEFAULT_VERSION, SpecVersion } from '../../src/asn1';
import { associationTokenTlv, signRsp } from '../../src/crypto/rsp-signatures';
import type { Eco } from './eco';
import { eidBytes, EidInput, transactionIdBytes } from './identifiers';
import type { Psmo } from './psmo';

export * from './eco';
export * from './errors';
export * from './identifiers';
export * from './psmo';
export * from './results';

/** One package is either PSMOs or eCOs, never both. */
export type EuiccPackage = { psmoList: Psmo[] } | { ecoList: Eco[] };

export function ts_psmoList(...psmos: Psmo[]): EuiccPackage {
  return { psmoList: psmos };
}

export function ts_ecoList(...ecos: Eco[]): EuiccPackage {
  return { ecoList: ecos };
}

/** SGP.32 v1.0 called the eIM's transaction id `transactionId`; v1.1 renamed it `eimTransactionId`. */
export const EIM_TRANSACTION_ID_FIELD: Readonly<Record<SpecVersion, string>> = { 'v1.2': 'eimTransactionId', 'v1.0': 'transactionId' };

export interface EuiccPackageInput {
  eimId: string;
  eid: EidInput;
  counterValue: number;
  /** TransactionId: 1 to 16 bytes, or their hex. */
  eimTransactionId?: Uint8Array | string;
  package: EuiccPackage;
}

export interface EuiccPackageRequestValue {
  euiccPackageSigned: Record<string, unknown>;
  /** Raw r‖s. */
  eimSignature: Buffer;
}

export interface SignedEuiccPackage {
  value: EuiccPackageRequestValue;
  /** The EuiccPackageRequest DER (BF51). */
  bytes: Buffer;
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Encodes and signs an eUICC Package with SK.EIM.ECDSA. `associationToken` is the one the eUICC
 * issued to this eIM, if any. The versioned codec refuses what the version lacks (e.g. a v1.2-only
 * PSMO in a v1.0 package) with an AsnEncodeError naming the path.
 */
export function signEuiccPackage(input: EuiccPackageInput, eimKey: KeyObject, associationToken?: number | bigint, version: SpecVersion = DEFAULT_VERSION): SignedEuiccPackage {
  const c = codec('SGP32Definitions', version);
  const euiccPackageSigned = {
    eimId: input.eimId,
    eidValue: eidBytes(input.eid),
    counterValue: input.counterValue,
    ...(input.eimTransactionId !== undefined && { [EIM_TRANSACTION_ID_FIELD[version]]: transactionIdBytes(input.eimTransactionId) }),
    euiccPackage: input.package,
  };
  const signed = c.encode('EuiccPackageSigned', euiccPackageSigned);
  const eimSignature = signRsp('eimSignature', eimKey, { euiccPackageSigned: signed, associationToken: associationTokenTlv(associationToken) }, version);
  const value = { euiccPackageSigned, eimSignature };
  return { value, bytes: asBuffer(c.encode('EuiccPackageRequest', value)) };
}
