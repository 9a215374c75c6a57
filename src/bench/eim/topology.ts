/**
 * The eIM suite's topology for one scenario: S_SM-DP+ served over HTTPS on `simulators.smdppPort`
 * (the eIM's ES9+' relay reaches it), an S_eUICC associated with the eIM under test by ES10b
 * AddInitialEim, S_IPA's ESipa client towards the eIM, and the trigger adapter that places orders.
 * With no `iut.eim` the eIM is the built-in S_eIM, started here with its SM-DP+ addresses mapped to
 * S_SM-DP+ and driven through its REST API like any vendor's eIM.
 */
import { readFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { KeyObject, X509Certificate } from 'node:crypto';
import { codec, Codec, SpecVersion } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { EsipaClient, TrustedCert } from '../../transport/http';
import { luhnCheckDigit } from '../../profile';
import { DEFAULT_EIM_ID, SimEim } from '../../../simulators/eim/eim';
import { EimConfigurationData, eimConfigurationData, ts_addInitialEimRequest } from '../../../simulators/eim/packages';
import { InventoryProfile } from '../../../simulators/smdpp/orders';
import { SimSmdpp } from '../../../simulators/smdpp/server';
import { EimIutConfig } from '../config';
import { ScenarioContext } from '../scenario';
import { EimSuiteCard } from './card';
import { EimTrigger, triggerFor } from './triggers';

export const SMDP_ACTOR = 'S_SM-DP+';
export const IUT = 'eIM (IUT)';
/** The SM-DP+ address the embedded eIM maps to a harness socket that never answers. */
export const STALLED_SMDP = 'stalled.smdp.example.com';
/** The embedded eIM's ES9+' limit, short so the timeout scenario stays within one step. */
const EMBEDDED_ES9_TIMEOUT_MS = 3_000;

/** The topology could not be built from the configuration. */
export class EimBenchError extends Error {
  override readonly name = 'EimBenchError';
}

/** Profiles S_SM-DP+ can deliver: ICCIDs 8900491100000000NN1 + Luhn digit. */
function inventory(count: number): InventoryProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const payload = `890049110000000${String(i).padStart(3, '0')}1`;
    return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: 'Test' };
  });
}

export interface Topology {
  readonly curve: Curve;
  readonly version: SpecVersion;
  readonly c: Codec;
  readonly eimId: string;
  readonly esipaUrl: string;
  readonly trust: readonly TrustedCert[];
  readonly insecure: boolean;
  readonly card: EimSuiteCard;
  readonly ipa: EsipaClient;
  readonly smdp: SimSmdpp;
  readonly trigger: EimTrigger;
  /** The eIM's own EimConfigurationData as the card holds it. */
  readonly configuration: EimConfigurationData;
  /** PK.EIM.ECDSA as configured on the card. */
  readonly eimKey: KeyObject;
  /** The SM-DP+ address whose ES9+ never answers, when there is one. */
  readonly stalledSmdp?: string;
}

export interface TopologyOptions {
  curve: Curve;
  /** Further eIMs configured on the card next to the eIM under test (their eimIds). */
  otherEims?: readonly string[];
}

export async function buildTopology(ctx: ScenarioContext, o: TopologyOptions): Promise<Topology> {
  const { config } = ctx;
  const iut: EimIutConfig | undefined = config.iut.eim;
  const version = config.version;
  const curve = o.curve;
  const host = config.simulators.host;

  const smdp = new SimSmdpp({ pki: ctx.pki, curve, version, profiles: inventory(20) });
  const smdpUrls = await smdp.start({ host, es9Port: config.simulators.smdppPort, trace: ctx.trace.sink(SMDP_ACTOR, IUT) });
  ctx.defer(() => smdp.close());

  let esipaUrl: string, eimId: string, trigger: EimTrigger, configuration: EimConfigurationData, trust: TrustedCert[], insecure = false;
  let stalledSmdp: string | undefined;
  let eimKey = ctx.pki.get('eimSign', curve).cert.publicKey;
  if (!iut) {
    const stall = await stallServer(host, 0);
    ctx.defer(() => stall.close());
    stalledSmdp = STALLED_SMDP;
    const eim = new SimEim({
      pki: ctx.pki, curve, version, smdpUrls: { [smdp.address]: smdpUrls.es9, [STALLED_SMDP]: `https://${host}:${stall.port}` }, es9TimeoutMs: EMBEDDED_ES9_TIMEOUT_MS,
    });
    const urls = await eim.start({ host });
    ctx.defer(() => eim.close());
    esipaUrl = urls.esipa;
    eimId = eim.eimId;
    configuration = eim.configuration();
    trigger = triggerFor({ adapter: 'sim-rest', url: urls.api }, { timeoutMs: config.timeouts.exchange, note: (t) => ctx.note(t) });
    trust = ctx.pki.trustedCis();
  } else {
    esipaUrl = iut.esipa.url;
    eimId = iut.eimId ?? DEFAULT_EIM_ID;
    trust = (iut.esipa.tls?.trust ?? []).map((f) => readFileSync(f, 'utf8'));
    if (!trust.length) trust = ctx.pki.trustedCis();
    insecure = iut.esipa.tls?.insecure === true;
    const certificate = iut.eimCertificate ? new X509Certificate(readFileSync(iut.eimCertificate)) : ctx.pki.get('eimSign', curve).cert;
    eimKey = certificate.publicKey;
    configuration = externalConfiguration(ctx, iut, certificate, version);
    trigger = triggerFor(iut.trigger, { timeoutMs: config.timeouts.exchange, note: (t) => ctx.note(t) });
    if (iut.es9Stall) {
      const stall = await stallServer(host, iut.es9Stall.port);
      ctx.defer(() => stall.close());
      stalledSmdp = iut.es9Stall.address;
    }
  }

  const card = await EimSuiteCard.open(ctx.pki, version, ctx.trace.sink('S_IPA', 'S_eUICC'));
  ctx.defer(() => card.close());
  const c = codec('SGP32Definitions', version);
  const others = (o.otherEims ?? []).map((id) => otherEimConfiguration(ctx, id, curve, version));
  const added = c.decode<any>('AddInitialEimResponse', await card.raw(c.encode('AddInitialEimRequest', ts_addInitialEimRequest(configuration, ...others))));
  if (!added.addInitialEimOk) throw new EimBenchError(`S_eUICC refused AddInitialEim with the eIM's configuration: ${JSON.stringify(c.toJSON('AddInitialEimResponse', added))}`);

  const ipa = new EsipaClient({
    baseUrl: esipaUrl, trust, insecureSkipVerify: insecure, version, binding: iut?.esipa.binding ?? 'asn1', adminProtocol: config.adminProtocol,
    timeoutMs: config.timeouts.exchange, trace: ctx.trace.sink('S_IPA', IUT),
  });
  ctx.defer(() => ipa.close());
  return { curve, version, c, eimId, esipaUrl, trust, insecure, card, ipa, smdp, trigger, configuration, eimKey, stalledSmdp };
}

/** The configuration of a vendor's eIM as the card must hold it: from the config, else the run PKI's eimSign certificate. */
function externalConfiguration(ctx: ScenarioContext, iut: EimIutConfig, certificate: X509Certificate, version: SpecVersion): EimConfigurationData {
  const url = new URL(iut.esipa.url);
  const curve = ctx.config.iut.eim?.curve ?? ctx.config.curves[0];
  return eimConfigurationData({
    eimId: iut.eimId ?? DEFAULT_EIM_ID, fqdn: iut.fqdn ?? url.host, eimIdType: 'eimIdTypeFqdn', counterValue: 0, associationToken: 1,
    eimCertificate: certificate, trustedCertificateTls: ctx.pki.trustedCis(curve)[0], eimSupportedProtocol: ['eimRetrieveHttps'],
    indirectProfileDownload: version !== 'v1.0',
  });
}

/** A further eIM on the card (for eCO scenarios): signed with the run PKI's eimSign key, reached nowhere. */
export function otherEimConfiguration(ctx: ScenarioContext, eimId: string, curve: Curve, version: SpecVersion): EimConfigurationData {
  return eimConfigurationData({
    eimId, fqdn: eimId, eimIdType: 'eimIdTypeFqdn', counterValue: 0, eimCertificate: ctx.pki.get('eimSign', curve).cert,
    eimSupportedProtocol: ['eimRetrieveHttps'], indirectProfileDownload: version !== 'v1.0',
  });
}

/** A TCP listener that accepts connections and never answers (an SM-DP+ that hangs). */
function stallServer(host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
