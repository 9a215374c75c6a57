/**
 * What the @docker scenarios run: the simulator containers' command lines and the configuration the
 * harness container is given to treat them as IUTs, as a vendor would configure their own product.
 * Service names double as TLS names (the lab's PKI names them) and as network aliases.
 */
import { eimIutYaml, smdppIutYaml } from '../config-templates';
import { HARNESS_ALIAS, PKI_MOUNT } from './lab';

/** S_eIM's ESipa and northbound API ports inside its container. */
const EIM = { alias: 'eim', esipa: 8443, api: 8080 } as const;
/** S_SM-DP+'s ES9+ and ES2+ ports inside its container. */
const SMDPP = { alias: 'smdpp', es9: 8443, es2: 8444 } as const;
/** Where the harness container serves S_SM-DP+ for the eIM's relay, and the SM-DP+ that never answers. */
const HARNESS = { smdpp: 8445, stall: 8446 } as const;
/** The SM-DP+ order settings S_SM-DP+ runs with, so the time-based optional features can be declared. */
const ORDER_LIFETIME_MS = 5_000;
const SESSION_TIMEOUT_MS = 3_000;

export interface LabService {
  readonly alias: string;
  readonly args: readonly string[];
  /** What the simulator prints once it listens. */
  readonly ready: RegExp;
}

/** S_eIM relaying to the harness container's S_SM-DP+ and to its silent one (after `es9TimeoutMs`). */
export function eimService(es9TimeoutMs: number): LabService {
  return {
    alias: EIM.alias,
    args: ['sim', 'eim', '--pki', PKI_MOUNT, '--curve', 'nist', '--host', '0.0.0.0', '--port', String(EIM.esipa),
      '--api-host', '0.0.0.0', '--api-port', String(EIM.api), '--es9-timeout', String(es9TimeoutMs),
      '--dp', `testsmdpplus1.example.com=https://${HARNESS_ALIAS}:${HARNESS.smdpp}`,
      '--dp', `stalled.smdp.example.com=https://${HARNESS_ALIAS}:${HARNESS.stall}`],
    ready: /^eim api /m,
  };
}

export function smdppService(): LabService {
  return {
    alias: SMDPP.alias,
    args: ['sim', 'smdpp', '--pki', PKI_MOUNT, '--curve', 'nist', '--host', '0.0.0.0', '--es9-port', String(SMDPP.es9),
      '--es2-port', String(SMDPP.es2), '--profiles', '400', '--order-lifetime', String(ORDER_LIFETIME_MS),
      '--session-timeout', String(SESSION_TIMEOUT_MS)],
    ready: /^smdpp es2 /m,
  };
}

/** The harness configuration naming the S_eIM container as the eIM under test. */
export function eimSuiteConfig(): string {
  return eimIutYaml({
    pki: PKI_MOUNT, trust: `${PKI_MOUNT}/nist/ci.pem`, esipaUrl: `https://${EIM.alias}:${EIM.esipa}`, apiUrl: `http://${EIM.alias}:${EIM.api}`,
    host: '0.0.0.0', smdppPort: HARNESS.smdpp, stallPort: HARNESS.stall, identity: 'S_eIM container (harness image)',
  });
}

/** The harness configuration naming the S_SM-DP+ container (NIST) as the SM-DP+ under test. */
export function smdppSuiteConfig(): string {
  return smdppIutYaml({
    pki: PKI_MOUNT, curve: 'nist', trust: `${PKI_MOUNT}/nist/ci.pem`, es9: `https://${SMDPP.alias}:${SMDPP.es9}`, es2: `https://${SMDPP.alias}:${SMDPP.es2}`,
    orderLifetimeMs: ORDER_LIFETIME_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS, identity: 'S_SM-DP+ container (harness image)',
  });
}

/** The network aliases the lab's TLS certificates must name. */
export const LAB_TLS_NAMES = [EIM.alias, SMDPP.alias];
