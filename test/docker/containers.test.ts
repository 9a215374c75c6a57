/**
 * The @docker scenarios (features/docker) through the same Cucumber job as `sgp32 run`. With a
 * container runtime and the harness image every scenario must pass; without them every scenario
 * must be skipped with the reason, never passed. SGP32_DOCKER=required (set by .ci/run, which
 * starts dockerd and builds the image) makes a skip a failure.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labUnavailable } from '../../src/bench/docker/lab';
import { parseArgs } from '../../src/cli/args';
import { prepareJob, runCucumber } from '../../src/cli/job';
import { ScenarioOutcome } from '../../src/cli/run-suites';

describe('@docker scenarios: suites across a container network', () => {
  const reports = mkdtempSync(join(tmpdir(), 'sgp32-docker-'));
  after(() => rmSync(reports, { recursive: true, force: true }));

  it('pass with a container runtime and the image, and are skipped with the reason without', { timeout: 1_800_000 }, async () => {
    const unavailable = await labUnavailable();
    const job = prepareJob(parseArgs(['--reports', reports]), 'all');
    const outcomes: ScenarioOutcome[] = [];
    await runCucumber(job, { features: ['docker/**/*.feature'], steps: ['docker'] }, (o) => {
      outcomes.push(o);
      console.log(`${o.verdict}  ${o.name}  (${(o.ms / 1000).toFixed(1)} s)${o.reason ? `  ${o.reason.split('\n')[0]}` : ''}`);
    });
    assert.equal(outcomes.length, 3, 'the three @docker scenarios ran');
    if (unavailable) {
      assert.notEqual(process.env.SGP32_DOCKER, 'required', `SGP32_DOCKER=required, but ${unavailable}`);
      for (const o of outcomes) {
        assert.equal(o.verdict, 'skipped', o.name);
        assert.ok(o.reason?.includes(unavailable), `${o.name}: ${o.reason}`);
      }
      return;
    }
    const notPassed = outcomes.filter((o) => o.verdict !== 'passed');
    assert.deepEqual(notPassed.map((o) => `${o.name}: ${o.reason}`), []);
  });
});
