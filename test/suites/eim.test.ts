/**
 * The eIM suite against an eIM in another process, configured as a vendor would: `sgp32 sim eim` on
 * a `sgp32 pki init` PKI, a YAML config naming its ESipa URL, TLS trust, the sim-rest trigger on its
 * printed API URL, the fixed S_SM-DP+ port its `--dp` mapping points at, and the silent SM-DP+ port.
 * Every scenario must get the verdict of the embedded run, except the brainpool variant of a
 * curve Outline, which an eIM signing on NIST skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(args: string[], timeoutMs = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sgp32 ${args.join(' ')} still running after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Scenario name → verdict, from `sgp32 run`'s per-scenario lines. */
function verdicts(out: string): Map<string, { verdict: string; line: string }> {
  const m = new Map<string, { verdict: string; line: string }>();
  for (const line of out.split('\n')) {
    const hit = /^(pass|FAIL|skip) {2}(.+?) {2}\(\d+ ms\)/.exec(line);
    if (hit) m.set(hit[2], { verdict: hit[1], line });
  }
  return m;
}

describe('eim suite against sgp32 sim eim in a separate process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-eim-suite-'));
  let eim: ChildProcess | undefined;
  let config = '';

  before(async () => {
    const pki = join(dir, 'pki');
    const init = await run(['pki', 'init', '--out', pki]);
    assert.equal(init.code, 0, init.out);
    const smdppPort = await freePort();
    const stallPort = await freePort();
    eim = spawn(process.execPath, [CLI, 'sim', 'eim', '--pki', pki, '--curve', 'nist', '--es9-timeout', '3000',
      '--dp', `testsmdpplus1.example.com=https://127.0.0.1:${smdppPort}`, '--dp', `stalled.smdp.example.com=https://127.0.0.1:${stallPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const urls = await new Promise<{ esipa: string; api: string }>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`sgp32 sim eim printed no URLs:\n${text}`)), 20_000);
      const onData = (c: Buffer) => {
        text += c;
        const esipa = /^eim esipa (\S+)$/m.exec(text)?.[1], api = /^eim api (\S+)$/m.exec(text)?.[1];
        if (esipa && api) {
          clearTimeout(timer);
          resolve({ esipa, api });
        }
      };
      eim!.stdout!.on('data', onData);
      eim!.stderr!.on('data', onData);
      eim!.once('exit', (code) => reject(new Error(`sgp32 sim eim exited ${code}:\n${text}`)));
    });
    config = join(dir, 'vendor-eim.yaml');
    writeFileSync(config, [
      'version: v1.2',
      'curves: [nist, brp]',
      `pki: ${pki}`,
      'timeouts: { exchange: 10000, step: 30000, iut: 30000 }',
      'features: { O_EIM_ESIPA_JSON: true, O_EIM_METADATA_CHECK: true, O_EIM_ES9_TIMEOUT: true }',
      `simulators: { host: 127.0.0.1, eimPort: 0, smdppPort: ${smdppPort}, cardPort: 0 }`,
      'iut:',
      '  eim:',
      '    identity: sgp32 sim eim (separate process)',
      '    curve: nist',
      '    esipa:',
      `      url: ${urls.esipa}`,
      '      tls:',
      `        trust: [${join(pki, 'nist', 'ci.pem')}]`,
      '    trigger:',
      '      adapter: sim-rest',
      `      url: ${urls.api}`,
      '    es9Stall:',
      '      address: stalled.smdp.example.com',
      `      port: ${stallPort}`,
      '',
    ].join('\n'));
  });

  after(() => {
    eim?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every scenario gets the verdict of the embedded run', { timeout: 300_000 }, async () => {
    const [embedded, external] = await Promise.all([
      run(['run', '--iut', 'eim', '--no-html', '--reports', join(dir, 'embedded')]),
      run(['run', '--iut', 'eim', '--no-html', '--reports', join(dir, 'external'), '--config', config]),
    ]);
    assert.match(external.out, /eim: configured IUT \(sgp32 sim eim \(separate process\)\)/);
    const want = verdicts(embedded.out), got = verdicts(external.out);
    assert.ok(want.size >= 45, `embedded run listed ${want.size} scenarios:\n${embedded.out}`);
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'both runs list the same scenarios');
    const differ = [...want].filter(([name, w]) => got.get(name)!.verdict !== w.verdict).map(([name]) => got.get(name)!.line);
    const curveSkips = differ.filter((line) => /^skip .*\(BRP\).*signs on nist, not brp/.test(line));
    assert.deepEqual(differ.filter((l) => !curveSkips.includes(l)), [], `verdicts differ from the embedded run:\n${external.out}`);
    assert.equal(curveSkips.length, 1, 'only the brainpool eimSignature variant is skipped by a NIST eIM');
    assert.equal(embedded.code, 0, embedded.out);
    assert.equal(external.code, 0, external.out);
  });
});
