/**
 * A plain TCP APDU link for device software that has no PC/SC stack: the same framing and
 * control codes as vpcd (see framing.ts), so one client implementation can power, reset and
 * exchange APDUs with S_eUICC whichever way it is reached.
 */
import { AddressInfo, createServer, isIPv6, Socket, connect as dial } from 'node:net';
import { ApduCard, CardConnector, CardLinkError } from './connector';
import { CardSideOptions, CardSlot, serveCardSocket } from './card-side';
import { CONTROL, encodeFrame, FrameDecoder, FramingError, MAX_FRAME_LENGTH } from './framing';
import { SerialQueue } from './serial-queue';
import { DEFAULT_CARD_TIMEOUT_MS } from './timeout';
import { TraceSink } from '../trace';

export interface TcpServerOptions extends CardSideOptions {
  /** 0 (the default) picks a free port; the server reports the one it got. */
  port?: number;
  /** Default 127.0.0.1: the card is reachable from this machine only unless told otherwise. */
  host?: string;
}

export interface TcpCardServer {
  readonly host: string;
  readonly port: number;
  /** Stops listening, drops the client if one is connected and powers the card off. */
  close(): Promise<void>;
}

/** `tcp host:port` with IPv6 addresses bracketed, as trace endpoints name peers. */
export function tcpEndpoint(host: string | undefined, port: number | undefined): string {
  const shown = host && isIPv6(host) ? `[${host}]` : host ?? '?';
  return `tcp ${shown}:${port ?? '?'}`;
}

/**
 * Serves `card` on TCP, one client at a time, the way one card sits in one reader. A second
 * client is accepted but left unanswered until the first disconnects, as a second virtual card
 * waits in vpcd's listen backlog; its own timeout bounds the wait.
 */
export function serveTcp(card: ApduCard, options: TcpServerOptions = {}): Promise<TcpCardServer> {
  const slot = new CardSlot(card, options.trace);
  const host = options.host ?? '127.0.0.1';
  let client: Socket | undefined;
  const waiting: Socket[] = [];
  let session: Promise<void> = Promise.resolve();

  const serveNext = (): void => {
    const socket = waiting.shift();
    if (!socket) return;
    client = socket;
    session = serveCardSocket(slot, socket, tcpEndpoint(socket.remoteAddress, socket.remotePort), options).then(() => {
      client = undefined;
      serveNext();
    });
    socket.resume();
  };

  const server = createServer({ pauseOnConnect: true }, (socket) => {
    socket.setNoDelay(true);
    waiting.push(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      const index = waiting.indexOf(socket);
      if (index >= 0) waiting.splice(index, 1);
    });
    if (!client) serveNext();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      server.on('error', (error) => options.onError?.(error));
      const { port } = server.address() as AddressInfo;
      resolve({
        host,
        port,
        close: async () => {
          const stopped = new Promise<void>((done) => server.close(() => done()));
          for (const socket of waiting.splice(0)) socket.destroy();
          client?.destroy();
          await session;
          await stopped;
        },
      });
    });
  });
}

export interface TcpConnectorOptions {
  /** How long to wait for the connection, an ATR or a response APDU (default 10 s). */
  timeoutMs?: number;
  trace?: TraceSink;
}

/** The terminal end of the TCP APDU link (and a client for any vpcd-framed card server). */
export class TcpConnector implements CardConnector {
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly trace?: TraceSink;
  private readonly turns = new SerialQueue();
  private socket?: Socket;
  private decoder?: FrameDecoder;
  /** Whether the server has sent anything on this connection; silence then close means busy. */
  private answered = false;
  private waiting?: { resolve(payload: Buffer): void; reject(error: Error): void };

  constructor(readonly host: string, readonly port: number, options: TcpConnectorOptions = {}) {
    this.endpoint = tcpEndpoint(host, port);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CARD_TIMEOUT_MS;
    this.trace = options.trace;
  }

  /** Opens the connection if needed, powers the card up and reads its ATR. */
  connect(): Promise<Uint8Array> {
    return this.turns.run(async () => {
      const socket = this.socket ?? (await this.open());
      socket.write(encodeFrame(this.endpoint, Uint8Array.of(CONTROL.POWER_ON)));
      // A card server that is busy with another client leaves this one waiting: say so on timeout.
      return this.request(Uint8Array.of(CONTROL.GET_ATR), 'ATR after power-on', ' (a card server serves one client at a time: is another connected?)');
    });
  }

  reset(): Promise<Uint8Array> {
    return this.turns.run(async () => {
      this.connected('reset').write(encodeFrame(this.endpoint, Uint8Array.of(CONTROL.RESET)));
      return this.request(Uint8Array.of(CONTROL.GET_ATR), 'ATR after reset');
    });
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.turns.run(async () => {
      // One byte on this link is a control code, so no command APDU (4 bytes at least) can be that short.
      if (command.length < 2) throw new FramingError(this.endpoint, 0, `a ${command.length}-byte command APDU cannot be framed`);
      this.connected('transmit');
      this.record('out', command);
      const response = await this.request(command, 'response APDU');
      this.record('in', response);
      return response;
    });
  }

  /** Powers the card down and closes the connection; waits at most the timeout for the server to let go. */
  close(): Promise<void> {
    return this.turns.run(async () => {
      const socket = this.socket;
      if (!socket) return;
      this.socket = undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve();
        }, this.timeoutMs);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end(encodeFrame(this.endpoint, Uint8Array.of(CONTROL.POWER_OFF)));
      });
    });
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = dial({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new CardLinkError(this.endpoint, `connect timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      let failure: Error | undefined;
      socket.on('error', (error) => {
        failure = error;
        clearTimeout(timer);
        reject(new CardLinkError(this.endpoint, `connect failed: ${error.message}`, error));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        this.socket = socket;
        this.decoder = new FrameDecoder(this.endpoint, MAX_FRAME_LENGTH);
        this.answered = false;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
      socket.once('close', () => {
        if (this.socket !== socket) return;
        const why = this.answered ? 'connection closed by the server' : 'connection closed by the server before any answer';
        this.fail(new CardLinkError(this.endpoint, why, failure));
      });
    });
  }

  private receive(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket || !this.decoder) return;
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    for (const frame of frames) {
      this.answered = true;
      if (!this.waiting) {
        this.fail(new FramingError(this.endpoint, frame.offset, 'frame received while no answer was due'));
        return;
      }
      this.waiting.resolve(frame.payload);
    }
  }

  /** Sends one message and waits for the one answer it is due; a late or lost answer ends the link. */
  private request(payload: Uint8Array, what: string, hint = ''): Promise<Uint8Array> {
    const frame = encodeFrame(this.endpoint, payload);
    const socket = this.connected(what);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new CardLinkError(this.endpoint, `${what} timed out after ${this.timeoutMs} ms${hint}`));
      }, this.timeoutMs);
      this.waiting = {
        resolve: (answer) => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve(new Uint8Array(answer));
        },
        reject: (error) => {
          clearTimeout(timer);
          this.waiting = undefined;
          reject(error);
        },
      };
      socket.write(frame);
    });
  }

  /** Drops the connection (its byte stream can no longer be trusted) and fails any waiting caller. */
  private fail(error: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.decoder = undefined;
    this.waiting?.reject(error);
  }

  private connected(what: string): Socket {
    if (!this.socket) throw new CardLinkError(this.endpoint, `${what} without a connection: call connect() first`);
    return this.socket;
  }

  private record(direction: 'in' | 'out', bytes: Uint8Array): void {
    this.trace?.record({ time: Date.now(), interface: 'apdu', direction, endpoint: this.endpoint, bytes });
  }
}
