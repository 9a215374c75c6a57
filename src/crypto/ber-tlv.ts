/**
 * TLV headers of BSP and BPP segments, read with the codec's own header reader: a segment's MAC
 * covers its tag and length exactly as sent (SGP.22 §2.5.5), and a container header (BF36, A0–A3)
 * travels in a segment of its own, ahead of the value it announces. The sending side writes them
 * itself: it knows every length before it protects anything, so it lays the BPP out in one buffer.
 */
import { tlvAt } from '../asn1';

export { AsnDecodeError as TlvFormatError, tagHex } from '../asn1';

export interface TlvHeader {
  /** Tag bytes as one number, e.g. 0xBF36, 0x86. */
  tag: number;
  /** Length of the value. */
  length: number;
  /** Bytes of tag plus length field. */
  headerLength: number;
}

/** The tag and length at `offset`; the value need not be in `bytes`. */
export function readTlvHeader(bytes: Uint8Array, offset: number): TlvHeader {
  const s = tlvAt(bytes, 'BPP segment', offset, bytes.length, true);
  return { tag: s.tag, length: s.end - s.start, headerLength: s.start - s.offset };
}

/** Bytes of the tag (up to three, as the codec reads them) and the DER length field (X.690 §8.1.3, shortest form). */
export function tlvHeaderLength(tag: number, length: number): number {
  return (tag > 0xffff ? 3 : tag > 0xff ? 2 : 1) + (length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5);
}

/** Writes `tag` and a DER length of `length` at `at`; returns where the value starts. */
export function writeTlvHeader(out: Uint8Array, at: number, tag: number, length: number): number {
  if (tag > 0xffff) out[at++] = tag >>> 16;
  if (tag > 0xff) out[at++] = (tag >>> 8) & 0xff;
  out[at++] = tag & 0xff;
  if (length < 0x80) {
    out[at++] = length;
    return at;
  }
  const n = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  out[at++] = 0x80 | n;
  for (let shift = 8 * (n - 1); shift >= 0; shift -= 8) out[at++] = (length >>> shift) & 0xff;
  return at;
}
