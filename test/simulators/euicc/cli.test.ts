/** `sgp32 sim euicc` as a process: served on TCP, state kept in a file, usage errors. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, toHex } from '../../../src/asn1';
import { Es10Session } from '../../../src/transport/apdu';
import { TcpConnector } from '../../../src/transport/card';
import { CONTROL, encodeFrame, FrameDecoder } from '../../../src/transport/card/framing';
import { fixturePki } from './fixture';

const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
const EID = '89049032123451234512345678901235';
const rsp = codec('RSPDefinitions');

/** Temp directories to remove: state files, and the PKIs the simulator generated (it prints where). */
const litter: string[] = [];
after(() => litter.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sgp32-sim-'));
  litter.push(d);
  return d;
}

interface Running { child: ChildProcess; port: number; out: () => string; exit: Promise<number | null> }

/** Starts `sgp32 sim euicc --listen 0 …` and waits for the line naming the port. */
function start(...args: string[]): Promise<Running> {
  return launch(/on tcp 127\.0\.0\.1:(\d+)/, '--listen', '0', ...args);
}

/** Starts `sgp32 sim euicc …` and waits for the stdout line `ready` matches; its group 1 is the port, if any. */
function launch(ready: RegExp, ...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'sim', 'euicc', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no port announced; stdout: ${out} stderr: ${err}`)); }, 20_000);
    child.stdout!.on('data', () => {
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, port: Number(m[1]), out: () => out, exit });
    });
    exit.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code} before serving: ${err}`)); });
  });
}

/** Connects an IPA-style ES10 session to the served card, runs `work`, disconnects. */
async function withCard<T>(port: number, work: (send: (command: Uint8Array) => Promise<Uint8Array>) => Promise<T>): Promise<T> {
  const connector = new TcpConnector('127.0.0.1', port);
  await connector.connect();
  const session = new Es10Session(connector);
  await session.open();
  try {
    return await work((c) => session.send(c));
  } finally {
    await session.close();
    await connector.close();
  }
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  const code = await r.exit;
  const generated = /PKI (\S+sgp32-sim-euicc-[^\s,]+)/.exec(r.out());
  if (generated) litter.push(generated[1]);
  return code;
}

describe('sgp32 sim euicc', () => {
  it('EUICC-CLI-NOM-01 --listen serves GetEID over TCP; --state keeps what changed across restarts', async () => {
    const state = join(tempDir(), 'state.json');
    let r = await start('--eid', EID, '--state', state);
    try {
      await withCard(r.port, async (send) => {
        assert.equal(toHex(await send(Buffer.from('BF3E035C015A', 'hex'))), `BF3E125A10${EID}`);
        const answer = await send(rsp.encode('SetDefaultDpAddressRequest', { defaultDpAddress: 'smdp.example.com' }));
        assert.deepEqual(rsp.decode('SetDefaultDpAddressResponse', answer), { setDefaultDpAddressResult: 0 });
      });
      assert.equal(JSON.parse(readFileSync(state, 'utf8')).defaultSmdpAddress, 'smdp.example.com');
    } finally {
      assert.equal(await stop(r), 0);
    }
    assert.match(r.out(), /stopped/);

    r = await start('--state', state, '--verbose');
    try {
      await withCard(r.port, async (send) => {
        const addresses = rsp.decode('EuiccConfiguredAddressesResponse', await send(Buffer.from('BF3C00', 'hex')));
        assert.equal(addresses.defaultDpAddress, 'smdp.example.com');
        assert.equal(toHex(await send(Buffer.from('BF3E035C015A', 'hex'))), `BF3E125A10${EID}`, 'the EID comes from the state');
      });
    } finally {
      assert.equal(await stop(r), 0);
    }
    assert.match(r.out(), /APDU 81E2910006BF3E035C015A -> 6115/);
  });

  it('EUICC-CLI-NOM-02 --pki serves the card of a `sgp32 pki init` directory', async () => {
    const { dir } = fixturePki(['nist']);
    const r = await start('--pki', dir, '--version', 'v1.0');
    try {
      assert.match(r.out(), /SGP\.32 v1\.0, curves nist/);
      await withCard(r.port, async (send) => {
        assert.equal(toHex(await send(Buffer.from('BF3E035C015A', 'hex'))), `BF3E125A10${EID}`);
      });
    } finally {
      assert.equal(await stop(r), 0);
    }
  });

  it('EUICC-CLI-NOM-04 --vpcd dials the reader port and answers vpcd control codes and APDUs', async () => {
    // Plays pcscd's vpcd driver: waits for the card to dial in, then powers it and exchanges frames.
    const frames: Buffer[] = [];
    let wake: () => void = () => undefined;
    let link: Socket | undefined;
    const reader = createServer((socket) => {
      link = socket;
      const decoder = new FrameDecoder('test vpcd', 0xffff);
      socket.on('data', (chunk) => {
        frames.push(...decoder.push(chunk).map((f) => f.payload));
        wake();
      });
    });
    await new Promise<void>((resolve) => reader.listen(0, '127.0.0.1', resolve));
    const port = (reader.address() as AddressInfo).port;
    const r = await launch(/on vpcd/, '--vpcd', `127.0.0.1:${port}`, '--eid', EID);
    const next = async (): Promise<string> => {
      while (frames.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
      return toHex(frames.shift()!);
    };
    const send = (hex: string) => link!.write(encodeFrame('test vpcd', Buffer.from(hex, 'hex')));
    try {
      while (!link) await new Promise((resolve) => setTimeout(resolve, 20));
      send(CONTROL.POWER_ON.toString(16).padStart(2, '0'));
      send(CONTROL.GET_ATR.toString(16).padStart(2, '0'));
      assert.match(await next(), /^3B/);
      send('00A4040010A0000005591010FFFFFFFF8900000100');
      assert.match(await next(), /^61/);
      send('80E2910006BF3E035C015A');
      assert.equal(await next(), '6115');
      send('00C0000015');
      assert.equal(await next(), `BF3E125A10${EID}9000`);
    } finally {
      assert.equal(await stop(r), 0);
      link?.destroy();
      await new Promise((resolve) => reader.close(resolve));
    }
  });

  it('EUICC-CLI-ERR-01 usage errors exit 2 with a message naming the option', () => {
    const state = join(tempDir(), 'state.json');
    writeFileSync(state, '{"format":"something else"}');
    const cases: [string[], RegExp][] = [
      [['--listen', '70000'], /--listen: '70000' is not a TCP port/],
      [['--listen', '1', '--vpcd', 'localhost'], /--vpcd and --listen exclude each other/],
      [['--version', 'v9.9'], /--version: unknown SGP\.32 version/],
      [['--eid', '1234'], /--eid:/],
      [['--pki', '/nonexistent', '--eid', EID], /--pki and --eid exclude each other/],
      [['--listen', '0', '--pki', join(tmpdir(), 'sgp32-no-such-pki')], /no manifest/],
      [['--listen', '0', '--state', state], /format: expected/],
      [['--bogus', 'x'], /unknown option --bogus/],
    ];
    for (const [args, message] of cases) {
      const r = spawnSync(process.execPath, [CLI, 'sim', 'euicc', ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    const unknown = spawnSync(process.execPath, [CLI, 'sim', 'sm-ds'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown simulator 'sm-ds'/);
    assert.ok(!existsSync(join(tmpdir(), 'sgp32-no-such-pki')));
  });

  it('EUICC-CLI-NOM-03 sgp32 help lists sim euicc', () => {
    const r = spawnSync(process.execPath, [CLI, 'help'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /sgp32 sim euicc \[--vpcd HOST\[:PORT\] \| --listen \[HOST:\]PORT\]/);
  });
});
