/** `sgp32 sim <role>`: one simulator served on its own, for IUTs that reach it over a real link. */
import { AsnSchemaError, parseSpecVersion, SpecVersion } from '../asn1';
import { assertEid, InvalidEidError, PkiInputError } from '../pki';
import { VPCD_PORT } from '../transport/card';
import { EuiccTransport, runEuicc } from '../../simulators/euicc/main';
import { EuiccStateError } from '../../simulators/euicc/state';
import { allowOnly, hostPort, option, parseArgs, port, UsageError } from './args';
import { EIM_SIM_USAGE, simEimCommand } from './sim-eim';
import { IPA_SIM_USAGE, simIpaCommand } from './sim-ipa';
import { SMDPP_SIM_USAGE, simSmdppCommand } from './sim-smdpp';

const EUICC_SIM_USAGE = `sgp32 sim euicc [--vpcd HOST[:PORT] | --listen [HOST:]PORT] [--state FILE] [--pki DIR | --eid EID]
                [--version v1.2|v1.0] [--verbose]
  S_eUICC as a card: inserted into pcscd's vpcd reader (default 127.0.0.1:${VPCD_PORT}) or served on
  the TCP APDU link (--listen 0 picks a free port). --pki uses a \`sgp32 pki init\` directory, otherwise
  a fresh test PKI is generated (for --eid, the saved state's EID, or a new one). --state loads FILE
  when it exists and rewrites it after every command that changed the card. Runs until SIGINT/SIGTERM;
  --verbose prints one line per APDU.`;

function euicc(argv: readonly string[]): number {
  const args = parseArgs(argv, ['verbose']);
  allowOnly(args, ['vpcd', 'listen', 'state', 'pki', 'eid', 'version', 'verbose']);
  if (args.positional.length) throw new UsageError(`sim euicc takes no argument '${args.positional[0]}'`);
  const vpcd = option(args, 'vpcd'), listen = option(args, 'listen');
  if (vpcd !== undefined && listen !== undefined) throw new UsageError('--vpcd and --listen exclude each other');
  const pkiDir = option(args, 'pki'), eidText = option(args, 'eid');
  if (pkiDir !== undefined && eidText !== undefined) throw new UsageError('--pki and --eid exclude each other (the PKI fixes the EID)');
  let eid: string | undefined, version: SpecVersion | undefined;
  try {
    eid = eidText === undefined ? undefined : assertEid(eidText);
    const v = option(args, 'version');
    version = v === undefined ? undefined : parseSpecVersion(v);
  } catch (e) {
    if (e instanceof InvalidEidError) throw new UsageError(`--eid: ${e.message}`);
    if (e instanceof AsnSchemaError) throw new UsageError(`--version: ${e.message}`);
    throw e;
  }
  const transport: EuiccTransport = listen !== undefined
    ? { kind: 'listen', ...(/^\d+$/.test(listen) ? { host: '127.0.0.1', port: port(listen, 'listen') } : hostPort(listen, 'listen')) }
    : { kind: 'vpcd', ...hostPort(vpcd ?? '127.0.0.1', 'vpcd', VPCD_PORT) };
  const verbose = args.options.get('verbose') === true;
  runEuicc({ transport, pkiDir, eid, stateFile: option(args, 'state'), version, verbose, onError: verbose ? (e) => console.error(`sgp32 sim euicc: ${(e as Error).message}`) : undefined })
    .catch((e: unknown) => {
      // An unusable PKI directory or state file is the caller's input, like a usage error; a system
      // error (e.g. EADDRINUSE) speaks for itself; anything else is a bug, shown with its stack.
      const input = e instanceof PkiInputError || e instanceof EuiccStateError;
      const system = (e as NodeJS.ErrnoException).code !== undefined;
      console.error(`sgp32 sim euicc: ${input || system ? (e as Error).message : (e as Error).stack}`);
      process.exitCode = input ? 2 : 1;
    });
  return 0;
}

export function simCommand(argv: readonly string[]): number {
  const [role, ...rest] = argv;
  switch (role) {
    case 'euicc': return euicc(rest);
    case 'eim': return simEimCommand(rest);
    case 'ipa': return simIpaCommand(rest);
    case 'smdpp': return simSmdppCommand(rest);
    case undefined: case 'help': case '--help':
      console.log(SIM_USAGE);
      return role === undefined ? 2 : 0;
    default: throw new UsageError(`unknown simulator '${role}' (sgp32 sim help)`);
  }
}

export const SIM_USAGE = [EUICC_SIM_USAGE, SMDPP_SIM_USAGE, EIM_SIM_USAGE, IPA_SIM_USAGE].join('\n\n');
