/**
 * The card end of a socket link, shared by the TCP APDU server and the vpcd connector: both
 * speak vpcd framing, so one implementation answers control codes and command APDUs for both.
 */
import { Socket } from 'node:net';
import { ApduCard, CardLinkError } from './connector';
import { CONTROL, encodeFrame, FrameDecoder, FramingError, MAX_SHORT_COMMAND_LENGTH } from './framing';
import { SerialQueue } from './serial-queue';
import { TraceSink } from '../trace';

export interface CardSideOptions {
  trace?: TraceSink;
  /** Longest command APDU accepted before the link is dropped (default 261, a short APDU). */
  maxApduLength?: number;
  /** How long an unfinished frame may go without more bytes before the link is dropped (default 5 s). */
  frameTimeoutMs?: number;
  /** Told why a link was dropped (bad framing, a card failure); serving goes on. */
  onError?: (error: Error) => void;
}

export const DEFAULT_FRAME_TIMEOUT_MS = 5_000;

/** A card as its reader slot sees it: power state, and the ATR read at the last power-up. */
export class CardSlot {
  private atr?: Uint8Array;
  private powered = false;
  /** Links come and go, but the card answers one message at a time whoever sends it. */
  private readonly turns = new SerialQueue();

  constructor(private readonly card: ApduCard, private readonly trace?: TraceSink) {}

  /** Answers one message from the terminal at `endpoint`: the reply, or undefined when none is due. */
  handle(message: Uint8Array, endpoint: string, offset: number): Promise<Uint8Array | undefined> {
    return this.turns.run(async () => {
      if (message.length === 1) return this.control(message[0], endpoint, offset);
      // An unpowered card cannot answer: the terminal skipped the power-up, so the link fails.
      if (!this.powered) throw new CardLinkError(endpoint, `command APDU at stream offset ${offset} while the card is powered off`);
      this.record('in', endpoint, message);
      let response: Uint8Array;
      try {
        response = await this.card.transmit(message);
      } catch (error) {
        throw new CardLinkError(endpoint, `card failed on the command APDU at stream offset ${offset}`, error);
      }
      this.record('out', endpoint, response);
      return response;
    });
  }

  /** The terminal went away; like a card leaving its reader, the card loses power. */
  unplug(endpoint: string): Promise<void> {
    return this.turns.run(() => this.powerOff(endpoint));
  }

  private control(code: number, endpoint: string, offset: number): Uint8Array | undefined {
    switch (code) {
      case CONTROL.POWER_OFF:
        this.powerOff(endpoint);
        return undefined;
      case CONTROL.POWER_ON:
        this.atr = this.power(() => this.card.powerOn(), 'power-on', endpoint);
        this.powered = true;
        return undefined;
      case CONTROL.RESET:
        this.atr = this.power(() => this.card.reset(), 'reset', endpoint);
        this.powered = true;
        return undefined;
      case CONTROL.GET_ATR:
        // pcscd polls the ATR to see whether a card is present, so asking must not reset the
        // card; only a card never powered before is powered up, since its ATR is not known yet.
        if (!this.atr) {
          this.atr = this.power(() => this.card.powerOn(), 'power-on', endpoint);
          this.powered = true;
        }
        return this.atr;
      default:
        throw new FramingError(endpoint, offset, `unknown control code 0x${code.toString(16).padStart(2, '0')}`);
    }
  }

  private powerOff(endpoint: string): void {
    if (!this.powered) return;
    this.powered = false;
    this.power(() => this.card.powerOff(), 'power-off', endpoint);
  }

  private power<T>(action: () => T, what: string, endpoint: string): T {
    try {
      return action();
    } catch (error) {
      throw new CardLinkError(endpoint, `card failed on ${what}`, error);
    }
  }

  private record(direction: 'in' | 'out', endpoint: string, bytes: Uint8Array): void {
    this.trace?.record({ time: Date.now(), interface: 'apdu', direction, endpoint, bytes });
  }
}

/**
 * Serves `slot` to the terminal on `socket` until the socket closes (the returned promise then
 * resolves; the card's power-off is queued behind whatever it is still doing). Anything malformed drops this link only: `onError` hears why, and the caller's
 * server or redial loop carries on.
 */
export function serveCardSocket(slot: CardSlot, socket: Socket, endpoint: string, options: CardSideOptions): Promise<void> {
  const decoder = new FrameDecoder(endpoint, options.maxApduLength ?? MAX_SHORT_COMMAND_LENGTH);
  const frameTimeoutMs = options.frameTimeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS;
  let stalled: NodeJS.Timeout | undefined;
  let dropped = false;

  const drop = (error: unknown): void => {
    if (dropped) return;
    dropped = true;
    clearTimeout(stalled);
    options.onError?.(error instanceof Error ? error : new CardLinkError(endpoint, String(error)));
    socket.destroy();
  };

  socket.on('data', (chunk: Buffer) => {
    if (dropped) return;
    let frames;
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      drop(error);
      return;
    }
    for (const frame of frames) {
      slot
        .handle(new Uint8Array(frame.payload), endpoint, frame.offset)
        .then((reply) => {
          if (reply && !dropped) socket.write(encodeFrame(endpoint, reply));
        })
        .catch(drop);
    }
    clearTimeout(stalled);
    stalled = decoder.pending > 0 ? setTimeout(() => drop(decoder.truncation()), frameTimeoutMs) : undefined;
  });
  // Resets and refused writes end in 'close' too; the link is simply gone.
  socket.on('error', () => undefined);

  return new Promise((resolve) => {
    socket.once('close', () => {
      if (decoder.pending > 0) drop(decoder.truncation());
      dropped = true;
      clearTimeout(stalled);
      // Not awaited: a card stuck on a command would otherwise keep the link (and a server's close) open.
      slot.unplug(endpoint).catch((error: unknown) => options.onError?.(error as Error));
      resolve();
    });
  });
}
