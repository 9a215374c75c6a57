/**
 * The fuzzer's link to the card: a TCP APDU connector (to the in-process S_eUICC card server or to
 * the configured `tcp:HOST:PORT`) with an ISD-R session opened as an IPA opens it, and no trace sink
 * (millions of cases must not pile up traffic). A case that kills the link is answered as broken; the
 * next use dials again.
 */
import { CardStatusError, Es10Session, parseResponseApdu, ResponseApdu } from '../../../transport/apdu';
import { TcpConnector } from '../../../transport/card';
import type { CardLink } from '../../euicc/card-link';

export class FuzzCardLink {
  private current: CardLink | undefined;
  /** Bumped at each new connection, so helpers built on a link know when to rebuild. */
  generation = 0;

  constructor(readonly host: string, readonly port: number, readonly timeoutMs: number, readonly endpoint: string) {}

  /** The open link, dialled and the ISD-R selected if needed. */
  async link(): Promise<CardLink> {
    if (this.current) return this.current;
    const connector = new TcpConnector(this.host, this.port, { timeoutMs: this.timeoutMs });
    try {
      await connector.connect();
      const session = new Es10Session(connector);
      await session.open();
      this.current = { session, connector, endpoint: this.endpoint };
      this.generation++;
      return this.current;
    } catch (e) {
      await connector.close().catch(() => undefined);
      throw e;
    }
  }

  async channel(): Promise<number> {
    return (await this.link()).session.channel;
  }

  /** One raw command APDU; a link failure drops the link (the caller reports it) and rethrows. */
  async transmit(apdu: Uint8Array): Promise<ResponseApdu> {
    const link = await this.link();
    try {
      return parseResponseApdu(await link.connector.transmit(apdu));
    } catch (e) {
      await this.drop();
      throw e;
    }
  }

  /** One legitimate ES10 command through the session; a failure other than a status word drops the link and rethrows. */
  async send(command: Uint8Array): Promise<Uint8Array> {
    const link = await this.link();
    try {
      return await link.session.send(command);
    } catch (e) {
      if (!(e instanceof CardStatusError)) await this.drop();
      throw e;
    }
  }

  async drop(): Promise<void> {
    const link = this.current;
    this.current = undefined;
    await link?.connector.close().catch(() => undefined);
  }
}
