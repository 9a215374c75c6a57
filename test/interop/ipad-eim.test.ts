/**
 * A third-party IPAd (SGP32_IPAD_BIN, e.g. onomondo-ipa's build, which speaks SGP.32 v1.0) through
 * real PC/SC against S_eIM, S_eUICC and S_SM-DP+ as `sgp32 sim …` processes on one test PKI:
 * poll cycles with no package, an indirect download relayed by S_eIM to S_SM-DP+, and a PSMO
 * enable. The IPAd reaches S_eIM over plain HTTP (-S: it has no trust anchor for the test CI); S_eIM
 * reaches S_SM-DP+ over HTTPS. Outcomes are read where they show: S_eIM's order API, S_SM-DP+'s
 * notification log, the IPAd's exit code. Without SGP32_IPAD_BIN the test skips, on CI too (the
 * project never builds third-party code).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnCheckDigit } from '../../src/profile';
import { Daemon, pcscSkip, PrivatePcscd, probePcsc, requirePcsc } from '../transport/card/pcscd';

const IPAD = process.env.SGP32_IPAD_BIN;
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const EID = '89049032123451234512345678901235';
const DP = 'testsmdpplus1.example.com';
const IPAD_MS = 30_000;
const START_MS = 30_000;
const payload = '898821199000000077';
const ICCID = payload + luhnCheckDigit(payload);

async function api(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  return res.json();
}

describe('third-party IPAd poll cycles against sgp32 sim eim + euicc + smdpp (SGP.32 v1.0)', () => {
  const setup = probePcsc();
  const skip = IPAD ? pcscSkip(setup) : 'SGP32_IPAD_BIN is not set (the path of an IPAd binary, e.g. onomondo-ipa\'s build/src/ipa/ipa; the project never builds third-party code)';
  let dir: string | undefined;
  let pcscd: PrivatePcscd | undefined;
  const daemons: Daemon[] = [];

  before(() => {
    if (!skip) dir = mkdtempSync(join(tmpdir(), 'sgp32-interop-eim-'));
  });

  after(async () => {
    for (const d of daemons.reverse()) await d.stop();
    await pcscd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('INTEROP-IPAD-E2E-NOM-01 no package, indirect download, PSMO enable', { skip, timeout: 240_000 }, async (t) => {
    requirePcsc(setup);
    assert.ok(existsSync(IPAD!), `SGP32_IPAD_BIN: no file ${IPAD}`);
    const sim = async (args: string[], ready: RegExp, what: string) => {
      const d = await Daemon.start(process.execPath, [CLI, ...args], ready, what, START_MS);
      daemons.push(d);
      return d;
    };
    await sim(['pki', 'init', '--out', dir!, '--curves', 'nist', '--eid', EID], /manifest\.json/, 'sgp32 pki init');
    const smdpp = await sim(['sim', 'smdpp', '--pki', dir!, '--curve', 'nist', '--version', 'v1.0', '--order', `${ICCID}:MATCH-INTEROP:${EID}`], /^smdpp es2 /m, 'sgp32 sim smdpp');
    const activationCode = /^smdpp order \d+ (\S+)/m.exec(smdpp.output())![1];
    const es9 = /^smdpp es9 (\S+)/m.exec(smdpp.output())![1];
    const config = join(dir!, 'add-initial-eim.der');
    const eim = await sim(['sim', 'eim', '--pki', dir!, '--curve', 'nist', '--version', 'v1.0', '--insecure-http', '--dp', `${DP}=${es9}`, '--write-config', config],
      /^eim config /m, 'sgp32 sim eim');
    const apiUrl = /^eim api (\S+)/m.exec(eim.output())![1];
    pcscd = await PrivatePcscd.start(setup);
    const euicc = await sim(['sim', 'euicc', '--version', 'v1.0', '--vpcd', `127.0.0.1:${pcscd.port}`, '--pki', dir!], /on vpcd 127\.0\.0\.1:\d+/, 'sgp32 sim euicc');
    await pcscd.cardInserted();

    const ipad = async (label: string, extra: string[] = []) => {
      const from = { eim: eim.output().length, euicc: euicc.output().length };
      const run = await pcscd!.runClient([IPAD!, '-r', '0', '-n', join(dir!, 'nvstate.bin'), '-S', '-y', '0', ...extra], { cwd: dir, ms: IPAD_MS });
      t.diagnostic(`${label}: IPAd exit ${run.code}`);
      const context = `${label}\nIPAd:\n${run.output}\nsgp32 sim eim:\n${eim.output().slice(from.eim)}`;
      assert.ok(!run.timedOut, `IPAd did not finish within ${IPAD_MS} ms\n${context}`);
      assert.equal(run.code, 0, context);
      assert.doesNotMatch(run.output, /cannot decode|unexpected response/i, context);
      return { run, eimLog: eim.output().slice(from.eim), context };
    };

    await ipad('AddInitialEim', ['-f', config]);
    const idle = await ipad('poll, nothing queued');
    assert.match(idle.eimLog, /getEimPackage/i, idle.context);

    const download = await api(apiUrl, 'POST', '/api/v1/orders', { eid: EID, type: 'download', activationCode });
    const downloaded = await ipad('poll, indirect download');
    const settled = await api(apiUrl, 'GET', `/api/v1/orders/${download.id}?wait=10000`);
    assert.equal(settled.status, 'done', `${JSON.stringify(settled)}\n${downloaded.context}`);
    assert.equal(settled.outcome.iccid, ICCID);
    await smdpp.waitFor(new RegExp(`^smdpp notification pir iccid=${ICCID}\\b.*result=success`, 'm'), 'the PIR at S_SM-DP+', 10_000);

    const enable = await api(apiUrl, 'POST', '/api/v1/orders', { eid: EID, type: 'psmo', psmos: [{ enable: { iccid: ICCID } }] });
    const enabled = await ipad('poll, PSMO enable');
    const result = await api(apiUrl, 'GET', `/api/v1/orders/${enable.id}?wait=10000`);
    assert.equal(result.status, 'done', `${JSON.stringify(result)}\n${enabled.context}`);
    assert.deepEqual(result.outcome.results, [{ enableResult: 'ok' }]);
  });
});
