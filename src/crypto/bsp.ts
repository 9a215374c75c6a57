/**
 * BSP, the BPP protection protocol (SCP03t before SGP.22 v3): the command TLVs of a BPP are
 * protected one segment at a time.
 *
 * Per segment (SGP.22 §2.6.4.4 in v3.0 numbering; GlobalPlatform SCP03, Amendment D, for the ICV):
 * - encryption (tags 86 and 87): the data is padded with 80 00… to a multiple of 16 (always at
 *   least the 80 byte, ISO/IEC 9797-1 method 2) and encrypted with AES-128-CBC under S-ENC; the ICV is
 *   E(S-ENC, block counter as a 16-byte big-endian number). The counter starts at 1 and counts
 *   segments, not AES blocks, and MAC-only segments (tag 88) count too;
 * - C-MAC: CMAC(S-MAC, MCV ‖ tag ‖ final length ‖ data), where the final length includes the
 *   8-byte C-MAC; the first 8 bytes are appended and the full 16 bytes become the next MCV;
 * - a protected segment is at most 1020 bytes including tag, length and MAC (SGP.22 §2.5.3).
 *
 * ReplaceSessionKeys (SGP.22 §5.5.4) swaps in PPK-ENC, PPK-MAC and a new initial MCV and restarts
 * the block counter at 1: the third-party SM-DP+ trace in pySim's BSP tests does exactly that.
 */
import { AES_BLOCK, AesCbcDecryptor, AesCbcEncryptor, AesEcbEncryptor } from './aes';
import { readTlvHeader, tagHex, TlvFormatError } from './ber-tlv';
import { AesCmac } from './cmac';

/** Largest protected segment, tag, length and MAC included (SGP.22 §2.5.3). */
export const MAX_SEGMENT_BYTES = 1020;
export const MAC_BYTES = 8;
/** 1020 − tag (1) − length (3: 82 xx xx) − MAC (8) = 1008 = 63 blocks, one of which holds at least the 80 pad byte. */
export const MAX_ENCRYPTED_CHUNK = 1007;
/** MAC-only segments carry no padding: 1020 − 1 − 3 − 8. */
export const MAX_MAC_ONLY_CHUNK = 1008;

/** The three values a BSP session runs on: session keys from the KDF, or PPKs after ReplaceSessionKeys. */
export interface BspKeys {
  /** Initial MAC chaining value, 16 bytes. */
  initialMcv: Uint8Array;
  /** S-ENC or PPK-ENC, 16 bytes. */
  sEnc: Uint8Array;
  /** S-MAC or PPK-MAC (ppkCmac), 16 bytes. */
  sMac: Uint8Array;
}

/**
 * What was wrong with a received segment: its framing ('structure', SGP.22 scp03tStructureError),
 * its C-MAC ('mac') or its padding after decryption ('padding'), both scp03tSecurityError.
 */
export type BspErrorReason = 'structure' | 'mac' | 'padding';

export class BspError extends Error {
  override readonly name = 'BspError';
  constructor(
    readonly reason: BspErrorReason,
    /** Index of the segment, as the caller numbers them (see `unwrap`). */
    readonly segment: number,
    readonly detail: string,
    /** Offset in the segment of the byte at fault. */
    readonly offset: number,
  ) {
    super(`BSP segment ${segment}: ${detail} (${reason}) at offset ${offset}`);
  }
}

/** A misuse on the sending side: a value of the wrong size, a tag BSP does not use, an oversized chunk. */
export class BspInputError extends Error {
  override readonly name = 'BspInputError';
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
  }
}

export interface BspOptions {
  /** Largest segment `unwrap` accepts (default 1020, SGP.22 §2.5.3). */
  maxSegmentBytes?: number;
}

const ZERO_BLOCK = Buffer.alloc(AES_BLOCK);
const ICV_BATCH = 32;

/** A Buffer view of the same bytes (no copy), for Buffer.copy on any Uint8Array. */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * One BSP session. The SM-DP+ side calls `wrap`, the eUICC side `unwrap`; both keep the same state
 * (keys, MAC chaining value, block counter), so one object serves one direction of one BPP.
 */
export class BspSession {
  private enc!: AesCbcEncryptor;
  private dec?: AesCbcDecryptor;
  private ecb?: AesEcbEncryptor;
  private sEnc!: Uint8Array;
  private cmac!: AesCmac;
  private readonly mcv = Buffer.alloc(AES_BLOCK);
  private counter = 1;
  private icvs?: Buffer;
  private icvFirst = 0;
  private encScratch = Buffer.allocUnsafe(0);
  private readonly macScratch = Buffer.alloc(AES_BLOCK);
  private readonly maxSegmentBytes: number;

  constructor(keys: BspKeys, opts: BspOptions = {}) {
    this.maxSegmentBytes = opts.maxSegmentBytes ?? MAX_SEGMENT_BYTES;
    this.replaceKeys(keys);
  }

  /** ReplaceSessionKeys: PPK-ENC, PPK-MAC and the initial MCV take over; the block counter restarts at 1. */
  replaceKeys(keys: BspKeys): void {
    if (keys.initialMcv.length !== AES_BLOCK) throw new BspInputError('initialMcv', `must be ${AES_BLOCK} bytes, got ${keys.initialMcv.length}`);
    this.enc = new AesCbcEncryptor(keys.sEnc, 'sEnc');
    this.cmac = new AesCmac(keys.sMac, 'sMac');
    this.sEnc = Buffer.from(keys.sEnc);
    this.dec = undefined;
    this.ecb = undefined;
    this.icvs = undefined;
    this.mcv.set(keys.initialMcv);
    this.counter = 1;
  }

  /** The block counter the next segment uses. */
  get blockCounter(): number {
    return this.counter;
  }

  /**
   * Protects `data` as a list of TLVs with `tag` (86, 87: encrypted and MACed; 88: MAC only),
   * cut into chunks that keep each TLV within 1020 bytes. Empty data gives no TLV.
   */
  wrap(tag: number, data: Uint8Array, encrypt: boolean): Buffer[] {
    const src = asBuffer(data);
    const chunk = encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
    const out: Buffer[] = [];
    for (let at = 0; at < src.length; at += chunk) out.push(this.protect(tag, src, at, Math.min(at + chunk, src.length), encrypt));
    return out;
  }

  /** Protects one chunk as one TLV. */
  wrapOne(tag: number, data: Uint8Array, encrypt: boolean): Buffer {
    return this.protect(tag, asBuffer(data), 0, data.length, encrypt);
  }

  private protect(tag: number, src: Buffer, start: number, end: number, encrypt: boolean): Buffer {
    if (tag < 0x80 || tag > 0xbe) throw new BspInputError('tag', `BSP protects one-byte context tags (86, 87, 88), got ${tagHex(tag)}`);
    const n = end - start;
    let body = src, bodyAt = start, bodyLength = n;
    if (encrypt) {
      // CBC with IV 0 over counter block ‖ padded data: the first output block is E(counter) = ICV,
      // and the rest is the data encrypted under that ICV, in one cipher call.
      bodyLength = (Math.floor(n / AES_BLOCK) + 1) * AES_BLOCK;
      if (this.encScratch.length !== AES_BLOCK + bodyLength) this.encScratch = Buffer.allocUnsafe(AES_BLOCK + bodyLength);
      const buf = this.counterBlock(this.encScratch);
      src.copy(buf, AES_BLOCK, start, end);
      buf[AES_BLOCK + n] = 0x80;
      for (let i = AES_BLOCK + n + 1; i < buf.length; i++) buf[i] = 0;
      body = this.enc.encryptInPlace(buf, ZERO_BLOCK);
      bodyAt = AES_BLOCK;
    }
    const length = bodyLength + MAC_BYTES;
    const lengthBytes = length < 0x80 ? 1 : length < 0x100 ? 2 : 3;
    const total = 1 + lengthBytes + length;
    if (total > MAX_SEGMENT_BYTES) throw new BspInputError('data', `a ${tagHex(tag)} segment of ${total} bytes exceeds ${MAX_SEGMENT_BYTES}`);
    // One buffer holds MCV ‖ segment, so the C-MAC runs over it without another copy; the segment
    // is the view after the MCV. Room up to the block boundary after the MAC input is CMAC scratch.
    const macEnd = AES_BLOCK + total - MAC_BYTES;
    const m = Buffer.allocUnsafe(Math.max(Math.ceil(macEnd / AES_BLOCK) * AES_BLOCK, AES_BLOCK + total));
    this.mcv.copy(m, 0);
    m[AES_BLOCK] = tag;
    if (lengthBytes === 1) m[AES_BLOCK + 1] = length;
    else if (lengthBytes === 2) (m[AES_BLOCK + 1] = 0x81), (m[AES_BLOCK + 2] = length);
    else (m[AES_BLOCK + 1] = 0x82), m.writeUInt16BE(length, AES_BLOCK + 2);
    body.copy(m, AES_BLOCK + 1 + lengthBytes, bodyAt, bodyAt + bodyLength);
    this.cmac.macInPlace(m, macEnd, this.mcv);
    this.mcv.copy(m, macEnd, 0, MAC_BYTES);
    this.counter++;
    return m.subarray(AES_BLOCK, AES_BLOCK + total);
  }

  /**
   * Checks one received TLV with `tag` and returns its data: C-MAC first, then (if `encrypt`)
   * decryption and padding removal. `index` only names the segment in errors. The session state
   * moves on only when the segment is accepted.
   */
  unwrap(segment: Uint8Array, tag: number, encrypt: boolean, index: number): Buffer {
    const fail = (reason: BspErrorReason, detail: string, offset: number) => new BspError(reason, index, detail, offset);
    let h;
    try {
      h = readTlvHeader(segment, 0);
    } catch (e) {
      if (e instanceof TlvFormatError) throw fail('structure', e.detail, e.offset);
      throw e;
    }
    if (h.tag !== tag) throw fail('structure', `expected tag ${tagHex(tag)}, found ${tagHex(h.tag)}`, 0);
    if (h.headerLength + h.length !== segment.length) {
      throw fail('structure', `length field says ${h.length} bytes of value but the segment holds ${segment.length - h.headerLength}`, 1);
    }
    if (segment.length > this.maxSegmentBytes) throw fail('structure', `segment of ${segment.length} bytes exceeds ${this.maxSegmentBytes}`, 0);
    const bodyLength = h.length - MAC_BYTES;
    if (bodyLength < 0) throw fail('structure', `value of ${h.length} bytes cannot hold the ${MAC_BYTES}-byte C-MAC`, h.headerLength);
    if (encrypt && (bodyLength === 0 || bodyLength % AES_BLOCK)) {
      throw fail('structure', `encrypted data of ${bodyLength} bytes is not a positive multiple of ${AES_BLOCK}`, h.headerLength);
    }
    const seg = asBuffer(segment);
    const macAt = seg.length - MAC_BYTES;
    const mac = this.macScratch;
    this.cmac.macInto(mac, this.mcv, seg, macAt);
    let diff = 0; // constant time over the 8 bytes
    for (let i = 0; i < MAC_BYTES; i++) diff |= mac[i] ^ seg[macAt + i];
    if (diff) throw fail('mac', 'C-MAC does not match', macAt);
    const body = seg.subarray(h.headerLength, macAt);
    let data: Buffer;
    if (encrypt) {
      this.dec ??= new AesCbcDecryptor(this.sEnc, 'sEnc');
      const plain = this.dec.decrypt(body, this.icv());
      let end = plain.length - 1;
      while (end > plain.length - AES_BLOCK && plain[end] === 0) end--;
      if (plain[end] !== 0x80) throw fail('padding', 'decrypted data does not end with 80 00… padding in its last block', h.headerLength);
      data = plain.subarray(0, end);
    } else {
      data = Buffer.from(body);
    }
    this.mcv.set(mac);
    this.counter++;
    return data;
  }

  /** Writes the ICV input for `counter` (16-byte big-endian) at `at`. */
  private counterBlock(block: Buffer, at = 0, counter = this.counter): Buffer {
    if (counter > 0xffffffff) throw new BspInputError('counter', 'BSP block counter overflow');
    block.fill(0, at, at + 12);
    block.writeUInt32BE(counter, at + 12);
    return block;
  }

  /**
   * ICV = E(S-ENC, counter) for the receiving side, computed for ICV_BATCH counters at a time:
   * one cipher call instead of one per segment.
   */
  private icv(): Buffer {
    let i = this.counter - this.icvFirst;
    if (!this.icvs || i < 0 || i >= ICV_BATCH) {
      const blocks = Buffer.allocUnsafe(ICV_BATCH * AES_BLOCK);
      for (let j = 0; j < ICV_BATCH; j++) this.counterBlock(blocks, j * AES_BLOCK, Math.min(this.counter + j, 0xffffffff));
      this.ecb ??= new AesEcbEncryptor(this.sEnc, 'sEnc');
      this.icvs = this.ecb.encrypt(blocks);
      this.icvFirst = this.counter;
      i = 0;
    }
    return this.icvs.subarray(i * AES_BLOCK, (i + 1) * AES_BLOCK);
  }
}
