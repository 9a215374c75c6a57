/**
 * EID and ICCID as eIM Packages carry them. Check digits are deliberately not enforced: negative
 * tests send wrong identifiers on purpose (e.g. an EID the eUICC must refuse with invalidEid).
 */
import { fromHex } from '../../src/asn1';
import { iccidToSwappedBcd } from '../../src/profile';
import { EimInputError } from './errors';

/** An EID as its 32 digits, or the 16 bytes of `eidValue` (5A). */
export type EidInput = string | Uint8Array;
/** An ICCID as its 19 or 20 digits, or the 10 bytes of SGP.22 `Iccid` (5A, nibble-swapped BCD). */
export type IccidInput = string | Uint8Array;

export function eidBytes(eid: EidInput, field = 'eid'): Buffer {
  if (typeof eid === 'string') {
    if (!/^\d{32}$/.test(eid)) throw new EimInputError(field, `an EID is 32 digits, got '${eid}'`);
    return Buffer.from(eid, 'hex');
  }
  if (eid.length !== 16) throw new EimInputError(field, `eidValue is 16 bytes, got ${eid.length}`);
  return Buffer.from(eid);
}

export function iccidBytes(iccid: IccidInput, field = 'iccid'): Buffer {
  if (typeof iccid === 'string') {
    if (!/^\d{19,20}$/.test(iccid)) throw new EimInputError(field, `an ICCID is 19 or 20 digits, got '${iccid}'`);
    return Buffer.from(iccidToSwappedBcd(iccid));
  }
  if (iccid.length !== 10) throw new EimInputError(field, `Iccid is 10 bytes, got ${iccid.length}`);
  return Buffer.from(iccid);
}

/** An eIM transaction id as bytes or hex; its size (1 to 16) is the codec's to check. */
export function transactionIdBytes(id: Uint8Array | string, field = 'eimTransactionId'): Uint8Array {
  if (typeof id !== 'string') return id;
  try {
    return fromHex(id);
  } catch (e) {
    throw new EimInputError(field, (e as Error).message);
  }
}
