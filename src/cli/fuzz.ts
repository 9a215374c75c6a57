/**
 * `sgp32 fuzz`: campaign mode of the fuzz scenarios (features/fuzz/). The scenarios' own run counts
 * and seeds give way to --runs, --duration, --seed and --replay; a progress bar shows cases, rate and
 * failures so far; results land in the same Allure/JUnit/manifest report as `sgp32 run`.
 */
import type { Progress } from '../bench/fuzz/campaign';
import { rate } from '../bench/fuzz/evidence';
import { FuzzOverrides, setProgressSink } from '../bench/fuzz/plan';
import { allowOnly, option, parseArgs, UsageError } from './args';
import { finishJob, jobBanner, prepareJob, runCucumber } from './job';
import { ScenarioOutcome } from './run-suites';

export const FUZZ_USAGE = `sgp32 fuzz [--iut eim|ipa|euicc|smdpp|all] [--config FILE] [--runs N | --duration S] [--seed S]
           [--replay PATH] [--reports DIR] [--single-file] [--no-html]
  Fuzz campaign against each chosen IUT (default all; built-in simulators unless configured).
  --runs N      cases per IUT (default: the scenario's own count)
  --duration S  run each campaign for S seconds instead
  --seed S      fast-check seed (default: the scenario's); a failure prints the seed and path to replay
  --replay PATH with --seed: run exactly that recorded counterexample again`;

function whole(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} takes a whole number`);
  return Number(text);
}

export function fuzzOverrides(args: ReturnType<typeof parseArgs>): FuzzOverrides {
  const runs = whole(option(args, 'runs'), 'runs');
  const duration = whole(option(args, 'duration'), 'duration');
  const seed = whole(option(args, 'seed'), 'seed');
  const replay = option(args, 'replay');
  if (runs !== undefined && duration !== undefined) throw new UsageError('--runs and --duration exclude each other');
  if (runs === 0 || duration === 0) throw new UsageError('--runs and --duration must be at least 1');
  if (replay !== undefined && seed === undefined) throw new UsageError('--replay needs the --seed it was recorded with');
  if (replay !== undefined && !/^\d+(:\d+)*$/.test(replay)) throw new UsageError(`--replay: '${replay}' is not a fast-check path (e.g. 41:0:2)`);
  return { runs, durationMs: duration === undefined ? undefined : duration * 1000, seed, replay };
}

/** One status line: a bar towards the campaign's goal, rate, failures, time left. */
export function progressLine(name: string, p: Progress): string {
  const fraction = Math.min(1, 'ms' in p.goal ? p.elapsedMs / p.goal.ms : p.cases / p.goal.cases);
  const width = 24, filled = Math.round(fraction * width);
  const perSecond = rate(p.cases, p.elapsedMs);
  const leftS = fraction > 0 ? Math.round(((1 - fraction) * p.elapsedMs) / fraction / 1000) : undefined;
  const id = name.split(' ')[0];
  return `${id} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${p.cases.toLocaleString('en')} cases  ${perSecond.toLocaleString('en')}/s  failures ${p.failures}${leftS !== undefined ? `  ${leftS}s left` : ''}`;
}

export async function fuzzCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['single-file', 'no-html']);
  allowOnly(args, ['iut', 'config', 'runs', 'duration', 'seed', 'replay', 'reports', 'single-file', 'no-html']);
  const plan = fuzzOverrides(args);
  const job = prepareJob(args, 'all');
  console.log(`sgp32 fuzz: ${jobBanner(job)}`);

  const tty = process.stderr.isTTY === true;
  const last = new Map<string, { p: Progress; printed: number }>();
  setProgressSink((scenario, p) => {
    const line = progressLine(scenario, p);
    const seen = last.get(scenario);
    last.set(scenario, { p, printed: seen?.printed ?? 0 });
    if (p.latest) {
      const f = p.latest;
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${scenario.split(' ')[0]} failure ${p.failures} at case ${f.foundAt}: ${f.reason.split('\n')[0]} (--seed ${f.seed} --replay ${f.path})\n`);
    }
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (p.elapsedMs - (seen?.printed ?? 0) >= 10_000) {
      // Logs of CI jobs get a line every 10 s instead of a redrawn bar.
      process.stderr.write(`${line}\n`);
      last.set(scenario, { p, printed: p.elapsedMs });
    }
  });

  const outcomes: ScenarioOutcome[] = [];
  try {
    const ok = await runCucumber(job, { features: job.roles.map((r) => `fuzz/${r}.feature`), steps: ['fuzz'], worldParameters: { fuzz: plan } }, (o) => {
      if (tty) process.stderr.write('\r\x1b[K');
      outcomes.push(o);
      const p = last.get(o.name)?.p;
      const stats = p ? `${p.cases.toLocaleString('en')} cases, ${rate(p.cases, p.elapsedMs).toLocaleString('en')}/s, ${p.failures} failure(s)` : 'no case ran';
      const mark = o.verdict === 'passed' ? 'pass' : o.verdict === 'failed' ? 'FAIL' : 'skip';
      console.log(`${mark}  ${o.name}  ${stats}  (${(o.ms / 1000).toFixed(1)} s)${o.reason ? `\n  ${o.reason.split('\n').join('\n  ')}` : ''}`);
    });
    const failed = outcomes.filter((o) => o.verdict === 'failed').length;
    console.log(`\nfuzz: ${outcomes.length - failed} campaign(s) clean, ${failed} with failures`);
    await finishJob(job, args, `sgp32-harness fuzz ${job.roles.join(', ')}`);
    return ok && failed === 0 ? 0 : 1;
  } finally {
    setProgressSink(undefined);
  }
}
