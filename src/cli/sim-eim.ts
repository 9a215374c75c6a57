/** `sgp32 sim eim`: S_eIM on its own, for IPAs and eUICCs under test and for scripts on its API. */
import { AsnSchemaError, parseSpecVersion, SpecVersion } from '../asn1';
import { parseCurve, UnsupportedCurveError } from '../crypto/curves';
import { PkiInputError } from '../pki';
import { EimServerOptions, runEim } from '../../simulators/eim/main';
import { allowOnly, DP_URL, option, parseArgs, port, takeTable, UsageError } from './args';

export const EIM_SIM_USAGE = `sgp32 sim eim [--host HOST] [--port PORT] [--api-host HOST] [--api-port PORT] [--pki DIR]
              [--curve nist|brp] [--version v1.2|v1.0] [--eim-id ID] [--fqdn HOST:PORT]
              [--dp ADDRESS=URL]... [--es9-binding json|asn1] [--es9-timeout MS] [--direct] [--counter N]
              [--insecure-http] [--api-https] [--write-config FILE]
  S_eIM: ESipa (ASN.1 and JSON bindings; HTTPS with the PKI's eimTls certificate, --insecure-http for
  plain HTTP) on --host:--port, and the northbound JSON API (README "S_eIM northbound API"; plain HTTP,
  --api-https for TLS) on --api-host:--api-port. Hosts default to 127.0.0.1, ports to 0 (a free one).
  Prints \`eim esipa URL\` and \`eim api URL\` once listening, then one line per exchange, until
  SIGINT/SIGTERM. --pki uses a \`sgp32 pki init\` directory (default: a fresh test PKI). --dp maps an
  SM-DP+ address of activation codes to its ES9+ base URL (repeatable; default https://ADDRESS).
  --direct lets IPAs download themselves instead of relaying downloads over ES9+'. --counter is the
  eUICC's initial counterValue. --fqdn is the eimFqdn of the configuration (default where ESipa
  listens). --write-config FILE writes the AddInitialEimRequest (BF57, DER) an IPA gives a virgin eUICC.`;

const FLAGS = ['direct', 'insecure-http', 'api-https'];
const OPTIONS = ['port', 'api-port', 'host', 'api-host', 'pki', 'curve', 'version', 'eim-id', 'fqdn', 'es9-binding', 'es9-timeout', 'counter', 'write-config', ...FLAGS];

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag}: '${text}' is not a non-negative integer`);
  return Number(text);
}

export function simEimCommand(argv: readonly string[]): number {
  const { table: urls, rest } = takeTable(argv, 'dp', DP_URL.pattern, DP_URL.example);
  const args = parseArgs(rest, FLAGS);
  allowOnly(args, OPTIONS);
  if (args.positional.length) throw new UsageError(`sim eim takes no argument '${args.positional[0]}'`);
  const flag = (name: string) => args.options.get(name) === true;
  let version: SpecVersion | undefined;
  let curve;
  try {
    const v = option(args, 'version');
    version = v === undefined ? undefined : parseSpecVersion(v);
    const c = option(args, 'curve');
    curve = c === undefined ? undefined : parseCurve(c);
  } catch (e) {
    if (e instanceof AsnSchemaError || e instanceof UnsupportedCurveError) throw new UsageError(e.message);
    throw e;
  }
  const binding = option(args, 'es9-binding');
  if (binding !== undefined && binding !== 'json' && binding !== 'asn1') throw new UsageError(`--es9-binding: '${binding}' is not json or asn1`);
  const fqdn = option(args, 'fqdn');
  if (fqdn !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(fqdn)) throw new UsageError(`--fqdn: '${fqdn}' is not HOST[:PORT]`);
  const p = option(args, 'port'), ap = option(args, 'api-port');
  const options: EimServerOptions = {
    pkiDir: option(args, 'pki'), curve, version, eimId: option(args, 'eim-id'), fqdn, smdpUrls: urls,
    es9Binding: binding as 'json' | 'asn1' | undefined, es9TimeoutMs: integer(option(args, 'es9-timeout'), 'es9-timeout'),
    counterStart: integer(option(args, 'counter'), 'counter'), indirectDownload: !flag('direct'),
    host: option(args, 'host'), apiHost: option(args, 'api-host'), port: p === undefined ? undefined : port(p, 'port'), apiPort: ap === undefined ? undefined : port(ap, 'api-port'),
    insecureHttp: flag('insecure-http'), apiHttps: flag('api-https'), writeConfig: option(args, 'write-config'),
  };
  runEim(options).catch((e: unknown) => {
    // An unusable PKI directory is the caller's input, like a usage error; a system error (e.g.
    // EADDRINUSE) speaks for itself; anything else is a bug, shown with its stack.
    const input = e instanceof PkiInputError;
    const system = (e as NodeJS.ErrnoException).code !== undefined;
    console.error(`sgp32 sim eim: ${input || system ? (e as Error).message : (e as Error).stack}`);
    process.exitCode = input ? 2 : 1;
  });
  return 0;
}
