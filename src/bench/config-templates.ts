/**
 * Harness configurations (YAML) that name a simulator reached over the network as the IUT, the way a
 * vendor configures their own product: used wherever the harness tests its simulators as external
 * IUTs (separate processes, containers).
 */

export interface EimIutTemplate {
  /** The PKI directory shared with the eIM, and the CI certificate its ESipa TLS chains to. */
  pki: string;
  trust: string;
  esipaUrl: string;
  /** The eIM's northbound API (sim-rest trigger). */
  apiUrl: string;
  /** Where the harness serves S_SM-DP+ for the eIM's relay (`simulators.host` / `smdppPort`). */
  host: string;
  smdppPort: number;
  /** The port of the SM-DP+ that never answers, mapped by the eIM from stalled.smdp.example.com. */
  stallPort: number;
  identity: string;
}

/** The eIM as IUT, signing on NIST, with every optional feature S_eIM supports declared. */
export function eimIutYaml(t: EimIutTemplate): string {
  return [
    'version: v1.2',
    'curves: [nist, brp]',
    `pki: ${t.pki}`,
    'features: { O_EIM_ESIPA_JSON: true, O_EIM_METADATA_CHECK: true, O_EIM_ES9_TIMEOUT: true }',
    `simulators: { host: ${t.host}, eimPort: 0, smdppPort: ${t.smdppPort}, cardPort: 0 }`,
    'iut:',
    '  eim:',
    `    identity: ${t.identity}`,
    '    curve: nist',
    `    esipa: { url: "${t.esipaUrl}", tls: { trust: [${t.trust}] } }`,
    `    trigger: { adapter: sim-rest, url: "${t.apiUrl}" }`,
    `    es9Stall: { address: stalled.smdp.example.com, port: ${t.stallPort} }`,
    '',
  ].join('\n');
}

export interface SmdppIutTemplate {
  pki: string;
  /** The one curve the SM-DP+ serves (the other is declared unsupported). */
  curve: 'nist' | 'brp';
  trust: string;
  es9: string;
  es2: string;
  /** The order lifetime and session timeout it runs with, so the time-based features can be declared. */
  orderLifetimeMs: number;
  sessionTimeoutMs: number;
  identity: string;
}

/** The SM-DP+ as IUT on one curve, ASN.1 binding, order expiry and session timeout declared. */
export function smdppIutYaml(t: SmdppIutTemplate): string {
  const [on, off] = t.curve === 'nist' ? ['NIST', 'BRP'] : ['BRP', 'NIST'];
  return [
    'version: v1.2',
    `pki: ${t.pki}`,
    `features: { O_DP_${on}: true, O_DP_${off}: false, O_DP_ASN1_BINDING: true, O_DP_ORDER_EXPIRY: true, O_DP_SESSION_TIMEOUT: true }`,
    'iut:',
    '  smdpp:',
    `    es9: "${t.es9}"`,
    `    es2: "${t.es2}"`,
    '    serverAddress: testsmdpplus1.example.com',
    `    orderLifetimeMs: ${t.orderLifetimeMs}`,
    `    sessionTimeoutMs: ${t.sessionTimeoutMs}`,
    `    tls: { trust: [${t.trust}] }`,
    `    identity: ${t.identity}`,
    '',
  ].join('\n');
}
