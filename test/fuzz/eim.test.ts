/**
 * The eIM fuzz target against the built-in S_eIM: a clean campaign reaches both outcomes and every
 * mutation family without a failure, and a bug planted at test time is found and shrunk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { eimFuzzTarget } from '../../src/bench/fuzz/eim';
import { testContext } from './context';
import { plantThreeOctetLengthCrash } from './plants';

test('eIM target: 2,000 cases against S_eIM, no failure, both outcomes, every mutation family', async () => {
  const ctx = testContext();
  try {
    const target = await eimFuzzTarget(ctx);
    const families = new Set(fc.sample(target.cases, { numRuns: 400, seed: 7 }).map((c) => c.mutation.split(' ')[0]));
    assert.deepEqual([...families].sort(), ['none', 'semantic', 'tlv', 'value']);
    const result = await runCampaign(target, { runs: 2000, seed: 20240607, timeoutMs: ctx.config.timeouts.exchange });
    assert.deepEqual(result.failures.map((f) => `${f.case.mutation}: ${f.reason}`), []);
    assert.equal(result.cases, 2000);
    assert.ok(result.outcomes.success > 0 && result.outcomes.error > 0, JSON.stringify(result.outcomes));
  } finally {
    await ctx.close();
  }
});

test('eIM target: finds a planted crash on a 3-octet length and shrinks it to the poll at its root', async () => {
  const undo = plantThreeOctetLengthCrash();
  const ctx = testContext();
  try {
    const target = await eimFuzzTarget(ctx);
    undo();
    const result = await runCampaign(target, { runs: 3000, seed: 42, timeoutMs: ctx.config.timeouts.exchange, maxFailures: 1 });
    assert.equal(result.failures.length, 1);
    const [f] = result.failures;
    assert.match(f.reason, /HTTP 500 handler failed: planted: 3-octet length/);
    // Shrunk to the smallest request (the poll of the first base) with the mutation on its outermost TLV.
    assert.equal(f.case.mutation, 'tlv length-3-octets at BF4F');
    assert.equal(f.case.message, 'GetEimPackageRequest');
    assert.equal(f.case.channel, 'ESipa ASN.1 getEimPackage');
  } finally {
    undo();
    await ctx.close();
  }
});
