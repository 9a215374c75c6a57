/**
 * `sgp32 sim eim` as a process: it prints where it listens, takes an order on its API, serves it to an
 * IPA polling GetEimPackage, writes its eIM configuration, logs each exchange, and stops cleanly on
 * SIGTERM; usage errors exit 2.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec } from '../../../src/asn1';
import { EsipaClient } from '../../../src/transport/http';
import { fixturePki, FIXTURE_EID } from '../euicc/fixture';
import { api } from './bench';

const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const litter: string[] = [];
after(() => litter.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Running { child: ChildProcess; urls: { esipa: string; api: string }; out: () => string; exit: Promise<number | null> }

function start(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'sim', 'eim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no endpoints announced; stdout: ${out} stderr: ${err}`)); }, 20_000);
    child.stdout!.on('data', () => {
      const esipa = /^eim esipa (\S+)$/m.exec(out), apiUrl = /^eim api (\S+)$/m.exec(out);
      if (!esipa || !apiUrl) return;
      clearTimeout(timer);
      resolve({ child, urls: { esipa: esipa[1], api: apiUrl[1] }, out: () => out, exit });
    });
    exit.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code} before serving: ${err}`)); });
  });
}

describe('sgp32 sim eim', () => {
  it('EIM-CLI-NOM-01: prints its endpoints, takes an order over the API, serves it to GetEimPackage, logs, writes its configuration, exits 0 on SIGTERM', async () => {
    const { dir, pki } = fixturePki(['nist']);
    const out = mkdtempSync(join(tmpdir(), 'sgp32-sim-eim-'));
    litter.push(out);
    const config = join(out, 'eim.der');
    const r = await start('--port', '0', '--api-port', '0', '--pki', dir, '--write-config', config, '--dp', 'testsmdpplus1.example.com=https://127.0.0.1:1');
    try {
      assert.match(r.urls.esipa, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(r.urls.api, /^http:\/\/127\.0\.0\.1:\d+$/);
      const created = await api(r.urls.api, 'POST', '/api/v1/orders', { eid: FIXTURE_EID, type: 'psmo', psmos: [{ getRAT: {} }] });
      assert.equal(created.status, 201);
      const ipa = new EsipaClient({ baseUrl: r.urls.esipa, trust: pki.trustedCis() });
      const answer = await ipa.getEimPackage({ eidValue: Buffer.from(FIXTURE_EID, 'hex') });
      await ipa.close();
      assert.equal(answer.euiccPackageRequest.euiccPackageSigned.counterValue, 1);
      assert.equal((await api(r.urls.api, 'GET', `/api/v1/orders/${created.json.id}`)).json.status, 'sent');
      const cfg = codec('SGP32Definitions').decode('AddInitialEimRequest', readFileSync(config)).eimConfigurationDataList[0];
      assert.equal(`https://${cfg.eimFqdn}`, r.urls.esipa);
      assert.match(r.out(), /^eim config /m);
      assert.match(r.out(), /^esipa getEimPackage \(connection \d+, asn1\) -> getEimPackageResponse euiccPackageRequest$/m);
      assert.match(r.out(), /^api POST \/api\/v1\/orders -> 201 o1 queued$/m);
    } finally {
      r.child.kill('SIGTERM');
    }
    assert.equal(await r.exit, 0);
    assert.match(r.out(), /sgp32 sim eim: stopped/);
  });

  it('usage errors exit 2 with the reason', () => {
    for (const [args, reason] of [
      [['--curve', 'p384'], /unsupported curve/],
      [['--dp', 'nourl'], /--dp: 'nourl' is not ADDRESS=URL/],
      [['--es9-binding', 'xml'], /--es9-binding/],
      [['--port', 'http'], /--port/],
      [['--bogus', '1'], /unknown option --bogus/],
    ] as const) {
      const res = spawnSync(process.execPath, [CLI, 'sim', 'eim', ...args], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, reason);
    }
  });
});
