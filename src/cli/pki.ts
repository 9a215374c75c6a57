/** `sgp32 pki …`: the harness's test PKI. */
import { isIP } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Curve, parseCurve, UnsupportedCurveError } from '../crypto/curves';
import { assertEid, generatePki, InvalidEidError, MANIFEST_FILE, PkiInputError, writePki } from '../pki';
import { allowOnly, option, parseArgs, UsageError } from './args';

export const PKI_USAGE = `sgp32 pki init --out DIR [--curves nist,brp] [--eid EID] [--tls-names NAME,...]
  generates per curve a CI, EUM, eUICC, SM-DP+ (DPauth, DPpb, DPtls), eIM (signing, TLS) and
  operator ES2+ client certificate with PKCS#8 keys, plus defective variants for negative tests,
  as PEM files under DIR and DIR/${MANIFEST_FILE} listing them; a fresh EID unless --eid is given.
  TLS certificates name localhost and 127.0.0.1, and every host name or IP address of --tls-names
  (e.g. the service names of a container network).`;

/** A DNS host name (letters, digits, hyphens, dots) or an IP address. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function tlsNamesOf(text: string | undefined): string[] {
  const names = (text ?? '').split(',').map((n) => n.trim()).filter((n) => n);
  const bad = names.find((n) => !HOST_NAME.test(n) && !isIP(n));
  if (bad !== undefined) throw new UsageError(`--tls-names: '${bad}' is neither a host name nor an IP address`);
  return names;
}

function curvesOf(text: string | undefined): Curve[] {
  if (text === undefined) return ['nist', 'brp'];
  try {
    return [...new Set(text.split(',').filter((c) => c.trim()).map(parseCurve))];
  } catch (e) {
    if (e instanceof UnsupportedCurveError) throw new UsageError(`--curves: ${e.message}`);
    throw e;
  }
}

function init(argv: readonly string[]): number {
  const args = parseArgs(argv);
  allowOnly(args, ['out', 'curves', 'eid', 'tls-names']);
  const out = option(args, 'out');
  if (!out) throw new UsageError('pki init needs --out DIR');
  const curves = curvesOf(option(args, 'curves'));
  if (curves.length === 0) throw new UsageError('--curves names no curve');
  const tlsNames = tlsNamesOf(option(args, 'tls-names'));
  const eidText = option(args, 'eid');
  let eid: string | undefined;
  try {
    eid = eidText === undefined ? undefined : assertEid(eidText);
  } catch (e) {
    if (e instanceof InvalidEidError) throw new UsageError(`--eid: ${e.message}`);
    throw e;
  }
  const t0 = performance.now();
  let manifest;
  try {
    manifest = writePki(out, generatePki({ curves, eid, tlsNames }));
  } catch (e) {
    // An unreadable or foreign manifest.json in DIR: refuse to overwrite it.
    if (e instanceof PkiInputError) throw new UsageError(`--out: ${e.message}`);
    throw e;
  }
  const ms = performance.now() - t0;
  const valid = manifest.entries.filter((e) => e.valid).length;
  console.log(`sgp32 pki: ${valid} valid and ${manifest.entries.length - valid} defective credentials (+${manifest.chainOnly.length} chain-only certificates) `
    + `on ${curves.join(', ')} in ${ms.toFixed(0)} ms\n  EID ${manifest.eid}\n  ${join(out, MANIFEST_FILE)}`);
  return 0;
}

export function pkiCommand(argv: readonly string[]): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'init': return init(rest);
    case undefined: case 'help': case '--help':
      console.log(PKI_USAGE);
      return sub === undefined ? 2 : 0;
    default: throw new UsageError(`unknown pki command '${sub}' (sgp32 pki help)`);
  }
}
