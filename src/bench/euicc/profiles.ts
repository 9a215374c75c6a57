/** The test profiles of the eUICC suite, by the letter scenarios call them. */
import { iccidToSwappedBcd } from '../../profile';

/** Test profiles by the letter scenarios call them (SGP.26-style ICCIDs, Luhn-valid). */
export const PROFILES: Readonly<Record<string, string>> = {
  A: '89000123456789012341',
  B: '89000123456789012358',
  C: '89000123456789012366',
  D: '89000123456789012374',
};

export function iccidOf(letter: string): string {
  const iccid = PROFILES[letter];
  if (!iccid) throw new Error(`no test profile ${letter} (known: ${Object.keys(PROFILES).join(', ')})`);
  return iccid;
}

/** BCD ICCID of a test profile as the card reports it (hex). */
export const iccidBcd = (letter: string): Buffer => Buffer.from(iccidToSwappedBcd(iccidOf(letter)));
