/**
 * The scenario trace: every message the harness's simulators and clients exchanged with the IUT in
 * one scenario, in order, recorded once by the transports (TraceSink) and named here for evidence —
 * who sent it to whom, the ASN.1 type it decodes as, its hex and its decoded value. Reports are
 * rendered from this and nothing else.
 */
import { codec, Codec, SpecVersion, toHex } from '../asn1';
import { TraceEvent, TraceInterface, TraceSink } from '../transport/trace';

export interface TracedMessage {
  /** 1-based position in the scenario. */
  readonly seq: number;
  readonly time: number;
  readonly interface: TraceInterface;
  readonly from: string;
  readonly to: string;
  readonly endpoint: string;
  /** The decoded type (`GetEimPackageRequest`), or what the bytes are (`C-APDU STORE DATA`, `JSON`). */
  readonly title: string;
  readonly hex: string;
  /** The decoded value as JSON, when the bytes decode. */
  readonly decoded?: unknown;
}

const APDU_INS: Record<number, string> = {
  0xe2: 'STORE DATA', 0xa4: 'SELECT', 0x70: 'MANAGE CHANNEL', 0xc0: 'GET RESPONSE', 0xaa: 'TERMINAL CAPABILITY', 0xf2: 'STATUS',
};

export class ScenarioTrace {
  readonly messages: TracedMessage[] = [];
  private readonly codecs: Codec[];

  constructor(readonly version: SpecVersion = 'v1.2') {
    this.codecs = [codec('SGP32Definitions', version), codec('RSPDefinitions')];
  }

  /**
   * A sink for one harness component: `actor` is the simulator or client recording (`S_IPA`), `peer`
   * what is on the other side of its transport (`eIM (IUT)`). On APDU links `side` says whether the
   * recorder is the card (commands arrive) or the terminal (commands leave).
   */
  sink(actor: string, peer: string, side: 'terminal' | 'card' = 'terminal'): TraceSink {
    return { record: (e) => this.add(e, actor, peer, side) };
  }

  /** Where the trace stands now; `since(mark)` gives what came after. */
  mark(): number {
    return this.messages.length;
  }
  since(mark: number): TracedMessage[] {
    return this.messages.slice(mark);
  }

  private add(e: TraceEvent, actor: string, peer: string, side: 'terminal' | 'card'): void {
    const [from, to] = e.direction === 'out' ? [actor, peer] : [peer, actor];
    const command = (side === 'card') === (e.direction === 'in');
    const { title, decoded } = e.interface === 'apdu' ? this.describeApdu(e.bytes, command) : this.describeBody(e.bytes);
    this.messages.push({ seq: this.messages.length + 1, time: e.time, interface: e.interface, from, to, endpoint: e.endpoint, title, hex: toHex(e.bytes), decoded });
  }

  private describeBody(bytes: Uint8Array): { title: string; decoded?: unknown } {
    if (bytes.length === 0) return { title: '(empty body)' };
    if (bytes[0] === 0x7b) {
      try {
        return { title: 'JSON', decoded: JSON.parse(Buffer.from(bytes).toString('utf8')) };
      } catch {
        return { title: 'text (not JSON)' };
      }
    }
    return this.describeDer(bytes) ?? { title: 'bytes (not decodable)' };
  }

  /**
   * A request and its response often share a tag (BF20, BF2E…): on an APDU link the direction says
   * which, so `prefer` puts those types first.
   */
  private describeDer(bytes: Uint8Array, prefer?: 'request' | 'response'): { title: string; decoded: unknown } | undefined {
    for (const c of this.codecs) {
      const types = c.typesTagged(bytes);
      const first = (t: string) => t.endsWith('Request') === (prefer === 'request');
      const ordered = prefer ? [...types.filter(first), ...types.filter((t) => !first(t))] : types;
      const found = c.identify(bytes, ordered);
      if (found) return { title: found.type, decoded: c.toJSON(found.type, found.value) };
    }
    return undefined;
  }

  private describeApdu(b: Uint8Array, command: boolean): { title: string; decoded?: unknown } {
    if (command) {
      const name = APDU_INS[b[1]] ?? `INS ${b[1]?.toString(16).padStart(2, '0')}`;
      const data = b.length > 5 ? b.subarray(5, 5 + b[4]) : new Uint8Array();
      const inner = data.length ? this.describeDer(data, 'request') : undefined;
      return inner ? { title: `C-APDU ${name}: ${inner.title}`, decoded: inner.decoded } : { title: `C-APDU ${name}` };
    }
    const sw = b.length >= 2 ? toHex(b.subarray(b.length - 2)).toUpperCase() : '';
    const data = b.subarray(0, Math.max(0, b.length - 2));
    const inner = data.length ? this.describeDer(data, 'response') : undefined;
    return inner ? { title: `R-APDU ${sw}: ${inner.title}`, decoded: inner.decoded } : { title: `R-APDU ${sw}` };
  }
}
