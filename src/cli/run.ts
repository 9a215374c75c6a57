/**
 * `sgp32 run`: the conformance suites. Each IUT's features run with the other roles simulated; with
 * no configuration the IUT is the built-in simulator too (the embedded default). Progress is one line
 * per finished scenario, the end is a table per IUT, and the exit code is 0 only when nothing failed.
 * Evidence goes to Allure results (written as each scenario finishes), JUnit XML, the HTML report and
 * a manifest of SHA-256 digests an auditor can check with `sgp32 report verify`.
 */
import { IutRole } from '../bench/config';
import { allowOnly, option, parseArgs, UsageError } from './args';
import { finishJob, jobBanner, prepareJob, runCucumber } from './job';
import { ScenarioOutcome } from './run-suites';

export interface Tally { passed: number; failed: number; skipped: number }

export type Mark = 'pass' | 'FAIL' | 'skip';
export interface ProgressEntry { mark: Mark; line: string; ms: number }

/** The progress line of one finished scenario: mark, title, duration and, unless it passed, why. */
export function scenarioLine(o: ScenarioOutcome): string {
  const mark: Mark = o.verdict === 'passed' ? 'pass' : o.verdict === 'failed' ? 'FAIL' : 'skip';
  return `${mark}  ${o.name}  (${o.ms} ms)${o.reason ? `  ${o.reason}` : ''}`;
}

const PROGRESS = /^(pass|FAIL|skip) {2}(.+?) {2}\((\d+) ms\)/;

/** Reads `sgp32 run`'s output back: scenario title → its progress line, in the order they finished. */
export function readProgress(output: string): Map<string, ProgressEntry> {
  const entries = new Map<string, ProgressEntry>();
  for (const line of output.split('\n')) {
    const m = PROGRESS.exec(line);
    if (m) entries.set(m[2], { mark: m[1] as Mark, line, ms: Number(m[3]) });
  }
  return entries;
}

export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['single-file', 'no-html']);
  allowOnly(args, ['iut', 'config', 'tags', 'parallel', 'reports', 'single-file', 'no-html']);
  const parallel = Number(option(args, 'parallel') ?? '0');
  if (!Number.isInteger(parallel) || parallel < 0) throw new UsageError('--parallel takes a whole number of worker processes');
  const job = prepareJob(args, 'all');
  console.log(`sgp32 run: ${jobBanner(job)}`);

  const tally = new Map<IutRole, Tally>(job.roles.map((r) => [r, { passed: 0, failed: 0, skipped: 0 }]));
  const failures: ScenarioOutcome[] = [];
  const started = Date.now();
  const ok = await runCucumber(job, { features: job.roles.map((r) => `${r}/**/*.feature`), steps: job.roles, tags: option(args, 'tags'), parallel }, (o) => {
    const t = tally.get(o.iut as IutRole);
    if (t) t[o.verdict]++;
    if (o.verdict === 'failed') failures.push(o);
    console.log(scenarioLine(o));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  console.log(`\n${'IUT'.padEnd(7)} ${'passed'.padStart(7)} ${'failed'.padStart(7)} ${'skipped (n/a)'.padStart(14)}`);
  const sum: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const [role, t] of tally) {
    console.log(`${role.padEnd(7)} ${String(t.passed).padStart(7)} ${String(t.failed).padStart(7)} ${String(t.skipped).padStart(14)}`);
    for (const k of ['passed', 'failed', 'skipped'] as const) sum[k] += t[k];
  }
  console.log(`${'total'.padEnd(7)} ${String(sum.passed).padStart(7)} ${String(sum.failed).padStart(7)} ${String(sum.skipped).padStart(14)}   ${seconds} s`);
  for (const f of failures) console.log(`\nFAILED ${f.name}\n  ${(f.reason ?? '').split('\n').join('\n  ')}`);

  await finishJob(job, args, `sgp32-harness ${job.roles.join(', ')}`);
  return ok && sum.failed === 0 ? 0 : 1;
}
