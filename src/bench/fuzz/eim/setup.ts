/**
 * What the eIM fuzz target stands on: the eIM (built-in S_eIM, or the configured one reached as the
 * eIM suite's topology reaches it), S_SM-DP+ for the ES9+' relay and the forwarded notifications, an
 * S_eUICC associated with the eIM, and the operator's trigger. The built-in S_eIM contacts no SM-DP+
 * but S_SM-DP+, whatever address a fuzzed notification names. No exchange of the campaign goes to
 * the scenario trace: the built-in simulators get no trace sink, the card a no-op one.
 */
import { codec } from '../../../asn1';
import { generateEid } from '../../../pki';
import { luhnCheckDigit } from '../../../profile';
import { NO_TRACE } from '../../../transport/trace';
import { SimEim } from '../../../../simulators/eim/eim';
import { ts_addInitialEimRequest } from '../../../../simulators/eim/packages';
import { InventoryProfile } from '../../../../simulators/smdpp/orders';
import { SimSmdpp } from '../../../../simulators/smdpp/server';
import { EimSuiteCard } from '../../eim/card';
import { buildTopology, EimBenchError, Topology } from '../../eim/topology';
import { triggerFor } from '../../eim/triggers';
import { ScenarioContext } from '../../scenario';

export interface EimFuzzEnv extends Pick<Topology, 'curve' | 'version' | 'c' | 'eimId' | 'esipaUrl' | 'trust' | 'insecure' | 'card' | 'smdp' | 'trigger'> {
  readonly name: string;
  /** The built-in eIM, whose state the target reads directly. */
  readonly sim?: SimEim;
}

/** Profiles S_SM-DP+ can deliver: 8900491100000009NN1 + Luhn digit. */
function inventory(): InventoryProfile[] {
  return [0, 1, 2].map((i) => {
    const payload = `89004911000000090${i}1`;
    return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: 'Test' };
  });
}

export async function eimFuzzEnv(ctx: ScenarioContext): Promise<EimFuzzEnv> {
  const { config } = ctx;
  const version = config.version;
  const curve = config.iut.eim?.curve ?? config.curves[0];
  if (config.iut.eim) {
    const t = await buildTopology(ctx, { curve });
    return {
      name: `eIM (IUT) at ${t.esipaUrl} ESipa ASN.1 + JSON`, version, curve, c: t.c, eimId: t.eimId, esipaUrl: t.esipaUrl, trust: t.trust,
      insecure: t.insecure, card: t.card, smdp: t.smdp, trigger: t.trigger,
    };
  }
  const host = config.simulators.host;
  const smdp = new SimSmdpp({ pki: ctx.pki, curve, version, profiles: inventory() });
  const smdpUrls = await smdp.start({ host, es9Port: 0 });
  ctx.defer(() => smdp.close());
  const sim = new SimEim({
    pki: ctx.pki, curve, version, smdpUrls: { [smdp.address]: smdpUrls.es9 }, configuredSmdpsOnly: true, es9TimeoutMs: config.timeouts.exchange,
  });
  const urls = await sim.start({ host });
  ctx.defer(() => sim.close());
  const card = await EimSuiteCard.open(ctx.pki, version, NO_TRACE);
  ctx.defer(() => card.close());
  const c = codec('SGP32Definitions', version);
  const added = c.decode('AddInitialEimResponse', await card.raw(c.encode('AddInitialEimRequest', ts_addInitialEimRequest(sim.configuration()))));
  if (!added.addInitialEimOk) throw new EimBenchError(`S_eUICC refused AddInitialEim: ${JSON.stringify(c.toJSON('AddInitialEimResponse', added))}`);
  return {
    name: `S_eIM (built-in) ESipa ASN.1 + JSON, ${version}, ${curve}`, version, curve, c, eimId: sim.eimId, esipaUrl: urls.esipa, trust: ctx.pki.trustedCis(),
    insecure: false, card, smdp, trigger: triggerFor({ adapter: 'sim-rest', url: urls.api }, { timeoutMs: config.timeouts.exchange }), sim,
  };
}

/** A well-formed EID the eIM has never seen. */
export const unknownEid = (): string => generateEid();
