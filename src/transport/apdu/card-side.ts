/**
 * The card-side framing engine of S_eUICC: a UICC with T=0 semantics (ETSI TS 102 221 §7.3.1.1) that
 * any connector or card server can carry. It handles TERMINAL CAPABILITY, MANAGE CHANNEL, SELECT by
 * DF name, GET RESPONSE and GlobalPlatform STORE DATA, and hands each reassembled STORE DATA command
 * to the selected application.
 *
 * Rules that hold throughout:
 * - case-4 commands never answer data directly: 61xx (6100 = 256 or more), then GET RESPONSE;
 * - a rejected command (framing or parameter error, unknown AID, no application) changes no state:
 *   not the applications', not the STORE DATA sequence, not the pending response;
 * - each logical channel has its own selection, STORE DATA sequence and pending response; a command
 *   accepted on a channel discards that channel's pending response (T=0 allows GET RESPONSE only
 *   right after the 61xx).
 */
import { tlvSpans } from '../../asn1';
import { CardLinkError, ApduCard } from '../card/connector';
import { TraceSink } from '../trace';
import { ApduFormatError, CommandApdu, parseCommandApdu, responseApdu } from './apdu';
import { CardApplication } from './card-application';
import { CardChannel } from './card-channel';
import { CardStatus } from './card-status';
import { ClassFamily, decodeCla, DecodedCla, LogicalChannelError, MAX_LOGICAL_CHANNEL } from './channel';
import { DeviationHooks, HookedCommand } from './hooks';
import { INS } from './ins';
import { P1_LAST_BLOCK, P1_MORE_BLOCKS } from './store-data';
import { bytesAvailable, SW } from './sw';

export interface UiccOptions {
  atr: Uint8Array;
  applications: CardApplication[];
  /** Receives every command ('in') and response ('out') APDU once, on interface 'apdu'. */
  trace?: TraceSink;
  /** Endpoint name in trace events; default 'uicc'. */
  endpoint?: string;
  /** Logical channels supported, the basic channel included: 1..20, default 4. */
  maxChannels?: number;
  /** Told of anything but `CardStatus` thrown by an application (the card answers 6F00). */
  onError?: (error: unknown) => void;
}

interface Answer {
  data?: Uint8Array;
  sw: number;
}

/**
 * Class families each INS accepts. GET RESPONSE is interindustry (ISO 7816-4 §11.4.2) but lpac and
 * pySim send it with the class of the command before (80|channel after STORE DATA) and real eUICCs
 * answer it, so both are taken.
 */
const CLASSES: ReadonlyMap<number, readonly ClassFamily[]> = new Map<number, readonly ClassFamily[]>([
  [INS.TERMINAL_CAPABILITY, ['proprietary']],
  [INS.MANAGE_CHANNEL, ['interindustry']],
  [INS.SELECT, ['interindustry']],
  [INS.GET_RESPONSE, ['interindustry', 'proprietary']],
  [INS.STORE_DATA, ['proprietary']],
]);

/** SELECT P2: return FCI (00), return FCP (04, what TS 102 221 terminals send), no data (0C). */
const SELECT_P2 = new Set([0x00, 0x04, 0x0c]);
const EMPTY = new Uint8Array(0);

export class Uicc implements ApduCard {
  readonly hooks = new DeviationHooks();
  /** The A9 TLV of the last TERMINAL CAPABILITY since power-up, as received. */
  terminalCapabilities: Uint8Array | undefined;
  private readonly atr: Uint8Array;
  private readonly applications: CardApplication[];
  private readonly maxChannels: number;
  private readonly endpoint: string;
  private channels = new Map<number, CardChannel>();
  private powered = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: UiccOptions) {
    this.atr = Uint8Array.from(options.atr);
    this.applications = [...options.applications];
    this.maxChannels = options.maxChannels ?? 4;
    if (!Number.isInteger(this.maxChannels) || this.maxChannels < 1 || this.maxChannels > MAX_LOGICAL_CHANNEL + 1) {
      throw new LogicalChannelError(this.maxChannels - 1);
    }
    this.endpoint = options.endpoint ?? 'uicc';
  }

  powerOn(): Uint8Array {
    this.clearSession();
    this.powered = true;
    return Uint8Array.from(this.atr);
  }

  powerOff(): void {
    this.clearSession();
    this.powered = false;
  }

  reset(): Uint8Array {
    return this.powerOn();
  }

  /** Commands are taken one at a time, in arrival order, as a card does. */
  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (!this.powered) return Promise.reject(new CardLinkError(this.endpoint, 'card is not powered'));
    const bytes = Uint8Array.from(command);
    const run = this.queue.then(() => this.answer(bytes));
    this.queue = run.catch(() => undefined);
    // A muted command's promise never settles, but the card still takes the next command.
    return run.then((r) => r ?? new Promise<Uint8Array>(() => undefined));
  }

  /** Open logical channels, ascending (0 always, while powered). */
  openChannels(): number[] {
    return [...this.channels.keys()].sort((a, b) => a - b);
  }

  /** AID of the application selected on `channel`, if any. */
  selectedAid(channel: number): Uint8Array | undefined {
    return this.channels.get(channel)?.selected?.aid;
  }

  private clearSession(): void {
    for (const [n, ch] of this.channels) ch.selected?.deselected?.(n);
    this.channels = new Map([[0, new CardChannel()]]);
    this.terminalCapabilities = undefined;
  }

  private async answer(bytes: Uint8Array): Promise<Uint8Array | undefined> {
    this.record('in', bytes);
    const decision = this.hooks.decide(this.hooked(bytes));
    if (decision.mute) return undefined;
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    const a = decision.sw === undefined ? await this.execute(bytes) : { sw: decision.sw };
    const out = responseApdu(a.data ?? EMPTY, a.sw);
    this.record('out', out);
    return out;
  }

  private hooked(bytes: Uint8Array): HookedCommand {
    try {
      return { bytes, apdu: parseCommandApdu(bytes) };
    } catch {
      return { bytes };
    }
  }

  private record(direction: 'in' | 'out', bytes: Uint8Array): void {
    this.options.trace?.record({ time: Date.now(), interface: 'apdu', direction, endpoint: this.endpoint, bytes });
  }

  private async execute(bytes: Uint8Array): Promise<Answer> {
    let c: CommandApdu;
    let cla: DecodedCla;
    try {
      c = parseCommandApdu(bytes);
    } catch (e) {
      if (e instanceof ApduFormatError) return { sw: SW.WRONG_LENGTH };
      throw e;
    }
    try {
      cla = decodeCla(c.cla);
    } catch (e) {
      if (e instanceof ApduFormatError) return { sw: SW.CLA_NOT_SUPPORTED };
      throw e;
    }
    const families = CLASSES.get(c.ins);
    if (!families) return { sw: SW.INS_NOT_SUPPORTED };
    if (!families.includes(cla.family)) return { sw: SW.CLA_NOT_SUPPORTED };
    const ch = this.channels.get(cla.channel);
    if (!ch) return { sw: SW.LOGICAL_CHANNEL_NOT_SUPPORTED };
    if (cla.secureMessaging) return { sw: SW.SECURE_MESSAGING_NOT_SUPPORTED };
    if (cla.chaining) return { sw: SW.COMMAND_CHAINING_NOT_SUPPORTED };
    switch (c.ins) {
      case INS.TERMINAL_CAPABILITY: return this.terminalCapability(c, ch);
      case INS.MANAGE_CHANNEL: return this.manageChannel(c, cla.channel, ch);
      case INS.SELECT: return this.select(c, cla.channel, ch);
      case INS.GET_RESPONSE: return this.getResponse(c, ch);
      default: return this.storeData(c, cla.channel, ch);
    }
  }

  /** TS 102 221 §11.1.19: one A9 TLV of terminal capabilities; the card only records it. */
  private terminalCapability(c: CommandApdu, ch: CardChannel): Answer {
    if (c.p1 !== 0 || c.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
    if (c.data.length === 0) return { sw: SW.WRONG_LENGTH };
    try {
      const spans = tlvSpans(c.data, 'TerminalCapability');
      if (spans.length !== 1 || spans[0]!.tag !== 0xa9) return { sw: SW.INCORRECT_DATA };
    } catch {
      return { sw: SW.INCORRECT_DATA };
    }
    ch.setPending(undefined);
    this.terminalCapabilities = c.data;
    return { sw: SW.OK };
  }

  /**
   * ISO 7816-4 §11.1.2. Open: P2 00 = the card picks the lowest free channel and answers its number
   * (case 2, Le 01; 6C01 for another Le), P2 n = open channel n (no data). Close: P1 80, P2 n.
   * 6881 = channel beyond what the card supports or not open, 6A81 = no free channel, 6A86 = bad
   * P1/P2 (channel 0, a channel above 19, opening an open channel).
   */
  private manageChannel(c: CommandApdu, channel: number, ch: CardChannel): Answer {
    if ((c.p1 !== 0x00 && c.p1 !== 0x80) || c.p2 > MAX_LOGICAL_CHANNEL) return { sw: SW.INCORRECT_P1_P2 };
    if (c.data.length) return { sw: SW.WRONG_LENGTH };
    if (c.p1 === 0x80) {
      if (c.p2 === 0) return { sw: SW.INCORRECT_P1_P2 };
      const closing = this.channels.get(c.p2);
      if (!closing) return { sw: SW.LOGICAL_CHANNEL_NOT_SUPPORTED };
      closing.selected?.deselected?.(c.p2);
      this.channels.delete(c.p2);
      ch.setPending(undefined);
      return { sw: SW.OK };
    }
    if (c.p2 === 0) {
      // Le 00 asks for "up to 256" under ISO 7816-4; one byte satisfies it.
      if (c.le !== 1 && c.le !== 256) return { sw: SW.WRONG_LE | 1 };
      const free = Array.from({ length: this.maxChannels - 1 }, (_, i) => i + 1).find((n) => !this.channels.has(n));
      if (free === undefined) return { sw: SW.FUNCTION_NOT_SUPPORTED };
      this.channels.set(free, new CardChannel());
      ch.setPending(undefined);
      return { data: Uint8Array.of(free), sw: SW.OK };
    }
    if (c.p2 >= this.maxChannels) return { sw: SW.LOGICAL_CHANNEL_NOT_SUPPORTED };
    if (this.channels.has(c.p2)) return { sw: SW.INCORRECT_P1_P2 };
    this.channels.set(c.p2, new CardChannel());
    if (c.p2 !== channel) ch.setPending(undefined);
    return { sw: SW.OK };
  }

  /**
   * SELECT by DF name only (P1 04), exact AID match; the FCI comes through 61xx + GET RESPONSE.
   * A failed SELECT keeps the current selection (ISO 7816-4 §11.2.2).
   */
  private select(c: CommandApdu, channel: number, ch: CardChannel): Answer {
    if (c.p1 !== 0x04 || !SELECT_P2.has(c.p2)) return { sw: SW.INCORRECT_P1_P2 };
    if (c.data.length === 0 || c.data.length > 16) return { sw: SW.WRONG_LENGTH };
    const app = this.applications.find((a) => Buffer.compare(a.aid, c.data) === 0);
    if (!app) return { sw: SW.FILE_NOT_FOUND };
    ch.selected?.deselected?.(channel);
    ch.selected = app;
    ch.endSequence();
    ch.setPending(undefined);
    if (c.p2 === 0x0c) return { sw: SW.OK };
    return this.respond(ch, app.fci ?? minimalFci(app.aid));
  }

  /**
   * TS 102 221 §7.3.1.1.4: Le below what is pending → that many bytes and 61xx for the rest;
   * Le above it (or absent) → 6Cxx with the exact length; nothing pending → 6985.
   */
  private getResponse(c: CommandApdu, ch: CardChannel): Answer {
    if (c.p1 !== 0 || c.p2 !== 0) return { sw: SW.INCORRECT_P1_P2 };
    if (c.data.length) return { sw: SW.WRONG_LENGTH };
    const available = ch.pendingLength;
    if (available === 0) return { sw: SW.CONDITIONS_NOT_SATISFIED };
    if (c.le === undefined || c.le > available) return { sw: SW.WRONG_LE | (Math.min(available, 256) & 0xff) };
    const data = ch.takePending(c.le);
    return { data, sw: ch.pendingLength ? bytesAvailable(ch.pendingLength) : SW.OK };
  }

  /**
   * GP STORE DATA as SGP.22 §5.7.2 uses it: P1 11 (more blocks) or 91 (last), P2 the block number
   * from 00. P2 00 always starts a new sequence (an IPA that gave up on one can start over); any
   * other P2 but the next block number is 6A86. Without a selected application: 6985.
   */
  private async storeData(c: CommandApdu, channel: number, ch: CardChannel): Promise<Answer> {
    if ((c.p1 !== P1_MORE_BLOCKS && c.p1 !== P1_LAST_BLOCK) || !ch.acceptsBlock(c.p2)) return { sw: SW.INCORRECT_P1_P2 };
    const app = ch.selected;
    if (!app) return { sw: SW.CONDITIONS_NOT_SATISFIED };
    ch.setPending(undefined);
    const command = ch.addBlock(c.p2, c.data, c.p1 === P1_LAST_BLOCK);
    if (!command) return { sw: SW.OK };
    let response: Uint8Array;
    try {
      response = await app.process(command, channel);
    } catch (e) {
      if (e instanceof CardStatus) return { sw: e.sw };
      this.options.onError?.(e);
      return { sw: SW.NO_PRECISE_DIAGNOSIS };
    }
    return this.respond(ch, Uint8Array.from(response));
  }

  private respond(ch: CardChannel, data: Uint8Array): Answer {
    ch.setPending(data);
    return { sw: data.length ? bytesAvailable(data.length) : SW.OK };
  }
}

/** `6F { 84 <AID> }`: the FCI template with only the DF name (ISO 7816-4 §5.3.3, Table 12). */
function minimalFci(aid: Uint8Array): Uint8Array {
  return Uint8Array.from([0x6f, aid.length + 2, 0x84, aid.length, ...aid]);
}
