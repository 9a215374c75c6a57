/**
 * Key derivation for the BPP session (BSP, SGP.22 §2.6.4.2 in v3.0 numbering, as pySim cites it;
 * BSI TR-03111 §4.3.3): the ANSI X9.63 KDF with SHA-256 over the ECKA shared secret ShS.
 */
import { createHash } from 'node:crypto';

export class KdfError extends Error {
  override readonly name = 'KdfError';
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
  }
}

const SHA256_BYTES = 32;

/**
 * ANSI X9.63 KDF with SHA-256: K = H(Z ‖ 00000001 ‖ SharedInfo) ‖ H(Z ‖ 00000002 ‖ SharedInfo) ‖ …,
 * truncated to `length` bytes (the counter is 32-bit big-endian and starts at 1).
 */
export function x963Kdf(z: Uint8Array, sharedInfo: Uint8Array, length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > SHA256_BYTES * 0xffffffff) {
    throw new KdfError('length', `must be an integer from 0 to ${SHA256_BYTES} × (2^32 − 1), got ${length}`);
  }
  const out = Buffer.alloc(Math.ceil(length / SHA256_BYTES) * SHA256_BYTES);
  const counter = Buffer.alloc(4);
  for (let i = 0; i * SHA256_BYTES < length; i++) {
    counter.writeUInt32BE(i + 1);
    createHash('sha256').update(z).update(counter).update(sharedInfo).digest().copy(out, i * SHA256_BYTES);
  }
  return out.subarray(0, length);
}

/** The control reference template values that enter the derivation, plus the EID. */
export interface SessionKeyParams {
  /** CRT keyType: '88' (AES) is the only value SGP.22 defines. */
  keyType: number;
  /** CRT keyLen in bytes: 16 (AES-128). */
  keyLength: number;
  /** CRT hostId, 1 to 16 bytes. */
  hostId: Uint8Array;
  /** EID, 16 bytes. */
  eid: Uint8Array;
}

/** The three 16-byte values the KDF output is cut into, in this order. */
export interface SessionKeys {
  /** Initial MAC chaining value. */
  initialMcv: Buffer;
  /** S-ENC: the AES key for segment encryption. */
  sEnc: Buffer;
  /** S-MAC: the AES key for the segment C-MAC. */
  sMac: Buffer;
}

/**
 * SharedInfo = keyType ‖ keyLength ‖ L(hostId) ‖ hostId ‖ L(EID) ‖ EID, each L one byte; the layout of
 * pySim `bsp_key_derivation` and osmo-ttcn3-hacks `BspCrypto::from_kdf`, and the one that reproduces the
 * keys of a third-party SM-DP+ trace (see test/crypto/kdf.test.ts).
 */
export function sessionKeySharedInfo(p: SessionKeyParams): Buffer {
  if (!Number.isInteger(p.keyType) || p.keyType < 0 || p.keyType > 0xff) throw new KdfError('keyType', `must be one byte, got ${p.keyType}`);
  if (p.keyLength !== 16) throw new KdfError('keyLength', `only AES-128 (16) is defined for BSP, got ${p.keyLength}`);
  if (p.hostId.length < 1 || p.hostId.length > 16) throw new KdfError('hostId', `must be 1 to 16 bytes, got ${p.hostId.length}`);
  if (p.eid.length !== 16) throw new KdfError('eid', `must be 16 bytes, got ${p.eid.length}`);
  return Buffer.concat([Buffer.of(p.keyType, p.keyLength, p.hostId.length), p.hostId, Buffer.of(p.eid.length), p.eid]);
}

/** KeyData = X9.63-KDF(ShS, SharedInfo), 48 bytes, cut into initial MCV ‖ S-ENC ‖ S-MAC. */
export function deriveSessionKeys(shs: Uint8Array, p: SessionKeyParams): SessionKeys {
  const k = x963Kdf(shs, sessionKeySharedInfo(p), 3 * p.keyLength);
  return {
    initialMcv: Buffer.from(k.subarray(0, 16)),
    sEnc: Buffer.from(k.subarray(16, 32)),
    sMac: Buffer.from(k.subarray(32, 48)),
  };
}
