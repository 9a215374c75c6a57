/**
 * An IPA launched per poll cycle from the configured command line, so every scenario starts it
 * afresh. The command is split like a shell would split it (quotes, backslashes; no expansion) and
 * each word has its placeholders filled: {eimUrl} {eimHostPort} {card} {cardHost} {cardPort}
 * {pkiDir} {workDir} {addInitialEim} {smdpUrl} {smdpAddress} {version}; the word {options} becomes
 * the configured arguments of what the scenario needs (launch.options), themselves with placeholders
 * filled, e.g. `stateChange: '--state-change {stateChange}'`. Output goes to the step's evidence;
 * an IPA still running after the limit is killed and the step fails.
 */
import { spawn } from 'node:child_process';
import { IpaIutConfig } from '../config';
import { CycleNeeds, CycleOutcome, IpaAdapter, IpaAdapterError, IpaNeeds } from './adapter';

export type Placeholders = Record<string, string>;

/** Words of a command line: whitespace separates, '…' and "…" quote, \ escapes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (quote) throw new IpaAdapterError(`launch.command: unterminated ${quote} quote`);
  if (started) words.push(word);
  return words;
}

/** Fills `{name}` placeholders; an unknown or unavailable one is an error naming it. */
export function fill(word: string, values: Placeholders): string {
  return word.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new IpaAdapterError(`launch.command: placeholder {${name}} has no value in this scenario (known: ${Object.keys(values).join(', ')})`);
    return v;
  });
}

/** The argv of one launch: the command's words filled, {options} replaced by the needed options' words. */
export function launchArgv(launch: NonNullable<IpaIutConfig['launch']>, values: Placeholders, needs: IpaNeeds & CycleNeeds): string[] {
  const wanted: [keyof NonNullable<NonNullable<IpaIutConfig['launch']>['options']>, boolean][] = [
    ['addInitialEim', !!needs.addInitialEim], ['stateChange', needs.stateChange !== undefined], ['compact', !!needs.compact], ['direct', !!needs.direct],
  ];
  const options: string[] = [];
  for (const [name, needed] of wanted) {
    if (!needed) continue;
    const template = launch.options?.[name];
    if (template === undefined) throw new IpaAdapterError(`the scenario needs the IPA option '${name}', which launch.options does not give`);
    options.push(...splitCommand(template).map((w) => fill(w, { ...values, stateChange: needs.stateChange ?? '' })));
  }
  const words = splitCommand(launch.command);
  if (!words.includes('{options}')) words.push('{options}');
  return words.flatMap((w) => (w === '{options}' ? options : [fill(w, values)]));
}

export class LaunchedIpa implements IpaAdapter {
  private readonly running = new Set<() => void>();
  private cycles = 0;

  constructor(
    private readonly launch: NonNullable<IpaIutConfig['launch']>,
    private readonly values: Placeholders,
    private readonly needs: IpaNeeds,
    private readonly timeoutMs: number,
    private readonly note: (text: string) => void,
  ) {}

  cycle(needs: CycleNeeds): Promise<CycleOutcome> {
    // The initial eIM configuration is for a virgin card: only the first launch is given it.
    const first = this.cycles++ === 0;
    const argv = launchArgv(this.launch, this.values, { ...this.needs, addInitialEim: first && this.needs.addInitialEim, ...needs });
    const limit = this.launch.timeout ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { cwd: this.launch.cwd ?? this.values.workDir, env: { ...process.env, ...this.launch.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const kill = () => void child.kill('SIGKILL');
      this.running.add(kill);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, limit);
      child.once('error', (e) => {
        clearTimeout(timer);
        this.running.delete(kill);
        reject(new IpaAdapterError(`cannot launch the IPA (${argv[0]}): ${e.message}`));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(kill);
        this.note(`IPA launched: ${argv.join(' ')}\nexit ${code ?? signal}${timedOut ? ` (killed after ${limit} ms)` : ''}\n${output}`);
        if (timedOut) reject(new IpaAdapterError(`the IPA did not finish its poll cycle within ${limit} ms (killed); its output is in the evidence`));
        else resolve({ summary: `IPA exit ${code ?? signal}` });
      });
    });
  }

  async close(): Promise<void> {
    for (const kill of this.running) kill();
  }
}
