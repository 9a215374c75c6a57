/**
 * ECKA-DH (BSI TR-03111) with one-time keys, as SGP.22 §2.6.6 / §3.1.3 uses it for the BPP session:
 * each side makes a fresh key pair, the public part travels as an uncompressed point (`5F49`,
 * 04‖X‖Y, 65 bytes), and the shared secret ShS is the X coordinate of the product (32 bytes).
 */
import { createECDH, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { Curve, CURVE_INFO, curveOfKey, FIELD_BYTES } from './curves';

export class EckaError extends Error {
  override readonly name = 'EckaError';
}

export interface OneTimeKeyPair {
  readonly curve: Curve;
  /** 32-byte private scalar. */
  readonly privateKey: Buffer;
  /** Uncompressed point 04‖X‖Y (65 bytes), the value of `euiccOtpk` / `smdpOtpk`. */
  readonly publicKey: Buffer;
}

export function generateOneTimeKey(curve: Curve): OneTimeKeyPair {
  const ecdh = createECDH(CURVE_INFO[curve].nodeName);
  const publicKey = ecdh.generateKeys();
  return { curve, privateKey: padScalar(ecdh.getPrivateKey()), publicKey };
}

/** A one-time pair from a known private scalar (known-answer tests, reproducible runs). */
export function oneTimeKeyFromPrivate(curve: Curve, privateKey: Uint8Array): OneTimeKeyPair {
  const ecdh = createECDH(CURVE_INFO[curve].nodeName);
  ecdh.setPrivateKey(Buffer.from(privateKey));
  return { curve, privateKey: padScalar(ecdh.getPrivateKey()), publicKey: ecdh.getPublicKey() };
}

/**
 * ShS = x(d · Q). Rejects a peer point that is not on the curve (node:crypto checks it) with an
 * EckaError rather than a generic exception, so a simulator can answer with the spec's error code.
 */
export function ecka(curve: Curve, privateKey: Uint8Array, peerPublicKey: Uint8Array): Buffer {
  if (peerPublicKey.length !== 1 + 2 * FIELD_BYTES || peerPublicKey[0] !== 0x04) {
    throw new EckaError(`peer public key must be an uncompressed point of ${1 + 2 * FIELD_BYTES} bytes starting 04, got ${peerPublicKey.length} bytes starting ${(peerPublicKey[0] ?? 0).toString(16).padStart(2, '0')}`);
  }
  const ecdh = createECDH(CURVE_INFO[curve].nodeName);
  ecdh.setPrivateKey(Buffer.from(privateKey));
  try {
    return padScalar(ecdh.computeSecret(Buffer.from(peerPublicKey)));
  } catch (e) {
    throw new EckaError(`peer public key is not a point on ${CURVE_INFO[curve].label}: ${(e as Error).message}`);
  }
}

/** The uncompressed point of an EC public (or private) KeyObject: the last 65 bytes of its SPKI. */
export function publicPoint(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  curveOfKey(pub);
  const spki = pub.export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - (1 + 2 * FIELD_BYTES));
}

/*
 * JWK has no brainpool curve, so keys are rebuilt from fixed DER templates: SPKI (RFC 5480) and
 * SEC1 ECPrivateKey (RFC 5915), both 256-bit so every length is constant.
 */
const oidDer = (curve: Curve) => curve === 'nist' ? '06082a8648ce3d030107' : '06092b2403030208010107';

/** A public KeyObject from an uncompressed point (e.g. an eIM key carried as a raw point). */
export function keyFromPoint(curve: Curve, point: Uint8Array): KeyObject {
  if (point.length !== 1 + 2 * FIELD_BYTES || point[0] !== 0x04) throw new EckaError('expected an uncompressed point (04‖X‖Y, 65 bytes)');
  const alg = `06072a8648ce3d0201${oidDer(curve)}`;
  const algSeq = `30${(alg.length / 2).toString(16)}${alg}`;
  const body = `${algSeq}034200${Buffer.from(point).toString('hex')}`;
  const der = Buffer.from(`30${(body.length / 2).toString(16)}${body}`, 'hex');
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch (e) {
    throw new EckaError(`not a point on ${CURVE_INFO[curve].label}: ${(e as Error).message}`);
  }
}

/** A private KeyObject from a raw 32-byte scalar. */
export function keyFromScalar(curve: Curve, scalar: Uint8Array): KeyObject {
  const pair = oneTimeKeyFromPrivate(curve, scalar);
  const oid = oidDer(curve);
  const body = `0201010420${pair.privateKey.toString('hex')}a0${(oid.length / 2).toString(16).padStart(2, '0')}${oid}a144034200${pair.publicKey.toString('hex')}`;
  const der = Buffer.from(`30${(body.length / 2).toString(16)}${body}`, 'hex');
  return createPrivateKey({ key: der, format: 'der', type: 'sec1' });
}

function padScalar(b: Buffer): Buffer {
  return b.length === FIELD_BYTES ? b : Buffer.concat([Buffer.alloc(FIELD_BYTES - b.length), b]);
}

export { curveOfKey };
