/**
 * How the SM-DP+ fuzz target reaches its IUT: the configured SM-DP+ (`iut.smdpp`, as the conformance
 * bench reaches it), or an S_SM-DP+ started here. The built-in one runs on a virtual clock that only
 * the liveness probe moves: each move ages every RSP session past the session timeout, so sessions
 * left behind by a million cases are swept instead of piling up, and no session expires in the
 * middle of a batch (which would change the state a rejected case must leave alone).
 */
import { SimSmdpp, testInventory } from '../../../../simulators/smdpp/server';
import { Curve } from '../../../crypto/curves';
import { ScenarioContext } from '../../scenario';
import { smdppTarget, SmdppTarget } from '../../smdpp/target';

export interface FuzzIut {
  readonly target: SmdppTarget;
  /** The built-in S_SM-DP+, whose state the target reads. */
  readonly sim?: SimSmdpp;
  /** Moves the built-in SM-DP+'s clock past the session timeout; nothing for a configured one. */
  expireSessions(): void;
}

/** Virtual time an RSP session of the built-in SM-DP+ lives idle. */
const SESSION_TIMEOUT_MS = 60_000;
/** Orders of the built-in SM-DP+ never expire on the virtual clock (a campaign moves it by hours). */
const ORDER_LIFETIME_MS = 10 * 365 * 86_400_000;
/** Profiles of the built-in SM-DP+: a pool of released orders the valid cases download in turn. */
export const BUILT_IN_PROFILES = 24;

export async function reachSmdpp(ctx: ScenarioContext, curve: Curve): Promise<FuzzIut> {
  if (ctx.config.iut.smdpp) return { target: await smdppTarget(ctx, curve), expireSessions: () => undefined };
  let offset = 0;
  const sim = new SimSmdpp({
    pki: ctx.pki, curve, version: ctx.config.version, profiles: testInventory(BUILT_IN_PROFILES),
    orderLifetimeMs: ORDER_LIFETIME_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS, now: () => new Date(Date.now() + offset),
  });
  const urls = await sim.start({ host: ctx.config.simulators.host, es9Port: ctx.config.simulators.smdppPort });
  ctx.defer(() => sim.close());
  const target: SmdppTarget = {
    embedded: true, curve, es9: urls.es9, es2: urls.es2, address: sim.address, binding: 'json', insecure: false,
    trust: ctx.pki.trustedCis(curve), es2Trust: ctx.pki.trustedCis(curve), es2Credential: ctx.pki.get('es2plusClient', curve),
    profileType: 'Test', confirmationCodeAttempts: 3, orderLifetimeMs: ORDER_LIFETIME_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS,
    letTimePass: async (ms) => { offset += ms; },
  };
  return { target, sim, expireSessions: () => { offset += SESSION_TIMEOUT_MS + 1; } };
}
