/**
 * A small ApduCard for the connector tests: it answers SELECT by AID, echoes, answers late on
 * demand, fails on demand, and counts what was done to it, so tests can check what crossed a link.
 */
import { Socket, connect } from 'node:net';
import { ApduCard } from '../../../src/transport/card';
import { TraceEvent, TraceSink } from '../../../src/transport/trace';

/** TS 3B, T0 07: no interface bytes (so T=0 only, no TCK), 7 historical bytes (category 80, COMPACT-TLV). */
export const TEST_ATR = Uint8Array.from([0x3b, 0x07, 0x80, 0x31, 0xe0, 0x73, 0xfe, 0x21, 0x00]);
/** The AID the card answers SELECT for (the ISD-R AID of SGP.02/SGP.22, as an eUICC would). */
export const TEST_AID = 'A0000005591010FFFFFFFF8900000100';

export const INS = { SELECT: 0xa4, ECHO: 0xee, SLOW: 0x5d, HANG: 0x5e, FAIL: 0xde } as const;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
export const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

export class TestCard implements ApduCard {
  powerOns = 0;
  resets = 0;
  powerOffs = 0;
  readonly commands: string[] = [];
  /** Highest number of commands seen in progress at once: a link must keep this at 1. */
  maxInFlight = 0;
  private inFlight = 0;

  powerOn(): Uint8Array {
    this.powerOns++;
    return TEST_ATR;
  }

  powerOff(): void {
    this.powerOffs++;
  }

  reset(): Uint8Array {
    this.resets++;
    return TEST_ATR;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.commands.push(hex(command));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.answer(command);
    } finally {
      this.inFlight--;
    }
  }

  private async answer(command: Uint8Array): Promise<Uint8Array> {
    if (command.length < 4) return bytes('6700');
    const [, ins, p1] = command;
    const data = command.length > 5 ? command.subarray(5, 5 + command[4]) : new Uint8Array(0);
    switch (ins) {
      case INS.SELECT:
        return hex(data) === TEST_AID ? bytes('9000') : bytes('6A82');
      case INS.ECHO:
        return Uint8Array.from([...data, 0x90, 0x00]);
      case INS.SLOW:
        await new Promise((resolve) => setTimeout(resolve, p1 * 10));
        return bytes('9000');
      case INS.HANG:
        return new Promise<Uint8Array>(() => undefined);
      case INS.FAIL:
        throw new Error('test card failure');
      default:
        return bytes('6D00');
    }
  }
}

export class TraceLog implements TraceSink {
  readonly events: TraceEvent[] = [];
  record(event: TraceEvent): void {
    this.events.push(event);
  }
  /** direction, endpoint and hex of each event, for compact assertions. */
  lines(): string[] {
    return this.events.map((e) => `${e.interface} ${e.direction} ${e.endpoint} ${hex(e.bytes)}`);
  }
}

/** What a raw socket client saw: bytes received and whether the server closed on it. */
export interface RawExchange {
  received: Buffer;
  closedByServer: boolean;
}

/**
 * Connects to `port`, writes `chunks` (one write each), then either closes its side (`end`) or
 * waits; resolves when the server closes the connection or `waitMs` passes.
 */
export function rawExchange(port: number, chunks: Uint8Array[], waitMs: number, end = false): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received: Buffer.concat(received), closedByServer: false });
    }, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(received), closedByServer: true });
    });
    socket.once('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (end) socket.end();
    });
  });
}

/** A frame as the link puts it on the wire. */
export const frame = (payload: Uint8Array): Buffer => {
  const out = Buffer.alloc(2 + payload.length);
  out.writeUInt16BE(payload.length, 0);
  out.set(payload, 2);
  return out;
};
