/**
 * S_eUICC of the ipa suite: a SimEuicc from the run PKI, prepared the way a scenario's initial
 * conditions say (an eIM associated, profiles installed), then exposed to the IPA under test: an
 * in-process connector for the embedded S_IPA, a TCP APDU listener, or a vpcd link into pcscd's
 * reader. Whatever the link, every APDU is recorded once, S_eUICC ↔ IPA (IUT), as the card sees it.
 */
import { codec, SpecVersion, toHex } from '../../asn1';
import { PkiStore } from '../../pki';
import { iccidToSwappedBcd } from '../../profile';
import { Es10Session } from '../../transport/apdu';
import { ApduCard, CardConnector, connectVpcd, InProcessConnector, serveTcp } from '../../transport/card';
import { TraceEvent, TraceSink } from '../../transport/trace';
import { EuiccCard, euiccCard } from '../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../simulators/euicc/config';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { ProfileRecord } from '../../../simulators/euicc/state';

/** How the IPA reaches the card: in-process (embedded S_IPA), or `HOST:PORT` of a TCP listener or of pcscd's vpcd port. */
export type CardExposure = { kind: 'in-process' } | { kind: 'tcp'; host: string; port: number } | { kind: 'vpcd'; host: string; port: number };

export interface ExposedCard {
  /** For the embedded IPA. */
  connector?: CardConnector;
  /** `tcp:HOST:PORT` or `vpcd:HOST:PORT`, for a command line. */
  endpoint: string;
  host?: string;
  port?: number;
  close(): Promise<void>;
}

/** How long pcscd takes from powering an inserted card up to reporting it present to clients. */
const VPCD_SETTLE_MS = 300;

export class CardSetupError extends Error {
  override readonly name = 'CardSetupError';
}

/** ICCIDs of the profiles scenarios install (19 digits and the Luhn check digit). */
export const TEST_ICCIDS = ['89000123456789012341', '89000123456789012358', '89000123456789012366'] as const;

/** The trace of a terminal-side connector turned round: what it sends is what the card receives. */
function asCardSide(sink: TraceSink): TraceSink {
  return { record: (e: TraceEvent) => sink.record({ ...e, direction: e.direction === 'out' ? 'in' : 'out' }) };
}

export function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(text);
  if (!m) throw new CardSetupError(`${what}: '${text}' is not HOST:PORT`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export class SEuicc {
  readonly euicc: SimEuicc;
  readonly card: EuiccCard;
  readonly eid: string;

  constructor(pki: PkiStore, readonly version: SpecVersion) {
    this.euicc = new SimEuicc(euiccConfigFromPki(pki, { version }));
    this.card = euiccCard(this.euicc);
    this.eid = this.euicc.config.eid;
  }

  /** ES10b.AddInitialEim before the IPA starts (an initial condition, so not part of the trace). */
  async associate(addInitialEimRequest: Uint8Array): Promise<void> {
    const connector = new InProcessConnector(this.card, { endpoint: 'bench set-up' });
    await connector.connect();
    const session = new Es10Session(connector);
    try {
      await session.open();
      const answer = codec('SGP32Definitions', this.version).decode('AddInitialEimResponse', await session.send(addInitialEimRequest));
      if (answer.addInitialEimOk === undefined) throw new CardSetupError(`S_eUICC refused the eIM configuration: ${JSON.stringify(answer)}`);
    } finally {
      await session.close().catch(() => undefined);
      await connector.close();
    }
  }

  /** Profiles as a download leaves them; `notify` events make the card queue notifications for them. */
  installProfiles(count: number, o: { enabledFirst?: boolean; notify?: string[] } = {}): string[] {
    const c = codec('SGP32Definitions', this.version);
    const iccids = TEST_ICCIDS.slice(0, count);
    iccids.forEach((iccid, i) => {
      const bcd = iccidToSwappedBcd(iccid);
      const metadata = c.encode('StoreMetadataRequest', {
        iccid: bcd, serviceProviderName: 'Harness Telecom', profileName: `Profile ${i}`,
        ...(o.notify && { notificationConfigurationInfo: [{ profileManagementOperation: o.notify, notificationAddress: 'testsmdpplus1.example.com' }] }),
      });
      const record: ProfileRecord = {
        iccid: toHex(bcd), isdpAid: `A0000005591010FFFFFFFF89000010${(0x10 + i).toString(16).toUpperCase()}`,
        state: o.enabledFirst && i === 0 ? 'enabled' : 'disabled', profileClass: 'operational', serviceProviderName: 'Harness Telecom',
        profileName: `Profile ${i}`, metadata: toHex(metadata), ppr: [], smdpOid: '1.3.6.1.4.1.31746', smdpAddress: 'testsmdpplus1.example.com',
        fallbackAttribute: false, fallbackAllowed: false, ecallIndication: false, uppBytes: 2048,
      };
      this.euicc.state.profiles.push(record);
    });
    return [...iccids];
  }

  /** Puts the card where the IPA reaches it; APDUs go to `sink` as the card sees them. */
  async expose(how: CardExposure, sink: TraceSink, timeoutMs: number): Promise<ExposedCard> {
    if (how.kind === 'in-process') {
      const connector = new InProcessConnector(this.card, { trace: asCardSide(sink), endpoint: 'in-process', timeoutMs });
      return { connector, endpoint: 'in-process', close: () => connector.close() };
    }
    if (how.kind === 'tcp') {
      const server = await serveTcp(this.card, { host: how.host, port: how.port, trace: sink });
      return { endpoint: `tcp:${server.host}:${server.port}`, host: server.host, port: server.port, close: () => server.close() };
    }
    // Ready when pcscd counts the card as inserted, not merely when it accepted the link: an IPA
    // started before that finds an empty reader. pcscd's presence poll (GET ATR) powers the card up
    // first; seeing it present, pcscd powers it up itself to read the ATR and then updates the
    // reader state, which takes it a moment more.
    let powered!: () => void;
    const poweredUp = new Promise<void>((resolve) => (powered = resolve));
    let powerUps = 0;
    const up = () => {
      if (++powerUps === 2) setTimeout(powered, VPCD_SETTLE_MS);
    };
    const card = this.card;
    const watched: ApduCard = {
      powerOn: () => { const atr = card.powerOn(); up(); return atr; },
      powerOff: () => card.powerOff(),
      reset: () => { const atr = card.reset(); up(); return atr; },
      transmit: (c) => card.transmit(c),
    };
    const link = connectVpcd(watched, { host: how.host, port: how.port, trace: sink });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([Promise.all([link.connected, poweredUp]), new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CardSetupError(`pcscd did not power S_eUICC up on vpcd ${how.host}:${how.port} within ${timeoutMs} ms`)), timeoutMs);
      })]);
    } catch (e) {
      await link.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return { endpoint: `vpcd:${how.host}:${how.port}`, host: how.host, port: how.port, close: () => link.close() };
  }
}
