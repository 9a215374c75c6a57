/**
 * How the LPA/IPA cuts a BPP into ES10b.LoadBoundProfilePackage calls (SGP.22 §2.5.5), each sent as
 * its own STORE DATA sequence:
 *   1. tag and length of BoundProfilePackage (BF36) plus the whole InitialiseSecureChannelRequest (BF23);
 *   2. tag and length of firstSequenceOf87 (A0) plus its first 87;
 *   3. tag and length of sequenceOf88 (A1);  4. each 88;
 *   5. if present, tag and length of secondSequenceOf87 (A2) plus its first 87;
 *   6. tag and length of sequenceOf86 (A3);  7. each 86.
 * lpac (`es10b_load_bound_profile_package_r`) sends the same list. A further 87 in A0 or A2, which
 * SGP.22 never needs, becomes a segment of its own.
 */
import { readTlvHeader, tagHex, TlvFormatError, TlvHeader } from './ber-tlv';
import { BppCommandName, BppError } from './bpp-errors';

const view = (b: Uint8Array, start: number, end: number): Buffer => Buffer.from(b.buffer, b.byteOffset + start, end - start);

export const TAG = {
  boundProfilePackage: 0xbf36,
  initialiseSecureChannelRequest: 0xbf23,
  firstSequenceOf87: 0xa0,
  sequenceOf88: 0xa1,
  secondSequenceOf87: 0xa2,
  sequenceOf86: 0xa3,
  /** ConfigureISDP and ReplaceSessionKeys, encrypted and MACed. */
  encryptedCommand: 0x87,
  /** StoreMetadata, MAC only. */
  storeMetadata: 0x88,
  /** Profile elements, encrypted and MACed. */
  profileElements: 0x86,
} as const;

/**
 * The ES10b segments of a BF36 DER, as views into `der` (copy one before changing it). Throws
 * BppError (scp03tStructureError) if the framing is wrong.
 */
export function segmentBoundProfilePackage(der: Uint8Array): Buffer[] {
  const segments: Buffer[] = [];
  let command: BppCommandName = 'initialiseSecureChannel';
  const header = (at: number, tag: number, limit: number): TlvHeader => {
    let h: TlvHeader;
    try {
      h = readTlvHeader(der, at);
    } catch (e) {
      if (e instanceof TlvFormatError) throw new BppError(command, 'scp03tStructureError', segments.length, `BPP DER: ${e.detail}`, e.offset);
      throw e;
    }
    if (h.tag !== tag) throw new BppError(command, 'scp03tStructureError', segments.length, `BPP DER: expected tag ${tagHex(tag)}, found ${tagHex(h.tag)}`, at);
    if (at + h.headerLength + h.length > limit) {
      throw new BppError(command, 'scp03tStructureError', segments.length, `BPP DER: ${tagHex(tag)} of ${h.length} bytes runs past the end of its container`, at);
    }
    return h;
  };

  const bpp = header(0, TAG.boundProfilePackage, der.length);
  const end = bpp.headerLength + bpp.length;
  if (end !== der.length) throw new BppError(command, 'scp03tStructureError', 0, `BPP DER: ${der.length - end} bytes after BF36`, end);
  let at = bpp.headerLength;
  const isc = header(at, TAG.initialiseSecureChannelRequest, end);
  at += isc.headerLength + isc.length;
  segments.push(view(der, 0, at));

  /** A list whose header travels with its first element (A0, A2) or alone (A1, A3). */
  const list = (tag: number, element: number, headerWithFirst: boolean): void => {
    const h = header(at, tag, end);
    const listEnd = at + h.headerLength + h.length;
    let start = at;
    at += h.headerLength;
    if (!headerWithFirst || at === listEnd) {
      segments.push(view(der, start, at));
      start = at;
    }
    while (at < listEnd) {
      const e = header(at, element, listEnd);
      at += e.headerLength + e.length;
      segments.push(view(der, start, at));
      start = at;
    }
  };

  command = 'configureISDP';
  list(TAG.firstSequenceOf87, TAG.encryptedCommand, true);
  command = 'storeMetadata';
  list(TAG.sequenceOf88, TAG.storeMetadata, false);
  if (at < end && der[at] === TAG.secondSequenceOf87) {
    command = 'replaceSessionKeys';
    list(TAG.secondSequenceOf87, TAG.encryptedCommand, true);
  }
  command = 'loadProfileElements';
  list(TAG.sequenceOf86, TAG.profileElements, false);
  if (at !== end) throw new BppError(command, 'scp03tStructureError', segments.length, `BPP DER: ${end - at} bytes after sequenceOf86`, at);
  return segments;
}
