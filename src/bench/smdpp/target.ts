/**
 * How the suite reaches the SM-DP+ under test: the embedded SimSmdpp (served over HTTPS on port 0 for
 * the scenario, on the scenario's curve) or a vendor's SM-DP+ named by `iut.smdpp`. Either way the
 * scenarios speak only ES9+ and ES2+; the one thing the embedded IUT does differently is time, whose
 * clock the bench can move forward instead of waiting.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Curve } from '../../crypto/curves';
import { TlsCredential, TrustedCert } from '../../transport/http';
import { SimSmdpp, testInventory } from '../../../simulators/smdpp/server';
import { SmdppIutConfig, TlsClientConfig } from '../config';
import { ScenarioContext } from '../scenario';

export interface SmdppTarget {
  readonly embedded: boolean;
  readonly curve: Curve;
  readonly es9: string;
  readonly es2: string;
  /** The SM-DP+ address ServerSigned1 and activation codes carry. */
  readonly address: string;
  readonly binding: 'json' | 'asn1';
  readonly trust?: readonly TrustedCert[];
  readonly insecure: boolean;
  readonly es2Trust?: readonly TrustedCert[];
  readonly es2Credential: TlsCredential;
  readonly profileType: string;
  readonly confirmationCodeAttempts: number;
  readonly orderLifetimeMs?: number;
  readonly sessionTimeoutMs?: number;
  /** Lets `ms` pass for the SM-DP+: the embedded one's clock moves, a real one is waited for. */
  letTimePass(ms: number): Promise<void>;
}

/** Policies of the embedded SM-DP+ that time-based scenarios rely on. */
const EMBEDDED = { orderLifetimeMs: 86_400_000, sessionTimeoutMs: 300_000, profiles: 20 };

export async function smdppTarget(ctx: ScenarioContext, curve: Curve): Promise<SmdppTarget> {
  const iut = ctx.config.iut.smdpp;
  return iut ? external(ctx, iut, curve) : embedded(ctx, curve);
}

async function embedded(ctx: ScenarioContext, curve: Curve): Promise<SmdppTarget> {
  let offset = 0;
  const sim = new SimSmdpp({
    pki: ctx.pki, curve, version: ctx.config.version, profiles: testInventory(EMBEDDED.profiles),
    orderLifetimeMs: EMBEDDED.orderLifetimeMs, sessionTimeoutMs: EMBEDDED.sessionTimeoutMs, now: () => new Date(Date.now() + offset),
  });
  const urls = await sim.start({ host: ctx.config.simulators.host, es9Port: ctx.config.simulators.smdppPort });
  ctx.defer(() => sim.close());
  return {
    embedded: true, curve, es9: urls.es9, es2: urls.es2, address: sim.address, binding: 'json', insecure: false,
    trust: ctx.pki.trustedCis(curve), es2Trust: ctx.pki.trustedCis(curve), es2Credential: ctx.pki.get('es2plusClient', curve),
    profileType: 'Test', confirmationCodeAttempts: 3, ...EMBEDDED,
    letTimePass: async (ms) => { offset += ms; },
  };
}

function external(ctx: ScenarioContext, iut: SmdppIutConfig, curve: Curve): SmdppTarget {
  const step = ctx.config.timeouts.step;
  return {
    embedded: false, curve, es9: iut.es9, es2: iut.es2 ?? iut.es9, address: iut.serverAddress ?? new URL(iut.es9).hostname,
    binding: iut.binding ?? 'json', insecure: iut.tls?.insecure ?? false,
    trust: trustOf(iut.tls) ?? ctx.pki.trustedCis(curve), es2Trust: trustOf(iut.es2Tls) ?? trustOf(iut.tls) ?? ctx.pki.trustedCis(curve),
    es2Credential: credentialOf(iut.es2Tls, curve) ?? ctx.pki.get('es2plusClient', curve),
    profileType: iut.profileType ?? 'Test', confirmationCodeAttempts: iut.confirmationCodeAttempts ?? 3,
    orderLifetimeMs: iut.orderLifetimeMs, sessionTimeoutMs: iut.sessionTimeoutMs,
    letTimePass: async (ms) => {
      if (ms > step) throw new Error(`waiting ${ms} ms for the SM-DP+ exceeds the step timeout (${step} ms); raise timeouts.step`);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

function trustOf(tls: TlsClientConfig | undefined): TrustedCert[] | undefined {
  return tls?.trust?.map((file) => readFileSync(file, 'utf8'));
}

function credentialOf(tls: TlsClientConfig | undefined, curve: Curve): TlsCredential | undefined {
  if (!tls?.cert || !tls.key) return undefined;
  return {
    cert: new X509Certificate(readFileSync(tls.cert)), curve,
    key: createPrivateKey({ key: readFileSync(tls.key), ...(tls.keyPassphrase !== undefined && { passphrase: tls.keyPassphrase }) }),
  };
}
