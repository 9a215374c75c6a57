/**
 * The eIM suite against an eIM in another process, configured as a vendor would: `sgp32 sim eim` on
 * a `sgp32 pki init` PKI, a YAML config naming its ESipa URL, TLS trust, the sim-rest trigger on its
 * printed API URL, the fixed S_SM-DP+ port its `--dp` mapping points at, and the silent SM-DP+ port.
 * Every scenario must get the verdict of the embedded run, except the brainpool variant of a
 * curve Outline, which an eIM signing on NIST skips.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eimIutYaml } from '../../src/bench/config-templates';
import { runSgp32, startSgp32 } from './sgp32-process';

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

describe('eim suite against sgp32 sim eim in a separate process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-eim-suite-'));
  const started: ChildProcess[] = [];
  let config = '';

  before(async () => {
    const pki = join(dir, 'pki');
    const init = await runSgp32(['pki', 'init', '--out', pki]);
    assert.equal(init.code, 0, init.output);
    const smdppPort = await freePort();
    const stallPort = await freePort();
    const urls = await startSgp32(['sim', 'eim', '--pki', pki, '--curve', 'nist', '--es9-timeout', '3000',
      '--dp', `testsmdpplus1.example.com=https://127.0.0.1:${smdppPort}`, '--dp', `stalled.smdp.example.com=https://127.0.0.1:${stallPort}`], started, (out) => {
      const esipa = /^eim esipa (\S+)$/m.exec(out)?.[1], api = /^eim api (\S+)$/m.exec(out)?.[1];
      return esipa && api ? { esipa, api } : undefined;
    });
    config = join(dir, 'vendor-eim.yaml');
    writeFileSync(config, eimIutYaml({
      pki, trust: join(pki, 'nist', 'ci.pem'), esipaUrl: urls.esipa, apiUrl: urls.api, host: '127.0.0.1', smdppPort, stallPort,
      identity: 'sgp32 sim eim (separate process)',
    }));
  });

  after(() => {
    for (const c of started) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every scenario gets the verdict of the embedded run', { timeout: 300_000 }, async () => {
    const [embedded, external] = await Promise.all([
      runSgp32(['run', '--iut', 'eim', '--no-html', '--reports', join(dir, 'embedded')], 120_000),
      runSgp32(['run', '--iut', 'eim', '--no-html', '--reports', join(dir, 'external'), '--config', config], 120_000),
    ]);
    assert.match(external.output, /eim: configured IUT \(sgp32 sim eim \(separate process\)\)/);
    const want = embedded.verdicts, got = external.verdicts;
    assert.ok(want.size >= 45, `embedded run listed ${want.size} scenarios:\n${embedded.output}`);
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'both runs list the same scenarios');
    const differ = [...want].filter(([name, w]) => got.get(name)!.verdict !== w.verdict).map(([name]) => got.get(name)!.line);
    const curveSkips = differ.filter((line) => /^skip .*\(BRP\).*signs on nist, not brp/.test(line));
    assert.deepEqual(differ.filter((l) => !curveSkips.includes(l)), [], `verdicts differ from the embedded run:\n${external.output}`);
    assert.equal(curveSkips.length, 1, 'only the brainpool eimSignature variant is skipped by a NIST eIM');
    assert.equal(embedded.code, 0, embedded.output);
    assert.equal(external.code, 0, external.output);
  });
});
