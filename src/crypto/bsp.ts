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
import { AES_BLOCK, AesCbcDecryptor, AesCbcEncryptor, AesEcbEncryptor, checkAesKey, copyBytes } from './aes';
import { readTlvHeader, tagHex, TlvFormatError, tlvHeaderLength, writeTlvHeader } from './ber-tlv';
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
  /**
   * The side the session serves. With it, the AES ciphers that side needs are keyed as soon as
   * the keys are set (with the session keys, at ReplaceSessionKeys), not at its first segment.
   */
  role?: 'wrap' | 'unwrap';
}

const ZERO_BLOCK = Buffer.alloc(AES_BLOCK);
const ICV_BATCH = 32;
/**
 * The MAC stream of `wrapInto`, kept from run to run and shared by all sessions (wrapInto never
 * yields, so no two runs use it at once): a fresh buffer per BPP costs more in cold memory than
 * the copies into it. It stays as large as the largest run so far.
 */
let sharedStream = Buffer.allocUnsafe(0);

/** One piece of data to protect: `tag` 86 or 87 with `encrypt`, 88 without. */
export interface BspPart {
  tag: number;
  data: Uint8Array;
  encrypt: boolean;
}

const padded = (n: number) => Math.ceil(n / AES_BLOCK) * AES_BLOCK;

/** Writes the ICV input for `counter` (below 2^32), a 16-byte big-endian number, at `at`. */
function writeCounterBlock(block: Buffer, at: number, counter: number): void {
  for (let i = at; i < at + 12; i++) block[i] = 0;
  block[at + 12] = counter >>> 24;
  block[at + 13] = (counter >>> 16) & 0xff;
  block[at + 14] = (counter >>> 8) & 0xff;
  block[at + 15] = counter & 0xff;
}

/** The length field's value of the TLV protecting `n` data bytes: (padded) data and MAC. */
const valueLength = (n: number, encrypt: boolean) => (encrypt ? (Math.floor(n / AES_BLOCK) + 1) * AES_BLOCK : n) + MAC_BYTES;

/** Bytes of the TLV protecting `n` data bytes (BSP tags are one byte). */
function tlvBytes(n: number, encrypt: boolean): number {
  const length = valueLength(n, encrypt);
  return tlvHeaderLength(0x86, length) + length;
}

/**
 * Bytes of all the TLVs `wrap` makes of `length` bytes of data: what a caller lays out before
 * `wrapInto`, since every chunk size follows from the length alone.
 */
export function wrappedLength(length: number, encrypt: boolean): number {
  const size = encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
  const full = Math.floor(length / size), rest = length - full * size;
  return full * tlvBytes(size, encrypt) + (rest ? tlvBytes(rest, encrypt) : 0);
}

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
  private readonly role?: 'wrap' | 'unwrap';

  constructor(keys: BspKeys, opts: BspOptions = {}) {
    this.maxSegmentBytes = opts.maxSegmentBytes ?? MAX_SEGMENT_BYTES;
    this.role = opts.role;
    this.replaceKeys(keys);
  }

  /** ReplaceSessionKeys: PPK-ENC, PPK-MAC and the initial MCV take over; the block counter restarts at 1. */
  replaceKeys(keys: BspKeys): void {
    if (keys.initialMcv.length !== AES_BLOCK) throw new BspInputError('initialMcv', `must be ${AES_BLOCK} bytes, got ${keys.initialMcv.length}`);
    checkAesKey(keys.sEnc, 'sEnc');
    this.cmac = new AesCmac(keys.sMac, 'sMac');
    this.sEnc = Buffer.from(keys.sEnc);
    this.enc = this.role === 'wrap' ? new AesCbcEncryptor(this.sEnc, 'sEnc') : undefined;
    this.dec = this.role === 'unwrap' ? new AesCbcDecryptor(this.sEnc, 'sEnc') : undefined;
    this.ecb = this.role === 'unwrap' ? new AesEcbEncryptor(this.sEnc, 'sEnc') : undefined;
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
    const total = tlvBytes(data.length, encrypt);
    if (total > MAX_SEGMENT_BYTES) throw new BspInputError('data', `a ${tagHex(tag)} segment of ${total} bytes exceeds ${MAX_SEGMENT_BYTES}`);
    const out = Buffer.allocUnsafe(total);
    this.wrapInto([{ tag, data, encrypt }], out, [0]);
    return out;
  }

  /**
   * `wrap` for several parts in turn, as one run: the C-MACs of all their TLVs come from a single
   * CBC pass (see AesCmac.macChain), where one pass per TLV would cost more than the MAC work.
   * The TLVs are views into one buffer, each part's back to back.
   */
  wrapAll(parts: readonly BspPart[]): Buffer[][] {
    const at: number[] = [];
    let size = 0;
    for (const p of parts) {
      at.push(size);
      size += wrappedLength(p.data.length, p.encrypt);
    }
    const out = Buffer.allocUnsafe(size);
    return this.wrapInto(parts, out, at).map((ends, i) => {
      let start = at[i];
      return ends.map((end) => out.subarray(start, (start = end)));
    });
  }

  /**
   * `wrapAll`, with the TLVs of part i written back to back into `out` from `at[i]` (each part
   * takes `wrappedLength` bytes there): a caller that frames the TLVs itself, as a BPP does, gets
   * them in place without a copy. Returns, per part, the end offset of each of its TLVs in `out`.
   *
   * Each TLV's C-MAC input MCV ‖ tag ‖ length ‖ data is laid out in one MAC stream, block-aligned,
   * encrypted data written straight into it and the TLV copied out while it is fresh in the cache;
   * then one CBC pass over the stream gives every C-MAC.
   */
  wrapInto(parts: readonly BspPart[], out: Buffer, at: readonly number[]): number[][] {
    // Check and size everything first, so a refused run leaves the session as it was.
    let count = 0, size = 0;
    for (let i = 0; i < parts.length; i++) {
      const { tag, data, encrypt } = parts[i];
      if (tag < 0x80 || tag > 0xbe) throw new BspInputError('tag', `BSP protects one-byte context tags (86, 87, 88), got ${tagHex(tag)}`);
      const chunk = encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
      const n = Math.ceil(data.length / chunk);
      const length = wrappedLength(data.length, encrypt);
      if (at[i] + length > out.length) throw new BspInputError('out', `part ${i} needs ${length} bytes from offset ${at[i]}, the buffer holds ${out.length}`);
      count += n;
      // Each TLV's C-MAC input is the MCV block and the TLV without its MAC, padded by under a block.
      size += length + n * (2 * AES_BLOCK - MAC_BYTES);
    }
    if (this.counter + count - 1 > 0xffffffff) throw new BspInputError('counter', 'BSP block counter overflow');
    if (sharedStream.length < size) sharedStream = Buffer.allocUnsafe(size);
    const stream = sharedStream;

    const ends: number[][] = [];
    const macEnds: number[] = [];
    const dests: number[] = [];
    let counter = this.counter, streamAt = 0;
    for (let i = 0; i < parts.length; i++) {
      const { tag, data: src, encrypt } = parts[i];
      const chunk = encrypt ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK;
      const partEnds: number[] = [];
      let dest = at[i];
      for (let start = 0; start < src.length; start += chunk) {
        const end = Math.min(start + chunk, src.length);
        const length = valueLength(end - start, encrypt);
        const tlvAt = streamAt + AES_BLOCK, dataAt = tlvAt + tlvHeaderLength(tag, length);
        const macEnd = dataAt + length - MAC_BYTES;
        if (encrypt) this.encryptChunk(src, start, end, counter, stream, dataAt);
        else copyBytes(src, start, end, stream, dataAt);
        // Written after the ciphertext, whose ICV block lands on these bytes.
        writeTlvHeader(stream, tlvAt, tag, length);
        copyBytes(stream, tlvAt, macEnd, out, dest);
        macEnds.push(macEnd);
        dests.push((dest += macEnd - tlvAt + MAC_BYTES));
        partEnds.push(dest);
        streamAt = padded(macEnd);
        counter++;
      }
      ends.push(partEnds);
    }
    if (!count) return ends;
    this.mcv.copy(stream, 0);
    const macs = this.cmac.macChain(stream, macEnds, false);
    for (let k = 0; k < count; k++) {
      const macAt = padded(macEnds[k]) - AES_BLOCK;
      for (let j = 0, o = dests[k] - MAC_BYTES; j < MAC_BYTES; j++, o++) out[o] = macs[macAt + j];
    }
    macs.copy(this.mcv, 0, macs.length - AES_BLOCK);
    this.counter = counter;
    return ends;
  }

  /**
   * CBC with IV 0 over counter block ‖ `src[start, end)` ‖ 80 00…: the first output block is
   * E(counter) = ICV, and the rest is the data encrypted under that ICV, in one cipher call. The
   * ciphertext is written to `out` at `at`, the ICV block into the 16 bytes before it.
   */
  private encryptChunk(src: Uint8Array, start: number, end: number, counter: number, out: Buffer, at: number): void {
    const n = end - start;
    const length = AES_BLOCK + (Math.floor(n / AES_BLOCK) + 1) * AES_BLOCK;
    const buf = this.encScratch;
    writeCounterBlock(buf, 0, counter);
    copyBytes(src, start, end, buf, AES_BLOCK);
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
    const out = Buffer.allocUnsafe(segment.length);
    return out.subarray(0, this.unwrapInto(segment, tag, encrypt, index, out, 0));
  }

  /**
   * `unwrap`, with the data written to `out` at `at` rather than returned: a receiver that
   * reassembles a list gets each segment's data in place. `out` must have room for the whole
   * segment from `at`; bytes after the data may be overwritten. Returns the length of the data.
   */
  unwrapInto(segment: Uint8Array, tag: number, encrypt: boolean, index: number, out: Buffer, at: number): number {
    if (out.length - at < segment.length) throw new BspInputError('out', `${out.length - at} bytes from offset ${at} cannot take a ${segment.length}-byte segment`);
    let h;
    try {
      h = readTlvHeader(segment, 0);
    } catch (e) {
      if (e instanceof TlvFormatError) throw new BspError('structure', index, e.detail, e.offset);
      throw e;
    }
    if (h.tag !== tag) throw new BspError('structure', index, `expected tag ${tagHex(tag)}, found ${tagHex(h.tag)}`, 0);
    if (h.headerLength + h.length !== segment.length) {
      throw new BspError('structure', index, `length field says ${h.length} bytes of value but the segment holds ${segment.length - h.headerLength}`, 1);
    }
    if (segment.length > this.maxSegmentBytes) throw new BspError('structure', index, `segment of ${segment.length} bytes exceeds ${this.maxSegmentBytes}`, 0);
    const bodyLength = h.length - MAC_BYTES;
    if (bodyLength < 0) throw new BspError('structure', index, `value of ${h.length} bytes cannot hold the ${MAC_BYTES}-byte C-MAC`, h.headerLength);
    if (encrypt && (bodyLength === 0 || bodyLength % AES_BLOCK)) {
      throw new BspError('structure', index, `encrypted data of ${bodyLength} bytes is not a positive multiple of ${AES_BLOCK}`, h.headerLength);
    }
    const seg = segment, macAt = seg.length - MAC_BYTES;
    const mac = this.macScratch;
    this.cmac.macInto(mac, this.mcv, seg, macAt);
    let diff = 0; // constant time over the 8 bytes
    for (let i = 0; i < MAC_BYTES; i++) diff |= mac[i] ^ seg[macAt + i];
    if (diff) throw new BspError('mac', index, 'C-MAC does not match', macAt);
    let length: number;
    if (encrypt) {
      this.dec ??= new AesCbcDecryptor(this.sEnc, 'sEnc');
      const icvAt = this.icvAt();
      const plain = this.dec.decrypt(new Uint8Array(seg.buffer, seg.byteOffset + h.headerLength, bodyLength), this.icvs!, icvAt);
      length = plain.length - 1;
      while (length > plain.length - AES_BLOCK && plain[length] === 0) length--;
      if (plain[length] !== 0x80) throw new BspError('padding', index, 'decrypted data does not end with 80 00… padding in its last block', h.headerLength);
      // All of it, padding too: a whole-buffer copy needs no view.
      out.set(plain, at);
    } else {
      length = bodyLength;
      copyBytes(seg, h.headerLength, macAt, out, at);
    }
    this.mcv.set(mac);
    this.counter++;
    return length;
  }

  /**
   * Where in `icvs` the ICV = E(S-ENC, counter) of the receiving side is, computed for ICV_BATCH
   * counters at a time: one cipher call instead of one per segment.
   */
  private icvAt(): number {
    let i = this.counter - this.icvFirst;
    if (!this.icvs || i < 0 || i >= ICV_BATCH) {
      const blocks = Buffer.allocUnsafe(ICV_BATCH * AES_BLOCK);
      for (let j = 0; j < ICV_BATCH; j++) writeCounterBlock(blocks, j * AES_BLOCK, Math.min(this.counter + j, 0xffffffff));
      this.ecb ??= new AesEcbEncryptor(this.sEnc, 'sEnc');
      this.icvs = this.ecb.encrypt(blocks);
      this.icvFirst = this.counter;
      i = 0;
    }
    return i * AES_BLOCK;
  }
}
