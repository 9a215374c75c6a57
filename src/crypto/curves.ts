/**
 * The two curves RSP allows (SGP.22 §2.6.5, SGP.32 §2.6): NIST P-256 and brainpoolP256r1. A curve is a
 * short name that flows through config, PKI and simulators; node:crypto does ECDSA and ECDH on both.
 */
import { createPublicKey, KeyObject } from 'node:crypto';
import { tlvSpans } from '../asn1';

export const CURVES = ['nist', 'brp'] as const;
export type Curve = (typeof CURVES)[number];

export interface CurveInfo {
  readonly curve: Curve;
  /** node:crypto / OpenSSL name. */
  readonly nodeName: 'prime256v1' | 'brainpoolP256r1';
  readonly oid: string;
  readonly label: string;
}

export const CURVE_INFO: Readonly<Record<Curve, CurveInfo>> = {
  nist: { curve: 'nist', nodeName: 'prime256v1', oid: '1.2.840.10045.3.1.7', label: 'NIST P-256' },
  brp: { curve: 'brp', nodeName: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', label: 'brainpoolP256r1' },
};

/** Coordinate and scalar size in bytes for both curves. */
export const FIELD_BYTES = 32;

export class UnsupportedCurveError extends Error {
  constructor(readonly found: string) {
    super(`unsupported curve '${found}' (RSP allows ${CURVES.map((c) => CURVE_INFO[c].label).join(' and ')})`);
    this.name = 'UnsupportedCurveError';
  }
}

/** Accepts our short names, OpenSSL names and OIDs. */
export function parseCurve(text: string): Curve {
  const t = text.trim().toLowerCase();
  for (const c of CURVES) {
    const i = CURVE_INFO[c];
    if (t === c || t === i.nodeName.toLowerCase() || t === i.oid || t === 'p-256' && c === 'nist' || t === 'secp256r1' && c === 'nist') return c;
  }
  throw new UnsupportedCurveError(text);
}

/** Content octets of each curve's OID, as they appear in a SubjectPublicKeyInfo. */
const OID_CONTENT: Readonly<Record<Curve, string>> = { nist: '2a8648ce3d030107', brp: '2b2403030208010107' };
const KEY_CURVES = new WeakMap<KeyObject, Curve>();

/**
 * The curve of an EC key, or UnsupportedCurveError for anything else (RSA, Ed25519, P-384…).
 * It is read from the key's SPKI, once per key: node 20 can deadlock reading
 * `asymmetricKeyDetails` of a freshly generated key while the GC finalises its generation job.
 */
export function curveOfKey(key: KeyObject): Curve {
  const known = KEY_CURVES.get(key);
  if (known) return known;
  if (key.asymmetricKeyType !== 'ec') throw new UnsupportedCurveError(key.asymmetricKeyType ?? 'unknown key type');
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  const [spkiSeq] = tlvSpans(spki, 'SubjectPublicKeyInfo');
  const [alg] = tlvSpans(spki, 'SubjectPublicKeyInfo', spkiSeq.start, spkiSeq.end);
  const params = tlvSpans(spki, 'SubjectPublicKeyInfo', alg.start, alg.end)[1];
  const oid = params ? spki.subarray(params.start, params.end).toString('hex') : 'none';
  const curve = CURVES.find((c) => OID_CONTENT[c] === oid);
  if (!curve) throw new UnsupportedCurveError(`EC curve with OID content ${oid}`);
  KEY_CURVES.set(key, curve);
  return curve;
}
