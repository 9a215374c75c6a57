/**
 * The eUICC fuzz target against the built-in S_eUICC (a card server on loopback TCP): fixed-seed
 * campaigns at both spec versions find nothing and reach both verdicts and every mutation family;
 * and a replay flaw planted in S_eUICC is found, shrunk to a counter equal to the stored one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { codec } from '../../src/asn1';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { euiccFuzzTarget } from '../../src/bench/fuzz/euicc';
import { ES10_FUNCTIONS } from '../../simulators/euicc/functions';
import { Es10Context, Es10Function } from '../../simulators/euicc/context';
import { testContext } from './context';

for (const [version, runs] of [['v1.2', 2000], ['v1.0', 1000]] as const) {
  test(`eUICC fuzz ${version}: ${runs} cases against S_eUICC find nothing and reach both verdicts and every family`, async () => {
    const ctx = testContext((c) => { c.version = version; });
    try {
      const target = await euiccFuzzTarget(ctx);
      const families = new Set(fc.sample(target.cases, { seed: 7, numRuns: 400 }).map((c) => c.mutation.split(' ')[0]));
      assert.deepEqual([...families].sort(), ['apdu', 'none', 'semantic', 'tlv', 'value']);
      const result = await runCampaign(target, { runs, seed: 42, timeoutMs: ctx.config.timeouts.exchange });
      assert.deepEqual(result.failures.map((f) => `${f.reason}\n${f.case.channel} ${f.case.mutation}`), []);
      assert.ok(result.outcomes.success > 0 && result.outcomes.error > 0, JSON.stringify(result.outcomes));
    } finally {
      await ctx.close();
    }
  });
}

test('eUICC fuzz: a card that takes a package whose counter equals the stored one is caught, shrunk to that counter', async () => {
  // The plant, at test time only: S_eUICC's ES10b.LoadEuiccPackage is wrapped so that a counterValue
  // equal to the eIM's stored counter passes the replay check (an off-by-one: `<` for `<=`). The
  // stored counter is lowered by one just for that call and put back if the package is not executed.
  const fn = ES10_FUNCTIONS.find((f) => f.name === 'ES10b.LoadEuiccPackage') as Es10Function;
  const original = fn.handle;
  fn.handle = (card: Es10Context, req: any, raw: Uint8Array) => {
    const eim = card.state.eims.find((e) => e.eimId === req.euiccPackageSigned.eimId);
    if (!eim || BigInt(req.euiccPackageSigned.counterValue) !== BigInt(eim.counterValue)) return original(card, req, raw);
    eim.counterValue -= 1;
    const result = original(card, req, raw) as Record<string, unknown>;
    if (!result.euiccPackageResultSigned) eim.counterValue += 1;
    return result;
  };
  const ctx = testContext();
  try {
    const target = await euiccFuzzTarget(ctx);
    const result = await runCampaign(target, { runs: 3000, seed: 5, maxFailures: 1, timeoutMs: ctx.config.timeouts.exchange });
    assert.equal(result.failures.length, 1, 'the planted replay flaw is found');
    const [failure] = result.failures;
    assert.match(failure.reason, /accepted a case that must be rejected/);
    assert.match(failure.case.mutation, /^semantic replayed counter/);
    const sent = codec('SGP32Definitions', ctx.config.version).decode('EuiccPackageRequest', failure.case.bytes).euiccPackageSigned;
    const stored = JSON.parse(await target.state()).eims.eimConfigurationDataList.find((e: { eimId: string }) => e.eimId === sent.eimId).counterValue;
    assert.equal(Number(sent.counterValue), Number(stored), 'shrunk to the smallest replay: the stored counter itself');
  } finally {
    fn.handle = original;
    await ctx.close();
  }
});
