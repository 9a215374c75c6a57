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

test('eIM target: notifications naming "valueOf" or "toString" as their SM-DP+ are answered, not a 500', async () => {
  // Found by the 1,000,000-case campaign (seeds 7102-7104): the address was looked up in the SM-DP+ URL
  // map with inherited keys, so "valueOf" read a function and forwarding failed with "Invalid URL".
  const ctx = testContext();
  try {
    const target = await eimFuzzTarget(ctx);
    const found = [
      'BF3D2DA02BBF3728BF2722800100BF2F0F8001008101000C0776616C75654F66060100A208A1068001008101015F3700',
      'BF3D2CA02AA128BF2F228007200000000000008101000C08746F537472696E675A0A000000000000000000005F3700',
      'BF3D30A02EBF372BBF2725800100BF2F0F8001008101000C0776616C75654F66060100A20BA0094F05000000000004005F3700',
    ];
    for (const hex of found) {
      const answer = await target.send({
        channel: 'ESipa ASN.1 handleNotification', message: 'HandleNotificationEsipa', mutation: 'none', expect: 'any',
        bytes: Buffer.from(hex, 'hex'), delivery: { fn: 'handleNotification' },
      });
      assert.notEqual(answer.kind, 'broken', `${hex}: ${answer.summary}`);
    }
    assert.equal(await target.probe(), undefined);
  } finally {
    await ctx.close();
  }
});
