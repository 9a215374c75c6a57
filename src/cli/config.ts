/** `sgp32 config …`: write the commented example, check a file and show what it resolves to. */
import { existsSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { configExample } from '../bench/config-example';
import { configHash, loadConfig, redactConfig } from '../bench/config-file';
import { allowOnly, parseArgs, UsageError } from './args';

export const CONFIG_USAGE = `sgp32 config init [FILE] [--force]
  writes a commented example configuration (default sgp32.yaml); every IUT block is commented out,
  so as written it runs every suite against the built-in simulators. Refuses to overwrite FILE
  unless --force is given.
sgp32 config check FILE
  validates FILE and prints the configuration it resolves to (defaults filled in, paths absolute,
  secrets as ***) and its hash; exit 2 with every problem as FILE:LINE:COL: field: what is wrong.`;

function init(argv: readonly string[]): number {
  const args = parseArgs(argv, ['force']);
  allowOnly(args, ['force']);
  if (args.positional.length > 1) throw new UsageError('config init takes one FILE');
  const file = args.positional[0] ?? 'sgp32.yaml';
  if (existsSync(file) && !args.options.has('force')) throw new UsageError(`${file} exists; --force overwrites it`);
  writeFileSync(file, configExample());
  console.log(`sgp32 config: wrote ${file}; uncomment the block of the role you test, then: sgp32 config check ${file}`);
  return 0;
}

function check(argv: readonly string[]): number {
  const args = parseArgs(argv);
  allowOnly(args, []);
  if (args.positional.length !== 1) throw new UsageError('config check needs one FILE');
  const file = args.positional[0];
  const { config, raw } = loadConfig(file);
  const iuts = Object.keys(config.iut);
  console.log(`# ${file}: valid; ${iuts.length ? `IUT ${iuts.join(', ')}` : 'every role is the built-in simulator'}; config hash ${configHash(raw)}`);
  process.stdout.write(stringify(redactConfig(config)));
  return 0;
}

export function configCommand(argv: readonly string[]): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'init': return init(rest);
    case 'check': return check(rest);
    case undefined: case 'help': case '--help':
      console.log(CONFIG_USAGE);
      return sub === undefined ? 2 : 0;
    default: throw new UsageError(`unknown config command '${sub}' (sgp32 config help)`);
  }
}
