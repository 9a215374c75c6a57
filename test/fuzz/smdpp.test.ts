/**
 * The SM-DP+ fuzz target against the built-in S_SM-DP+: a fixed-seed campaign finds nothing, reaches
 * both verdicts and every mutation family; and a planted flaw (S_SM-DP+ taking any euiccSignature1)
 * is found as an accepted case that must be rejected.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { smdppFuzzTarget } from '../../src/bench/fuzz/smdpp';
import signatures = require('../../src/crypto/rsp-signatures');
import { testContext } from './context';

test('SM-DP+ fuzz: 2,000 cases against S_SM-DP+ find nothing and reach both verdicts and every family', async () => {
  const ctx = testContext();
  try {
    const target = await smdppFuzzTarget(ctx);
    const families = new Set(fc.sample(target.cases, { seed: 7, numRuns: 400 }).map((c) => c.mutation.split(' ')[0]));
    assert.deepEqual([...families].sort(), ['json', 'none', 'semantic', 'tlv', 'value']);
    const result = await runCampaign(target, { runs: 2000, seed: 42, timeoutMs: ctx.config.timeouts.exchange });
    assert.deepEqual(result.failures.map((f) => `${f.reason}\n${f.case.channel} ${f.case.mutation}`), []);
    assert.ok(result.outcomes.success > 0 && result.outcomes.error > 0, JSON.stringify(result.outcomes));
  } finally {
    await ctx.close();
  }
});

test('SM-DP+ fuzz: an SM-DP+ that does not check euiccSignature1 is caught', async () => {
  const ctx = testContext();
  const verify = signatures.verifyRsp;
  // CommonJS: the simulator calls the module's export at call time, so the plant reaches it.
  (signatures as { verifyRsp: typeof verify }).verifyRsp = (name, ...rest) => name === 'euiccSignature1' || verify(name, ...rest);
  try {
    const full = await smdppFuzzTarget(ctx);
    // AuthenticateClient cases only, so that shrinking has few candidates to try
    const target = { ...full, cases: full.cases.filter((c) => c.channel.endsWith('authenticateClient')) };
    const result = await runCampaign(target, { runs: 1000, seed: 3, maxFailures: 1, timeoutMs: ctx.config.timeouts.exchange });
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0].reason, /accepted a case that must be rejected \(semantic /);
  } finally {
    (signatures as { verifyRsp: typeof verify }).verifyRsp = verify;
    await ctx.close();
  }
});
