/**
 * AES-CMAC (RFC 4493 / NIST SP 800-38B), the MAC algorithm of BSP (SGP.22 §2.6.4.4, "AES-CMAC-128").
 * node:crypto has no CMAC, so it is CBC-MAC over the message whose last block is XORed with a
 * subkey: K1 when the last block is complete, K2 after 80 00… padding (RFC 4493 §2.4).
 */
import { AES_BLOCK, AesCbcEncryptor, copyBytes } from './aes';

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

  /** CMAC of `prefix` ‖ `msg[0, msgEnd)` written to `out` (which may be `prefix`): BSP unwrap. */
  macInto(out: Buffer, prefix: Uint8Array, msg: Uint8Array, msgEnd: number): void {
    const total = prefix.length + msgEnd;
    const buf = this.buffer(total);
    buf.set(prefix, 0);
    // Copying all of `msg` needs no view of it; what lies past msgEnd is overwritten by the padding.
    if (prefix.length + msg.length <= buf.length) buf.set(msg, prefix.length);
    else copyBytes(msg, 0, msgEnd, buf, prefix.length);
    this.finish(buf, total, out);
  }

  /**
   * The CMACs of a chain of messages m0, m1, … laid out back to back in `buf`, where each m_{i+1}
   * begins with the full CMAC of m_i (a MAC chaining value, as BSP's MCV): m_i runs from a block
   * boundary to `ends[i]`, and m_{i+1} starts at the next block boundary. One CBC pass computes
   * them all: after m_i the CBC chaining value is its CMAC, so m_{i+1}'s first block goes in as
   * zeros and is encrypted as that CMAC. That block need not be filled in (it is zeroed), the first
   * block of m0 serves the IV fix-up and the padding after each message is overwritten; all other
   * message bytes are left as they were, unless `restore` is false: then the last block of each
   * message keeps its subkey, for a caller that has copied the messages out already. Returns the
   * CBC output, where the CMAC of m_i is the block that ends at the padded end of m_i.
   */
  macChain(buf: Buffer, ends: readonly number[], restore = true): Buffer {
    let start = 0;
    for (const end of ends) {
      if (start) for (let i = start; i < start + AES_BLOCK; i++) buf[i] = 0;
      start = this.pad(buf, start, end, true);
    }
    const out = this.cipher.encryptInPlace(buf.length === start ? buf : buf.subarray(0, start), ZERO_BLOCK);
    if (restore) {
      start = 0;
      for (const end of ends) start = this.pad(buf, start, end, false);
    }
    return out;
  }

  /** A scratch buffer of exactly the padded length of a `total`-byte message. */
  private buffer(total: number): Buffer {
    const length = Math.max(1, Math.ceil(total / AES_BLOCK)) * AES_BLOCK;
    if (this.scratch.length !== length) this.scratch = Buffer.allocUnsafe(length);
    return this.scratch;
  }

  /**
   * Pads the message `buf[start, end)` with 80 00… to a block boundary and XORs K1 or K2 into its
   * last block; with `apply` false, only takes the subkey off the message bytes again. Returns the
   * padded end.
   */
  private pad(buf: Buffer, start: number, end: number, apply: boolean): number {
    const complete = end > start && (end - start) % AES_BLOCK === 0;
    const padEnd = complete ? end : start + (Math.floor((end - start) / AES_BLOCK) + 1) * AES_BLOCK;
    if (apply && !complete) {
      buf[end] = 0x80;
      for (let i = end + 1; i < padEnd; i++) buf[i] = 0;
    }
    const subkey = complete ? this.k1 : this.k2;
    for (let i = 0, j = padEnd - AES_BLOCK, last = apply ? padEnd : end; j < last; i++, j++) buf[j] ^= subkey[i];
    return padEnd;
  }

  /** CMAC of the `total` message bytes at the start of `buf` (its padded length), written to `out`. */
  private finish(buf: Buffer, total: number, out: Buffer): void {
    this.pad(buf, 0, total, true);
    const enc = this.cipher.encryptInPlace(buf, ZERO_BLOCK);
    for (let i = 0, j = enc.length - AES_BLOCK; i < AES_BLOCK; i++, j++) out[i] = enc[j];
  }
}

/** One-shot AES-CMAC of `data` under a 16-byte key. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Buffer {
  return new AesCmac(key).mac(data);
}
