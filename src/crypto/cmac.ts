/**
 * AES-CMAC (RFC 4493 / NIST SP 800-38B), the MAC algorithm of BSP (SGP.22 §2.6.4.4, "AES-CMAC-128").
 * node:crypto has no CMAC, so it is CBC-MAC over the message whose last block is XORed with a
 * subkey: K1 when the last block is complete, K2 after 80 00… padding (RFC 4493 §2.4).
 */
import { AES_BLOCK, AesCbcEncryptor } from './aes';

const ZERO_BLOCK = Buffer.alloc(AES_BLOCK);

/** Doubling in GF(2^128) with R = 0x87 (RFC 4493 §2.3, Generate_Subkey). */
function double(block: Uint8Array): Buffer {
  const out = Buffer.alloc(AES_BLOCK);
  for (let i = 0; i < AES_BLOCK; i++) out[i] = ((block[i] << 1) | (i + 1 < AES_BLOCK ? block[i + 1] >> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[AES_BLOCK - 1] ^= 0x87;
  return out;
}

export class AesCmac {
  private readonly cipher: AesCbcEncryptor;
  readonly k1: Buffer;
  readonly k2: Buffer;
  /** The cipher copies its input, so one scratch buffer serves every call; resized on demand. */
  private scratch = Buffer.allocUnsafe(0);

  constructor(key: Uint8Array, field = 'key') {
    this.cipher = new AesCbcEncryptor(key, field);
    this.k1 = double(this.cipher.encryptBlock(ZERO_BLOCK));
    this.k2 = double(this.k1);
  }

  /** The full 16-byte CMAC of the concatenation of `parts`. */
  mac(...parts: Uint8Array[]): Buffer {
    let total = 0;
    for (const p of parts) total += p.length;
    const buf = this.buffer(total);
    let at = 0;
    for (const p of parts) {
      buf.set(p, at);
      at += p.length;
    }
    const out = Buffer.allocUnsafe(AES_BLOCK);
    this.finish(buf, total, out);
    return out;
  }

  /** CMAC of `prefix` ‖ `msg[0, msgEnd)` written to `out` (which may be `prefix`): the BSP hot path. */
  macInto(out: Buffer, prefix: Uint8Array, msg: Buffer, msgEnd: number): void {
    const total = prefix.length + msgEnd;
    const buf = this.buffer(total);
    buf.set(prefix, 0);
    msg.copy(buf, prefix.length, 0, msgEnd);
    this.finish(buf, total, out);
  }

  /**
   * CMAC of `buf[0, end)` computed where it lies, for a caller that lays the message out in a
   * buffer it owns: the bytes from `end` to the next block boundary must exist and are overwritten,
   * and the first block is left changed (it serves the IV fix-up of the long-lived cipher). The
   * message bytes of the last block are put back.
   */
  macInPlace(buf: Buffer, end: number, out: Buffer): void {
    const length = Math.max(1, Math.ceil(end / AES_BLOCK)) * AES_BLOCK;
    const last = length - AES_BLOCK;
    this.finish(buf.length === length ? buf : buf.subarray(0, length), end, out);
    const subkey = end === length && end > 0 ? this.k1 : this.k2;
    for (let i = last; i < end; i++) buf[i] ^= subkey[i - last];
  }

  /** A scratch buffer of exactly the padded length of a `total`-byte message. */
  private buffer(total: number): Buffer {
    const length = Math.max(1, Math.ceil(total / AES_BLOCK)) * AES_BLOCK;
    if (this.scratch.length !== length) this.scratch = Buffer.allocUnsafe(length);
    return this.scratch;
  }

  /** Pads the `total` message bytes in `buf`, applies K1 or K2 and writes the last CBC block to `out`. */
  private finish(buf: Buffer, total: number, out: Buffer): void {
    const complete = total > 0 && total % AES_BLOCK === 0;
    if (!complete) {
      buf[total] = 0x80;
      for (let i = total + 1; i < buf.length; i++) buf[i] = 0;
    }
    const subkey = complete ? this.k1 : this.k2;
    const last = buf.length - AES_BLOCK;
    for (let i = 0; i < AES_BLOCK; i++) buf[last + i] ^= subkey[i];
    const enc = this.cipher.encryptInPlace(buf, ZERO_BLOCK);
    enc.copy(out, 0, enc.length - AES_BLOCK);
  }
}

/** One-shot AES-CMAC of `data` under a 16-byte key. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Buffer {
  return new AesCmac(key).mac(data);
}
