/** `sgp32 config init|check` as a user runs them: output and exit codes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configExample } from '../../src/bench/config-example';
import { ALL_ON, exampleDir, PEM, tempDir, writeTree } from './helpers';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
function sgp32(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, 'config', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sgp32 config', () => {
  it('init writes sgp32.yaml, refuses to overwrite it, and overwrites with --force', () => {
    const dir = tempDir();
    const first = sgp32(dir, 'init');
    assert.equal(first.code, 0, first.err);
    assert.equal(readFileSync(join(dir, 'sgp32.yaml'), 'utf8'), configExample());
    writeFileSync(join(dir, 'sgp32.yaml'), 'mine');
    const again = sgp32(dir, 'init');
    assert.equal(again.code, 2);
    assert.match(again.err, /^sgp32: sgp32.yaml exists; --force overwrites it/);
    assert.equal(readFileSync(join(dir, 'sgp32.yaml'), 'utf8'), 'mine');
    assert.equal(sgp32(dir, 'init', '--force').code, 0);
    assert.equal(readFileSync(join(dir, 'sgp32.yaml'), 'utf8'), configExample());
  });

  it('check prints the resolved configuration with secrets hidden, and its hash', () => {
    const dir = writeTree(tempDir(), { 'c/ca.pem': PEM, 'c/client.pem': PEM, 'c/client.key': PEM });
    writeFileSync(join(dir, 'lab.yaml'), [
      'timeouts: { step: 1m }',
      'iut:',
      '  smdpp:',
      '    es9: https://dp.example',
      '    es2: https://dp.example:9443',
      '    es2Tls: { trust: [c/ca.pem], cert: c/client.pem, key: c/client.key, keyPassphrase: hunter2-secret }',
    ].join('\n'));
    const r = sgp32(dir, 'check', 'lab.yaml');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# lab.yaml: valid; IUT smdpp; config hash [0-9a-f]{64}\n/);
    assert.match(r.out, /step: 60000/);
    assert.match(r.out, /keyPassphrase: "\*\*\*"/);
    assert.ok(r.out.includes(join(dir, 'c', 'client.key')), 'paths are shown resolved');
    assert.ok(!r.out.includes('hunter2'), r.out);
  });

  it('check accepts the example with every IUT block uncommented, and shows none of its secrets', () => {
    const dir = exampleDir();
    writeFileSync(join(dir, 'all.yaml'), configExample(ALL_ON));
    const r = sgp32(dir, 'check', 'all.yaml');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /IUT eim, ipa, euicc, smdpp;/);
    assert.ok(!r.out.includes('change-me'), r.out);
  });

  it('check exits 2 with every problem as FILE:LINE:COL and no stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'version: v2\niut:\n  euicc: { card: "x", token: hunter2-secret }\n');
    const r = sgp32(dir, 'check', 'bad.yaml');
    assert.equal(r.code, 2);
    assert.equal(r.err, [
      'sgp32: bad.yaml: 3 problems in the configuration',
      `bad.yaml:1:10: version: got "v2" (expected 'v1.2' or 'v1.0')`,
      'bad.yaml:3:18: iut.euicc.card: \'x\' is not a card address (expected tcp:HOST:PORT or pcsc:READER NAME)',
      'bad.yaml:3:23: iut.euicc.token: unknown key (expected one of card, identity)',
      '',
    ].join('\n'));
  });

  it('usage mistakes exit 2', () => {
    const dir = tempDir();
    for (const args of [[], ['check', 'missing.yaml'], ['init', 'a', '--force', 'b']]) {
      const r = sgp32(dir, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });
});
