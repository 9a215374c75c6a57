/**
 * TLV headers of BSP and BPP segments, read with the codec's own header reader: a segment's MAC
 * covers its tag and length exactly as sent (SGP.22 §2.5.5), and a container header (BF36, A0–A3)
 * travels in a segment of its own, ahead of the value it announces.
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
