/**
 * What `sgp32 run` and `sgp32 fuzz` share: the configuration (embedded default or a YAML file) with a
 * run PKI when it names none, Cucumber in-process over chosen feature folders with the Allure,
 * JUnit and environment reporting, and the end of a run — HTML report and SHA-256 manifest.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IConfiguration } from '@cucumber/cucumber/api';
import { defaultConfig, HarnessConfig, IUT_ROLES, IutRole } from '../bench/config';
import { loadConfig } from '../bench/config-file';
import { environmentInfo } from '../bench/report/environment';
import { renderHtml } from '../bench/report/html';
import { writeManifest } from '../bench/report/manifest';
import { generatePki, writePki } from '../pki';
import { Args, option, UsageError } from './args';
import { runSuites, ScenarioOutcome } from './run-suites';

/** The package root (features/, dist/steps/), whatever the caller's working directory. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');

export interface Job {
  cfg: HarnessConfig;
  raw: unknown;
  configFile?: string;
  roles: IutRole[];
  reports: string;
  resultsDir: string;
}

/** Reads `--iut`, `--config` and `--reports`, gives the run a PKI and an empty results folder. */
export function prepareJob(args: Args, defaultIut: IutRole | 'all'): Job {
  const iut = option(args, 'iut') ?? defaultIut;
  if (iut !== 'all' && !(IUT_ROLES as readonly string[]).includes(iut)) throw new UsageError(`--iut must be one of ${IUT_ROLES.join(', ')}, all`);
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
  return { cfg, raw, configFile, roles, reports, resultsDir };
}

/** `config: embedded default` or the file, and per role whether it is the simulator or a configured IUT. */
export function jobBanner(job: Job): string {
  const mode = job.roles.map((r) => `${r}: ${job.cfg.iut[r] ? `configured IUT${job.cfg.iut[r]!.identity ? ` (${job.cfg.iut[r]!.identity})` : ''}` : 'built-in simulator'}`).join(', ');
  return `SGP.32 ${job.cfg.version}, ${mode}${job.configFile ? `, config ${job.configFile}` : ' (embedded default)'}`;
}

export interface CucumberRun {
  /** Feature globs under features/ and step folders under dist/steps/ (besides support). */
  features: string[];
  steps: string[];
  tags?: string;
  parallel?: number;
  worldParameters?: Record<string, unknown>;
}

/** Runs Cucumber with the run's reporting; `onScenario` sees each finished scenario. */
export function runCucumber(job: Job, run: CucumberRun, onScenario: (o: ScenarioOutcome) => void): Promise<boolean> {
  const cucumber: Partial<IConfiguration> = {
    paths: run.features.map((f) => join(PACKAGE_ROOT, 'features', f)),
    // Only the selected suites' steps load: each suite's phrases belong to its own bench.
    require: ['support', ...run.steps].map((d) => join(PACKAGE_ROOT, 'dist', 'steps', d, '**', '*.js')),
    tags: run.tags ?? '',
    parallel: run.parallel ?? 0,
    strict: true,
    format: [
      ['allure-cucumberjs/reporter', join(job.reports, 'allure-formatter.log')],
      ['junit', join(job.reports, 'junit.xml')],
    ],
    formatOptions: {
      resultsDir: job.resultsDir,
      // allure-cucumberjs wants RegExp patterns; formatters run in this process, so they survive.
      labels: [
        { pattern: [/@id:(.*)/], name: 'AS_ID' },
        { pattern: [/@iut:(.*)/], name: 'parentSuite' },
      ] as never,
      environmentInfo: environmentInfo(job.cfg, job.raw, job.roles),
      junit: { suiteName: 'sgp32-harness' },
    },
    worldParameters: { config: job.cfg, ...run.worldParameters } as never,
  };
  process.env.SGP32_STEP_TIMEOUT = String(job.cfg.timeouts.step);
  return runSuites(cucumber, PACKAGE_ROOT, onScenario);
}

/** The HTML report (unless `--no-html`) and the manifest; prints where they are. */
export async function finishJob(job: Job, args: Args, name: string): Promise<void> {
  if (!args.options.has('no-html')) {
    const html = join(job.reports, 'allure-report');
    await renderHtml(job.resultsDir, html, { singleFile: args.options.has('single-file'), name });
    console.log(`report: ${join(html, 'index.html')}`);
  }
  const manifest = writeManifest(job.reports);
  console.log(`results: ${job.resultsDir}, JUnit: ${join(job.reports, 'junit.xml')}, manifest: ${manifest.path} (${manifest.files} files)`);
}
