/**
 * `sgp32 sim ipa` as a process: S_eUICC served by `sgp32 sim euicc --listen 0`, the scripted eIM in
 * this process, `--once` with an AddInitialEim file for the virgin card (catalogue IPAD-ES10-INIT-NOM-01),
 * and usage errors.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, toHex } from '../../../src/asn1';
import { eimConfigurationData, signEuiccPackage, ts_addInitialEimRequest, ts_psmoList, ts_psmoListProfileInfo } from '../../../simulators/eim/packages';
import { EsipaInjectClient } from '../../../src/transport/http';
import { FIXTURE_EID, fixturePki } from '../euicc/fixture';
import { EimStandIn } from './eim-stand-in';

const OUT = join(__dirname, '..', '..', '..');
const CLI = join(OUT, 'src', 'cli', 'main.js');
/** `sgp32 sim ipa` until src/cli/sim.ts routes to it: the module's own entry runs the same command. */
const v12 = codec('SGP32Definitions', 'v1.2');

const litter: string[] = [];
after(() => litter.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run { code: number | null; out: string; err: string }

function run(args: string[], timeoutMs = 20_000): Promise<Run> {
  const child = spawn(process.execPath, [CLI, 'sim', 'ipa', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** `sgp32 sim euicc --listen 0 --pki DIR`, resolved once it names its port. */
function card(pkiDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CLI, 'sim', 'euicc', '--listen', '0', '--pki', pkiDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no port announced: ${out}`)); }, 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on tcp 127\.0\.0\.1:(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sim euicc exited ${code}: ${out}`)); });
  });
}

describe('sgp32 sim ipa', () => {
  it('IPAD-ES10-INIT-NOM-01 --once on a virgin card: AddInitialEim from the file, a PSMO executed, exit 0', async () => {
    const { dir, pki } = fixturePki();
    const eim = await EimStandIn.start({ pki, curve: 'nist' });
    const euicc = await card(dir);
    const tmp = mkdtempSync(join(tmpdir(), 'sgp32-ipa-cli-'));
    litter.push(tmp);
    try {
      const key = pki.get('eimSign', 'nist').key;
      const config = join(tmp, 'eim.der');
      writeFileSync(config, v12.encode('AddInitialEimRequest', ts_addInitialEimRequest(eimConfigurationData({
        eimId: 'eim.example.com', fqdn: eim.fqdn, eimPublicKey: key, counterValue: 1,
      }))));
      const pkg = signEuiccPackage({ eimId: 'eim.example.com', eid: FIXTURE_EID, counterValue: 2, package: ts_psmoList(ts_psmoListProfileInfo()) }, key);
      eim.queue('getEimPackage', { euiccPackageRequest: pkg.value });
      const r = await run(['--card', `tcp:127.0.0.1:${euicc.port}`, '--pki', dir, '--add-initial-eim', config, '--once']);
      assert.equal(r.code, 0, `stdout:\n${r.out}\nstderr:\n${r.err}`);
      assert.deepEqual(eim.received.map((x) => x.fn), ['getEimPackage', 'provideEimPackageResult']);
      assert.equal(toHex(eim.received[0].value.eidValue), FIXTURE_EID);
      assert.match(r.out, /ipa es10 AddInitialEim BF57 -> BF57/);
      assert.match(r.out, /ipa esipa getEimPackageRequest -> getEimPackageResponse\.euiccPackageRequest/);
      assert.match(r.out, /ipa cycle poll \| ok \| euiccPackageRequest \| euiccPackageResultSigned/);
    } finally {
      euicc.child.kill('SIGTERM');
      await eim.close();
    }
  });

  it('IPAD-CLI-ERR-01 --once against an eIM that is not there: exit 1 with the connection error', async () => {
    const { dir } = fixturePki();
    const euicc = await card(dir);
    try {
      const r = await run(['--card', `tcp:127.0.0.1:${euicc.port}`, '--pki', dir, '--eim', 'https://127.0.0.1:1', '--once']);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /HttpConnectionError/);
    } finally {
      euicc.child.kill('SIGTERM');
    }
  });

  it('IPAD-CLI-NOM-02 polling every --interval with --inject-port on --inject-host: `ipa inject URL`, an injected package answered, SIGTERM stops it', async () => {
    const { dir, pki } = fixturePki();
    const eim = await EimStandIn.start({ pki, curve: 'nist' });
    const euicc = await card(dir);
    const child = spawn(process.execPath, [CLI, 'sim', 'ipa', '--card', `tcp:127.0.0.1:${euicc.port}`, '--pki', dir, '--eim', eim.url,
      '--interval', '0.1', '--inject-port', '0', '--inject-host', '0.0.0.0', '--insecure-http'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no injection endpoint: ${out}`)), 20_000);
        child.stdout!.on('data', () => {
          const m = /^ipa inject (http:\/\/0\.0\.0\.0:\d+)$/m.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
      });
      const client = new EsipaInjectClient({ baseUrl: url });
      assert.deepEqual(await client.transferEimPackage({ eimAcknowledgements: [1] }), { eimPackageReceived: null });
      await client.close();
      while (eim.requests('getEimPackage').length < 2) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGTERM');
      assert.equal(await exit, 0, out);
      assert.match(out, /ipa cycle injection \| ok \| eimAcknowledgements/);
      assert.match(out, /ipa stopped/);
    } finally {
      child.kill('SIGKILL');
      euicc.child.kill('SIGTERM');
      await eim.close();
    }
  });

  it('IPAD-CLI-ERR-02 usage errors exit 2 and say what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--card is required/],
      [['--card', 'pcsc:Reader 0'], /no PC\/SC connector/],
      [['--card', 'tcp:127.0.0.1:1', '--inject-port', '0'], /--inject-port needs --insecure-http/],
      [['--card', 'tcp:127.0.0.1:1', '--inject-host', '0.0.0.0'], /--inject-host needs --inject-port/],
      [['--card', 'tcp:127.0.0.1:1', '--state-change', 'boom'], /--state-change: 'boom'/],
      [['--card', 'tcp:127.0.0.1:1', '--dp', 'nourl'], /--dp: 'nourl' is not ADDRESS=URL/],
      [['--card', 'tcp:127.0.0.1:1', '--frobnicate', 'x'], /unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
  });
});
