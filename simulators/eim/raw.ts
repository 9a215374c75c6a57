/**
 * Data objects of a received message exactly as they came: what the eUICC signed is checked over,
 * and relayed to the SM-DP+ as, the bytes the IPA sent, never a re-encoding (reference §6; a
 * re-encoding drops what the schema does not know and breaks the signature).
 */
import { AsnDecodeError, tlvSpans } from '../../src/asn1';

/**
 * The child TLVs, in order, of the constructed TLV reached by `path` (each step: the first child
 * with that tag, starting with the outer TLV of `bytes`); undefined when a step is missing.
 */
export function childrenAt(bytes: Uint8Array, root: string, ...path: number[]): Uint8Array[] | undefined {
  try {
    let start = 0, end = bytes.length;
    for (const tag of path) {
      const hit = tlvSpans(bytes, root, start, end).find((s) => s.tag === tag);
      if (!hit) return undefined;
      start = hit.start;
      end = hit.end;
    }
    return tlvSpans(bytes, root, start, end).map((s) => bytes.subarray(s.offset, s.end));
  } catch (e) {
    if (e instanceof AsnDecodeError) return undefined;
    throw e;
  }
}
