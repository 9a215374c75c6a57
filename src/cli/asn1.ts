/** `sgp32 asn1 …`: decode, encode, check and benchmark with the harness codec. */
import { readFileSync } from 'node:fs';
import { AsnDecodeError, AsnEncodeError, codec, DEFAULT_VERSION, fromHex, parseModuleName, parseSpecVersion, toHex } from '../asn1';
import { codecThroughput } from '../asn1/throughput';
import { checkVectors, parseVectors } from '../asn1/vectors';
import { allowOnly, Args, option, parseArgs, UsageError } from './args';

export const ASN1_USAGE = `sgp32 asn1 <command>
  decode [--type T] [--module M] [--version V] [--no-constraints] HEX|@FILE|-
         prints the value as JSON; without --type the message is named from its outer tag
  encode --type T [--module M] [--version V] JSON|@FILE|-     prints DER as uppercase hex
  check  --jsonl FILE      decode + re-encode every {"module","type","hex","asnVersion"} line
  bench  --jsonl FILE [--seconds S]     decode/encode throughput over the file's vectors
  types  [--module M] [--version V]     lists the type names
Modules: SGP32Definitions (default), RSPDefinitions, PEDefinitions, PKIX1Explicit88, PKIX1Implicit88.
Versions: v1.2 (default), v1.0.`;

/** HEX or JSON text from the argument, `@file` (hex text or raw DER) or `-` (stdin). */
function input(arg: string | undefined, binaryOk: boolean): string | Uint8Array {
  if (arg === undefined) throw new UsageError('missing input (text, @FILE or -)');
  if (arg !== '-' && !arg.startsWith('@')) return arg;
  const raw = readFileSync(arg === '-' ? 0 : arg.slice(1));
  const text = raw.toString('utf8').trim();
  if (!binaryOk || /^[0-9A-Fa-f\s]*$/.test(text)) return text;
  return new Uint8Array(raw);
}

function hexInput(text: string): Uint8Array {
  try {
    return fromHex(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function codecOf(args: Args) {
  const module = parseModuleName(option(args, 'module') ?? 'SGP32Definitions');
  return codec(module, parseSpecVersion(option(args, 'version') ?? DEFAULT_VERSION));
}

const bigintSafe = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

function decode(args: Args): number {
  allowOnly(args, ['type', 'module', 'version', 'no-constraints']);
  const c = codecOf(args);
  const src = input(args.positional[0], true);
  const bytes = typeof src === 'string' ? hexInput(src) : src;
  const type = option(args, 'type');
  const constraints = !args.options.has('no-constraints');
  if (type) {
    console.log(JSON.stringify(c.toJSON(type, c.decode(type, bytes, { constraints })), bigintSafe, 2));
    return 0;
  }
  const found = c.identify(bytes);
  if (!found) throw new UsageError(`no ${c.module} ${c.version} type decodes these bytes (outer tag ${toHex(bytes.subarray(0, 2))}); name one with --type`);
  console.log(JSON.stringify({ type: found.type, value: c.toJSON(found.type, found.value) }, bigintSafe, 2));
  return 0;
}

function encode(args: Args): number {
  allowOnly(args, ['type', 'module', 'version']);
  const type = option(args, 'type');
  if (!type) throw new UsageError('encode needs --type');
  const c = codecOf(args);
  let json: unknown;
  try {
    json = JSON.parse(input(args.positional[0], false) as string);
  } catch (e) {
    throw new UsageError(`input is not JSON: ${(e as Error).message}`);
  }
  console.log(toHex(c.encode(type, c.fromJSON(type, json))));
  return 0;
}

function check(args: Args): number {
  allowOnly(args, ['jsonl']);
  const file = option(args, 'jsonl');
  if (!file) throw new UsageError('check needs --jsonl FILE');
  const r = checkVectors(readFileSync(file, 'utf8'));
  for (const w of r.warnings) console.error(`warning line ${w.line} ${w.label}: ${w.reason}`);
  for (const f of r.failed) console.log(`FAIL line ${f.line} ${f.label}: ${f.reason}`);
  console.log(`${r.passed} passed, ${r.failed.length} failed`);
  return r.failed.length ? 1 : 0;
}

function bench(args: Args): number {
  allowOnly(args, ['jsonl', 'seconds']);
  const file = option(args, 'jsonl');
  if (!file) throw new UsageError('bench needs --jsonl FILE');
  const seconds = Number(option(args, 'seconds') ?? '3');
  if (!(seconds > 0)) throw new UsageError('--seconds must be a positive number');
  const { vectors, problems } = parseVectors(readFileSync(file, 'utf8'));
  if (problems.length) throw new UsageError(`line ${problems[0].line}: ${problems[0].reason}`);
  const bytes = vectors.reduce((n, v) => n + v.bytes.length, 0);
  const t = codecThroughput(vectors, seconds);
  console.log(`${vectors.length} messages, ${bytes} bytes; ${seconds}s per direction, single thread`);
  for (const [name, r] of [['decode', t.decode], ['encode', t.encode]] as const) {
    console.log(`${name}: ${r.messagesPerSecond.toFixed(0)} messages/s, ${r.mbPerSecond.toFixed(1)} MB/s`);
  }
  return 0;
}

function types(args: Args): number {
  allowOnly(args, ['module', 'version']);
  for (const t of codecOf(args).types()) console.log(t);
  return 0;
}

const COMMANDS: Record<string, (a: Args) => number> = { decode, encode, check, bench, types };

export function asn1Command(argv: readonly string[]): number {
  const [sub, ...rest] = argv;
  const run = sub && COMMANDS[sub];
  if (!run) throw new UsageError(sub ? `unknown asn1 command '${sub}'\n${ASN1_USAGE}` : ASN1_USAGE);
  try {
    return run(parseArgs(rest, ['no-constraints']));
  } catch (e) {
    if (e instanceof AsnDecodeError) {
      console.error(`decode error (${e.code}) at ${e.path}, offset ${e.offset}: ${e.detail}`);
      return 1;
    }
    if (e instanceof AsnEncodeError) {
      console.error(`encode error (${e.code}) at ${e.path}: ${e.detail}`);
      return 1;
    }
    throw e;
  }
}
