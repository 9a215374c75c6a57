/**
 * AES-128 (CBC, and ECB for ICVs) on long-lived node:crypto cipher objects. BSP protects a BPP in
 * segments of at most 1020 bytes (SGP.22 §2.5.3), and creating a cipher per segment costs more than
 * the AES work on it, so each key gets its cipher objects once for the whole session.
 *
 * A streaming CBC cipher keeps the last ciphertext block as its chaining value. To run a fresh
 * CBC computation under any IV on it, the first input block is XORed with IV ⊕ chain: the cipher
 * then computes E(P1 ⊕ IV), exactly as a new cipher would. Decryption is fixed up on the output
 * side the same way, so the caller's input is never changed.
 */
import { Cipher, createCipheriv, createDecipheriv, Decipher } from 'node:crypto';

export const AES_BLOCK = 16;
export const AES128_KEY_BYTES = 16;

export class AesKeyError extends Error {
  override readonly name = 'AesKeyError';
  constructor(readonly field: string, readonly found: number) {
    super(`${field} must be an AES-128 key of ${AES128_KEY_BYTES} bytes, got ${found}`);
  }
}

const ZERO_BLOCK = Buffer.alloc(AES_BLOCK);

/**
 * `dst[at…] = src[start, end)`. Buffer.copy makes a Buffer view and checks its arguments on every
 * call; a bare Uint8Array view costs about half that, which shows at one copy per 1 kB segment.
 */
export function copyBytes(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): void {
  dst.set(new Uint8Array(src.buffer, src.byteOffset + start, end - start), at);
}

/** Throws AesKeyError naming `field` unless `key` is 16 bytes. */
export function checkAesKey(key: Uint8Array, field: string): void {
  if (key.length !== AES128_KEY_BYTES) throw new AesKeyError(field, key.length);
}

export class AesCbcEncryptor {
  private readonly cipher: Cipher;
  /** The last ciphertext block the cipher produced: its running chaining value. */
  private readonly chain = Buffer.alloc(AES_BLOCK);

  constructor(key: Uint8Array, field = 'key') {
    checkAesKey(key, field);
    this.cipher = createCipheriv('aes-128-cbc', key, ZERO_BLOCK).setAutoPadding(false);
  }

  /**
   * CBC encryption of `data` (a whole number of blocks, at least one) under `iv`. The first block
   * of `data` is overwritten as scratch space, so pass a buffer you own.
   */
  encryptInPlace(data: Buffer, iv: Uint8Array): Buffer {
    for (let i = 0; i < AES_BLOCK; i++) data[i] ^= iv[i] ^ this.chain[i];
    const out = this.cipher.update(data);
    for (let i = 0, j = out.length - AES_BLOCK; i < AES_BLOCK; i++, j++) this.chain[i] = out[j];
    return out;
  }

  /** E_K(block) for one 16-byte block. */
  encryptBlock(block: Uint8Array): Buffer {
    return this.encryptInPlace(Buffer.from(block), ZERO_BLOCK);
  }
}

export class AesCbcDecryptor {
  private readonly decipher: Decipher;
  /** The last ciphertext block fed to the decipher. */
  private readonly chain = Buffer.alloc(AES_BLOCK);

  constructor(key: Uint8Array, field = 'key') {
    checkAesKey(key, field);
    this.decipher = createDecipheriv('aes-128-cbc', key, ZERO_BLOCK).setAutoPadding(false);
  }

  /**
   * CBC decryption of `data` (a whole number of blocks, at least one) under the IV at `iv[ivAt]`
   * (an offset, so a batch of IVs needs no view per call).
   */
  decrypt(data: Uint8Array, iv: Uint8Array, ivAt = 0): Buffer {
    const out = this.decipher.update(data);
    for (let i = 0; i < AES_BLOCK; i++) out[i] ^= this.chain[i] ^ iv[ivAt + i];
    for (let i = 0, j = data.length - AES_BLOCK; i < AES_BLOCK; i++, j++) this.chain[i] = data[j];
    return out;
  }
}

/** AES-128-ECB encryption of whole blocks (independent blocks, so nothing to track). */
export class AesEcbEncryptor {
  private readonly cipher: Cipher;

  constructor(key: Uint8Array, field = 'key') {
    checkAesKey(key, field);
    this.cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

  encrypt(blocks: Uint8Array): Buffer {
    return this.cipher.update(blocks);
  }
}
