/** The `sgp32` command as a user runs it: a real process, its output and its exit code. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'sgp32.js');
function sgp32(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const EID = '89049032123451234512345678901235';
const GET_EIM = `BF4F125A10${EID}`;

describe('sgp32 asn1', () => {
  it('decode names the message from its tag and prints JSON', () => {
    const r = sgp32('asn1', 'decode', GET_EIM);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { type: 'GetEimPackageRequest', value: { eidValue: EID } });
  });
  it('decode --type, --module and --version, from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-'));
    writeFileSync(join(dir, 'msg.der'), Buffer.from(`BF4F195A10${EID}8000810312F456`, 'hex'));
    const r = sgp32('asn1', 'decode', '--type', 'GetEimPackageRequest', '--version', 'v1.0', `@${join(dir, 'msg.der')}`);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { eidValue: EID, notifyStateChange: null, rPLMN: '12F456' });
    const rsp = sgp32('asn1', 'decode', '--module', 'RSPDefinitions', '--type', 'GetEuiccDataRequest', 'BF3E035C015A');
    assert.deepEqual(JSON.parse(rsp.out), { tagList: '5A' });
  });
  it('encode prints uppercase DER hex', () => {
    const r = sgp32('asn1', 'encode', '--type', 'EsipaMessageFromEimToIpa', '{"getEimPackageResponse":{"eimPackageError":1}}');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), 'BF4F03020101');
  });
  it('a decode error exits 1 naming the path and the offset', () => {
    const r = sgp32('asn1', 'decode', '--type', 'GetEimPackageRequest', `BF4F125A11${EID}`);
    assert.equal(r.code, 1);
    assert.match(r.err, /decode error \(truncated\) at GetEimPackageRequest, offset 3/);
  });
  it('user mistakes exit 2 with a message, never a stack trace', () => {
    for (const args of [['asn1', 'decode', '--type', 'Nope', '3000'], ['asn1', 'decode', 'XYZ'], ['asn1', 'encode', '--type', 'GetEimPackageRequest', '{'],
      ['asn1', 'check', '--jsonl', '/no/such/file'], ['asn1', 'decode', '--version', 'v9', GET_EIM], ['frobnicate']]) {
      const r = sgp32(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /^sgp32: /);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });
  it('check prints one line per failure and the totals; exit 1 on any failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-'));
    const file = join(dir, 'v.jsonl');
    writeFileSync(file, [
      JSON.stringify({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: GET_EIM, asnVersion: 'v1.2' }),
      JSON.stringify({ module: 'SGP32Definitions', type: 'GetEimPackageRequest', hex: `BF4F81125A10${EID}`, asnVersion: 'v1.2' }),
    ].join('\n'));
    const r = sgp32('asn1', 'check', '--jsonl', file);
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAIL line 2 SGP32Definitions v1.2 GetEimPackageRequest: re-encoding differs/m);
    assert.match(r.out, /^1 passed, 1 failed$/m);
  });
  it('bench reports throughput in messages/s and MB/s', () => {
    const r = sgp32('asn1', 'bench', '--jsonl', join(__dirname, '..', '..', '..', 'bench', 'corpus', 'sgp32-mixed.jsonl'), '--seconds', '0.2');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^decode: \d+ messages\/s, [\d.]+ MB\/s$/m);
    assert.match(r.out, /^encode: \d+ messages\/s, [\d.]+ MB\/s$/m);
  });
});

describe('sgp32 run', () => {
  it('refuses an unknown IUT, option or worker count before running anything', () => {
    for (const [args, why] of [[['--iut', 'sm-ds'], /--iut must be one of eim, ipa, euicc, smdpp, all/], [['--runs', '3'], /unknown option --runs/], [['--parallel', 'two'], /--parallel takes a whole number/]] as const) {
      const r = sgp32('run', ...args);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, why);
    }
  });
});
