/**
 * The IPA fuzz target against the built-in S_IPA (with S_eUICC behind it): a fixed-seed campaign
 * finds nothing, reaches both outcomes, and its generator yields every mutation family.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codec } from '../../src/asn1';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { failureText } from '../../src/bench/fuzz/evidence';
import { ipaFuzzTarget } from '../../src/bench/fuzz/ipa';
import { refused } from '../../src/bench/fuzz/ipa/cases';
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

  it('a forged package a mutation turned into another alternative is judged as that alternative', () => {
    // Found by the 1,000,000-case campaign (seed 7001, case 72,936): BF51 renamed BF54 makes a
    // profileDownloadTriggerRequest whose unknown components are extensions; S_IPA rightly took it.
    const c = codec('SGP32Definitions', ctx.config.version);
    const turned = Buffer.from('BF4E25BF5422301D8001005A1000000000000000000000000000000000810100820100A0005F3700', 'hex');
    assert.equal(refused(c, 'TransferEimPackageRequest', turned, undefined, true), false);
    const still = Buffer.from(turned);
    still[4] = 0x51;
    assert.equal(refused(c, 'TransferEimPackageRequest', still, undefined, true), true, 'still a (forged) euiccPackageRequest');
    assert.equal(refused(c, 'TransferEimPackageRequest', still.subarray(0, 20), undefined, false), true, 'undecodable');
  });

  it('a TLV-mutated case must be rejected only while it is undecodable or still an eUICC Package', () => {
    const c = codec('SGP32Definitions', ctx.config.version);
    const cases = fc.sample(target.cases, { numRuns: 20_000, seed: 11 }).filter((k) => k.mutation.startsWith('tlv') && k.expect === 'reject');
    assert.ok(cases.length > 1000, `${cases.length} cases`);
    for (const k of cases) {
      let value: Record<string, unknown> | undefined;
      try {
        value = c.decode((k.delivery as { type: string }).type, k.bytes) as Record<string, unknown>;
      } catch {
        continue;
      }
      assert.ok(value.euiccPackageRequest !== undefined, `${k.mutation}: decodes as ${Object.keys(value)[0]} yet must be rejected`);
    }
  });

  it('2,000 cases: no failure, both outcomes', async () => {
    const r = await runCampaign(target, { runs: 2000, seed: 20240607, timeoutMs: ctx.config.timeouts.exchange });
    assert.equal(r.failures.length, 0, r.failures.map((f) => failureText('ipa', target, f)).join('\n\n'));
    assert.equal(r.cases, 2000);
    assert.ok(r.outcomes.success > 0, `successes: ${r.outcomes.success}`);
    assert.ok(r.outcomes.error > 0, `errors: ${r.outcomes.error}`);
  });
});
