/**
 * What the IPA under test did, read back from the scenario trace: the APDUs S_eUICC received, the ES10
 * commands they carried (STORE DATA chains joined, answers collected over GET RESPONSE), and the ESipa
 * requests S_eIM received with S_eIM's answers. Expected results are checked on these decoded values.
 */
import { codec, Codec, SpecVersion, toHex } from '../../asn1';
import { TracedMessage } from '../trace';

export const IUT = 'IPA (IUT)';
export const S_EUICC = 'S_eUICC';
export const S_EIM = 'S_eIM';
export const S_SMDP = 'S_SM-DP+';
const ISD_R_AID = 'A0000005591010FFFFFFFF8900000100';

export interface Apdu {
  seq: number;
  name: string;
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data as hex. */
  data: string;
  /** Status word of the answer, e.g. '9000', '6110'. */
  sw?: string;
}

export interface Es10Command {
  seq: number;
  /** The ASN.1 type of the command, or what the APDU is (`MANAGE CHANNEL open`, `SELECT ISD-R`, `TLV A3`). */
  name: string;
  hex: string;
  value?: unknown;
  /** The card's answer, joined over GET RESPONSE. */
  answer?: { sw: string; hex: string; type?: string; value?: unknown };
}

export interface EsipaExchange {
  seq: number;
  type: string;
  hex: string;
  value?: unknown;
  answer?: { type: string; hex: string; value?: unknown };
}

/** Names of the BPP parts whose chained segments do not decode on their own (SGP.22 §5.7.6). */
const BPP_PARTS: Record<string, string> = {
  BF36: 'BoundProfilePackage (InitialiseSecureChannel)', A0: 'firstSequenceOf87', A1: 'sequenceOf88', A2: 'secondSequenceOf87', A3: 'sequenceOf86',
  '87': 'ConfigureISDP/ReplaceSessionKeys segment (87)', '88': 'StoreMetadata segment (88)', '86': 'profile element segment (86)',
};

export class Observations {
  private readonly codecs: Codec[];

  constructor(private readonly messages: readonly TracedMessage[], version: SpecVersion) {
    this.codecs = [codec('SGP32Definitions', version), codec('RSPDefinitions')];
  }

  /** Every APDU S_eUICC received, with the status word it answered. */
  apdus(): Apdu[] {
    const out: Apdu[] = [];
    for (const m of this.messages) {
      if (m.interface !== 'apdu') continue;
      const b = Buffer.from(m.hex, 'hex');
      if (m.to === S_EUICC) {
        const lc = b.length > 5 ? b[4] : 0;
        out.push({ seq: m.seq, name: apduName(b), cla: b[0], ins: b[1], p1: b[2], p2: b[3], data: toHex(b.subarray(5, 5 + lc)).toUpperCase() });
      } else if (out.length && out[out.length - 1].sw === undefined) {
        out[out.length - 1].sw = toHex(b.subarray(b.length - 2)).toUpperCase();
      }
    }
    return out;
  }

  /** The commands S_eUICC received, STORE DATA chains as one ES10 command each. */
  es10(): Es10Command[] {
    const out: Es10Command[] = [];
    let chain: Buffer[] = [];
    let collecting: Es10Command | undefined;
    let answer: Buffer[] = [];
    const responses = new Map<number, Buffer>();
    const apduMessages = this.messages.filter((m) => m.interface === 'apdu');
    apduMessages.forEach((m, i) => {
      if (m.to === S_EUICC && apduMessages[i + 1]?.from === S_EUICC) responses.set(m.seq, Buffer.from(apduMessages[i + 1].hex, 'hex'));
    });
    const finish = (sw: string) => {
      if (!collecting) return;
      const data = Buffer.concat(answer);
      const found = data.length ? this.decodeAnswer(collecting.name, data) : undefined;
      collecting.answer = { sw, hex: toHex(data).toUpperCase(), type: found?.type, value: found?.value };
      collecting = undefined;
      answer = [];
    };
    for (const m of apduMessages) {
      if (m.to !== S_EUICC) continue;
      const b = Buffer.from(m.hex, 'hex');
      const r = responses.get(m.seq) ?? Buffer.alloc(0);
      const sw = toHex(r.subarray(r.length - 2)).toUpperCase();
      const rdata = r.subarray(0, Math.max(0, r.length - 2));
      if (b[1] === 0xc0 && collecting) {
        answer.push(rdata);
        if (!sw.startsWith('61')) finish(sw);
        continue;
      }
      if (collecting) finish('');
      if (b[1] !== 0xe2) {
        const command: Es10Command = { seq: m.seq, name: apduName(b), hex: m.hex.toUpperCase() };
        out.push(command);
        collecting = command;
        answer = [rdata];
        if (!sw.startsWith('61')) finish(sw);
        continue;
      }
      chain.push(b.subarray(5, 5 + (b.length > 5 ? b[4] : 0)));
      if (!(b[2] & 0x80)) continue;
      const data = Buffer.concat(chain);
      chain = [];
      const found = this.identify(data);
      const tag = tagOf(data);
      const command: Es10Command = { seq: m.seq, name: found?.type ?? BPP_PARTS[tag] ?? `TLV ${tag}`, hex: toHex(data).toUpperCase(), value: found?.value };
      out.push(command);
      collecting = command;
      answer = [rdata];
      if (!sw.startsWith('61')) finish(sw);
    }
    return out;
  }

  /** The ESipa requests S_eIM received, each with S_eIM's answer. */
  esipa(): EsipaExchange[] {
    const out: EsipaExchange[] = [];
    for (const m of this.messages) {
      if (m.interface !== 'esipa') continue;
      if (m.from === IUT && m.to === S_EIM) out.push({ seq: m.seq, type: this.esipaName(m.title), hex: m.hex.toUpperCase(), value: m.decoded });
      else if (m.from === S_EIM && m.to === IUT && out.length && !out[out.length - 1].answer) out[out.length - 1].answer = { type: m.title, hex: m.hex.toUpperCase(), value: m.decoded };
    }
    return out;
  }

  /** An ES10 answer decoded as the response of its command (which often shares the command's tag). */
  private decodeAnswer(command: string, data: Uint8Array): { type: string; value: unknown } | undefined {
    const type = command.replace(/Request$/, 'Response');
    for (const c of this.codecs) {
      if (type === command || !c.has(type)) continue;
      try {
        return { type, value: c.toJSON(type, c.decode(type, data)) };
      } catch {
        break;
      }
    }
    return this.identify(data);
  }

  /** ESipa shares tags with SGP.22 (BF3B): name the message by its ESipa type where there is one. */
  private esipaName(title: string): string {
    return this.codecs[0].has(`${title}Esipa`) ? `${title}Esipa` : title;
  }

  /** Hex of every ESipa message S_eIM sent the IPA: its answers, and its injected requests. */
  fromEim(): { seq: number; type: string; hex: string; value?: unknown }[] {
    return this.messages.filter((m) => m.interface === 'esipa' && m.from === S_EIM && m.to === IUT)
      .map((m) => ({ seq: m.seq, type: m.title, hex: m.hex.toUpperCase(), value: m.decoded }));
  }

  /** The ES9+ functions S_SM-DP+ was called with by the IPA (direct download), from the request paths. */
  es9(): { seq: number; fn: string; value?: unknown }[] {
    return this.messages.filter((m) => m.interface === 'es9plus' && m.from === IUT && m.to === S_SMDP)
      .map((m) => ({ seq: m.seq, fn: m.endpoint.split(' ').pop()!.split('/').pop() ?? '', value: m.decoded }));
  }

  private identify(data: Uint8Array): { type: string; value: unknown } | undefined {
    for (const c of this.codecs) {
      try {
        const found = c.identify(data);
        if (found) return { type: found.type, value: c.toJSON(found.type, found.value) };
      } catch {
        // not this module's
      }
    }
    return undefined;
  }
}

function tagOf(data: Uint8Array): string {
  if (!data.length) return '';
  let end = 1;
  if ((data[0] & 0x1f) === 0x1f) while (end < data.length && data[end++] & 0x80);
  return toHex(data.subarray(0, end)).toUpperCase();
}

function apduName(b: Uint8Array): string {
  switch (b[1]) {
    case 0xaa: return 'TERMINAL CAPABILITY';
    case 0x70: return b[2] & 0x80 ? 'MANAGE CHANNEL close' : 'MANAGE CHANNEL open';
    case 0xa4: {
      const aid = toHex(b.subarray(5, 5 + (b[4] ?? 0))).toUpperCase();
      return aid === ISD_R_AID ? 'SELECT ISD-R' : `SELECT ${aid}`;
    }
    case 0xc0: return 'GET RESPONSE';
    case 0xe2: return 'STORE DATA';
    case 0xf2: return 'STATUS';
    default: return `INS ${toHex(b.subarray(1, 2)).toUpperCase()}`;
  }
}
