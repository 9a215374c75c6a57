/**
 * Contents of the elementary files the test profile writes, and the SAIP `File` values that
 * carry them. Every other file of the MF and USIM templates is created by the eUICC from the
 * template's own size and default content (SAIP Annex A, "created by default").
 */
import { fromHex } from '../asn1';

/** 3GPP USIM AID: RID A000000087, application code 1002, then FF-filled country/provider bytes. */
export const USIM_AID = fromHex('A0000000871002FFFFFFFF8907090000');

/**
 * Key references (ETSI TS 102 221 §9.5.1; SAIP PINKeyReferenceValue / PUKKeyReferenceValue):
 * PIN1 global, PIN2 local to the USIM, ADM1, and the PUKs that unblock PIN1 and PIN2.
 */
export const KEY_REF = { pin1: 0x01, pin2: 0x81, adm1: 0x0a, puk1: 0x01, puk2: 0x81 } as const;

// Security condition data objects of the expanded format (TS 102 221 §9.2.4): always, never, and
// a control reference template naming a key, usage qualifier 08 (user verification).
const ALW = [0x90, 0x00];
const NEV = [0x97, 0x00];
const key = (ref: number): number[] => [0xa4, 0x06, 0x83, 0x01, ref, 0x95, 0x01, 0x08];
const PIN1 = key(KEY_REF.pin1), PIN2 = key(KEY_REF.pin2), ADM1 = key(KEY_REF.adm1);

/** EF rule: READ, UPDATE as given; ACTIVATE/DEACTIVATE with ADM1 (AM_DO 80, TS 102 221 Table 9.3). */
const efRule = (read: number[], update: number[]): number[] =>
  [0x80, 0x01, 0x01, ...read, 0x80, 0x01, 0x02, ...update, 0x80, 0x01, 0x18, ...ADM1];
/** DF rule: every DF operation of the AM byte (TS 102 221 Table 9.4) with ADM1. */
const dfRule = (): number[] => [0x80, 0x01, 0x7f, ...ADM1];
const admOnly = efRule(ADM1, ADM1);

/**
 * EF.ARR records, used as the MF's EF.ARR (2F06) and the USIM's (6F06). The SAIP templates point
 * each file at a record number: MF template MF 14, EF.PL 1, EF.ICCID 11, EF.DIR/ARR/UMPC 10; USIM
 * template ADF 14 (in 2F06), EF.IMSI/UST/ACC/HPPLMN 2, EF.KEYS/SMS/LOCI/FPLMN 5, EF.FDN/EST 8,
 * EF.SPN/AD/ECC 10. Each record grants what those files get in TS 102 221 §13 / TS 31.102 §4.2;
 * numbers no file here uses are ADM-only.
 */
export const ARR_RECORDS: readonly number[][] = [
  efRule(ALW, PIN1), // 1
  efRule(PIN1, ADM1), // 2
  admOnly, // 3
  admOnly, // 4
  efRule(PIN1, PIN1), // 5
  admOnly, // 6
  admOnly, // 7
  efRule(PIN1, PIN2), // 8
  admOnly, // 9
  efRule(ALW, ADM1), // 10
  efRule(ALW, NEV), // 11
  admOnly, // 12
  admOnly, // 13
  dfRule(), // 14
];

/** EF.DIR record (TS 102 221 §13.1): application template 61 { AID 4F, label 50 }. */
export function dirRecord(aid: Uint8Array, label: string): number[] {
  const l = [...Buffer.from(label, 'ascii')];
  const body = [0x4f, aid.length, ...aid, 0x50, l.length, ...l];
  return [0x61, body.length, ...body];
}

/** USIM services switched on (TS 31.102 §4.2.8): SMS n10, SMS parameters n12, SPN n19, EPS MM info n85. */
const UST_SERVICES = [10, 12, 19, 85];
/** EF.UST of the USIM template 2.23.143.1.2.4 is 14 bytes (SAIP Annex A). */
export function ustContent(size = 14): Uint8Array {
  const out = new Uint8Array(size);
  for (const n of UST_SERVICES) out[(n - 1) >> 3] |= 1 << ((n - 1) & 7);
  return out;
}

/** EF.SPN (TS 31.102 §4.2.12): display condition 00, the name in the GSM default alphabet, FF-padded to 17 bytes. */
export function spnContent(name: string): Uint8Array {
  const out = new Uint8Array(17).fill(0xff);
  out[0] = 0x00;
  out.set(Buffer.from(name, 'ascii'), 1);
  return out;
}

/** EF.AD (TS 31.102 §4.2.18): normal operation, no extra info, MNC length in byte 4. */
export function adContent(mncLength: 2 | 3): Uint8Array {
  return Uint8Array.of(0x00, 0x00, 0x00, mncLength);
}

/** EF.ACC (TS 31.102 §4.2.15): access class = last IMSI digit (TS 22.011 §4.2), one bit of 16. */
export function accContent(imsi: string): Uint8Array {
  const cls = Number(imsi[imsi.length - 1]);
  return Uint8Array.of((1 << cls) >> 8, (1 << cls) & 0xff);
}

/** EF.ECC, one 4-byte record (template size): 112, swapped BCD F-padded, category 00. */
export const ECC_CONTENT = Uint8Array.of(0x11, 0xf2, 0xff, 0x00);
/** EF.EST (TS 31.102 §4.2.47): FDN, BDN and ACL all off. */
export const EST_CONTENT = Uint8Array.of(0x00);

/** A template file given only its content. */
export function contentFile(content: Uint8Array): unknown[] {
  return [{ fillFileContent: content }];
}

/** Big-endian bytes of `n` on the fewest octets (SAIP efFileSize: no leading 00). */
function minimalBytes(n: number): Uint8Array {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.from(out.length ? out : [0]);
}

/**
 * A linear fixed file whose template leaves record count and size to the profile (EF.DIR, EF.ARR):
 * a file descriptor (shareable linear fixed 42, coding 21, record length) and the size, then the
 * records, each FF-padded to the longest.
 */
export function linearFixedFile(records: readonly number[][]): unknown[] {
  const recordLength = Math.max(...records.map((r) => r.length));
  const content = new Uint8Array(recordLength * records.length).fill(0xff);
  records.forEach((r, i) => content.set(r, i * recordLength));
  return [
    { fileDescriptor: { fileDescriptor: Uint8Array.of(0x42, 0x21, recordLength >> 8, recordLength & 0xff), efFileSize: minimalBytes(content.length) } },
    { fillFileContent: content },
  ];
}
