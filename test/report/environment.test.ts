import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, HarnessConfig } from '../../src/bench/config';
import { environmentInfo } from '../../src/bench/report/environment';
import { generatePki, writePki } from '../../src/pki';
import { fromPem } from '../../src/pki/pem';

test('the embedded default: built-in simulators, no configuration file, harness version and commit', () => {
  const env = environmentInfo(defaultConfig(), undefined, ['euicc']);
  assert.equal(env.configuration, 'embedded default');
  assert.equal(env['SGP.32 version'], 'v1.2');
  assert.equal(env['IUT euicc'], 'built-in simulator');
  assert.equal(env.suites, 'euicc');
  assert.match(env['harness version'], /^\d+\.\d+\.\d+$/);
  assert.match(env['harness commit'], /^([0-9a-f]{40}( \(with uncommitted changes\))?|unknown)$/);
  assert.equal(env.PKI, 'none');
});

test('the configuration is identified by the hash of its redacted canonical JSON: secrets and key order do not matter', () => {
  const raw = (secret: string) => ({ version: 'v1.2', iut: { smdpp: { es9: 'https://dp.example', identity: 'DP 2.1', tls: { keyPassphrase: secret } }, eim: { trigger: { adapter: 'sim-rest', token: secret }, esipa: { url: 'https://eim' } } } });
  const config = { ...defaultConfig(), iut: raw('a').iut } as HarnessConfig;
  const a = environmentInfo(config, raw('first secret'), ['smdpp']);
  const b = environmentInfo(config, JSON.parse(JSON.stringify(raw('other'), ['iut', 'eim', 'esipa', 'url', 'trigger', 'adapter', 'token', 'smdpp', 'tls', 'keyPassphrase', 'identity', 'es9', 'version'])), ['smdpp']);
  assert.match(a.configuration, /^sha256:[0-9a-f]{64}$/);
  assert.equal(a.configuration, b.configuration);
  assert.notEqual(a.configuration, environmentInfo(config, { ...raw('x'), version: 'v1.0' }, ['smdpp']).configuration);
  assert.equal(a['IUT smdpp'], 'DP 2.1');
  assert.equal(a['IUT eim'], 'configured IUT (no identity given)');
  assert.equal(a['IUT ipa'], 'built-in simulator');
  assert.ok(!JSON.stringify(a).includes('first secret'));
});

test('PKI fingerprints: SHA-256 of each valid certificate DER of the run', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-env-pki-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writePki(dir, generatePki({ curves: ['nist'] }));
  const env = environmentInfo({ ...defaultConfig(), curves: ['nist'], pki: dir }, undefined, ['eim']);
  assert.equal(env.PKI, 'generated for this run');
  for (const role of ['ci', 'eum', 'euicc', 'dpAuth', 'dpPb', 'eimSign']) {
    const [der] = fromPem(readFileSync(join(dir, 'nist', `${role}.pem`), 'utf8'), 'CERTIFICATE');
    assert.equal(env[`PKI nist/${role}`], `sha256:${createHash('sha256').update(der).digest('hex')}`, role);
  }
  assert.ok(!Object.keys(env).some((k) => k.includes('defects')), 'defective variants are not credentials of the run');
});
