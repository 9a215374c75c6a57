/**
 * S_IPA standalone (`sgp32 sim ipa`): an IPAd on a card reached over the TCP APDU link (S_eUICC's
 * `sgp32 sim euicc --listen`), polling its eIM once or every interval, optionally serving eIM Package
 * injection, one log line per exchange.
 */
import { readFileSync } from 'node:fs';
import { SpecVersion } from '../../src/asn1';
import { PkiStore } from '../../src/pki';
import { CardConnector, TcpConnector } from '../../src/transport/card';
import { HttpServer } from '../../src/transport/http';
import { SimIpa } from './ipa';
import { StateChangeCause } from './options';
import { CycleReport, summary } from './report';

export type IpaCard = { kind: 'tcp'; host: string; port: number };

export interface IpaServerOptions {
  card: IpaCard;
  /** The eIM's base URL; default the card's eimFqdn. */
  eimUrl?: string;
  /** A `sgp32 pki init` directory whose CIs the IPA trusts for TLS. */
  pkiDir?: string;
  smdpUrls?: Record<string, string>;
  /** Host name -> address to connect to (TLS still checks the host name). */
  resolve?: Record<string, string>;
  version?: SpecVersion;
  compact?: boolean;
  directDownload?: boolean;
  confirmationCode?: string;
  /** A file with the DER of an AddInitialEimRequest for a card without eIM. */
  addInitialEimFile?: string;
  /** Serve TransferEimPackage on this port (plain HTTP, with insecureHttp). */
  injectPort?: number;
  /** Where injection listens (default 127.0.0.1; 0.0.0.0 in a container). */
  injectHost?: string;
  stateChange?: StateChangeCause;
  insecureHttp?: boolean;
  log?: (line: string) => void;
}

export interface IpaServer {
  readonly ipa: SimIpa;
  readonly injection?: HttpServer;
  close(): Promise<void>;
}

function connector(card: IpaCard): CardConnector {
  return new TcpConnector(card.host, card.port);
}

/** Builds the IPA, serves injection when asked, and prints `ipa inject <url>` once listening. */
export async function serveIpa(o: IpaServerOptions): Promise<IpaServer> {
  const log = o.log ?? ((line: string) => console.log(line));
  const ipa = new SimIpa({
    card: connector(o.card),
    version: o.version,
    eimUrl: o.eimUrl,
    trust: o.pkiDir ? PkiStore.fromManifest(o.pkiDir).trustedCis() : undefined,
    smdpUrls: o.smdpUrls,
    resolve: o.resolve,
    compact: o.compact,
    directDownload: o.directDownload,
    confirmationCode: o.confirmationCode,
    addInitialEim: o.addInitialEimFile ? readFileSync(o.addInitialEimFile) : undefined,
    insecureHttp: o.insecureHttp,
    log: (line) => log(`ipa ${line}`),
  });
  if (o.stateChange) ipa.notifyStateChange(o.stateChange);
  const onReport = (r: CycleReport) => log(`ipa cycle ${summary(r)}`);
  const injection = o.injectPort === undefined ? undefined : await ipa.serveInjection({ host: o.injectHost, port: o.injectPort, onReport });
  if (injection) log(`ipa inject ${injection.url}`);
  return { ipa, injection, close: () => ipa.close() };
}

/**
 * `--once`: one poll cycle, resolving 0 when it worked, 1 otherwise. Else polls every `intervalMs`
 * (at once again after a cycle that brought a package) until SIGINT/SIGTERM, resolving 0.
 */
export async function runIpa(o: IpaServerOptions & { once?: boolean; intervalMs: number }): Promise<number> {
  const log = o.log ?? ((line: string) => console.log(line));
  const server = await serveIpa(o);
  const report = (r: CycleReport) => log(`ipa cycle ${summary(r)}`);
  try {
    if (o.once) {
      const r = await server.ipa.pollOnce();
      report(r);
      return r.ok ? 0 : 1;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await server.ipa.run({ intervalMs: o.intervalMs, signal: stop.signal, onReport: report });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    log('ipa stopped');
    return 0;
  } finally {
    await server.close();
  }
}
