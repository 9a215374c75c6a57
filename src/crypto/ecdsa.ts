/**
 * ECDSA with SHA-256 as RSP uses it: signatures travel as raw r‖s (64 bytes) in `5F37` fields
 * (SGP.22 §2.6.5, BSI TR-03111 plain format), while X.509 and node:crypto use DER `ECDSA-Sig-Value`.
 */
import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { tagHex } from '../asn1';
import { curveOfKey, FIELD_BYTES } from './curves';

export class SignatureFormatError extends Error {
  override readonly name = 'SignatureFormatError';
  constructor(readonly detail: string, readonly offset: number) {
    super(`ECDSA signature: ${detail} at offset ${offset}`);
  }
}

/** DER `SEQUENCE { r INTEGER, s INTEGER }` → r‖s, each left-padded to 32 bytes. Strict DER only. */
export function derToRaw(der: Uint8Array): Buffer {
  let p = 0;
  const need = (n: number, what: string) => {
    if (p + n > der.length) throw new SignatureFormatError(`truncated ${what}`, p);
  };
  need(2, 'SEQUENCE header');
  if (der[p] !== 0x30) throw new SignatureFormatError(`expected SEQUENCE (30), found ${hex(der[p])}`, p);
  const seqLen = der[p + 1];
  if (seqLen & 0x80) {
    // r and s of a 256-bit curve always fit the short form; anything else is not our signature.
    throw new SignatureFormatError('long-form length not expected', p + 1);
  }
  p += 2;
  if (p + seqLen !== der.length) throw new SignatureFormatError(`SEQUENCE length ${seqLen} does not match ${der.length - 2} content bytes`, 1);
  const out = Buffer.alloc(2 * FIELD_BYTES);
  for (const [i, name] of [[0, 'r'], [1, 's']] as const) {
    need(2, `${name} header`);
    if (der[p] !== 0x02) throw new SignatureFormatError(`expected INTEGER (02) for ${name}, found ${hex(der[p])}`, p);
    const len = der[p + 1];
    p += 2;
    need(len, name);
    let v = der.subarray(p, p + len);
    if (len === 0 || v[0] & 0x80) throw new SignatureFormatError(`${name} is not a positive INTEGER`, p);
    if (len > 1 && v[0] === 0 && !(v[1] & 0x80)) throw new SignatureFormatError(`${name} has a non-minimal encoding`, p);
    if (v[0] === 0) v = v.subarray(1);
    if (v.length > FIELD_BYTES) throw new SignatureFormatError(`${name} longer than ${FIELD_BYTES} bytes`, p);
    out.set(v, (i + 1) * FIELD_BYTES - v.length);
    p += len;
  }
  if (p !== der.length) throw new SignatureFormatError('trailing bytes', p);
  return out;
}

/** r‖s (64 bytes) → DER `ECDSA-Sig-Value`. */
export function rawToDer(raw: Uint8Array): Buffer {
  if (raw.length !== 2 * FIELD_BYTES) throw new SignatureFormatError(`raw r‖s must be ${2 * FIELD_BYTES} bytes, got ${raw.length}`, 0);
  const int = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const body = v[i] & 0x80 ? Buffer.concat([Buffer.of(0), v.subarray(i)]) : Buffer.from(v.subarray(i));
    return Buffer.concat([Buffer.of(0x02, body.length), body]);
  };
  const body = Buffer.concat([int(raw.subarray(0, FIELD_BYTES)), int(raw.subarray(FIELD_BYTES))]);
  return Buffer.concat([Buffer.of(0x30, body.length), body]);
}

/** Signs with SHA-256 and returns raw r‖s. */
export function signRaw(key: KeyObject, data: Uint8Array): Buffer {
  curveOfKey(key);
  return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
}

/**
 * Verifies a raw r‖s signature. A signature of the wrong size is simply invalid (false): the caller
 * reports "bad signature", the same as for a wrong value.
 */
export function verifyRaw(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  curveOfKey(pub);
  if (signature.length !== 2 * FIELD_BYTES) return false;
  return verify('sha256', data, { key: pub, dsaEncoding: 'ieee-p1363' }, signature);
}

function hex(b: number | undefined): string {
  return b === undefined ? 'end of data' : tagHex(b);
}
