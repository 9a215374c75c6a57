/**
 * The IPA fuzz target against the built-in S_IPA (with S_eUICC behind it): a fixed-seed campaign
 * finds nothing, reaches both outcomes, and its generator yields every mutation family.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { failureText } from '../../src/bench/fuzz/evidence';
import { ipaFuzzTarget } from '../../src/bench/fuzz/ipa';
import type { FuzzTarget } from '../../src/bench/fuzz/target';
import { testContext, TestContext } from './context';

describe('IPA fuzz target (built-in S_IPA)', () => {
  let ctx: TestContext;
  let target: FuzzTarget;
  before(async () => {
    ctx = testContext();
    target = await ipaFuzzTarget(ctx);
  });
  after(() => ctx.close());

  it('generates every mutation family', () => {
    const families = new Set(fc.sample(target.cases, { numRuns: 2000, seed: 7 }).map((c) => c.mutation.split(' ')[0]));
    assert.deepEqual([...families].sort(), ['none', 'semantic', 'tlv', 'value']);
  });

  it('2,000 cases: no failure, both outcomes', async () => {
    const r = await runCampaign(target, { runs: 2000, seed: 20240607, timeoutMs: ctx.config.timeouts.exchange });
    assert.equal(r.failures.length, 0, r.failures.map((f) => failureText('ipa', target, f)).join('\n\n'));
    assert.equal(r.cases, 2000);
    assert.ok(r.outcomes.success > 0, `successes: ${r.outcomes.success}`);
    assert.ok(r.outcomes.error > 0, `errors: ${r.outcomes.error}`);
  });
});
