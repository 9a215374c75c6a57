/**
 * The eUICC identifier (EID): 32 decimal digits, "89" first (ITU-T E.118 telecom industry prefix),
 * the last two being ISO/IEC 7064 MOD 97-10 check digits over the whole number, as for an IBAN
 * (GSMA SGP.29). A valid EID read as an integer is ≡ 1 (mod 97); e.g. the SGP.26 test EID
 * 89049032123451234512345678901235.
 *
 * The EUM's identification number (EIN) is the leading part that the EUM certificate's
 * nameConstraints permit (SGP.26: serialNumber=89049032, i.e. "89" + country 049 + issuer 032).
 */
import { randomInt } from 'node:crypto';

export const EID_DIGITS = 32;
export const DEFAULT_EIN = '89049032';

export class InvalidEidError extends Error {
  override readonly name = 'InvalidEidError';
  constructor(readonly eid: string, readonly detail: string) {
    super(`invalid EID '${eid}': ${detail}`);
  }
}

/** Remainder of a decimal string modulo 97, digit by digit (the number does not fit a double). */
function mod97(digits: string): number {
  let r = 0;
  for (const d of digits) r = (r * 10 + (d.charCodeAt(0) - 48)) % 97;
  return r;
}

/** The two check digits completing the first 30 digits of an EID. */
export function eidCheckDigits(first30: string): string {
  if (!/^\d{30}$/.test(first30)) throw new InvalidEidError(first30, 'the check digits need exactly 30 leading digits');
  return String(98 - mod97(`${first30}00`)).padStart(2, '0');
}

/** Why `eid` is not a valid EID, or undefined if it is. */
export function eidProblem(eid: string): string | undefined {
  if (!/^\d+$/.test(eid)) return 'an EID has decimal digits only';
  if (eid.length !== EID_DIGITS) return `an EID has ${EID_DIGITS} digits, this has ${eid.length}`;
  if (!eid.startsWith('89')) return 'an EID starts with the industry identifier 89';
  if (mod97(eid) !== 1) return `check digits ${eid.slice(30)} are wrong (expected ${eidCheckDigits(eid.slice(0, 30))})`;
  return undefined;
}

export function isValidEid(eid: string): boolean {
  return eidProblem(eid) === undefined;
}

/** Returns `eid` if valid, else throws InvalidEidError saying why. */
export function assertEid(eid: string): string {
  const p = eidProblem(eid);
  if (p) throw new InvalidEidError(eid, p);
  return eid;
}

/**
 * A fresh valid EID in the range of `ein`: random digits up to 30, then the check digits.
 * `digit` is the source of randomness (a uniform integer in [0, 10)), replaceable for tests.
 */
export function generateEid(ein: string = DEFAULT_EIN, digit: () => number = () => randomInt(10)): string {
  if (!/^89\d{0,28}$/.test(ein)) throw new InvalidEidError(ein, 'an EIN is "89" followed by at most 28 digits');
  let first30 = ein;
  while (first30.length < 30) first30 += String(digit());
  return first30 + eidCheckDigits(first30);
}
