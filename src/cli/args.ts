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
