/**
 * Data objects of a received message exactly as they came: what the eUICC signed is checked over,
 * and relayed to the SM-DP+ as, the bytes the IPA sent, never a re-encoding (reference §6; a
 * re-encoding drops what the schema does not know and breaks the signature).
 */
import { AsnDecodeError } from '../../src/asn1';
import { childTlvs } from '../../src/crypto/rsp-signatures';

/** `childTlvs`, or undefined when a step of `path` is missing or the bytes are not TLVs. */
export function childrenAt(bytes: Uint8Array, root: string, ...path: number[]): Uint8Array[] | undefined {
  try {
    return childTlvs(bytes, root, ...path);
  } catch (e) {
    if (e instanceof AsnDecodeError) return undefined;
    throw e;
  }
}
