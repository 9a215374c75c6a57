/**
 * Acceptance of the eUICC suite against a card in another process: `sgp32 sim euicc --listen` serves
 * S_eUICC on the TCP APDU link with the run's PKI, `sgp32 run --iut euicc --config F` tests it as an
 * external IUT (state kept between scenarios, reset by the initial conditions), and every scenario must
 * get the verdict of the embedded run — all of them passed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePki, writePki } from '../../src/pki';

const MAIN = join(__dirname, '../../src/cli/main.js');
const TIMEOUT = 240_000;

interface RunOutput { code: number | null; verdicts: Map<string, string>; out: string }

/** Runs the CLI to completion; collects `pass|FAIL|skip  NAME  (N ms)` lines by scenario name. */
function runCli(args: string[]): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const verdicts = new Map<string, string>();
      for (const m of out.matchAll(/^(pass|FAIL|skip) {2}(.+?) {2}\(\d+ ms\)/gm)) verdicts.set(m[2], m[1]);
      resolve({ code, verdicts, out });
    });
  });
}

/** Starts `sgp32 sim euicc --listen 127.0.0.1:0`; resolves once it prints where it listens. */
function startCard(pkiDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'sim', 'euicc', '--listen', '127.0.0.1:0', '--pki', pkiDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sgp32 sim euicc did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on tcp (\S+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, endpoint: m[1] });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`sgp32 sim euicc exited (${code}): ${out}`)));
  });
}

describe('eUICC suite against sgp32 sim euicc over TCP', { timeout: TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-euicc-suite-'));
  const pkiDir = join(dir, 'pki');
  let card: ChildProcess | undefined;
  let endpoint = '';

  before(async () => {
    writePki(pkiDir, generatePki({ curves: ['nist', 'brp'] }));
    ({ child: card, endpoint } = await startCard(pkiDir));
  });
  after(() => {
    card?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every scenario has the verdict of the embedded run', { timeout: TIMEOUT }, async () => {
    const config = join(dir, 'tcp.yaml');
    writeFileSync(config, [
      `pki: ${JSON.stringify(pkiDir)}`,
      'features: { O_EUICC_FALLBACK: true, O_EUICC_ECALL: true }',
      'iut:',
      '  euicc:',
      `    card: ${JSON.stringify(`tcp:${endpoint}`)}`,
      '    identity: sgp32 sim euicc (separate process)',
      '',
    ].join('\n'));
    // The two runs share nothing (the embedded one makes its own PKI and cards), so they run side by side.
    const [embedded, external] = await Promise.all([
      runCli(['run', '--iut', 'euicc', '--no-html', '--reports', join(dir, 'embedded')]),
      runCli(['run', '--iut', 'euicc', '--config', config, '--no-html', '--reports', join(dir, 'tcp')]),
    ]);
    assert.equal(embedded.code, 0, `the embedded run fails:\n${embedded.out}`);
    assert.ok(embedded.verdicts.size >= 34, `${embedded.verdicts.size} scenarios, expected at least 34`);
    assert.match(external.out, /configured IUT/);
    assert.deepEqual(Object.fromEntries(external.verdicts), Object.fromEntries(embedded.verdicts), external.out);
    assert.equal(external.code, 0, external.out);
  });

  it('a pcsc: card is refused with a clear error, not a hang', { timeout: 60_000 }, async () => {
    const config = join(dir, 'pcsc.yaml');
    writeFileSync(config, `pki: ${JSON.stringify(pkiDir)}\niut:\n  euicc:\n    card: "pcsc:Reader 0"\n`);
    const run = await runCli(['run', '--iut', 'euicc', '--config', config, '--no-html', '--reports', join(dir, 'pcsc'), '--tags', '@id:EUICC-ES10-INFO2-NOM-01']);
    assert.equal(run.code, 1);
    assert.match(run.out, /FAIL {2}EUICC-ES10-INFO2-NOM-01 .*CardAddressError: iut\.euicc\.card 'pcsc:Reader 0': PC\/SC readers are not available/);
  });
});
