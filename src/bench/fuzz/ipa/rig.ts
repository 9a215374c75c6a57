/**
 * What the IPA target runs on: the built-in S_IPA (SimIpa) polling the fuzzing eIM over HTTPS on
 * loopback, with an in-process S_eUICC behind it associated with that eIM (the run PKI's eimSign key,
 * an association token issued by the card), two profiles installed, and in v1.2 TransferEimPackage
 * served for injection. Nothing records traffic: a campaign runs millions of cycles.
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { codec, Codec, fromHex } from '../../../asn1';
import { parseCertificate } from '../../../pki';
import { InProcessConnector } from '../../../transport/card';
import { HttpClient, HttpServer } from '../../../transport/http';
import { ScenarioContext } from '../../scenario';
import { SEuicc } from '../../ipa/card';
import { eimConfigurationData, ts_addInitialEimRequest } from '../../../../simulators/eim/packages';
import { SimIpa } from '../../../../simulators/ipa/ipa';
import { FuzzEim } from './fuzz-eim';

export const EIM_ID = 'eim.fuzz.example.com';
/** The card's counter for the eIM; valid packages sign above it, replays at or below it. */
export const BASE_COUNTER = 1000;
/** How long S_IPA waits for one answer: short, a hang must show within the exchange bound. */
const IPA_HTTP_MS = 3000;

export interface Rig {
  codec: Codec;
  ipa: SimIpa;
  eim: FuzzEim;
  /** TransferEimPackage client (v1.2), towards S_IPA's injection endpoint. */
  injection?: HttpClient;
  eid: Uint8Array;
  /** The eIM's signing key and the association token the card issued. */
  eimKey: KeyObject;
  associationToken?: number;
  /** An eIM signing key on another curve. */
  otherKey: KeyObject;
  ciPkId: Uint8Array;
  /** The card state rejected input must not change. */
  digest(): string;
  /** Puts the eIM's counter back to BASE_COUNTER after an accepted package, so pooled packages stay fresh. */
  rewind(): void;
  close(): Promise<void>;
}

export async function builtInRig(ctx: ScenarioContext): Promise<Rig> {
  const { config, pki } = ctx;
  const c = codec('SGP32Definitions', config.version);
  const curve = config.curves[0];
  const other = config.curves.find((k) => k !== curve && pki.has('eimSign', k));
  const otherKey = other ? pki.get('eimSign', other).key
    : generateKeyPairSync('ec', { namedCurve: curve === 'nist' ? 'brainpoolP256r1' : 'prime256v1' }).privateKey;
  const eimKey = pki.get('eimSign', curve).key;
  const ciPkId = parseCertificate(pki.trustedCis(curve)[0]).subjectKeyId!;
  const tls = { credential: pki.get('eimTls', curve) };
  const host = config.simulators.host;

  const card = new SEuicc(pki, config.version);
  card.installProfiles(2, { enabledFirst: true });
  const ours = () => card.euicc.state.eims.find((e) => e.eimId === EIM_ID);
  const eim = await FuzzEim.start({ codec: c, tls, host, acks: () => card.euicc.state.notifications.map((n) => n.seqNumber) });
  const fqdn = new URL(eim.url).host;
  await card.associate(c.encode('AddInitialEimRequest', ts_addInitialEimRequest(eimConfigurationData({
    eimId: EIM_ID, fqdn, eimIdType: 'eimIdTypeFqdn', counterValue: BASE_COUNTER, eimPublicKey: eimKey, euiccCiPKId: ciPkId, associationToken: -1,
  }))));
  const associationToken = ours()?.associationToken;

  const connector = new InProcessConnector(card.card, { endpoint: 'in-process', timeoutMs: config.timeouts.exchange });
  const ipa = new SimIpa({
    card: connector, version: config.version, eimUrl: eim.url, trust: pki.trustedCis(), timeouts: { httpMs: Math.min(IPA_HTTP_MS, config.timeouts.exchange) },
  });
  let served: HttpServer | undefined;
  let injection: HttpClient | undefined;
  if (c.has('TransferEimPackageRequest')) {
    served = await ipa.serveInjection({ host, tls });
    injection = new HttpClient({ baseUrl: served.url, interface: 'esipa', trust: pki.trustedCis(), timeoutMs: config.timeouts.exchange, keepAlive: 'per-request' });
  }

  let closed: Promise<void> | undefined;
  return {
    codec: c, ipa, eim, injection, eid: fromHex(card.eid), eimKey, associationToken, otherKey, ciPkId,
    digest() {
      const s = card.euicc.state;
      const eims = s.eims.map((e) => `${e.eimId}:${e.counterValue}:${e.associationToken ?? '-'}`).join(',');
      const profiles = s.profiles.map((p) => `${p.iccid}:${p.state}${p.fallbackAttribute ? ':fallback' : ''}`).join(',');
      return `eims ${eims} profiles ${profiles}`;
    },
    rewind() {
      const record = ours();
      if (record) record.counterValue = BASE_COUNTER;
    },
    close() {
      closed ??= (async () => {
        await injection?.close();
        await ipa.close();
        await eim.close();
      })();
      return closed;
    },
  };
}
