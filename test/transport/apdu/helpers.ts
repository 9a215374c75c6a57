/** Shared pieces of the APDU tests: hex in and out, an in-memory connector, a recording application. */
import { fromHex, toHex } from '../../../src/asn1';
import { ApduCard, CardConnector } from '../../../src/transport/card/connector';
import { CardApplication, ISD_R_AID, Uicc, UiccOptions } from '../../../src/transport/apdu';

export const ATR = fromHex('3B9F96801FC78031A073BE21136743200718000001A5');

export function h(hex: string): Uint8Array {
  return fromHex(hex.replace(/\s+/g, ''));
}

export function hex(bytes: Uint8Array): string {
  return toHex(bytes).toUpperCase();
}

/** The in-memory connector: the terminal side handed straight to an ApduCard. */
export function connectorFor(card: ApduCard): CardConnector {
  return {
    connect: async () => card.powerOn(),
    transmit: (command) => card.transmit(command),
    reset: async () => card.reset(),
    close: async () => card.powerOff(),
  };
}

/** An application that records every command it gets and answers what `reply` says. */
export class RecordingApp implements CardApplication {
  readonly received: { command: Uint8Array; channel: number }[] = [];
  readonly deselections: number[] = [];
  constructor(
    readonly aid: Uint8Array,
    public reply: (command: Uint8Array) => Uint8Array | Promise<Uint8Array> = (c) => c,
    readonly fci?: Uint8Array,
  ) {}

  async process(command: Uint8Array, channel: number): Promise<Uint8Array> {
    this.received.push({ command, channel });
    return this.reply(command);
  }

  deselected(channel: number): void {
    this.deselections.push(channel);
  }
}

/** A powered card with an echoing ISD-R. */
export function poweredCard(options: Partial<UiccOptions> = {}): { card: Uicc; isdr: RecordingApp } {
  const isdr = new RecordingApp(ISD_R_AID);
  const card = new Uicc({ atr: ATR, applications: [isdr], ...options });
  card.powerOn();
  return { card, isdr };
}

/** Sends one command given in hex, answers the response in hex (data ‖ SW). */
export async function tx(card: ApduCard, command: string): Promise<string> {
  return hex(await card.transmit(h(command)));
}
