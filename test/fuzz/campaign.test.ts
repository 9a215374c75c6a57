/**
 * The campaign's own logic against small in-memory targets (no IUT): exact case counts, shrinking to
 * a minimal counterexample that replays from its seed and path, state and liveness checks per batch,
 * hangs bounded by the timeout, and continuing after a failure up to the failure limit.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import type { Answer, FuzzCase, FuzzTarget } from '../../src/bench/fuzz/target';

function target(send: (c: FuzzCase) => Answer | Promise<Answer>, more: Partial<FuzzTarget> = {}): FuzzTarget {
  return {
    role: 'eim', name: 'in-memory',
    cases: fc.uint8Array({ minLength: 1, maxLength: 32 }).map((bytes) => ({ channel: 'memory', message: 'Bytes', mutation: 'none', expect: bytes[0] === 0xff ? 'reject' : 'any', bytes })),
    send: async (c) => send(c), state: async () => 'same', probe: async () => undefined, describe: (c) => ({ length: c.bytes.length }), close: async () => undefined,
    ...more,
  };
}

const ok: Answer = { kind: 'error', summary: 'SW 6A80' };

/** The shrunk form of "contains byte b": b plus at most one zero byte (fast-check drops leading items first). */
function minimal(c: FuzzCase, b: number): boolean {
  return c.bytes.length <= 2 && c.bytes.includes(b) && c.bytes.every((x) => x === b || x === 0);
}

describe('fuzz campaign', () => {
  it('runs exactly the number of cases asked for, and counts outcomes', async () => {
    let sent = 0;
    const r = await runCampaign(target((c) => { sent++; return c.bytes[0] & 1 && c.expect === 'any' ? { kind: 'success', summary: 'ok' } : ok; }), { runs: 500, seed: 1, timeoutMs: 1000 });
    assert.equal(r.cases, 500);
    assert.equal(sent, 500);
    assert.equal(r.failures.length, 0);
    assert.equal(r.outcomes.success + r.outcomes.error, 500);
    assert.ok(r.outcomes.success > 100 && r.outcomes.error > 100);
  });

  it('shrinks a crash to the minimal case, and the seed and path replay exactly that case', async () => {
    // The planted fault: any byte 0x83 "crashes" the IUT.
    const crash = (c: FuzzCase): Answer => (c.bytes.includes(0x83) ? { kind: 'broken', summary: 'connection reset' } : ok);
    const r = await runCampaign(target(crash), { runs: 5000, seed: 42, timeoutMs: 1000, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    const f = r.failures[0];
    assert.ok(minimal(f.case, 0x83), `shrunk to ${[...f.case.bytes]}`);
    assert.match(f.reason, /no valid answer: connection reset/);
    assert.ok(f.shrinks > 0 && f.foundAt >= 1);
    const replay = await runCampaign(target(crash), { seed: f.seed, path: f.path, timeoutMs: 1000 });
    assert.equal(replay.failures.length, 1);
    assert.deepEqual([...replay.failures[0].case.bytes], [...f.case.bytes]);
  });

  it('success for a case that must be rejected is a failure', async () => {
    const r = await runCampaign(target(() => ({ kind: 'success', summary: 'executed' })), { runs: 2000, seed: 3, timeoutMs: 1000, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].case.bytes[0], 0xff);
    assert.match(r.failures[0].reason, /accepted a case that must be rejected/);
  });

  it('state moved by rejected input is found, and pinned on the case that moved it', async () => {
    let counter = 0;
    const t = target((c) => { if (c.bytes.length > 5) counter++; return ok; }, { state: async () => `counter ${counter}` });
    const r = await runCampaign(t, { runs: 3000, seed: 5, timeoutMs: 1000, batch: 16, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].reason, /state changed although every case was rejected/);
    assert.equal(r.failures[0].case.bytes.length, 6);
    assert.ok(r.failures[0].case.bytes.every((b) => b === 0));
  });

  it('a failed liveness probe is a failure', async () => {
    let alive = true;
    const t = target((c) => { if (c.bytes.length === 7) alive = false; return ok; }, { probe: async () => (alive ? undefined : 'no answer') });
    const r = await runCampaign(t, { runs: 2000, seed: 9, timeoutMs: 1000, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].reason, /liveness probe failed/);
  });

  it('a hang is bounded by the timeout', async () => {
    const t = target((c) => (c.bytes[0] === 0 ? new Promise<Answer>(() => undefined) : ok));
    const started = Date.now();
    const r = await runCampaign(t, { runs: 300, seed: 11, timeoutMs: 50, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].reason, /no answer within 50 ms/);
    assert.ok(Date.now() - started < 5000);
  });

  it('goes on after a failure from the next seed until the failure limit', async () => {
    const r = await runCampaign(target((c) => (c.bytes.includes(0x10) ? { kind: 'broken', summary: 'HTTP 500' } : ok)), { runs: 100_000, seed: 100, timeoutMs: 1000, maxFailures: 3 });
    assert.equal(r.failures.length, 3);
    assert.deepEqual(r.seeds, [100, 101, 102]);
    assert.ok(r.failures.every((f) => minimal(f.case, 0x10)), r.failures.map((f) => [...f.case.bytes].join(',')).join(' / '));
  });

  it('a kept-alive connection reset before any answer is sent again once and counted; a second reset is a failure', async () => {
    const stale: Answer = { kind: 'broken', summary: 'connection failed: socket hang up', staleConnection: true };
    let sent = 0;
    const once = await runCampaign(target(() => (++sent === 100 ? stale : ok)), { runs: 300, seed: 5, timeoutMs: 1000 });
    assert.equal(once.failures.length, 0);
    assert.equal(once.resent, 1);
    assert.equal(sent, 301);
    const twice = (c: FuzzCase): Answer => (c.bytes.includes(0x83) ? stale : ok);
    const r = await runCampaign(target(twice), { runs: 3000, seed: 6, timeoutMs: 1000, maxFailures: 1 });
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].reason, /no valid answer: connection failed: socket hang up/);
    assert.ok(minimal(r.failures[0].case, 0x83), `shrunk to ${[...r.failures[0].case.bytes]}`);
  });

  it('a duration bounds the campaign instead of a count', async () => {
    const started = Date.now();
    const r = await runCampaign(target(() => new Promise<Answer>((resolve) => setTimeout(() => resolve(ok), 1))), { durationMs: 300, seed: 1, timeoutMs: 1000 });
    const ms = Date.now() - started;
    assert.ok(r.cases > 10, `${r.cases} cases`);
    assert.ok(ms >= 250 && ms < 3000, `${ms} ms`);
  });
});
