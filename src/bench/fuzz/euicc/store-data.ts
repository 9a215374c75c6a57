/**
 * How a case travels: the ES10 command cut into GlobalPlatform STORE DATA blocks (SGP.22 §5.7.2:
 * CLA 80|channel, INS E2, P1 11 / 91 on the last block, P2 the block number from 00), optionally
 * with one APDU-level fault, and the answer collected with T=0 rules (61xx → GET RESPONSE, 6Cxx →
 * the same GET RESPONSE again with the exact Le).
 */
import fc, { Arbitrary } from 'fast-check';
import { encodeCommandApdu, getResponseApdu, INS, P1_LAST_BLOCK, P1_MORE_BLOCKS, ResponseApdu, storeDataBlocks } from '../../../transport/apdu';

export const APDU_MUTATIONS = [
  'wrong-p2', 'missing-last-bit', 'extra-last-bit', 'wrong-p1', 'block-after-last', 'lc-mismatch', 'wrong-cla', 'wrong-ins',
  'get-response-out-of-turn', 'extended-length-block',
] as const;
export type ApduMutationKind = (typeof APDU_MUTATIONS)[number];

export interface ApduMutation {
  readonly kind: ApduMutationKind;
  /** Which block it acts on (modulo the block count). */
  readonly at: number;
  readonly amount: number;
}

export const apduMutation: Arbitrary<ApduMutation> = fc.record({
  kind: fc.constantFrom(...APDU_MUTATIONS),
  at: fc.nat({ max: 255 }),
  amount: fc.nat({ max: 255 }),
});

/** Block sizes an IPA uses: the card's maximum, lpac's 120, and small ones that make long sequences. */
export const blockSize: Arbitrary<number> = fc.constantFrom(255, 120, 64, 16);

/** Commands the card answers without changing state, safe to follow with a stray block. */
export const READ_ONLY_REQUESTS = new Set([
  'GetEuiccInfo1Request', 'GetEuiccInfo2Request', 'GetEuiccDataRequest', 'EuiccConfiguredAddressesRequest', 'GetCertsRequest', 'GetRatRequest',
  'ProfileInfoListRequest', 'GetEimConfigurationDataRequest', 'ListNotificationRequest', 'RetrieveNotificationsListRequest', 'GetConnectivityParametersRequest',
]);

/** One APDU to send, and whether it is a well-formed block announcing more (9000 then means: waiting). */
interface Step {
  readonly bytes: Uint8Array;
  readonly more: boolean;
}

/** The last answer of a delivery: what the card said to the last APDU it was sent, its data collected. */
export interface Delivered {
  readonly sw: number;
  readonly data: Uint8Array;
  /** The last APDU sent was a well-formed STORE DATA block announcing more blocks. */
  readonly waiting: boolean;
  /** The command's own answer when a stray block followed it (block-after-last). */
  readonly command?: { sw: number; data: Uint8Array };
}

const header = (b: { cla: number; ins: number; p1: number; p2: number }) => [b.cla, b.ins, b.p1, b.p2];

/** The APDUs for `command` on `channel` with `m` applied, and a description of the fault. */
export function plan(command: Uint8Array, channel: number, size: number, m?: ApduMutation): { steps: Step[]; description?: string; stray?: Step } {
  const blocks = storeDataBlocks(command, channel, size);
  const steps: Step[] = blocks.map((b) => ({ bytes: encodeCommandApdu(b), more: b.p1 === P1_MORE_BLOCKS }));
  if (!m) return { steps };
  const i = m.at % blocks.length;
  const b = blocks[i];
  const cut = (to: number, step: Step) => { steps.length = to; steps.push(step); };
  const block = (patch: Partial<typeof b>): Step => ({ bytes: encodeCommandApdu({ ...b, ...patch }), more: false });
  switch (m.kind) {
    case 'wrong-p2': {
      // 80..FF, never 00 (which restarts a sequence): a sequence an earlier case left open would need a
      // command of 128 blocks or more for one of these to continue it.
      const p2 = 0x80 | (m.amount & 0x7f);
      cut(i, block({ p2 }));
      return { steps, description: `block ${i} with P2 ${hex(p2)}` };
    }
    case 'missing-last-bit':
      steps[steps.length - 1] = { bytes: encodeCommandApdu({ ...blocks[blocks.length - 1], p1: P1_MORE_BLOCKS }), more: true };
      return { steps, description: `last of ${blocks.length} block(s) with P1 11` };
    case 'extra-last-bit': {
      if (blocks.length < 2) return plan(command, channel, Math.max(1, command.length >> 1), m);
      const j = m.at % (blocks.length - 1);
      cut(j, { bytes: encodeCommandApdu({ ...blocks[j], p1: P1_LAST_BLOCK }), more: false });
      return { steps, description: `block ${j} of ${blocks.length} with P1 91` };
    }
    case 'wrong-p1': {
      // None is SGP.22's 11 / 91: no structure (00, 80), DGI (09, 89), encrypted (71, F1), RFU bits (01, FF).
      const p1 = [0x00, 0x80, 0x09, 0x89, 0x71, 0xf1, 0x01, 0xff][m.amount % 8];
      cut(i, block({ p1 }));
      return { steps, description: `block ${i} with P1 ${hex(p1)}` };
    }
    case 'block-after-last': {
      if (blocks.length > 0xff) return plan(command, channel, size, { ...m, kind: 'missing-last-bit' });
      const stray = { bytes: encodeCommandApdu({ ...b, p1: P1_LAST_BLOCK, p2: blocks.length }), more: false };
      return { steps, stray, description: `block ${blocks.length} (P2 ${hex(blocks.length)}) after the last` };
    }
    case 'lc-mismatch': {
      const data = b.data;
      const h = header(b);
      // Lc above the data, or two or more below it (one below reads as a valid Le).
      const variants = [
        ...(data.length < 255 ? [{ lc: Math.min(255, data.length + 1 + (m.amount % 4)), what: 'above' }] : []),
        ...(data.length >= 3 ? [{ lc: 1 + ((data.length - 2 + m.amount) % (data.length - 2)), what: 'below' }] : []),
      ];
      const v = variants[m.amount % variants.length];
      cut(i, { bytes: Uint8Array.from([...h, v.lc, ...data]), more: false });
      return { steps, description: `block ${i} with Lc ${v.lc} for ${data.length} data bytes (${v.what})` };
    }
    case 'wrong-cla': {
      const classes: [number, string][] = [
        [0x00 | channel, 'interindustry class'], [0x84 | channel, 'secure messaging'], [0x90 | channel, 'command chaining'],
        [0x80 | ((channel + 1) & 3), 'another channel'], [0xa0, 'GSM class A0'], [0xff, 'class FF'], [0x20, 'RFU class 20'], [0xe0, 'class E0'],
      ];
      const [cla, what] = classes[m.amount % classes.length];
      cut(i, block({ cla }));
      return { steps, description: `block ${i} with a CLA of ${what}` };
    }
    case 'wrong-ins': {
      const ins = [0xe4, 0xca, 0xa4, 0x70, INS.GET_RESPONSE, INS.TERMINAL_CAPABILITY, 0xe3, 0x00][m.amount % 8];
      cut(i, block({ ins }));
      return { steps, description: `block ${i} with INS ${hex(ins)}` };
    }
    case 'get-response-out-of-turn': {
      const le = m.amount === 0 ? 256 : m.amount;
      cut(0, { bytes: encodeCommandApdu(getResponseApdu(channel, le)), more: false });
      return { steps, description: `GET RESPONSE (Le ${le}) with nothing pending` };
    }
    case 'extended-length-block': {
      // T=0 carries no extended APDU, and the TCP card link refuses frames above 261 bytes, so the block
      // keeps within that: CLA INS P1 P2 00 Lc1 Lc2 and up to 254 data bytes.
      const data = b.data.subarray(0, 254 - (m.amount % 8));
      cut(i, { bytes: Uint8Array.from([...header(b), 0, data.length >> 8, data.length & 0xff, ...data]), more: false });
      return { steps, description: `block ${i} in an extended-length APDU (Lc 00 ${hex(data.length >> 8)} ${hex(data.length & 0xff)})` };
    }
  }
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

export type Transmit = (apdu: Uint8Array) => Promise<ResponseApdu>;

/** Sends the steps until one is not answered 9000-and-waiting; collects the answer of the last. */
export async function deliver(transmit: Transmit, channel: number, p: ReturnType<typeof plan>): Promise<Delivered> {
  let answer: ResponseApdu = { sw: 0x9000, data: new Uint8Array(0) };
  let waiting = false;
  for (const step of p.steps) {
    answer = await collect(transmit, channel, await transmit(step.bytes));
    waiting = step.more && answer.sw === 0x9000 && answer.data.length === 0;
    if (!waiting) break;
  }
  if (!p.stray || waiting || answer.sw !== 0x9000) return { ...answer, waiting };
  const stray = await collect(transmit, channel, await transmit(p.stray.bytes));
  return { ...stray, waiting: false, command: answer };
}

/** T=0 response collection: GET RESPONSE while 61xx, a retry with the exact Le on 6Cxx. */
async function collect(transmit: Transmit, channel: number, first: ResponseApdu): Promise<ResponseApdu> {
  const chunks: Uint8Array[] = [first.data];
  let r = first;
  for (let rounds = 0; r.sw >> 8 === 0x61; rounds++) {
    // A card that keeps announcing data without giving any would loop forever.
    if (rounds > 0 && r.data.length === 0) return { sw: r.sw, data: Buffer.concat(chunks) };
    r = await transmit(encodeCommandApdu(getResponseApdu(channel, r.sw & 0xff || 256)));
    if (r.sw >> 8 === 0x6c) r = await transmit(encodeCommandApdu(getResponseApdu(channel, r.sw & 0xff || 256)));
    chunks.push(r.data);
  }
  return { sw: r.sw, data: chunks.length === 1 ? r.data : new Uint8Array(Buffer.concat(chunks)) };
}
