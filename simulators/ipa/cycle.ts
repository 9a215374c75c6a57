/**
 * One cycle of S_IPA on the card (a poll, or an injected package): open a logical channel and select
 * the ISD-R, read the EID (GetEuiccData BF3E035C015A) and the eIM configuration (GetEimConfigurationData
 * BF5500), configure a virgin card with AddInitialEim when told to, find the eIM's URL, run the
 * procedure, and close the eIM connection and the channel whatever happened (SGP.32 §3.1.1.1 eIM Package Retrieval; the order
 * the TTCN IPAd suite checks). Any failure ends the cycle and is kept in the report, never thrown.
 */
import { X509Certificate } from 'node:crypto';
import { Codec, SpecVersion, toHex } from '../../src/asn1';
import { CardLinkError } from '../../src/transport/card';
import { TrustedCert } from '../../src/transport/http';
import { ES10, Es10Link } from './es10';
import { CardAnswerError, IpaConfigError } from './errors';
import { EsipaLink } from './esipa-link';
import { SimIpaOptions, StateChangeCause } from './options';
import { codeName } from './relay';
import { CycleReport } from './report';

export type EimConfiguration = Record<string, any>;

/** What SimIpa lends a cycle. */
export interface CycleHost {
  readonly options: SimIpaOptions;
  readonly version: SpecVersion;
  readonly codec: Codec;
  readonly log: (line: string) => void;
  /** Whether TransferEimPackage is served (IpaCapabilities ipaInjectHttps). */
  readonly injection: boolean;
  /** Powers the card up when it is not (first use, or after the link failed). */
  connect(): Promise<void>;
  /** The link failed: power up again next time. */
  linkLost(): void;
  /** Queues a state change for the next GetEimPackageRequest. */
  stateChanged(cause: StateChangeCause): void;
}

export interface Cycle extends CycleHost {
  readonly card: Es10Link;
  readonly eim: EsipaLink;
  readonly eid: Uint8Array;
  /** This eIM's entry of the card's EimConfigurationData, when the card has one. */
  eimConfig?: EimConfiguration;
  readonly report: CycleReport;
  /** Reads the card's EimConfigurationData again and updates `eimConfig`. */
  readEimConfig(): Promise<EimConfiguration | undefined>;
}

/** The entry for `eimId`, else the one whose eimFqdn is the URL's host[:port], else the first. */
function chooseEim(list: EimConfiguration[], o: SimIpaOptions): EimConfiguration | undefined {
  if (o.eimId !== undefined) return list.find((c) => c.eimId === o.eimId);
  if (o.eimUrl !== undefined) {
    const url = new URL(o.eimUrl);
    const hit = list.find((c) => c.eimFqdn === url.host || c.eimFqdn === url.hostname);
    if (hit) return hit;
  }
  return list[0];
}

/**
 * The TLS trust anchors for the eIM: the configured CAs plus the certificate the card holds for
 * this eIM (EimConfigurationData trustedCertificateTls), usable as an anchor when it is a CA or
 * self-signed certificate. A raw trustedEimPkTls key cannot be expressed to node:tls and is not used.
 */
function eimTrust(o: SimIpaOptions, cfg: EimConfiguration | undefined): readonly TrustedCert[] | undefined {
  const der = cfg?.trustedPublicKeyDataTls?.trustedCertificateTls?.der as Uint8Array | undefined;
  if (!der) return o.trust;
  return [...(o.trust ?? []), new X509Certificate(der)];
}

function eimBaseUrl(o: SimIpaOptions, cfg: EimConfiguration | undefined): string {
  if (o.eimUrl !== undefined) return o.eimUrl;
  if (cfg?.eimFqdn) return `${o.insecureHttp ? 'http' : 'https'}://${cfg.eimFqdn}`;
  throw new IpaConfigError('eimUrl', cfg ? `eIM ${cfg.eimId} has no eimFqdn on the card and no eIM URL is configured` : 'the card has no eIM configuration and no eIM URL is configured');
}

async function readConfigs(card: Es10Link): Promise<EimConfiguration[]> {
  const answer = await card.call(ES10.getEimConfigurationData, {});
  return answer.value.eimConfigurationDataList ?? [];
}

/** AddInitialEim (BF57) with the configured request, on a card without eIM. */
async function addInitialEim(host: CycleHost, card: Es10Link, report: CycleReport, request: Uint8Array): Promise<void> {
  const bytes = await card.send(request, ES10.addInitialEim.name);
  let answer: Record<string, any>;
  try {
    answer = host.codec.decode(ES10.addInitialEim.response, bytes);
  } catch (e) {
    throw new CardAnswerError(ES10.addInitialEim.name, `undecodable ${ES10.addInitialEim.response}: ${(e as Error).message}`, e);
  }
  if (answer.addInitialEimError !== undefined) {
    report.addInitialEim = codeName(host.codec, answer.addInitialEimError, 'AddInitialEimResponse', 'addInitialEimError');
    throw new CardAnswerError(ES10.addInitialEim.name, `refused: ${report.addInitialEim}`);
  }
  report.addInitialEim = 'addInitialEimOk';
}

/** Runs `body` in a cycle; resolves with the report, `ok` unless something failed. */
export async function withCycle(host: CycleHost, report: CycleReport, body: (cycle: Cycle) => Promise<void>): Promise<CycleReport> {
  let card: Es10Link | undefined;
  let eim: EsipaLink | undefined;
  try {
    await host.connect();
    card = await Es10Link.open(host.options.card, host.codec, (e) => report.es10.push(e), host.log);
    const opened = card;
    const { value } = await opened.call(ES10.getEid, { tagList: Uint8Array.of(0x5a) });
    const eid: Uint8Array = value.eidValue;
    report.eid = toHex(eid);
    let configs = await readConfigs(opened);
    if (configs.length === 0 && host.options.addInitialEim) {
      await addInitialEim(host, opened, report, host.options.addInitialEim);
      configs = await readConfigs(opened);
    }
    const eimConfig = chooseEim(configs, host.options);
    eim = new EsipaLink({
      baseUrl: eimBaseUrl(host.options, eimConfig),
      trust: eimTrust(host.options, eimConfig),
      resolve: host.options.resolve,
      keepAlive: host.options.keepAlive,
      timeoutMs: host.options.timeouts?.httpMs,
      adminProtocol: host.options.adminProtocol,
      trace: host.options.trace,
    }, host.codec, (e) => report.esipa.push(e), host.log);
    report.eimUrl = eim.url;
    const cycle: Cycle = {
      ...host, card: opened, eim, eid, eimConfig, report,
      async readEimConfig() {
        cycle.eimConfig = chooseEim(await readConfigs(opened), host.options);
        return cycle.eimConfig;
      },
    };
    await body(cycle);
    report.ok = true;
  } catch (e) {
    report.error = e instanceof Error ? e : new Error(String(e));
    if (e instanceof CardLinkError) host.linkLost();
    host.log(`cycle ended: ${report.error.name}: ${report.error.message}`);
  } finally {
    await eim?.close();
    if (card && !(report.error instanceof CardLinkError) && !(await card.close())) host.linkLost();
  }
  return report;
}
