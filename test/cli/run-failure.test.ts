/**
 * `sgp32 run` against an IUT that is not there: every scenario fails with its reason within the
 * configured timeouts, the exit code is 1, the report and its manifest are still written, and the
 * secret in the configuration appears nowhere in them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const SECRET = 'do-not-print-7f3a9c';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('sgp32 run with an unreachable IUT', () => {
  it('fails each scenario with its reason, exits 1, and still writes redacted evidence and its manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-run-fail-'));
    const port = await closedPort();
    const config = join(dir, 'sgp32.yaml');
    writeFileSync(config, [
      'timeouts: { exchange: 2s, step: 10s, iut: 5s }',
      'iut:',
      '  eim:',
      `    esipa: { url: "https://127.0.0.1:${port}" }`,
      `    trigger: { adapter: sim-rest, url: "http://127.0.0.1:${port}", token: ${SECRET} }`,
      '',
    ].join('\n'));
    const reports = join(dir, 'reports');
    const started = Date.now();
    const r = spawnSync(process.execPath, [MAIN, 'run', '--iut', 'eim', '--config', config, '--reports', reports, '--no-html',
      '--tags', '@id:EIM-ESIPA-GETPKG-NOM-02 or @id:EIM-ESEP-ENABLE-NOM-01'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(Date.now() - started < 45_000);
    assert.match(r.stdout, /^FAIL {2}EIM-ESIPA-GETPKG-NOM-02 /m);
    assert.match(r.stdout, /^FAIL {2}EIM-ESEP-ENABLE-NOM-01 /m);
    assert.match(r.stdout, /ECONNREFUSED|refused|unreachable/i);
    assert.match(r.stdout, /^eim\s+0\s+2\s+0$/m);
    const results = readdirSync(join(reports, 'allure-results'));
    assert.equal(results.filter((f) => f.endsWith('-result.json')).length, 2);
    const verify = spawnSync(process.execPath, [MAIN, 'report', 'verify', reports], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    for (const f of [...results.map((x) => join('allure-results', x)), 'junit.xml', 'manifest.json']) {
      assert.ok(!readFileSync(join(reports, f), 'utf8').includes(SECRET), `${f} holds the secret`);
    }
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  });
});
