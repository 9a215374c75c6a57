/** `sgp32 sim ipa`: S_IPA on its own, for an eIM (or eUICC) under test. */
import { AsnSchemaError, parseSpecVersion, SpecVersion } from '../asn1';
import { PkiInputError } from '../pki';
import { IpaCard, runIpa } from '../../simulators/ipa/main';
import { STATE_CHANGE_CAUSES, StateChangeCause } from '../../simulators/ipa/options';
import { allowOnly, DP_URL, hostPort, option, parseArgs, port, takeTable, UsageError } from './args';

export const IPA_SIM_USAGE = `sgp32 sim ipa --card tcp:HOST:PORT [--eim URL] [--pki DIR] [--version v1.2|v1.0]
              [--dp ADDRESS=URL]... [--resolve HOST=ADDRESS]... [--once | --interval SECONDS]
              [--add-initial-eim FILE] [--state-change CAUSE] [--direct] [--confirmation-code CODE]
              [--compact] [--inject-port PORT] [--inject-host HOST] [--insecure-http]
  S_IPA: an IPAd on the card that \`sgp32 sim euicc --listen\` serves (a PC/SC reader, pcsc:READER, needs
  a PC/SC connector the harness does not have yet). It polls the eIM at --eim, default https://<eimFqdn>
  of the card's eIM configuration, trusting the CIs of the --pki directory, and runs what comes.
  --once does one cycle and exits 0 when it worked, 1 otherwise; else it polls every --interval
  seconds (default 10) until SIGINT/SIGTERM. --add-initial-eim gives a card without eIM the
  AddInitialEimRequest (BF57, DER) in FILE, e.g. from \`sgp32 sim eim --write-config\`. --state-change
  signals a cause (${STATE_CHANGE_CAUSES.join(', ')}) with the first poll. --direct adds the capability
  directRspServerCommunication: downloads over ES9+ when the eIM does not ask for indirect ones;
  --dp maps an SM-DP+ address to its ES9+ base URL (repeatable; default https://ADDRESS); --resolve
  connects to ADDRESS for HOST while TLS still checks HOST (repeatable, like curl's). --compact
  sends compact ESipa forms (minimizeEsipaBytes). --inject-port serves TransferEimPackage on
  --inject-host (default 127.0.0.1) and prints \`ipa inject URL\`; the test PKI has no IPA TLS
  certificate, so it needs --insecure-http, which also makes the default eIM and SM-DP+ URLs http://.
  One line per exchange goes to stdout.`;

const FLAGS = ['once', 'direct', 'compact', 'insecure-http'];
const OPTIONS = ['card', 'eim', 'pki', 'version', 'interval', 'add-initial-eim', 'state-change', 'confirmation-code', 'inject-port', 'inject-host', ...FLAGS];

function card(text: string | undefined): IpaCard {
  if (text === undefined) throw new UsageError('--card is required (tcp:HOST:PORT)');
  if (text.startsWith('tcp:')) return { kind: 'tcp', ...hostPort(text.slice(4), 'card') };
  if (text.startsWith('pcsc:')) throw new UsageError('--card pcsc:READER: there is no PC/SC connector in src/transport/card yet; use tcp:HOST:PORT');
  throw new UsageError(`--card: '${text}' is not tcp:HOST:PORT`);
}

function url(text: string | undefined, flag: string): string | undefined {
  if (text !== undefined && !/^https?:\/\/[^\s/]+/.test(text)) throw new UsageError(`--${flag}: '${text}' is not an http(s) URL`);
  return text;
}

function interval(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const s = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || s <= 0) throw new UsageError(`--interval: '${text}' is not a positive number of seconds`);
  return s * 1000;
}

function cause(text: string | undefined): StateChangeCause | undefined {
  if (text === undefined) return undefined;
  if (!(STATE_CHANGE_CAUSES as readonly string[]).includes(text)) throw new UsageError(`--state-change: '${text}' is not one of ${STATE_CHANGE_CAUSES.join(', ')}`);
  return text as StateChangeCause;
}

export function simIpaCommand(argv: readonly string[]): number {
  const dp = takeTable(argv, 'dp', DP_URL.pattern, DP_URL.example);
  const resolve = takeTable(dp.rest, 'resolve', /^([^=\s]+)=([0-9A-Fa-f.:]+)$/, 'HOST=ADDRESS (e.g. testeim1.example.com=127.0.0.1)');
  const args = parseArgs(resolve.rest, FLAGS);
  allowOnly(args, OPTIONS);
  if (args.positional.length) throw new UsageError(`sim ipa takes no argument '${args.positional[0]}'`);
  const flag = (name: string) => args.options.get(name) === true;
  let version: SpecVersion | undefined;
  try {
    const v = option(args, 'version');
    version = v === undefined ? undefined : parseSpecVersion(v);
  } catch (e) {
    if (e instanceof AsnSchemaError) throw new UsageError(`--version: ${e.message}`);
    throw e;
  }
  const once = flag('once');
  if (once && option(args, 'interval') !== undefined) throw new UsageError('--once and --interval exclude each other');
  const inject = option(args, 'inject-port');
  const injectHost = option(args, 'inject-host');
  if (injectHost !== undefined && inject === undefined) throw new UsageError('--inject-host needs --inject-port');
  if (inject !== undefined && !flag('insecure-http')) throw new UsageError('--inject-port needs --insecure-http (the test PKI has no TLS certificate for an IPA)');
  runIpa({
    card: card(option(args, 'card')),
    eimUrl: url(option(args, 'eim'), 'eim'),
    pkiDir: option(args, 'pki'),
    smdpUrls: dp.table,
    resolve: resolve.table,
    version,
    compact: flag('compact'),
    directDownload: flag('direct'),
    confirmationCode: option(args, 'confirmation-code'),
    addInitialEimFile: option(args, 'add-initial-eim'),
    injectPort: inject === undefined ? undefined : port(inject, 'inject-port'),
    injectHost,
    stateChange: cause(option(args, 'state-change')),
    insecureHttp: flag('insecure-http'),
    once,
    intervalMs: interval(option(args, 'interval')),
  }).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    // An unusable PKI directory or configuration file is the caller's input, like a usage error; a
    // system error (e.g. ENOENT, EADDRINUSE) speaks for itself; anything else is a bug, shown with its stack.
    const input = e instanceof PkiInputError;
    const system = (e as NodeJS.ErrnoException).code !== undefined;
    console.error(`sgp32 sim ipa: ${input || system ? (e as Error).message : (e as Error).stack}`);
    process.exitCode = input || system ? 2 : 1;
  });
  return 0;
}
