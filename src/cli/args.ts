/** A small argv parser: `--name value`, `--flag`, and positionals, with typed errors. */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Args { positional: string[]; options: Map<string, string | true> }

export function parseArgs(argv: readonly string[], flags: readonly string[] = []): Args {
  const positional: string[] = [], options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) options.set(name, true);
    else if (inline !== undefined) options.set(name, inline);
    else if (i + 1 < argv.length) options.set(name, argv[++i]);
    else throw new UsageError(`--${name} needs a value`);
  }
  return { positional, options };
}

export function option(args: Args, name: string): string | undefined {
  const v = args.options.get(name);
  return v === true ? undefined : v;
}

/** Rejects options the command does not know, so a typo is not silently ignored. */
export function allowOnly(args: Args, known: readonly string[]): void {
  for (const k of args.options.keys()) if (!known.includes(k)) throw new UsageError(`unknown option --${k}`);
}

export function port(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`--${flag}: '${text}' is not a TCP port (0..65535)`);
  return n;
}

/** `HOST:PORT`, or `HOST` alone when there is a default port; IPv6 hosts in brackets. */
export function hostPort(text: string, flag: string, defaultPort?: number): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
  if (!m) throw new UsageError(`--${flag}: '${text}' is not HOST:PORT`);
  const host = m[1] ?? m[2];
  if (m[3] !== undefined) return { host, port: port(m[3], flag) };
  if (defaultPort === undefined) throw new UsageError(`--${flag}: '${text}' names no port`);
  return { host, port: defaultPort };
}

/** Every value of the repeatable option `--name` (which parseArgs keeps one of), and argv without it. */
export function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [], rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith(`--${name}=`)) values.push(a.slice(name.length + 3));
    else if (a === `--${name}`) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      values.push(argv[++i]);
    } else rest.push(a);
  }
  return { values, rest };
}

/** The repeatable `--name KEY=VALUE` as a table, each checked by `pattern` (groups: key, value). */
export function takeTable(argv: readonly string[], name: string, pattern: RegExp, example: string): { table: Record<string, string>; rest: string[] } {
  const { values, rest } = takeRepeated(argv, name);
  const table: Record<string, string> = {};
  for (const v of values) {
    const m = pattern.exec(v);
    if (!m) throw new UsageError(`--${name}: '${v}' is not ${example}`);
    table[m[1]] = m[2];
  }
  return { table, rest };
}

/** `--dp ADDRESS=URL`: an SM-DP+ address of activation codes and its ES9+ base URL. */
export const DP_URL = { pattern: /^([^=\s]+)=(https?:\/\/[^\s/]+)\/*$/, example: 'ADDRESS=URL (e.g. testsmdpplus1.example.com=https://127.0.0.1:8443)' };
