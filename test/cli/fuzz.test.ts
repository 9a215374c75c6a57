/**
 * `sgp32 fuzz` as a user runs it, in a child process: a clean campaign per IUT role against the
 * built-in simulators (the CI's fuzz budget, at least 2,000 cases each) with a report that verifies;
 * and, with a bug planted in S_eIM, a failure whose report carries seed, path, the shrunk case in hex
 * and decoded and the IUT's answer, and whose replay command reproduces that case.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyManifest } from '../../src/bench/report/manifest';
import { runSgp32 } from '../suites/sgp32-process';

const PLANT = join(__dirname, '..', 'fuzz', 'plant-3-octet-length.js');

/** Every text attachment of the run, by its name in the Allure results. */
function attachments(reports: string): Map<string, string> {
  const dir = join(reports, 'allure-results');
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('-result.json'))) {
    const result = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const walk = (node: { attachments?: { name: string; source: string; type: string }[]; steps?: unknown[] }): void => {
      for (const a of node.attachments ?? []) if (a.type.startsWith('text/')) out.set(a.name, readFileSync(join(dir, a.source), 'utf8'));
      for (const s of node.steps ?? []) walk(s as typeof node);
    };
    walk(result);
  }
  return out;
}

describe('sgp32 fuzz', () => {
  it('runs 2,000 cases per IUT role against the built-in simulators with no failure, and writes a report that verifies', async () => {
    const reports = join(mkdtempSync(join(tmpdir(), 'sgp32-fuzz-')), 'reports');
    const r = await runSgp32(['fuzz', '--runs', '2000', '--reports', reports, '--no-html'], 600_000);
    assert.equal(r.code, 0, r.output);
    for (const id of ['FUZZ-EIM-01', 'FUZZ-IPA-01', 'FUZZ-EUICC-01', 'FUZZ-SMDPP-01']) {
      assert.match(r.output, new RegExp(`^pass  ${id} .*  2,000 cases, [\\d,]+/s, 0 failure\\(s\\)`, 'm'), r.output);
    }
    assert.match(r.output, /fuzz: 4 campaign\(s\) clean, 0 with failures/);
    const summaries = [...attachments(reports).entries()].filter(([name]) => name.startsWith('campaign: 2000 cases'));
    assert.equal(summaries.length, 4, [...attachments(reports).keys()].join('\n'));
    assert.deepEqual(verifyManifest(reports), []);
  });

  it('reports a planted bug with seed, path, shrunk case and answer, and --replay reproduces exactly that case', async () => {
    const reports = join(mkdtempSync(join(tmpdir(), 'sgp32-fuzz-')), 'reports');
    const found = await runSgp32(['fuzz', '--iut', 'eim', '--runs', '3000', '--seed', '42', '--reports', reports, '--no-html'], 300_000, [PLANT]);
    assert.equal(found.code, 1, found.output);
    assert.match(found.output, /^FAIL  FUZZ-EIM-01 .* 0*[1-5] failure\(s\)/m);
    const failure = [...attachments(reports).entries()].find(([name]) => name.startsWith('failure 1: seed '));
    assert.ok(failure, 'a failure attachment');
    const text = failure[1];
    const field = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1] ?? assert.fail(`no ${name} in\n${text}`);
    assert.match(field('reason'), /HTTP 500 .*planted: 3-octet length/);
    assert.equal(field('mutation'), 'tlv length-3-octets at BF4F');
    assert.match(field('case \\(\\d+ bytes\\)'), /^BF4F830000[0-9A-F]+$/);
    assert.match(text, /^case decoded: \(not decodable: |^case decoded: \{/m);
    assert.match(field('answer'), /HTTP 500/);
    const replay = field('replay');
    assert.match(replay, /^sgp32 fuzz --iut eim --seed \d+ --replay [\d:]+$/);
    // Shown as it is found, not only in the report at the end.
    const live = /^FUZZ-EIM-01 failure 1 at case \d+: no valid answer: HTTP 500.* \((--seed \d+ --replay [\d:]+)\)$/m.exec(found.output);
    assert.ok(live, found.output);
    assert.ok(replay.endsWith(live[1]), `${replay} vs ${live[1]}`);

    const again = join(mkdtempSync(join(tmpdir(), 'sgp32-fuzz-')), 'reports');
    const args = replay.split(' ').slice(1);
    const replayed = await runSgp32([...args, '--reports', again, '--no-html'], 120_000, [PLANT]);
    assert.equal(replayed.code, 1, replayed.output);
    const second = [...attachments(again).entries()].find(([name]) => name.startsWith('failure 1: seed '))![1];
    // The same case: channel, base message, mutation and size. Its bytes carry this run's EID and
    // session material (a fresh PKI and fresh signatures per run), so only those may differ.
    for (const line of [/^channel: .*$/m, /^message: .*$/m, /^mutation: .*$/m, /^case \(\d+ bytes\)/m, /^reason: .*$/m]) {
      assert.equal(line.exec(second)?.[0], line.exec(text)?.[0]);
    }

    // Without the plant the same replay passes: the case itself is harmless to a correct eIM.
    const fixed = await runSgp32([...args, '--reports', join(mkdtempSync(join(tmpdir(), 'sgp32-fuzz-')), 'reports'), '--no-html'], 120_000);
    assert.equal(fixed.code, 0, fixed.output);
  });

  it('refuses conflicting or malformed options with a usage error', async () => {
    for (const [args, message] of [
      [['--runs', '5', '--duration', '5'], /--runs and --duration exclude each other/],
      [['--replay', '1:2'], /--replay needs the --seed/],
      [['--seed', '1', '--replay', 'x'], /not a fast-check path/],
      [['--runs', 'many'], /--runs takes a whole number/],
    ] as const) {
      const r = await runSgp32(['fuzz', '--iut', 'eim', ...args], 30_000);
      assert.equal(r.code, 2, r.output);
      assert.match(r.output, message);
    }
  });
});
