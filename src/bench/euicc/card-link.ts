/**
 * How S_IPA reaches the eUICC under test: a CardConnector and an Es10Session on it, exactly as an IPA
 * drives a card (TERMINAL CAPABILITY, logical channel, SELECT ISD-R, STORE DATA chaining, GET
 * RESPONSE). The embedded default is a fresh in-process S_eUICC built from the run PKI; `tcp:HOST:PORT`
 * is the harness's TCP APDU link (`sgp32 sim euicc --listen`, or a vendor's card bridge).
 */
import { Es10Session } from '../../transport/apdu';
import { CardConnector, InProcessConnector, TcpConnector } from '../../transport/card';
import { euiccCard } from '../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../simulators/euicc/config';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { ScenarioContext } from '../scenario';

/** The configured card address cannot be used (malformed, or a kind of reader the harness lacks). */
export class CardAddressError extends Error {
  constructor(readonly address: string, reason: string) {
    super(`iut.euicc.card '${address}': ${reason}`);
    this.name = 'CardAddressError';
  }
}

export type CardAddress = { kind: 'embedded' } | { kind: 'tcp'; host: string; port: number };

export function parseCardAddress(card: string | undefined): CardAddress {
  if (card === undefined) return { kind: 'embedded' };
  if (card.startsWith('pcsc:')) {
    throw new CardAddressError(card, 'PC/SC readers are not available: the harness has no PC/SC connector yet; bridge the reader to a TCP APDU link and use tcp:HOST:PORT');
  }
  const m = /^tcp:(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(card);
  if (!m || Number(m[2]) > 65535) throw new CardAddressError(card, 'expected tcp:HOST:PORT or pcsc:READER');
  return { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export interface CardLink {
  readonly session: Es10Session;
  readonly connector: CardConnector;
  /** Where the card is, for notes: `in-process S_eUICC` or `tcp 127.0.0.1:4000`. */
  readonly endpoint: string;
}

/** Connects to the card and opens the ISD-R session; both are closed when the scenario ends. */
export async function openCardLink(ctx: ScenarioContext): Promise<CardLink> {
  const address = parseCardAddress(ctx.config.iut.euicc?.card);
  const trace = ctx.trace.sink('S_IPA', 'eUICC (IUT)');
  const timeoutMs = ctx.config.timeouts.exchange;
  let connector: CardConnector;
  let endpoint: string;
  if (address.kind === 'embedded') {
    const euicc = new SimEuicc(euiccConfigFromPki(ctx.pki, { version: ctx.config.version }));
    connector = new InProcessConnector(euiccCard(euicc), { trace, timeoutMs, endpoint: 'in-process S_eUICC' });
    endpoint = 'in-process S_eUICC';
  } else {
    connector = new TcpConnector(address.host, address.port, { trace, timeoutMs });
    endpoint = `tcp ${address.host}:${address.port}`;
  }
  ctx.defer(() => connector.close());
  await connector.connect();
  const session = new Es10Session(connector);
  await session.open();
  ctx.defer(() => session.close());
  return { session, connector, endpoint };
}
