/**
 * Runs Cucumber in-process on a prepared configuration and reports each finished scenario with its
 * IUT (from the `@iut:` tag), verdict, duration and reason (the failing step's message, or the
 * applicability note of a skipped one). Works the same with parallel workers: their messages reach
 * this process.
 */
import { Writable } from 'node:stream';
import { IConfiguration, loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { Envelope, TestStepResultStatus } from '@cucumber/messages';
import { NOT_APPLICABLE } from '../bench/applicability';

export interface ScenarioOutcome {
  name: string;
  iut?: string;
  verdict: 'passed' | 'failed' | 'skipped';
  ms: number;
  reason?: string;
}

export async function runSuites(provided: Partial<IConfiguration>, cwd: string, onScenario: (o: ScenarioOutcome) => void): Promise<boolean> {
  const { runConfiguration } = await loadConfiguration({ provided }, { cwd });
  const pickles = new Map<string, { name: string; iut?: string }>();
  const testCases = new Map<string, string>();
  const running = new Map<string, { pickle: string; start: number; worst: TestStepResultStatus; reason?: string }>();
  const onMessage = (e: Envelope): void => {
    if (e.pickle) pickles.set(e.pickle.id, { name: e.pickle.name, iut: e.pickle.tags.find((t) => t.name.startsWith('@iut:'))?.name.slice(5) });
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) running.set(e.testCaseStarted.id, { pickle: testCases.get(e.testCaseStarted.testCaseId) ?? '', start: Date.now(), worst: TestStepResultStatus.PASSED });
    else if (e.attachment?.testCaseStartedId && e.attachment.body.startsWith(NOT_APPLICABLE)) {
      const r = running.get(e.attachment.testCaseStartedId);
      if (r) r.reason = e.attachment.body;
    } else if (e.testStepFinished) {
      const r = running.get(e.testStepFinished.testCaseStartedId);
      const res = e.testStepFinished.testStepResult;
      if (r && rank(res.status) > rank(r.worst)) {
        r.worst = res.status;
        if (res.status !== TestStepResultStatus.SKIPPED || !r.reason) r.reason = res.message ?? res.exception?.message ?? r.reason;
      }
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const r = running.get(e.testCaseFinished.testCaseStartedId);
      if (!r) return;
      running.delete(e.testCaseFinished.testCaseStartedId);
      const p = pickles.get(r.pickle);
      const verdict = r.worst === TestStepResultStatus.PASSED ? 'passed' : r.worst === TestStepResultStatus.SKIPPED ? 'skipped' : 'failed';
      const reason = verdict === 'failed' && r.worst !== TestStepResultStatus.FAILED ? `${r.worst.toLowerCase()}: ${r.reason ?? 'a step has no definition or is pending'}` : r.reason;
      onScenario({ name: p?.name ?? r.pickle, iut: p?.iut, verdict, ms: Date.now() - r.start, reason: verdict === 'passed' ? undefined : reason });
    }
  };
  // Cucumber's own stdout formatter would interleave with the per-scenario lines printed here.
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const { success } = await runCucumber(runConfiguration, { cwd, stdout: quiet }, onMessage);
  return success;
}

/** Which step status decides the scenario's verdict: any failure, undefined or pending beats a skip. */
function rank(s: TestStepResultStatus): number {
  return [TestStepResultStatus.PASSED, TestStepResultStatus.SKIPPED, TestStepResultStatus.UNKNOWN, TestStepResultStatus.PENDING,
    TestStepResultStatus.UNDEFINED, TestStepResultStatus.AMBIGUOUS, TestStepResultStatus.FAILED].indexOf(s);
}
