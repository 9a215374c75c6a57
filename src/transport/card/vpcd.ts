/**
 * The card end of vsmartcard's vpcd: pcscd's vpcd driver listens on a TCP port (35963 in
 * Debian's /etc/reader.conf.d/vpcd, CHANNELID 0x8C7B) for a virtual card to dial in. Once linked,
 * every PC/SC application on the machine sees S_eUICC as a card in the "Virtual PCD" reader.
 */
import { connect as dial, Socket } from 'node:net';
import { ApduCard, CardLinkError } from './connector';
import { CardSideOptions, CardSlot, serveCardSocket } from './card-side';

export const VPCD_PORT = 35963;

/** A dial attempt that has not connected by then is abandoned and retried. */
const DIAL_TIMEOUT_MS = 5_000;

export interface VpcdOptions extends CardSideOptions {
  /** Default 127.0.0.1 (vpcd listens on IPv4 only, so `localhost` may resolve to the wrong family). */
  host?: string;
  port?: number;
  /** Pause before dialling again after pcscd refused, dropped or was not up (default 500 ms). */
  retryMs?: number;
}

export interface VpcdLink {
  /** Resolves when pcscd first accepts the card; rejects with `CardLinkError` if closed before. */
  readonly connected: Promise<void>;
  /** Stops redialling, drops the link and powers the card off. */
  close(): Promise<void>;
}

/** Dials pcscd and keeps `card` inserted in its vpcd reader, redialling whenever the link drops. */
export function connectVpcd(card: ApduCard, options: VpcdOptions = {}): VpcdLink {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_PORT;
  const retryMs = options.retryMs ?? 500;
  const endpoint = `vpcd ${host}:${port}`;
  const slot = new CardSlot(card, options.trace);

  let closed = false;
  let socket: Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let session: Promise<void> = Promise.resolve();
  let linked!: () => void;
  let abandoned!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    linked = resolve;
    abandoned = reject;
  });
  // Callers that never await `connected` must not see an unhandled rejection on close().
  connected.catch(() => undefined);

  const attempt = (): void => {
    retry = undefined;
    const current = dial({ host, port });
    socket = current;
    const giveUp = setTimeout(() => current.destroy(), DIAL_TIMEOUT_MS);
    // Refusals are routine while pcscd is down; 'close' follows every error and schedules the redial.
    current.on('error', () => undefined);
    current.once('connect', () => {
      clearTimeout(giveUp);
      current.setNoDelay(true);
      linked();
      session = serveCardSocket(slot, current, endpoint, options);
    });
    current.once('close', () => {
      clearTimeout(giveUp);
      if (socket === current) socket = undefined;
      if (!closed) retry = setTimeout(attempt, retryMs);
    });
  };
  attempt();

  return {
    connected,
    close: async () => {
      closed = true;
      clearTimeout(retry);
      abandoned(new CardLinkError(endpoint, 'closed before pcscd accepted the card'));
      socket?.destroy();
      await session;
    },
  };
}
