/**
 * What the @docker scenarios run: the simulator containers' command lines and the configuration the
 * harness container is given to treat them as IUTs, as a vendor would configure their own product.
 * Service names double as TLS names (the lab's PKI names them) and as network aliases.
 */
import { PKI_MOUNT, HARNESS_ALIAS } from './lab';

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
  return [
    'version: v1.2',
    'curves: [nist, brp]',
    `pki: ${PKI_MOUNT}`,
    'features: { O_EIM_ESIPA_JSON: true, O_EIM_METADATA_CHECK: true, O_EIM_ES9_TIMEOUT: true }',
    `simulators: { host: 0.0.0.0, eimPort: 0, smdppPort: ${HARNESS.smdpp}, cardPort: 0 }`,
    'iut:',
    '  eim:',
    '    identity: S_eIM container (harness image)',
    '    curve: nist',
    `    esipa: { url: "https://${EIM.alias}:${EIM.esipa}", tls: { trust: [${PKI_MOUNT}/nist/ci.pem] } }`,
    `    trigger: { adapter: sim-rest, url: "http://${EIM.alias}:${EIM.api}" }`,
    `    es9Stall: { address: stalled.smdp.example.com, port: ${HARNESS.stall} }`,
    '',
  ].join('\n');
}

/** The harness configuration naming the S_SM-DP+ container (NIST) as the SM-DP+ under test. */
export function smdppSuiteConfig(): string {
  return [
    'version: v1.2',
    `pki: ${PKI_MOUNT}`,
    'features: { O_DP_NIST: true, O_DP_BRP: false, O_DP_ASN1_BINDING: true, O_DP_ORDER_EXPIRY: true, O_DP_SESSION_TIMEOUT: true }',
    'iut:',
    '  smdpp:',
    `    es9: "https://${SMDPP.alias}:${SMDPP.es9}"`,
    `    es2: "https://${SMDPP.alias}:${SMDPP.es2}"`,
    '    serverAddress: testsmdpplus1.example.com',
    `    orderLifetimeMs: ${ORDER_LIFETIME_MS}`,
    `    sessionTimeoutMs: ${SESSION_TIMEOUT_MS}`,
    `    tls: { trust: [${PKI_MOUNT}/nist/ci.pem] }`,
    '    identity: S_SM-DP+ container (harness image)',
    '',
  ].join('\n');
}

/** The network aliases the lab's TLS certificates must name. */
export const LAB_TLS_NAMES = [EIM.alias, SMDPP.alias];
