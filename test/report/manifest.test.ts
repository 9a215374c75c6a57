import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportManifest, verifyManifest, writeManifest } from '../../src/bench/report/manifest';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

/** A reports folder as `sgp32 run` leaves it: results, JUnit, a rendered report. */
function reportsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-manifest-'));
  mkdirSync(join(dir, 'allure-results', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'allure-report'));
  writeFileSync(join(dir, 'allure-results', 'a-result.json'), '{"name":"EUICC-X-NOM-01"}');
  writeFileSync(join(dir, 'allure-results', 'b-attachment.json'), '{"hex":"BF2000"}');
  writeFileSync(join(dir, 'allure-results', 'nested', 'c-attachment.svg'), '<svg/>');
  writeFileSync(join(dir, 'junit.xml'), '<testsuite/>');
  writeFileSync(join(dir, 'allure-report', 'index.html'), '<html/>');
  return dir;
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('the manifest lists every result file and junit.xml (sorted, relative), not the HTML report', (t) => {
  const dir = reportsDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const written = writeManifest(dir);
  assert.equal(written.files, 4);
  const m = readReportManifest(dir);
  assert.deepEqual(m.files.map((f) => f.path), ['allure-results/a-result.json', 'allure-results/b-attachment.json', 'allure-results/nested/c-attachment.svg', 'junit.xml']);
  assert.equal(m.files[3].size, 12);
  assert.match(m.files[3].sha256, /^[0-9a-f]{64}$/);
  assert.ok(!Number.isNaN(Date.parse(m.created)));
  assert.match(m.harness.version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(verifyManifest(dir), []);
});

test('changing one byte of an attachment names that file and both digests', (t) => {
  const dir = reportsDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeManifest(dir);
  const file = join(dir, 'allure-results', 'b-attachment.json');
  const before = readReportManifest(dir).files.find((f) => f.path === 'allure-results/b-attachment.json')!.sha256;
  writeFileSync(file, readFileSync(file, 'utf8').replace('BF2000', 'BF2001'));
  const problems = verifyManifest(dir);
  assert.equal(problems.length, 1);
  const [p] = problems;
  assert.equal(p.kind, 'changed');
  assert.equal(p.path, 'allure-results/b-attachment.json');
  assert.ok(p.kind === 'changed' && p.expected === before && p.actual !== before && /^[0-9a-f]{64}$/.test(p.actual));
});

test('missing and unlisted files are found; the rendered report may change freely', (t) => {
  const dir = reportsDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeManifest(dir);
  unlinkSync(join(dir, 'junit.xml'));
  writeFileSync(join(dir, 'allure-results', 'planted-result.json'), '{}');
  writeFileSync(join(dir, 'allure-report', 'index.html'), '<html>re-rendered</html>');
  assert.deepEqual(verifyManifest(dir), [
    { kind: 'missing', path: 'junit.xml' },
    { kind: 'extra', path: 'allure-results/planted-result.json' },
  ]);
});

test('sgp32 report verify: exit 0 with a count, exit 1 naming each bad file', (t) => {
  const dir = reportsDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeManifest(dir);
  const ok = cli('report', 'verify', dir);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^4 files verified$/m);

  writeFileSync(join(dir, 'allure-results', 'nested', 'c-attachment.svg'), '<svg></svg>');
  unlinkSync(join(dir, 'allure-results', 'a-result.json'));
  const bad = cli('report', 'verify', dir);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /changed: allure-results\/nested\/c-attachment\.svg \(manifest sha256 [0-9a-f]{64}, now [0-9a-f]{64}\)/);
  assert.match(bad.out, /missing: allure-results\/a-result\.json/);
  assert.match(bad.out, /2 problems/);
});

test('sgp32 report verify without a manifest fails clearly', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-manifest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = cli('report', 'verify', dir);
  assert.equal(r.code, 1);
  assert.match(r.out, /manifest\.json: no manifest/);
  assert.equal(cli('report', 'check', dir).code, 2, 'an unknown subcommand is a usage error');
});
