/**
 * Steps of the @docker scenarios: simulator containers on a private network, a harness container
 * running a suite across it, and a peer killed mid-procedure. The lab lives in
 * src/bench/docker/; the World holds it and the run in progress.
 */
import { Before, Given, Then, When } from '@cucumber/cucumber';
import { NOT_APPLICABLE } from '../../src/bench/applicability';
import { ContainerLab, HarnessRun, labUnavailable, PendingRun } from '../../src/bench/docker/lab';
import { eimService, eimSuiteConfig, LAB_TLS_NAMES, LabService, smdppService, smdppSuiteConfig } from '../../src/bench/docker/suites';
import { describeProblem, verifyManifest } from '../../src/bench/report/manifest';
import { ProgressEntry, readProgress } from '../../src/cli/run';
import { HarnessWorld } from '../support/world';

/** A whole suite in a container; the SM-DP+ suite waits out order lifetimes and session timeouts. */
const SUITE_RUN_MS = 600_000;
const FAULT_RUN_MS = 120_000;

const runs = new WeakMap<HarnessWorld, { pending: PendingRun; result?: HarnessRun }>();

function lab(w: HarnessWorld): Promise<ContainerLab> {
  return w.bench('docker-lab', () => ContainerLab.open(w, LAB_TLS_NAMES));
}

async function finished(w: HarnessWorld): Promise<HarnessRun> {
  const run = runs.get(w);
  if (!run) throw new Error('no harness container was started in this scenario');
  run.result ??= await run.pending.done;
  return run.result;
}

async function runSuite(w: HarnessWorld, args: string[], config: string, timeoutMs: number): Promise<void> {
  const pending = await (await lab(w)).runHarness([...args, '--config', '/work/config.yaml', '--no-html', '--reports', '/work/reports'], { 'config.yaml': config }, timeoutMs);
  runs.set(w, { pending });
}

function progressOf(w: HarnessWorld, run: HarnessRun, id: string): ProgressEntry & { order: number } {
  const entries = [...readProgress(run.output)];
  const order = entries.findIndex(([name]) => name.startsWith(`${id} `));
  if (order < 0) throw new Error(`the run reported no scenario ${id}:\n${run.output.slice(-3000)}`);
  w.note(entries[order][1].line);
  return { ...entries[order][1], order };
}

async function startService(w: HarnessWorld, s: LabService): Promise<void> {
  await (await lab(w)).start(s.alias, s.args, s.ready);
}

Before({ tags: '@docker' }, async function (this: HarnessWorld) {
  const why = await labUnavailable();
  if (!why) return undefined;
  this.attach(`${NOT_APPLICABLE} ${why}`, { mediaType: 'text/plain', fileName: 'applicability' });
  return 'skipped';
});

Given('a private container network whose test PKI names the services', { timeout: 60_000 }, async function (this: HarnessWorld) {
  await lab(this);
});

Given('S_eIM runs in a container on the network', { timeout: 60_000 }, async function (this: HarnessWorld) {
  await startService(this, eimService(3_000));
});

Given('S_eIM runs in a container on the network, waiting up to {int} s for an SM-DP+', { timeout: 60_000 }, async function (this: HarnessWorld, seconds: number) {
  await startService(this, eimService(seconds * 1000));
});

Given('S_SM-DP+ runs in a container on the network', { timeout: 60_000 }, async function (this: HarnessWorld) {
  await startService(this, smdppService());
});

When('a harness container runs the eIM suite against it', { timeout: SUITE_RUN_MS + 60_000 }, async function (this: HarnessWorld) {
  await runSuite(this, ['run', '--iut', 'eim'], eimSuiteConfig(), SUITE_RUN_MS);
  await finished(this);
});

When('a harness container runs the SM-DP+ suite against it', { timeout: SUITE_RUN_MS + 60_000 }, async function (this: HarnessWorld) {
  await runSuite(this, ['run', '--iut', 'smdpp'], smdppSuiteConfig(), SUITE_RUN_MS);
  await finished(this);
});

When('a harness container runs {string} and then {string} against it', { timeout: 60_000 }, async function (this: HarnessWorld, first: string, second: string) {
  await runSuite(this, ['run', '--iut', 'eim', '--tags', `@id:${first} or @id:${second}`], eimSuiteConfig(), FAULT_RUN_MS);
});

When('the eIM container is killed while S_IPA waits for its InitiateAuthentication answer', { timeout: 60_000 }, async function (this: HarnessWorld) {
  const l = await lab(this);
  // S_eIM logs an exchange once answered: the download trigger is out, so S_IPA's InitiateAuthentication
  // follows at once and hangs in the relay to the SM-DP+ that never answers.
  await l.waitForOutput('eim', /getEimPackage .*-> getEimPackageResponse profileDownloadTriggerRequest/, 45_000);
  await new Promise((r) => setTimeout(r, 1_000));
  await l.kill('eim');
  this.note('eIM container killed (SIGKILL) 1 s after it handed out the download trigger');
});

Then('the suite run passes with at least {int} scenarios passed and every skip not applicable', async function (this: HarnessWorld, atLeast: number) {
  const run = await finished(this);
  const entries = [...readProgress(run.output).values()];
  const passed = entries.filter((e) => e.mark === 'pass').length;
  const failed = entries.filter((e) => e.mark === 'FAIL');
  const otherSkips = entries.filter((e) => e.mark === 'skip' && !e.line.includes(NOT_APPLICABLE));
  this.note(`harness container: exit code ${run.exitCode}, ${passed} passed, ${failed.length} failed, ${entries.length - passed - failed.length} skipped`);
  if (failed.length || otherSkips.length) throw new Error(`the suite run did not pass:\n${[...failed, ...otherSkips].map((e) => e.line).join('\n')}`);
  if (passed < atLeast) throw new Error(`only ${passed} scenarios passed (expected at least ${atLeast}):\n${run.output.slice(-3000)}`);
  if (run.exitCode !== 0) throw new Error(`the harness container exited ${run.exitCode}:\n${run.output.slice(-3000)}`);
});

Then('the suite run\'s evidence verifies against its manifest', async function (this: HarnessWorld) {
  expectVerified(this, await finished(this));
});

Then('{string} fails before the exchange timeout, naming the lost connection to the eIM', async function (this: HarnessWorld, id: string) {
  const run = await finished(this);
  const p = progressOf(this, run, id);
  const limit = this.config.timeouts.exchange;
  if (p.mark !== 'FAIL') throw new Error(`${id} was expected to fail, it reported: ${p.line}`);
  // The ESipa client names the eIM's URL and what happened to the connection, not a timeout.
  if (!/https:\/\/eim:\d+\S*: (connection failed \((ECONNRESET|EPIPE)\)|no answer: socket hang up)/.test(p.line)) {
    throw new Error(`${id} does not name the lost connection: ${p.line}`);
  }
  if (p.order !== 0) throw new Error(`${id} was not the first scenario to finish:\n${run.output}`);
  if (p.ms >= limit + 5_000) throw new Error(`${id} took ${p.ms} ms, so it ended by a timeout, not on the lost connection`);
});

Then('{string} still runs and fails, naming the unreachable eIM', async function (this: HarnessWorld, id: string) {
  const p = progressOf(this, await finished(this), id);
  if (p.mark !== 'FAIL' || !/eim\S*: .*(ENOTFOUND eim|EAI_AGAIN eim|ECONNREFUSED|EHOSTUNREACH)/.test(p.line)) {
    throw new Error(`${id} was expected to fail on the unreachable eIM, it reported: ${p.line}`);
  }
});

Then('the suite run ends with exit code {int} and its evidence verifies against its manifest', async function (this: HarnessWorld, code: number) {
  const run = await finished(this);
  if (run.exitCode !== code) throw new Error(`the harness container exited ${run.exitCode}, expected ${code}:\n${run.output.slice(-3000)}`);
  expectVerified(this, run);
});

function expectVerified(w: HarnessWorld, run: HarnessRun): void {
  const problems = verifyManifest(run.reports);
  if (problems.length) throw new Error(`the run's evidence does not match its manifest:\n${problems.map(describeProblem).join('\n')}`);
  w.note(`evidence of the run in the container: manifest verified (${run.reports})`);
}
