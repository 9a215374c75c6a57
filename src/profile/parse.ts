/**
 * Reads an Unprotected Profile Package back: splits it into its DER ProfileElements, decodes each
 * with PEDefinitions and checks the frame SAIP puts around them (exactly one header, first;
 * exactly one end, last; PE identification numbers unique). What a card needs to install and run
 * the profile is lifted out: the header's ICCID, the PE types, and the USIM's IMSI and Milenage keys.
 */
import { AsnDecodeError, codec } from '../asn1';
import { ProfileFormatError } from './errors';
import { efImsiToImsi, plainBcdToIccid } from './identifiers';

export interface ParsedProfile {
  /** ICCID from the ProfileHeader (plain BCD, F padding removed). */
  iccid: string;
  version: { major: number; minor: number };
  profileType?: string;
  /** Names of the ServicesList components present (eUICC-Mandatory-services). */
  mandatoryServices: string[];
  /** eUICC-Mandatory-GFSTEList: template OIDs the eUICC must support. */
  mandatoryTemplates: string[];
  /** ProfileElement alternative of each element, in order. */
  peTypes: string[];
  /** Each element's decoded value, `{ alternative: value }`. */
  elements: Record<string, any>[];
  /** Byte offset of each element in the package. */
  offsets: number[];
  /** IMSI from EF.IMSI of the first PE-USIM that fills it. */
  imsi?: string;
  /** Key and OPc of the first akaParameter that configures Milenage. */
  milenage?: { k: Buffer; opc: Buffer };
}

/** Length of the TLV at `pos` (tag, length and value), checked against the end of `b`. */
function tlvLength(b: Uint8Array, pos: number, index: number): number {
  let p = pos + 1;
  if ((b[pos] & 0x1f) === 0x1f) {
    while (p < b.length && b[p] & 0x80) p++;
    p++;
  }
  if (p >= b.length) throw new ProfileFormatError('element ends inside its tag or length', pos, index);
  let len = b[p++];
  if (len === 0x80) throw new ProfileFormatError('indefinite length (DER needs definite lengths)', pos, index);
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > b.length) throw new ProfileFormatError(`length field of ${n} octets does not fit`, pos, index);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw new ProfileFormatError(`element declares ${len} content bytes but only ${b.length - p} remain`, pos, index);
  return p + len - pos;
}

/** Bytes a SAIP `File` writes from offset 0: fillFileOffset skips forward, unwritten bytes read FF. */
function fileContent(file: Record<string, any>[]): Uint8Array {
  const parts: [number, Uint8Array][] = [];
  let at = 0;
  for (const item of file) {
    if ('fillFileOffset' in item) at += item.fillFileOffset as number;
    else if ('fillFileContent' in item) { parts.push([at, item.fillFileContent]); at += item.fillFileContent.length; }
  }
  const out = new Uint8Array(at).fill(0xff);
  for (const [p, c] of parts) out.set(c, p);
  return out;
}

/** The PEHeader of an element (every PE but the ProfileHeader has one, as its first component). */
function peHeaderOf(value: Record<string, any>): { identification: number } | undefined {
  const first = Object.values(value)[0];
  return first && typeof first.identification === 'number' ? first : undefined;
}

/** Decodes and checks an Unprotected Profile Package; throws ProfileFormatError with element index and offset. */
export function parseProfile(upp: Uint8Array): ParsedProfile {
  const pe = codec('PEDefinitions');
  const elements: Record<string, any>[] = [];
  const offsets: number[] = [];
  for (let pos = 0; pos < upp.length;) {
    const index = elements.length;
    const n = tlvLength(upp, pos, index);
    try {
      elements.push(pe.decode('ProfileElement', upp.subarray(pos, pos + n)));
    } catch (e) {
      if (!(e instanceof AsnDecodeError)) throw e;
      throw new ProfileFormatError(`not a ProfileElement: ${e.message}`, pos + e.offset, index, { cause: e });
    }
    offsets.push(pos);
    pos += n;
  }
  if (elements.length === 0) throw new ProfileFormatError('empty package', 0);
  const peTypes = elements.map((e) => Object.keys(e)[0]);
  const where = (i: number): [number, number] => [offsets[i], i];

  if (peTypes[0] !== 'header') throw new ProfileFormatError(`first element is '${peTypes[0]}', SAIP requires the ProfileHeader`, ...where(0));
  const extraHeader = peTypes.indexOf('header', 1);
  if (extraHeader > 0) throw new ProfileFormatError('a second ProfileHeader', ...where(extraHeader));
  const end = peTypes.indexOf('end');
  if (end < 0) throw new ProfileFormatError('no PE-End (SAIP requires it as the last element)', upp.length);
  if (end !== peTypes.length - 1) throw new ProfileFormatError(`PE-End followed by ${peTypes.length - 1 - end} more element(s)`, ...where(end + 1));

  const seen = new Map<number, number>();
  elements.forEach((e, i) => {
    const id = peHeaderOf(e[peTypes[i]])?.identification;
    if (id === undefined) return;
    if (seen.has(id)) throw new ProfileFormatError(`PE identification ${id} already used by element #${seen.get(id)}`, ...where(i));
    seen.set(id, i);
  });

  const header = elements[0].header;
  let iccid: string;
  try {
    iccid = plainBcdToIccid(header.iccid);
  } catch (e) {
    throw new ProfileFormatError(`ProfileHeader.iccid: ${(e as Error).message}`, ...where(0), { cause: e });
  }

  const usimIndex = elements.findIndex((e) => e.usim?.['ef-imsi']?.some((x: object) => 'fillFileContent' in x));
  let imsi: string | undefined;
  if (usimIndex >= 0) {
    try {
      imsi = efImsiToImsi(fileContent(elements[usimIndex].usim['ef-imsi']));
    } catch (e) {
      throw new ProfileFormatError(`PE-USIM ef-imsi: ${(e as Error).message}`, ...where(usimIndex), { cause: e });
    }
  }
  const algo = elements.map((e) => e.akaParameter?.algoConfiguration.algoParameter).find((a) => a?.algorithmID === 1);

  return {
    iccid,
    version: { major: header['major-version'], minor: header['minor-version'] },
    profileType: header.profileType,
    mandatoryServices: Object.keys(header['eUICC-Mandatory-services']),
    mandatoryTemplates: header['eUICC-Mandatory-GFSTEList'],
    peTypes,
    elements,
    offsets,
    imsi,
    milenage: algo && { k: Buffer.from(algo.key), opc: Buffer.from(algo.opc) },
  };
}
