/** `sgp32 sim smdpp`: S_SM-DP+ served on its own, for IPAs and eIMs that reach it over HTTPS. */
import { AsnSchemaError, parseSpecVersion, SpecVersion } from '../asn1';
import { Curve, parseCurve, UnsupportedCurveError } from '../crypto/curves';
import { assertEid, InvalidEidError, PkiInputError } from '../pki';
import { hasValidLuhn, ProfileOptionError } from '../profile';
import { OrderError } from '../../simulators/smdpp/orders';
import { runSmdpp, SmdppOrderSpec } from '../../simulators/smdpp/main';
import { allowOnly, option, parseArgs, port, takeRepeated, UsageError } from './args';

export const SMDPP_SIM_USAGE = `sgp32 sim smdpp [--pki DIR] [--curve nist|brp] [--host HOST] [--es9-port P] [--es2-port P]
                [--address FQDN] [--version v1.2|v1.0] [--profiles N] [--order ICCID[:MATCHINGID[:EID]]]...
                [--order-lifetime MS] [--session-timeout MS]
  S_SM-DP+: ES9+ (JSON and ASN.1 bindings, TLS with CERT.DPtls) and ES2+ (mutual TLS with an
  operator certificate) on HOST (default 127.0.0.1), on free ports unless given. --pki uses a
  \`sgp32 pki init\` directory, otherwise a fresh test PKI is generated under the temp directory.
  --address is the SM-DP+ address of ServerSigned1 and activation codes (default
  testsmdpplus1.example.com); --profiles the number of orderable 'Test' profiles (default 3). Each
  --order places and releases a download order on ICCID (added to the profiles) for MATCHINGID
  (default a generated one; empty: found by EID alone) and EID, so a download needs no ES2+ call.
  Prints 'smdpp pki DIR', 'smdpp order ICCID ACTIVATION-CODE' per order, 'smdpp es9 URL' and, last,
  'smdpp es2 URL' once listening, then one line per exchange; runs until SIGINT/SIGTERM.
  --order-lifetime is how long an order stays downloadable after DownloadOrder (default 24 h),
  --session-timeout how long an idle RSP session lives (default: no limit).`;

const OPTIONS = ['pki', 'curve', 'host', 'es9-port', 'es2-port', 'address', 'version', 'profiles', 'order', 'order-lifetime', 'session-timeout'];

/** `ICCID[:MATCHINGID[:EID]]`. */
function orderSpec(text: string): SmdppOrderSpec {
  const [iccid, matchingId, eid, extra] = text.split(':');
  if (extra !== undefined) throw new UsageError(`--order: '${text}' has more than ICCID:MATCHINGID:EID`);
  if (!/^89\d{17,18}$/.test(iccid) || !hasValidLuhn(iccid)) throw new UsageError(`--order: '${iccid}' is not an ICCID (19 or 20 digits from 89, Luhn check digit last)`);
  try {
    if (eid) assertEid(eid);
  } catch (e) {
    if (e instanceof InvalidEidError) throw new UsageError(`--order: ${e.message}`);
    throw e;
  }
  if (matchingId === '' && !eid) throw new UsageError(`--order: '${text}': an empty matchingId needs an EID (the order is found by EID)`);
  return { iccid, ...(matchingId !== undefined && { matchingId }), ...(eid && { eid }) };
}

export function simSmdppCommand(argv: readonly string[]): number {
  const { values: orderTexts, rest } = takeRepeated(argv, 'order');
  const args = parseArgs(rest);
  allowOnly(args, OPTIONS);
  if (args.positional.length) throw new UsageError(`sim smdpp takes no argument '${args.positional[0]}'`);
  let curve: Curve | undefined, version: SpecVersion | undefined;
  try {
    const c = option(args, 'curve'), v = option(args, 'version');
    curve = c === undefined ? undefined : parseCurve(c);
    version = v === undefined ? undefined : parseSpecVersion(v);
  } catch (e) {
    if (e instanceof UnsupportedCurveError) throw new UsageError(`--curve: ${e.message}`);
    if (e instanceof AsnSchemaError) throw new UsageError(`--version: ${e.message}`);
    throw e;
  }
  const profilesText = option(args, 'profiles');
  if (profilesText !== undefined && !/^[1-9]\d{0,2}$/.test(profilesText)) throw new UsageError(`--profiles: '${profilesText}' is not a count from 1 to 999`);
  const portOf = (flag: string) => {
    const text = option(args, flag);
    return text === undefined ? undefined : port(text, flag);
  };
  const millis = (flag: string) => {
    const text = option(args, flag);
    if (text !== undefined && !/^[1-9]\d{0,9}$/.test(text)) throw new UsageError(`--${flag}: '${text}' is not a positive number of milliseconds`);
    return text === undefined ? undefined : Number(text);
  };
  const orderLifetimeMs = millis('order-lifetime'), sessionTimeoutMs = millis('session-timeout');
  const orders = orderTexts.map(orderSpec);
  const iccids = orders.map((x) => x.iccid);
  const twice = iccids.find((x, i) => iccids.indexOf(x) !== i);
  if (twice) throw new UsageError(`--order: ICCID ${twice} is ordered twice`);

  runSmdpp({
    pkiDir: option(args, 'pki'), curve, version, host: option(args, 'host') ?? '127.0.0.1', es9Port: portOf('es9-port'), es2Port: portOf('es2-port'),
    address: option(args, 'address'), profiles: profilesText === undefined ? undefined : Number(profilesText), orders, orderLifetimeMs, sessionTimeoutMs,
  }).catch((e: unknown) => {
    // An unusable PKI directory or order is the caller's input, like a usage error; a system error
    // (e.g. EADDRINUSE) speaks for itself; anything else is a bug, shown with its stack.
    const input = e instanceof PkiInputError || e instanceof OrderError || e instanceof ProfileOptionError;
    const system = (e as NodeJS.ErrnoException).code !== undefined;
    console.error(`sgp32 sim smdpp: ${input || system ? (e as Error).message : (e as Error).stack}`);
    process.exitCode = input ? 2 : 1;
  });
  return 0;
}
