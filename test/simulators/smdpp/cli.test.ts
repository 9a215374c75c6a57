/**
 * `sgp32 sim smdpp` as a process: endpoints and
 * pre-placed orders announced on stdout, a download over ES9+ logged one line per exchange,
 * SIGTERM ends it with 0, bad options end it with 2 and a message.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { codec } from '../../../src/asn1';
import { parseCertificate, PkiStore } from '../../../src/pki';
import { luhnCheckDigit } from '../../../src/profile';
import { Es9PlusClient } from '../../../src/transport/http';
import { FIXTURE_EID, fixtureCards } from '../euicc/fixture';
import { fails, PKI_DIR, pki } from './fixture';
import { authenticate, downloadOverEs9 } from './ipa';

const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const card = fixtureCards();
const iccid = (n: number) => {
  const payload = `894400000000000${String(n).padStart(3, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
};

const generated: string[] = [];
after(() => generated.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
  /** Resolves with the first match of `pattern` in stdout, waiting for it to appear. */
  line(pattern: RegExp): Promise<RegExpExecArray>;
}

function start(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'sim', 'smdpp', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(out);
      if (!m) return false;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(m);
      return true;
    };
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stdout: ${out} stderr: ${err}`)), 20_000);
    if (!check()) child.stdout!.on('data', check);
  });
  const running: Running = { child, out: () => out, err: () => err, exit, line };
  return running.line(/^smdpp es2 (\S+)$/m).then(() => running, (e) => { child.kill(); throw e; });
}

/** Runs the command to its end; resolves with its exit status and output. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, 'sim', 'smdpp', ...args], { timeout: 20_000 }, (_, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }));
  });
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exit;
}

describe('sgp32 sim smdpp', () => {
  it('DP-CLI-NOM-01 --pki and --order: announces endpoints and the activation code, logs each exchange of a download, SIGTERM exits 0', async () => {
    const ordered = iccid(1);
    const r = await start('--pki', PKI_DIR, '--order', `${ordered}:CLI-MATCH-1:${FIXTURE_EID}`, '--profiles', '2');
    try {
      const es9Url = (await r.line(/^smdpp es9 (https:\S+)$/m))[1];
      assert.match(r.out(), new RegExp(`^smdpp order ${ordered} 1\\$testsmdpplus1\\.example\\.com\\$CLI-MATCH-1$`, 'm'));
      assert.match(r.out(), new RegExp(`^smdpp pki ${PKI_DIR}$`, 'm'));
      const client = new Es9PlusClient({ baseUrl: es9Url, trust: pki.trustedCis('nist') });
      const f = await card();
      await fails(authenticate(f, client, { address: 'testsmdpplus1.example.com', matchingId: 'NOT-ORDERED' }), '8.2.6', '3.8');
      await downloadOverEs9(f, client, { address: 'testsmdpplus1.example.com', matchingId: 'CLI-MATCH-1' });
      const pir = await r.line(/^smdpp notification pir iccid=(\d+) tx=([0-9A-F]{32}) result=success$/m);
      assert.equal(pir[1], ordered);
      for (const fn of ['initiateAuthentication', 'authenticateClient', 'getBoundProfilePackage']) {
        assert.match(r.out(), new RegExp(`^smdpp es9 ${fn} tx=${pir[2]} ok$`, 'm'));
      }
      assert.match(r.out(), /^smdpp es9 authenticateClient tx=[0-9A-F]{32} failed 8\.2\.6\/3\.8 no download order has matchingId 'NOT-ORDERED'$/m);
      await client.close();
    } finally {
      assert.equal(await stop(r), 0, r.err());
    }
    assert.match(r.out(), /^smdpp stopped$/m);
  });

  it('DP-CLI-NOM-02 without --pki: generates a PKI and prints where; InitiateAuthentication over ES9+ with its CI succeeds', async () => {
    const r = await start('--curve', 'nist', '--host', '127.0.0.1');
    try {
      const dir = (await r.line(/^smdpp pki (\S+)$/m))[1];
      generated.push(dir);
      const es9Url = (await r.line(/^smdpp es9 (https:\S+)$/m))[1];
      const store = PkiStore.fromManifest(dir);
      const ci = parseCertificate(store.trustedCis('nist')[0]).subjectKeyId!;
      const client = new Es9PlusClient({ baseUrl: es9Url, trust: store.trustedCis('nist') });
      const ok = await client.initiateAuthentication({
        euiccChallenge: Buffer.alloc(16, 3), smdpAddress: 'testsmdpplus1.example.com',
        euiccInfo1: codec('RSPDefinitions').decode('EUICCInfo1', codec('RSPDefinitions').encode('EUICCInfo1', { svn: Buffer.from('020500', 'hex'), euiccCiPKIdListForVerification: [ci], euiccCiPKIdListForSigning: [ci] })),
      });
      assert.equal(ok.serverSigned1.serverAddress, 'testsmdpplus1.example.com');
      await client.close();
      await r.line(new RegExp(`^smdpp es9 initiateAuthentication tx=${Buffer.from(ok.transactionId).toString('hex').toUpperCase()} ok$`, 'm'));
    } finally {
      assert.equal(await stop(r), 0, r.err());
    }
  });

  it('DP-CLI-ERR-01 bad options exit 2 with a message naming the option', async () => {
    const cases: [args: string[], message: RegExp][] = [
      [['--bogus', '1'], /unknown option --bogus/],
      [['--curve', 'p384'], /--curve: /],
      [['--es9-port', '70000'], /--es9-port: '70000' is not a TCP port/],
      [['--order', '123'], /--order: '123' is not an ICCID/],
      [['--order', `${iccid(2)}::`], /an empty matchingId needs an EID/],
      [['--order', `${iccid(2)}:M:123`], /--order: .*EID/],
      [['--order', iccid(2), '--order', iccid(2)], /ordered twice/],
      [['--pki', join(PKI_DIR, 'missing')], /sgp32 sim smdpp: .*manifest/],
    ];
    await Promise.all(cases.map(async ([args, message]) => {
      const r = await run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout} ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }));
  });
});
