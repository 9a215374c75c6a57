/**
 * The harness configuration: which roles are implementations under test and how to reach them, the
 * spec version, PKI, timeouts and the optional-features declaration. A role with no `iut` entry is
 * filled by the built-in simulator (the embedded default). The YAML file form, its validation and
 * redaction live in config-file.ts; this file holds the shape every bench component reads.
 */
import { SpecVersion } from '../asn1';
import { Curve } from '../crypto/curves';

export const IUT_ROLES = ['eim', 'ipa', 'euicc', 'smdpp'] as const;
export type IutRole = typeof IUT_ROLES[number];

/** TLS as a client of an IUT: anchors to trust, an optional client certificate. */
export interface TlsClientConfig {
  /** PEM files of the CAs (or self-signed certificates) the IUT's server certificate chains to. */
  trust?: string[];
  /** PEM client certificate and key for mutual TLS (e.g. ES2+). */
  cert?: string;
  key?: string;
  /** Secret: never written to reports. */
  keyPassphrase?: string;
  /** Accept any server certificate (lab use only; recorded in the report environment). */
  insecure?: boolean;
}

/** How the harness asks an eIM to create work (nothing standardises an eIM's northbound side). */
export type EimTriggerConfig =
  | { adapter: 'sim-rest'; url: string; token?: string }
  | { adapter: 'onomondo'; url: string; token?: string }
  | { adapter: 'http'; create: HttpTemplate; lookup?: HttpTemplate; headers?: Record<string, string> }
  | { adapter: 'shell'; create: string; lookup?: string; timeout?: number }
  | { adapter: 'manual' };

export interface HttpTemplate {
  method?: string;
  /** `{{name}}` placeholders are filled from the order (eid, iccid, activationCode, orderId, …). */
  url: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface EimIutConfig {
  esipa: { url: string; binding?: 'asn1' | 'json'; tls?: TlsClientConfig };
  trigger: EimTriggerConfig;
  /** The eIM's identifier and its ECDSA signing certificate as the card must be configured with them. */
  eimId?: string;
  eimCertificate?: string;
  /** The FQDN the eIM expects in the card's eIM configuration. */
  fqdn?: string;
  /** Curve of the eIM's signing key (default the first of `curves`); scenarios on the other curve are skipped. */
  curve?: Curve;
  /**
   * An SM-DP+ address the eIM maps to `https://<simulators.host>:<port>`, where the harness accepts
   * connections and never answers (ES9+' timeout scenarios, optional feature O_EIM_ES9_TIMEOUT).
   */
  es9Stall?: { address: string; port: number };
  /** Free text naming the product and version, shown in the report environment. */
  identity?: string;
}

export interface IpaIutConfig {
  /**
   * Launched for each poll cycle a scenario runs (so restarted between scenarios) unless `running`
   * says the IPA is already up. `command` is a shell-style command line with placeholders (see
   * src/bench/ipa/launch.ts): {eimUrl} {eimHostPort} {card} {cardHost} {cardPort} {pkiDir} {workDir}
   * {addInitialEim} {smdpUrl} {smdpAddress} {version} {options}. `options` gives the arguments a
   * scenario needs of the IPA (e.g. `addInitialEim: '-f {addInitialEim}'`), put in place of {options}.
   */
  launch?: {
    command: string; cwd?: string; env?: Record<string, string>; timeout?: number;
    options?: Partial<Record<'addInitialEim' | 'stateChange' | 'compact' | 'direct', string>>;
  };
  running?: boolean;
  /** How S_eUICC is exposed to the IPA: a vpcd endpoint (pcscd's card side) or a TCP APDU listener. */
  card: { vpcd?: string; tcp?: string };
  /** S_eIM (and S_SM-DP+ for direct download) over plain HTTP, for IPAds without the test PKI's trust anchor. */
  insecureHttp?: boolean;
  identity?: string;
}

export interface EuiccIutConfig {
  /** `tcp:HOST:PORT` or `pcsc:READER NAME`. */
  card: string;
  identity?: string;
}

export interface SmdppIutConfig {
  es9: string;
  es2?: string;
  binding?: 'json' | 'asn1';
  tls?: TlsClientConfig;
  es2Tls?: TlsClientConfig;
  /** The SM-DP+ address its ServerSigned1 must carry (default: host of `es9`). */
  serverAddress?: string;
  /** Profile type S_operator orders with ES2+ DownloadOrder (default 'Test'). */
  profileType?: string;
  /** Refused confirmation codes after which the IUT ends an order (default 3). */
  confirmationCodeAttempts?: number;
  /** O_DP_ORDER_EXPIRY: how long after DownloadOrder the IUT lets an order expire (the scenario waits it out). */
  orderLifetimeMs?: number;
  /** O_DP_SESSION_TIMEOUT: how long an idle RSP session lives in the IUT (the scenario waits it out). */
  sessionTimeoutMs?: number;
  identity?: string;
}

export interface HarnessConfig {
  version: SpecVersion;
  /** Curves the simulators hold credentials on; scenarios that do not name a curve use the first. */
  curves: Curve[];
  /** A `sgp32 pki init` directory the IUTs were given; generated per run when absent. */
  pki?: string;
  /** X-Admin-Protocol sent on ESipa and ES9+ (default per spec version). */
  adminProtocol?: string;
  timeouts: {
    /** One HTTP exchange or APDU. */
    exchange: number;
    /** One Gherkin step. */
    step: number;
    /** An IUT process starting, or an IPA poll cycle ending. */
    iut: number;
  };
  /** The optional-features declaration (SGP.33 Optional Features Table): mnemonic → supported. */
  features: Record<string, boolean>;
  /** Where harness-served simulators listen, so an external IUT can be pointed at them. Port 0 = any. */
  simulators: { host: string; eimPort: number; smdppPort: number; cardPort: number };
  iut: { eim?: EimIutConfig; ipa?: IpaIutConfig; euicc?: EuiccIutConfig; smdpp?: SmdppIutConfig };
}

export function defaultConfig(): HarnessConfig {
  return {
    version: 'v1.2',
    curves: ['nist', 'brp'],
    timeouts: { exchange: 10_000, step: 30_000, iut: 30_000 },
    features: {},
    simulators: { host: '127.0.0.1', eimPort: 0, smdppPort: 0, cardPort: 0 },
    iut: {},
  };
}
