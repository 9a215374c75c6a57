/**
 * Acceptance of the SM-DP+ suite against an SM-DP+ in another process: `sgp32 sim smdpp` on each
 * curve (with a short order lifetime and session timeout, so the time-based optional features can
 * be declared), reached only through a YAML configuration as a vendor's SM-DP+ would be. Every
 * scenario must get the verdict the embedded run gives, and run in exactly one of the two external
 * runs (each declares one curve).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smdppIutYaml } from '../../src/bench/config-templates';
import { generatePki, writePki } from '../../src/pki';
import { RunResult, runSgp32, startSgp32 } from './sgp32-process';

const ORDER_LIFETIME_MS = 5_000;
const SESSION_TIMEOUT_MS = 3_000;

/** `sgp32 sim smdpp` on `curve`; resolves with its ES9+ and ES2+ URLs once it listens. */
function startSim(dir: string, curve: string, started: ChildProcess[]): Promise<{ es9: string; es2: string }> {
  return startSgp32(['sim', 'smdpp', '--pki', dir, '--curve', curve, '--profiles', '400',
    '--order-lifetime', String(ORDER_LIFETIME_MS), '--session-timeout', String(SESSION_TIMEOUT_MS)], started, (out) => {
    const es9 = /^smdpp es9 (\S+)$/m.exec(out)?.[1], es2 = /^smdpp es2 (\S+)$/m.exec(out)?.[1];
    return es9 && es2 ? { es9, es2 } : undefined;
  });
}

function configFor(dir: string, curve: 'nist' | 'brp', urls: { es9: string; es2: string }): string {
  return smdppIutYaml({
    pki: dir, curve, trust: join(dir, curve, 'ci.pem'), es9: urls.es9, es2: urls.es2,
    orderLifetimeMs: ORDER_LIFETIME_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS, identity: `sgp32 sim smdpp (${curve})`,
  });
}

/** `sgp32 run --iut smdpp` with `args`. */
function runSuite(args: string[]): Promise<RunResult> {
  return runSgp32(['run', '--iut', 'smdpp', '--no-html', ...args]);
}

describe('the SM-DP+ suite against sgp32 sim smdpp in other processes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sgp32-smdpp-suite-'));
  const sims: ChildProcess[] = [];
  let embedded: RunResult, nist: RunResult, brp: RunResult;

  before(async () => {
    const pki = join(tmp, 'pki');
    writePki(pki, generatePki({ curves: ['nist', 'brp'] }));
    const [nistUrls, brpUrls] = await Promise.all([startSim(pki, 'nist', sims), startSim(pki, 'brp', sims)]);
    writeFileSync(join(tmp, 'nist.yaml'), configFor(pki, 'nist', nistUrls));
    writeFileSync(join(tmp, 'brp.yaml'), configFor(pki, 'brp', brpUrls));
    [embedded, nist, brp] = await Promise.all([
      runSuite(['--reports', join(tmp, 'embedded')]),
      runSuite(['--config', join(tmp, 'nist.yaml'), '--reports', join(tmp, 'nist')]),
      runSuite(['--config', join(tmp, 'brp.yaml'), '--reports', join(tmp, 'brp')]),
    ]);
  });

  after(() => {
    for (const s of sims) s.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the embedded run passes at least 45 scenarios and fails none', () => {
    assert.equal(embedded.code, 0, embedded.output);
    assert.ok(embedded.verdicts.size >= 45, `only ${embedded.verdicts.size} scenarios`);
    assert.deepEqual([...embedded.verdicts.values()].filter((v) => v.verdict !== 'pass'), [], embedded.output);
  });

  it('both external runs end without failures', () => {
    assert.equal(nist.code, 0, nist.output);
    assert.equal(brp.code, 0, brp.output);
  });

  it('every scenario runs in exactly one external run, with the embedded verdict', () => {
    const problems: string[] = [];
    for (const [name, { verdict }] of embedded.verdicts) {
      const ran = [nist, brp].map((r) => r.verdicts.get(name)?.verdict).filter((v) => v !== undefined && v !== 'skip');
      if (ran.length !== 1) problems.push(`${name}: ran in ${ran.length} external runs`);
      else if (ran[0] !== verdict) problems.push(`${name}: external ${ran[0]}, embedded ${verdict}`);
    }
    assert.equal(nist.verdicts.size, embedded.verdicts.size);
    assert.deepEqual(problems, []);
  });
});
