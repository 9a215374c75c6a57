/**
 * Scenario life cycle: applicability before anything runs (an inapplicable scenario is skipped with
 * its reason, never passed), the evidence of each step (every message it caused, hex and decoded),
 * the scenario's sequence diagram on its last step, and closing everything the benches opened.
 */
import { After, AfterStep, Before, BeforeStep, ITestCaseHookParameter, ITestStepHookParameter, setDefaultTimeout, Status } from '@cucumber/cucumber';
import { applicability } from '../../src/bench/applicability';
import { OPTIONAL_FEATURES } from '../../src/bench/optional-features';
import { sequenceDiagramSvg } from '../../src/bench/report/sequence-diagram';
import { HarnessWorld } from './world';

setDefaultTimeout(Number(process.env.SGP32_STEP_TIMEOUT ?? 30_000));

Before(function (this: HarnessWorld, { pickle }: ITestCaseHookParameter) {
  const tags = pickle.tags.map((t) => t.name);
  const id = tags.find((t) => t.startsWith('@id:'))?.slice(4);
  this.scenario = { name: pickle.name, id, tags };
  const a = applicability(tags, this.config, OPTIONAL_FEATURES);
  if (!a.applicable) {
    this.attach(a.reason, { mediaType: 'text/plain', fileName: 'applicability' });
    return 'skipped';
  }
  return undefined;
});

const marks = new WeakMap<HarnessWorld, number>();

BeforeStep(function (this: HarnessWorld) {
  marks.set(this, this.trace.mark());
});

AfterStep(function (this: HarnessWorld, { pickle, pickleStep, result }: ITestStepHookParameter) {
  for (const m of this.trace.since(marks.get(this) ?? 0)) {
    const evidence = { interface: m.interface, from: m.from, to: m.to, endpoint: m.endpoint, time: new Date(m.time).toISOString(), hex: m.hex.toUpperCase(), decoded: m.decoded };
    this.attach(JSON.stringify(evidence, null, 2), { mediaType: 'application/json', fileName: `#${m.seq} ${m.from} → ${m.to}: ${m.title}` });
  }
  const last = pickle.steps[pickle.steps.length - 1]?.id === pickleStep.id;
  if ((last || result.status !== Status.PASSED) && this.trace.messages.length) {
    this.attach(sequenceDiagramSvg(this.trace.messages), { mediaType: 'image/svg+xml', fileName: 'sequence diagram' });
  }
});

After(async function (this: HarnessWorld) {
  const problems: string[] = [];
  for (const close of this.closers.reverse()) {
    try {
      await Promise.race([close(), new Promise((_, reject) => setTimeout(() => reject(new Error('did not close in time')), this.config.timeouts.exchange).unref())]);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) this.attach(`closing the bench: ${problems.join('; ')}`, { mediaType: 'text/plain', fileName: 'teardown' });
});
