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
import { AES_BLOCK, AesCbcDecryptor, AesCbcEncryptor, AesEcbEncryptor, checkAesKey } from './aes';
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

/** One piece of data to protect: `tag` 86 or 87 with `encrypt`, 88 without. */
export interface BspPart {
  tag: number;
  data: Uint8Array;
  encrypt: boolean;
}

/** One chunk of a part that becomes one TLV, and where its C-MAC input lies in the MAC stream. */
interface Chunk {
  tag: number;
  src: Buffer;
  start: number;
  end: number;
  encrypt: boolean;
  /** Bytes of tag and length field. */
  head: number;
  /** The length field's value: (padded) data and MAC. */
  length: number;
  /** Bytes of the TLV, tag, length and MAC included. */
  total: number;
  /** Offset of the chunk's C-MAC input (MCV ‖ tag ‖ length ‖ data) in the MAC stream. */
  at: number;
}

const padded = (n: number) => Math.ceil(n / AES_BLOCK) * AES_BLOCK;

/**
 * One BSP session. The SM-DP+ side calls `wrap`, the eUICC side `unwrap`; both keep the same state
 * (keys, MAC chaining value, block counter), so one object serves one direction of one BPP.
 */
export class BspSession {
  private enc?: AesCbcEncryptor;
  private dec?: AesCbcDecryptor;
  private ecb?: AesEcbEncryptor;
  private sEnc!: Uint8Array;
  private cmac!: AesCmac;
  private readonly mcv = Buffer.alloc(AES_BLOCK);
  private counter = 1;
  private icvs?: Buffer;
  private icvFirst = 0;
  /** Counter block ‖ padded data of the largest encrypted chunk: the input of one CBC call. */
  private readonly encScratch = Buffer.allocUnsafe(AES_BLOCK + MAX_ENCRYPTED_CHUNK + 1);
  private readonly macScratch = Buffer.alloc(AES_BLOCK);
  private readonly maxSegmentBytes: number;

  constructor(keys: BspKeys, opts: BspOptions = {}) {
    this.maxSegmentBytes = opts.maxSegmentBytes ?? MAX_SEGMENT_BYTES;
    this.replaceKeys(keys);
  }

  /** ReplaceSessionKeys: PPK-ENC, PPK-MAC and the initial MCV take over; the block counter restarts at 1. */
  replaceKeys(keys: BspKeys): void {
    if (keys.initialMcv.length !== AES_BLOCK) throw new BspInputError('initialMcv', `must be ${AES_BLOCK} bytes, got ${keys.initialMcv.length}`);
    checkAesKey(keys.sEnc, 'sEnc');
    this.cmac = new AesCmac(keys.sMac, 'sMac');
    this.sEnc = Buffer.from(keys.sEnc);
    this.enc = undefined;
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
    return this.wrapAll([{ tag, data, encrypt }])[0];
  }

  /** Protects one chunk as one TLV. */
  wrapOne(tag: number, data: Uint8Array, encrypt: boolean): Buffer {
    return this.protect([this.chunk(tag, asBuffer(data), 0, data.length, encrypt)])[0];
  }

  /**
   * `wrap` for several parts in turn, as one run: the C-MACs of all their TLVs come from a single
   * CBC pass (see AesCmac.macChain), where one pass per TLV would cost more than the MAC work.
   */
  wrapAll(parts: readonly BspPart[]): Buffer[][] {
    const chunks: Chunk[] = [];
    const counts: number[] = [];
    for (const p of parts) {
      const src = asBuffer(p.data);
      const size = p.encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
      counts.push(Math.ceil(src.length / size));
      for (let at = 0; at < src.length; at += size) chunks.push(this.chunk(p.tag, src, at, Math.min(at + size, src.length), p.encrypt));
    }
    const tlvs = this.protect(chunks);
    const out: Buffer[][] = [];
    let k = 0;
    for (const n of counts) out.push(tlvs.slice(k, (k += n)));
    return out;
  }

  /** Checks a chunk against the tag and size rules and sizes its TLV. */
  private chunk(tag: number, src: Buffer, start: number, end: number, encrypt: boolean): Chunk {
    if (tag < 0x80 || tag > 0xbe) throw new BspInputError('tag', `BSP protects one-byte context tags (86, 87, 88), got ${tagHex(tag)}`);
    const n = end - start;
    const length = (encrypt ? (Math.floor(n / AES_BLOCK) + 1) * AES_BLOCK : n) + MAC_BYTES;
    const head = 1 + (length < 0x80 ? 1 : length < 0x100 ? 2 : 3);
    const total = head + length;
    if (total > MAX_SEGMENT_BYTES) throw new BspInputError('data', `a ${tagHex(tag)} segment of ${total} bytes exceeds ${MAX_SEGMENT_BYTES}`);
    return { tag, src, start, end, encrypt, head, length, total, at: 0 };
  }

  /**
   * Protects the chunks in order. Each chunk's C-MAC input MCV ‖ tag ‖ length ‖ data is laid out in
   * one MAC stream, block-aligned, encrypted data written straight into it; the C-MAC goes into the
   * padding after it when there is room, so the TLV is a view of the stream.
   */
  private protect(chunks: Chunk[]): Buffer[] {
    if (!chunks.length) return [];
    let size = 0;
    for (const c of chunks) {
      c.at = size;
      size += padded(AES_BLOCK + c.total - MAC_BYTES);
    }
    const stream = Buffer.allocUnsafe(size);
    const ends: number[] = [];
    let counter = this.counter;
    for (const c of chunks) {
      const tlvAt = c.at + AES_BLOCK, head = c.head, length = c.length;
      if (c.encrypt) this.encryptChunk(c, counter, stream, tlvAt + head);
      else c.src.copy(stream, tlvAt + head, c.start, c.end);
      // Written after the ciphertext, whose ICV block lands on these bytes.
      stream[tlvAt] = c.tag;
      if (head === 2) stream[tlvAt + 1] = length;
      else if (head === 3) (stream[tlvAt + 1] = 0x81), (stream[tlvAt + 2] = length);
      else (stream[tlvAt + 1] = 0x82), stream.writeUInt16BE(length, tlvAt + 2);
      ends.push(tlvAt + c.total - MAC_BYTES);
      counter++;
    }
    this.mcv.copy(stream, 0);
    const macs = this.cmac.macChain(stream, ends);
    const tlvs: Buffer[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i], end = ends[i], padEnd = padded(end), macAt = padEnd - AES_BLOCK;
      let tlv: Buffer;
      if (padEnd - end >= MAC_BYTES) {
        tlv = stream.subarray(c.at + AES_BLOCK, end + MAC_BYTES);
      } else {
        tlv = Buffer.allocUnsafe(c.total);
        stream.copy(tlv, 0, c.at + AES_BLOCK, end);
      }
      for (let j = 0, k = tlv.length - MAC_BYTES; j < MAC_BYTES; j++, k++) tlv[k] = macs[macAt + j];
      tlvs.push(tlv);
    }
    macs.copy(this.mcv, 0, macs.length - AES_BLOCK);
    this.counter = counter;
    return tlvs;
  }

  /**
   * CBC with IV 0 over counter block ‖ padded data: the first output block is E(counter) = ICV,
   * and the rest is the data encrypted under that ICV, in one cipher call. The ciphertext is
   * written to `out` at `at`, the ICV block into the 16 bytes before it.
   */
  private encryptChunk(c: Chunk, counter: number, out: Buffer, at: number): void {
    const n = c.end - c.start;
    const length = AES_BLOCK + (Math.floor(n / AES_BLOCK) + 1) * AES_BLOCK;
    const buf = this.counterBlock(this.encScratch, 0, counter);
    c.src.copy(buf, AES_BLOCK, c.start, c.end);
    buf[AES_BLOCK + n] = 0x80;
    for (let i = AES_BLOCK + n + 1; i < length; i++) buf[i] = 0;
    this.enc ??= new AesCbcEncryptor(this.sEnc, 'sEnc');
    out.set(this.enc.encryptInPlace(length === buf.length ? buf : buf.subarray(0, length), ZERO_BLOCK), at - AES_BLOCK);
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
    for (let i = at; i < at + 12; i++) block[i] = 0;
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
