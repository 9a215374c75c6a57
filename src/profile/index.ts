/** Public surface of the SAIP test-profile builder and parser. */
export { buildTestProfile, TEMPLATE_MF, TEMPLATE_USIM } from './build';
export type { TestProfile } from './build';
export { parseProfile } from './parse';
export type { ParsedProfile } from './parse';
export { DEFAULT_ICCID, DEFAULT_K, DEFAULT_OPC } from './options';
export type { TestProfileOptions } from './options';
export { ProfileFormatError, ProfileOptionError } from './errors';
export {
  efImsiToImsi, hasValidLuhn, iccidToPlainBcd, iccidToSwappedBcd, imsiToEfImsi, luhnCheckDigit, plainBcdToIccid,
  swappedBcdToIccid,
} from './identifiers';
