/**
 * `sgp32 run`: the conformance suites. Each IUT's features run with the other roles simulated; with
 * no configuration the IUT is the built-in simulator too (the embedded default). Progress is one line
 * per finished scenario, the end is a table per IUT, and the exit code is 0 only when nothing failed.
 * Evidence goes to Allure results (written as each scenario finishes), JUnit XML, the HTML report and
 * a manifest of SHA-256 digests an auditor can check with `sgp32 report verify`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IConfiguration } from '@cucumber/cucumber/api';
import { defaultConfig, IUT_ROLES, IutRole } from '../bench/config';
import { loadConfig } from '../bench/config-file';
import { environmentInfo } from '../bench/report/environment';
import { renderHtml } from '../bench/report/html';
import { writeManifest } from '../bench/report/manifest';
import { generatePki, writePki } from '../pki';
import { allowOnly, option, parseArgs, UsageError } from './args';
import { runSuites, ScenarioOutcome } from './run-suites';

/** The package root (features/, dist/steps/), whatever the caller's working directory. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');

export interface Tally { passed: number; failed: number; skipped: number }

export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ['single-file', 'no-html']);
  allowOnly(args, ['iut', 'config', 'tags', 'parallel', 'reports', 'single-file', 'no-html']);
  const iut = option(args, 'iut') ?? 'all';
  if (iut !== 'all' && !(IUT_ROLES as readonly string[]).includes(iut)) throw new UsageError(`--iut must be one of ${IUT_ROLES.join(', ')}, all`);
  const parallel = Number(option(args, 'parallel') ?? '0');
  if (!Number.isInteger(parallel) || parallel < 0) throw new UsageError('--parallel takes a whole number of worker processes');
  const configFile = option(args, 'config');
  const { config: cfg, raw } = configFile ? loadConfig(configFile) : { config: defaultConfig(), raw: undefined };
  const reports = resolve(option(args, 'reports') ?? 'reports');
  const roles = iut === 'all' ? [...IUT_ROLES] : [iut as IutRole];

  if (!cfg.pki) {
    // The simulators of one run share a test PKI; an external IUT must be given `pki` in the config.
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-run-pki-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writePki(dir, generatePki({ curves: cfg.curves }));
    cfg.pki = dir;
  }
  const resultsDir = join(reports, 'allure-results');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  const mode = roles.map((r) => `${r}: ${cfg.iut[r] ? `configured IUT${cfg.iut[r]!.identity ? ` (${cfg.iut[r]!.identity})` : ''}` : 'built-in simulator'}`).join(', ');
  console.log(`sgp32 run: SGP.32 ${cfg.version}, ${mode}${configFile ? `, config ${configFile}` : ' (embedded default)'}`);
  const cucumber: Partial<IConfiguration> = {
    paths: roles.map((r) => join(PACKAGE_ROOT, 'features', r, '**', '*.feature')),
    // Only the selected suites' steps load: each suite's phrases belong to its own bench.
    require: ['support', ...roles].map((d) => join(PACKAGE_ROOT, 'dist', 'steps', d, '**', '*.js')),
    tags: option(args, 'tags') ?? '',
    parallel,
    strict: true,
    format: [
      ['allure-cucumberjs/reporter', join(reports, 'allure-formatter.log')],
      ['junit', join(reports, 'junit.xml')],
    ],
    formatOptions: {
      resultsDir,
      // allure-cucumberjs wants RegExp patterns; formatters run in this process, so they survive.
      labels: [
        { pattern: [/@id:(.*)/], name: 'AS_ID' },
        { pattern: [/@iut:(.*)/], name: 'parentSuite' },
      ] as never,
      environmentInfo: environmentInfo(cfg, raw, roles),
      junit: { suiteName: 'sgp32-harness' },
    },
    worldParameters: { config: cfg } as never,
  };
  process.env.SGP32_STEP_TIMEOUT = String(cfg.timeouts.step);

  const tally = new Map<IutRole, Tally>(roles.map((r) => [r, { passed: 0, failed: 0, skipped: 0 }]));
  const failures: ScenarioOutcome[] = [];
  const started = Date.now();
  const ok = await runSuites(cucumber, PACKAGE_ROOT, (o) => {
    const t = tally.get(o.iut as IutRole);
    if (t) t[o.verdict]++;
    if (o.verdict === 'failed') failures.push(o);
    const mark = o.verdict === 'passed' ? 'pass' : o.verdict === 'failed' ? 'FAIL' : 'skip';
    console.log(`${mark}  ${o.name}  (${o.ms} ms)${o.reason ? `  ${o.reason}` : ''}`);
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

  if (!args.options.has('no-html')) {
    const html = join(reports, 'allure-report');
    await renderHtml(resultsDir, html, { singleFile: args.options.has('single-file'), name: `sgp32-harness ${roles.join(', ')}` });
    console.log(`report: ${join(html, 'index.html')}`);
  }
  const manifest = writeManifest(reports);
  console.log(`results: ${resultsDir}, JUnit: ${join(reports, 'junit.xml')}, manifest: ${manifest.path} (${manifest.files} files)`);
  return ok && sum.failed === 0 ? 0 : 1;
}
