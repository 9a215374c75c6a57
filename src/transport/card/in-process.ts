/**
 * A card in the same process as the terminal code: the fastest link, used when the bench drives
 * S_eUICC itself. It still behaves like a link (power state, turns, timeouts, trace) so code that
 * passes over it passes over the socket links too.
 */
import { ApduCard, CardConnector, CardLinkError } from './connector';
import { SerialQueue } from './serial-queue';
import { DEFAULT_CARD_TIMEOUT_MS, withTimeout } from './timeout';
import { TraceSink } from '../trace';

export interface InProcessOptions {
  trace?: TraceSink;
  /** How long one command APDU may take before the card counts as mute (default 10 s). */
  timeoutMs?: number;
  /** The peer name in trace events and errors (default `in-process`). */
  endpoint?: string;
}

export class InProcessConnector implements CardConnector {
  readonly endpoint: string;
  private readonly trace?: TraceSink;
  private readonly timeoutMs: number;
  private readonly turns = new SerialQueue();
  private powered = false;

  constructor(private readonly card: ApduCard, options: InProcessOptions = {}) {
    this.endpoint = options.endpoint ?? 'in-process';
    this.trace = options.trace;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CARD_TIMEOUT_MS;
  }

  connect(): Promise<Uint8Array> {
    return this.turns.run(() => this.power('power-on', () => this.card.powerOn()));
  }

  reset(): Promise<Uint8Array> {
    return this.turns.run(() => {
      this.requirePower('reset');
      return this.power('reset', () => this.card.reset());
    });
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.turns.run(async () => {
      this.requirePower('transmit');
      this.record('out', command);
      let response: Uint8Array;
      try {
        response = await withTimeout(this.card.transmit(command), this.timeoutMs, this.endpoint, 'command APDU');
      } catch (error) {
        // A card that went mute or failed must be powered up again before it is trusted.
        this.powered = false;
        throw error instanceof CardLinkError ? error : new CardLinkError(this.endpoint, 'card failed on a command APDU', error);
      }
      this.record('in', response);
      return response;
    });
  }

  close(): Promise<void> {
    return this.turns.run(() => {
      if (!this.powered) return;
      this.powered = false;
      this.card.powerOff();
    });
  }

  private power(what: string, action: () => Uint8Array): Uint8Array {
    try {
      const atr = action();
      this.powered = true;
      return atr;
    } catch (error) {
      this.powered = false;
      throw new CardLinkError(this.endpoint, `card failed on ${what}`, error);
    }
  }

  private requirePower(what: string): void {
    if (!this.powered) throw new CardLinkError(this.endpoint, `${what} on an unpowered card: call connect() first`);
  }

  private record(direction: 'in' | 'out', bytes: Uint8Array): void {
    this.trace?.record({ time: Date.now(), interface: 'apdu', direction, endpoint: this.endpoint, bytes });
  }
}
