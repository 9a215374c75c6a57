/**
 * Options of the test profile, their defaults and their checks. Every check throws a
 * ProfileOptionError naming the option, so a bad value never reaches the encoder.
 */
import { ProfileOptionError } from './errors';
import { hasValidLuhn, luhnCheckDigit } from './identifiers';

export interface TestProfileOptions {
  /** 19 or 20 digits, starting 89 (ITU-T E.118 telecom), the last one the Luhn check digit. */
  iccid?: string;
  /** 6 to 15 digits: MCC, MNC, MSIN (3GPP TS 23.003 §2.2). Default: test PLMN 001/01. */
  imsi?: string;
  /** Digits of the MNC inside the IMSI, written to EF.AD (default 2). */
  mncLength?: 2 | 3;
  /** Milenage subscriber key K: 16 bytes, as bytes or hex. */
  k?: Uint8Array | string;
  /** Milenage OPc: 16 bytes, as bytes or hex. */
  opc?: Uint8Array | string;
  /** PIN1 (global), 4 to 8 digits. */
  pin?: string;
  /** PIN2 (local to the USIM), 4 to 8 digits. */
  pin2?: string;
  /** PUK1, 8 digits. */
  puk?: string;
  /** PUK2, 8 digits. */
  puk2?: string;
  /** ADM1, 8 digits. */
  adm?: string;
  /** Profile name: the ProfileHeader's profileType, and the name for the SM-DP+ metadata (1..100 characters). */
  profileName?: string;
  /** EF.SPN text: 1 to 16 characters that the GSM default alphabet codes like ASCII. */
  serviceProviderName?: string;
  /** SAIP version in the ProfileHeader; major 2 or 3 (the elements used exist in both). Default 2.3. */
  version?: { major: number; minor: number };
}

export interface ResolvedOptions {
  iccid: string;
  imsi: string;
  mncLength: 2 | 3;
  k: Buffer;
  opc: Buffer;
  pin: string;
  pin2: string;
  puk: string;
  puk2: string;
  adm: string;
  profileName: string;
  serviceProviderName: string;
  version: { major: number; minor: number };
}

/** Test ICCID: issuer 001 (no real operator), serial 1, Luhn check digit 0. */
export const DEFAULT_ICCID = '89001000000000000010';
/**
 * Milenage test set 1 of 3GPP TS 35.208 §4.3 (K and the OPc derived there from its OP), so the AKA
 * the profile carries can be checked against published vectors.
 */
export const DEFAULT_K = '465B5CE8B199B49FAA5F0A2EE238A6BC';
export const DEFAULT_OPC = 'CD63CB71954A9F4E48A5994E37A02BAF';

const DEFAULTS: ResolvedOptions = {
  iccid: DEFAULT_ICCID,
  imsi: '001010000000001',
  mncLength: 2,
  k: Buffer.from(DEFAULT_K, 'hex'),
  opc: Buffer.from(DEFAULT_OPC, 'hex'),
  pin: '0000',
  pin2: '0000',
  puk: '12345678',
  puk2: '87654321',
  adm: '88888888',
  profileName: 'sgp32-harness test profile',
  serviceProviderName: 'sgp32-harness',
  version: { major: 2, minor: 3 },
};

const KNOWN = Object.keys(DEFAULTS);
/** Characters whose GSM 7-bit default alphabet code (3GPP TS 23.038) equals their ASCII code. */
const GSM_ASCII = /^[A-Za-z0-9 !"#%&'()*+,\-./:;<=>?]{1,16}$/;

function digits(field: string, v: unknown, min: number, max: number): string {
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new ProfileOptionError(field, `expected a string of digits, got ${JSON.stringify(v)}`);
  if (v.length < min || v.length > max) throw new ProfileOptionError(field, `${v.length} digits, expected ${min === max ? min : `${min} to ${max}`}`);
  return v;
}

function bytes16(field: string, v: unknown): Buffer {
  let b: Buffer;
  if (v instanceof Uint8Array) b = Buffer.from(v);
  else if (typeof v === 'string' && /^([0-9a-fA-F]{2})*$/.test(v)) b = Buffer.from(v, 'hex');
  else throw new ProfileOptionError(field, 'expected bytes or an even-length hex string');
  if (b.length !== 16) throw new ProfileOptionError(field, `${b.length} bytes, Milenage needs 16`);
  return b;
}

function iccid(v: unknown): string {
  const s = digits('iccid', v, 19, 20);
  if (!s.startsWith('89')) throw new ProfileOptionError('iccid', `'${s}' does not start with the telecom prefix 89`);
  if (!hasValidLuhn(s)) throw new ProfileOptionError('iccid', `'${s}' fails the Luhn check (check digit for its first ${s.length - 1} digits is ${luhnCheckDigit(s.slice(0, -1))})`);
  return s;
}

function version(v: unknown): { major: number; minor: number } {
  const o = v as { major?: unknown; minor?: unknown } | null;
  if (typeof o !== 'object' || o === null) throw new ProfileOptionError('version', 'expected { major, minor }');
  for (const k of Object.keys(o)) if (k !== 'major' && k !== 'minor') throw new ProfileOptionError(`version.${k}`, 'is not a version field (major, minor)');
  if (o.major !== 2 && o.major !== 3) throw new ProfileOptionError('version.major', `${String(o.major)}: this builder writes SAIP 2 or 3`);
  if (!Number.isInteger(o.minor) || (o.minor as number) < 0 || (o.minor as number) > 255) throw new ProfileOptionError('version.minor', `${String(o.minor)} is not a UInt8`);
  return { major: o.major, minor: o.minor as number };
}

/** Fills in defaults and checks every option; throws ProfileOptionError naming the first bad one. */
export function resolveOptions(options: TestProfileOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new ProfileOptionError('options', 'expected an object');
  for (const k of Object.keys(options)) {
    if (!KNOWN.includes(k)) throw new ProfileOptionError(k, `is not an option (known: ${KNOWN.join(', ')})`);
  }
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const r: ResolvedOptions = {
    iccid: iccid(o.iccid),
    imsi: digits('imsi', o.imsi, 6, 15),
    mncLength: o.mncLength,
    k: bytes16('k', o.k),
    opc: bytes16('opc', o.opc),
    pin: digits('pin', o.pin, 4, 8),
    pin2: digits('pin2', o.pin2, 4, 8),
    puk: digits('puk', o.puk, 8, 8),
    puk2: digits('puk2', o.puk2, 8, 8),
    adm: digits('adm', o.adm, 8, 8),
    profileName: o.profileName,
    serviceProviderName: o.serviceProviderName,
    version: version(o.version),
  };
  if (r.mncLength !== 2 && r.mncLength !== 3) throw new ProfileOptionError('mncLength', `${String(r.mncLength)}: an MNC has 2 or 3 digits`);
  if (r.imsi.length < 3 + r.mncLength + 1) throw new ProfileOptionError('imsi', `'${r.imsi}' leaves no MSIN after MCC and a ${r.mncLength}-digit MNC`);
  const chars = typeof r.profileName === 'string' ? [...r.profileName].length : 0;
  if (chars < 1 || chars > 100) throw new ProfileOptionError('profileName', `expected 1 to 100 characters (ProfileHeader.profileType), got ${typeof r.profileName === 'string' ? chars : typeof r.profileName}`);
  if (typeof r.serviceProviderName !== 'string' || !GSM_ASCII.test(r.serviceProviderName)) {
    throw new ProfileOptionError('serviceProviderName', `${JSON.stringify(r.serviceProviderName)}: expected 1 to 16 of A-Z a-z 0-9 space !"#%&'()*+,-./:;<=>?`);
  }
  return r;
}
