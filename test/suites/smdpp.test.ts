/**
 * Acceptance of the SM-DP+ suite against an SM-DP+ in another process: `sgp32 sim smdpp` on each
 * curve (with a short order lifetime and session timeout, so the time-based optional features can
 * be declared), reached only through a YAML configuration as a vendor's SM-DP+ would be. Every
 * scenario must get the verdict the embedded run gives, and run in exactly one of the two external
 * runs (each declares one curve).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePki, writePki } from '../../src/pki';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const ORDER_LIFETIME_MS = 5_000;
const SESSION_TIMEOUT_MS = 3_000;
const LINE = /^(pass|FAIL|skip) {2}(.+?) {2}\(\d+ ms\)/;

type Verdict = 'pass' | 'FAIL' | 'skip';
interface Run { code: number | null; verdicts: Map<string, Verdict>; output: string }

/** `sgp32 sim smdpp` on `curve`; resolves with its ES9+ and ES2+ URLs once it listens. */
function startSim(dir: string, curve: string, started: ChildProcess[]): Promise<{ es9: string; es2: string }> {
  const child = spawn(process.execPath, [MAIN, 'sim', 'smdpp', '--pki', dir, '--curve', curve, '--profiles', '400',
    '--order-lifetime', String(ORDER_LIFETIME_MS), '--session-timeout', String(SESSION_TIMEOUT_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sim smdpp ${curve} did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const es9 = /^smdpp es9 (\S+)$/m.exec(out)?.[1], es2 = /^smdpp es2 (\S+)$/m.exec(out)?.[1];
      if (es9 && es2) {
        clearTimeout(timer);
        resolve({ es9, es2 });
      }
    });
    child.stderr!.on('data', (d: Buffer) => { out += d; });
    child.once('exit', (code) => reject(new Error(`sim smdpp ${curve} exited (${code}):\n${out}`)));
  });
}

function configFor(dir: string, curve: 'nist' | 'brp', urls: { es9: string; es2: string }): string {
  return [
    'version: v1.2',
    `pki: ${dir}`,
    'features:',
    `  O_DP_${curve === 'nist' ? 'NIST' : 'BRP'}: true`,
    `  O_DP_${curve === 'nist' ? 'BRP' : 'NIST'}: false`,
    '  O_DP_ASN1_BINDING: true',
    '  O_DP_ORDER_EXPIRY: true',
    '  O_DP_SESSION_TIMEOUT: true',
    'iut:',
    '  smdpp:',
    `    es9: ${urls.es9}`,
    `    es2: ${urls.es2}`,
    '    serverAddress: testsmdpplus1.example.com',
    `    orderLifetimeMs: ${ORDER_LIFETIME_MS}`,
    `    sessionTimeoutMs: ${SESSION_TIMEOUT_MS}`,
    `    tls: { trust: [${join(dir, curve, 'ci.pem')}] }`,
    `    identity: sgp32 sim smdpp (${curve})`,
    '',
  ].join('\n');
}

/** `sgp32 run --iut smdpp` with `args`; resolves with each scenario's verdict. */
function runSuite(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'run', '--iut', 'smdpp', '--no-html', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d; });
    child.stderr.on('data', (d: Buffer) => { output += d; });
    child.once('exit', (code) => {
      const verdicts = new Map<string, Verdict>();
      for (const line of output.split('\n')) {
        const m = LINE.exec(line);
        if (m) verdicts.set(m[2], m[1] as Verdict);
      }
      resolve({ code, verdicts, output });
    });
  });
}

describe('the SM-DP+ suite against sgp32 sim smdpp in other processes', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sgp32-smdpp-suite-'));
  const sims: ChildProcess[] = [];
  let embedded: Run, nist: Run, brp: Run;

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
    assert.deepEqual([...embedded.verdicts.values()].filter((v) => v !== 'pass'), [], embedded.output);
  });

  it('both external runs end without failures', () => {
    assert.equal(nist.code, 0, nist.output);
    assert.equal(brp.code, 0, brp.output);
  });

  it('every scenario runs in exactly one external run, with the embedded verdict', () => {
    const problems: string[] = [];
    for (const [name, verdict] of embedded.verdicts) {
      const ran = [nist, brp].map((r) => r.verdicts.get(name)).filter((v) => v !== undefined && v !== 'skip');
      if (ran.length !== 1) problems.push(`${name}: ran in ${ran.length} external runs`);
      else if (ran[0] !== verdict) problems.push(`${name}: external ${ran[0]}, embedded ${verdict}`);
    }
    assert.equal(nist.verdicts.size, embedded.verdicts.size);
    assert.deepEqual(problems, []);
  });
});
