/** How an S_IPA is set up: its card, its peers, its capabilities (SGP.32 §4.1 IpaCapabilities) and its limits. */
import { SpecVersion } from '../../src/asn1';
import { CardConnector } from '../../src/transport/card';
import { KeepAliveMode, TrustedCert } from '../../src/transport/http';
import { TraceSink } from '../../src/transport/trace';

export interface SimIpaOptions {
  /** The eUICC, reached through any connector (in-process S_eUICC, TCP, vpcd/PC-SC). */
  card: CardConnector;
  /** SGP.32 version spoken on ESipa and ES10 (default v1.2). */
  version?: SpecVersion;
  /** The eIM's base URL; default `https://<eimFqdn>` of the card's EimConfigurationData. */
  eimUrl?: string;
  /** Which of the card's eIMs to poll (default: the one matching eimUrl, else the first). */
  eimId?: string;
  /** CA certificates the eIM's and SM-DP+'s TLS chains must end at (e.g. the test PKI's CIs). */
  trust?: readonly TrustedCert[];
  /** Plain http:// to the eIM and SM-DP+ (default URLs included), and plain HTTP for injection. */
  insecureHttp?: boolean;
  /** Host name -> address (curl --resolve): connect there while keeping the FQDN for TLS. */
  resolve?: Readonly<Record<string, string>>;
  /** SM-DP+ address (FQDN, as in activation codes and notificationAddress) -> base URL; default `https://<address>`. */
  smdpUrls?: Readonly<Record<string, string>>;
  /** IPA capability directRspServerCommunication: download over ES9+ when the eIM does not ask for indirect download. */
  directDownload?: boolean;
  /** IPA capability minimizeEsipaBytes: compact ESipa forms (simulators/eim/compact.ts). */
  compact?: boolean;
  /** The code the "end user" enters when the SM-DP+ sets ccRequiredFlag. */
  confirmationCode?: string;
  /** Send ES10b.ImmediateEnable after an installation (default true; a card not configured for it answers immediateEnableNotAvailable). */
  immediateEnable?: boolean;
  /** refreshFlag of ProfileRollback and ImmediateEnable (default false). */
  refreshFlag?: boolean;
  /** DeviceInfo.tac (4 bytes; default 35290611). */
  tac?: Uint8Array;
  /** DER of an AddInitialEimRequest (BF57) sent to a card that has no eIM yet. */
  addInitialEim?: Uint8Array;
  /** Default 'procedure': one connection per cycle, as onomondo-eim expects and the TTCN eIM suite checks. */
  keepAlive?: KeepAliveMode;
  /** X-Admin-Protocol sent (default the transport's). */
  adminProtocol?: string;
  /** ES9+ binding for direct download (default 'json'). */
  es9Binding?: 'json' | 'asn1';
  timeouts?: {
    /** Per HTTP request (default the transport's 10 s). */
    httpMs?: number;
  };
  /** Every byte on ESipa and ES9+ (APDUs are traced by the connector given). */
  trace?: TraceSink;
  /** One line per exchange. */
  log?: (line: string) => void;
}

export const DEFAULT_TAC = Uint8Array.of(0x35, 0x29, 0x06, 0x11);

/** StateChangeCause named numbers (SGP.32 v1.2). */
export const STATE_CHANGE_CAUSES = ['otherEim', 'fallback', 'emergencyProfile', 'local', 'reset', 'immediateEnableProfile', 'deviceChange', 'undefined'] as const;
export type StateChangeCause = (typeof STATE_CHANGE_CAUSES)[number];

/** IpaCapabilities as this IPA has them: indirect download always, direct and compact when configured. */
export function ipaCapabilities(o: Pick<SimIpaOptions, 'directDownload' | 'compact'>, injection: boolean): Record<string, string[]> {
  return {
    ipaFeatures: [
      ...(o.directDownload ? ['directRspServerCommunication'] : []),
      'indirectRspServerCommunication',
      ...(o.compact ? ['minimizeEsipaBytes'] : []),
    ],
    ipaSupportedProtocols: ['ipaRetrieveHttps', ...(injection ? ['ipaInjectHttps'] : [])],
  };
}

/** SGP.22 DeviceInfo: the TAC and no radio capabilities. */
export function deviceInfo(o: Pick<SimIpaOptions, 'tac'>): Record<string, unknown> {
  return { tac: o.tac ?? DEFAULT_TAC, deviceCapabilities: {} };
}
