/**
 * The two curves RSP allows (SGP.22 §2.6.5, SGP.32 §2.6): NIST P-256 and brainpoolP256r1. A curve is a
 * short name that flows through config, PKI and simulators; node:crypto does ECDSA and ECDH on both.
 */
import { KeyObject } from 'node:crypto';

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

/** The curve of an EC key, or UnsupportedCurveError for anything else (RSA, Ed25519, P-384…). */
export function curveOfKey(key: KeyObject): Curve {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'ec' || !d?.namedCurve) throw new UnsupportedCurveError(key.asymmetricKeyType ?? 'unknown key type');
  return parseCurve(d.namedCurve);
}
