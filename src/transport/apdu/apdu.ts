/**
 * Short command and response APDUs (ISO/IEC 7816-4 §5.1). A UICC on T=0 never takes extended
 * lengths (ETSI TS 102 221 §7.3.1), and every ES10 exchange fits in short APDUs, so an extended
 * APDU is a format error here rather than a second code path.
 */
import { toHex } from '../../asn1';

/** A field of an APDU had an impossible value or the lengths did not add up. */
export class ApduFormatError extends Error {
  override readonly name = 'ApduFormatError';
  constructor(
    /** The APDU field at fault: 'cla', 'ins', 'p1', 'p2', 'lc', 'data', 'le', 'sw', ... */
    readonly field: string,
    /** Offset in the encoded APDU where the fault shows. */
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`APDU ${field} at offset ${offset}: ${detail}`);
  }
}

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data; empty for cases 1 and 2. */
  data: Uint8Array;
  /** Ne, the number of response bytes expected, 1..256 (cases 2 and 4); absent for cases 1 and 3. */
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  sw: number;
}

const EMPTY = new Uint8Array(0);

/** A plain Uint8Array copy (a Buffer's slice would share memory with the caller's bytes). */
function copy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

/**
 * Reads a short command APDU: 4 bytes (case 1), 5 (case 2: Le), 5 + Lc (case 3) or 6 + Lc (case 4).
 * An Le byte of 00 means 256. Under T=0 a case-1 command travels with P3 = 00 (TS 102 221
 * §7.3.1.1.1), which reads as case 2 with Le = 256; the card side decides what that means per INS.
 */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError('header', bytes.length, `${bytes.length} bytes, a command APDU has at least 4`);
  const [cla, ins, p1, p2] = bytes;
  const header = { cla: cla!, ins: ins!, p1: p1!, p2: p2! };
  if (bytes.length === 4) return { ...header, data: EMPTY };
  const p3 = bytes[4]!;
  if (bytes.length === 5) return { ...header, data: EMPTY, le: p3 === 0 ? 256 : p3 };
  if (p3 === 0) throw new ApduFormatError('lc', 4, 'Lc byte 00 followed by more bytes is an extended-length APDU, not supported');
  const dataEnd = 5 + p3;
  if (bytes.length === dataEnd) return { ...header, data: copy(bytes, 5, dataEnd) };
  if (bytes.length === dataEnd + 1) {
    const le = bytes[dataEnd]!;
    return { ...header, data: copy(bytes, 5, dataEnd), le: le === 0 ? 256 : le };
  }
  throw new ApduFormatError('lc', 4, `Lc = ${p3} announces ${p3} data bytes, ${bytes.length - 5} bytes follow the header`);
}

/** Encodes a short command APDU; `le` 0 and 256 both encode as 00. */
export function encodeCommandApdu(c: CommandApdu): Uint8Array {
  const fields = ['cla', 'ins', 'p1', 'p2'] as const;
  fields.forEach((f, i) => {
    const v = c[f];
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new ApduFormatError(f, i, `${v} is not a byte`);
  });
  if (c.data.length > 255) throw new ApduFormatError('data', 5, `${c.data.length} data bytes need an extended-length APDU, not supported`);
  if (c.le !== undefined && (!Number.isInteger(c.le) || c.le < 0 || c.le > 256)) {
    throw new ApduFormatError('le', 5 + (c.data.length ? c.data.length + 1 : 0), `Le ${c.le} is not in 0..256`);
  }
  const lc = c.data.length ? 1 + c.data.length : 0;
  const out = new Uint8Array(4 + lc + (c.le === undefined ? 0 : 1));
  out.set([c.cla, c.ins, c.p1, c.p2]);
  if (c.data.length) {
    out[4] = c.data.length;
    out.set(c.data, 5);
  }
  if (c.le !== undefined) out[4 + lc] = c.le & 0xff;
  return out;
}

/** Splits data ‖ SW1 SW2. */
export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduFormatError('sw', bytes.length, `${bytes.length} bytes, a response APDU ends with two status bytes`);
  const n = bytes.length - 2;
  return { data: copy(bytes, 0, n), sw: (bytes[n]! << 8) | bytes[n + 1]! };
}

/** Encodes data ‖ SW1 SW2. */
export function responseApdu(data: Uint8Array, sw: number): Uint8Array {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) throw new ApduFormatError('sw', data.length, `${sw} is not a status word`);
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

/** Uppercase hex of an APDU, as the reports show it. */
export function apduHex(bytes: Uint8Array): string {
  return toHex(bytes).toUpperCase();
}

/** The bytes of `chunks` one after the other, as a plain Uint8Array. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
