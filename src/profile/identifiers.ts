/**
 * ICCID and IMSI: the checks a number must pass and the three BCD layouts a profile uses.
 *
 *  - ICCID, swapped nibbles (ETSI TS 102 221 §13.2 EF.ICCID; SGP.22 `Iccid` in the profile
 *    metadata): "8944…" -> 98 44 …, a missing 20th digit padded with F.
 *  - ICCID, plain nibbles (SAIP ProfileHeader.iccid: "non-swapped ITU E.118 format, padded with
 *    'F'"): "8944…" -> 89 44 ….
 *  - IMSI in EF.IMSI (3GPP TS 31.102 §4.2.2): a length byte, then the parity nibble (1 even,
 *    9 odd digit count) and the digits, low nibble first, F-padded to 9 bytes.
 */
import { ProfileFormatError } from './errors';

/** The Luhn (ISO/IEC 7812-1) check digit for `payload` (digits only). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the others. */
export function hasValidLuhn(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

function nibbles(digits: string, length: number): number[] {
  const n = [...digits].map((c) => c.charCodeAt(0) - 48);
  while (n.length < length) n.push(0xf);
  return n;
}

/** ICCID as EF.ICCID content and SGP.22 `Iccid`: 10 bytes, nibble-swapped, F-padded. */
export function iccidToSwappedBcd(iccid: string): Uint8Array {
  const n = nibbles(iccid, 20);
  return Uint8Array.from({ length: 10 }, (_, i) => (n[2 * i + 1] << 4) | n[2 * i]);
}

/** ICCID as SAIP ProfileHeader.iccid: 10 bytes, digits in reading order, F-padded. */
export function iccidToPlainBcd(iccid: string): Uint8Array {
  const n = nibbles(iccid, 20);
  return Uint8Array.from({ length: 10 }, (_, i) => (n[2 * i] << 4) | n[2 * i + 1]);
}

/** Digits of a BCD nibble sequence up to the first F; anything else after it, or A-E, is an error. */
function digitsOf(n: number[], what: string): string {
  const end = n.indexOf(0xf);
  const body = end < 0 ? n : n.slice(0, end);
  if (body.some((d) => d > 9)) throw new ProfileFormatError(`${what}: nibble ${body.find((d) => d > 9)!.toString(16).toUpperCase()} is not a digit`, -1);
  if (end >= 0 && n.slice(end).some((d) => d !== 0xf)) throw new ProfileFormatError(`${what}: digits after the F padding`, -1);
  return body.join('');
}

/** Inverse of `iccidToSwappedBcd`. */
export function swappedBcdToIccid(bytes: Uint8Array): string {
  return digitsOf([...bytes].flatMap((b) => [b & 0xf, b >> 4]), 'swapped-BCD ICCID');
}

/** Inverse of `iccidToPlainBcd`. */
export function plainBcdToIccid(bytes: Uint8Array): string {
  return digitsOf([...bytes].flatMap((b) => [b >> 4, b & 0xf]), 'plain-BCD ICCID');
}

/** EF.IMSI content for an IMSI of 1 to 15 digits (the caller checks the IMSI rules). */
export function imsiToEfImsi(imsi: string): Uint8Array {
  const parity = imsi.length % 2 === 1 ? 0x9 : 0x1;
  const n = [parity, ...nibbles(imsi, 15)];
  const out = new Uint8Array(9).fill(0xff);
  out[0] = Math.ceil((imsi.length + 1) / 2);
  for (let i = 0; i < 8; i++) out[1 + i] = (n[2 * i + 1] << 4) | n[2 * i];
  return out;
}

/** Inverse of `imsiToEfImsi`; checks the length byte and the parity nibble. */
export function efImsiToImsi(bytes: Uint8Array): string {
  if (bytes.length < 2 || bytes[0] < 1 || bytes[0] > 8 || bytes.length < 1 + bytes[0]) {
    throw new ProfileFormatError(`EF.IMSI: length byte ${bytes[0]} does not fit ${bytes.length} bytes`, -1);
  }
  const n = [...bytes.subarray(1, 1 + bytes[0])].flatMap((b) => [b & 0xf, b >> 4]);
  const imsi = digitsOf(n.slice(1), 'EF.IMSI');
  const parity = imsi.length % 2 === 1 ? 0x9 : 0x1;
  if (n[0] !== parity) throw new ProfileFormatError(`EF.IMSI: parity nibble ${n[0].toString(16)} does not match ${imsi.length} digits`, -1);
  return imsi;
}
