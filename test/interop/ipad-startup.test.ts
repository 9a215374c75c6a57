/**
 * A third-party IPAd against S_eUICC through real PC/SC: a private pcscd with the vpcd driver
 * (test/transport/card/pcscd.ts), `sgp32 sim euicc --version v1.0 --vpcd … --verbose` as a child
 * process, and the IPAd binary named by SGP32_IPAD_BIN, driven with onomondo-ipa's command line
 * (-r reader, -n nvstate, -f initial eIM configuration, -S plain HTTP, -y ESipa retries). The
 * project never builds third-party code, so without SGP32_IPAD_BIN the test skips, on CI too.
 *
 * Three IPAd runs against one card, as a device's first boots go (SGP.32 v1.0 §3.5.2.1 for the
 * initial eIM): no eIM yet; then with -f, an AddInitialEimRequest naming a stub eIM; then a plain
 * start, which reads that configuration, polls notifications and asks the stub eIM for a package
 * (answered noEimPackageAvailable). Every APDU the card answered comes from the simulator's
 * --verbose log; the ES10 answers are reassembled from STORE DATA / GET RESPONSE and decoded with
 * the v1.0 codec. The exchange is printed as test diagnostics.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, toHex, X509Value } from '../../src/asn1';
import { ISD_R_AID } from '../../src/transport/apdu';
import { Daemon, pcscSkip, PrivatePcscd, probePcsc, requirePcsc, RunResult, waitFor } from '../transport/card/pcscd';

const IPAD = process.env.SGP32_IPAD_BIN;
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const EID = '89049032123451234512345678901235';
const ISD_R = toHex(ISD_R_AID);
const EIM_ID = 'eim-interop';
const IPAD_MS = 20_000;
const v10 = codec('SGP32Definitions', 'v1.0');

/** ES10 response type per request tag, for the functions an IPAd's start-up uses. */
const RESPONSE_TYPES: Record<string, string> = {
  BF3E: 'GetEuiccDataResponse',
  BF55: 'GetEimConfigurationDataResponse',
  BF57: 'AddInitialEimResponse',
  BF2B: 'RetrieveNotificationsListResponse',
};

interface Apdu { command: string; response: string }

/** One step of the start-up as the card saw it: a plain APDU, or an ES10 command with its reassembled answer. */
interface Step {
  name: string;
  /** CLA of the (first) command. */
  cla: number;
  command: string;
  /** Response data and final status word (for ES10: the data of every GET RESPONSE, joined). */
  response: string;
  /** ES10 request and response DER. */
  es10?: { request: string; response: string };
}

/** The simulator's --verbose lines `APDU <command> -> <response>` in `log`. */
function apdus(log: string): Apdu[] {
  return [...log.matchAll(/^APDU ([0-9A-F]+) -> ([0-9A-F]+)$/gm)].map(([, command, response]) => ({ command, response }));
}

function nameOf(command: string): string {
  const [cla, ins, p1, p2] = Buffer.from(command.slice(0, 8), 'hex');
  if (cla === 0x80 && ins === 0xaa) return 'TERMINAL CAPABILITY';
  if (ins === 0x70) return p1 === 0x80 ? `MANAGE CHANNEL close ${p2}` : 'MANAGE CHANNEL open';
  if (ins === 0xa4) return command.slice(10) === ISD_R ? 'SELECT ISD-R' : `SELECT ${command.slice(10)}`;
  if (ins === 0xc0) return 'GET RESPONSE';
  return `INS ${ins.toString(16).toUpperCase()}`;
}

/**
 * Folds STORE DATA blocks (P1 b8: last block) and the GET RESPONSEs after 61xx into one ES10 step
 * each (SGP.22 §5.7.2 / GlobalPlatform STORE DATA); every other APDU is a step of its own, with
 * the GET RESPONSEs that follow its 61xx.
 */
function steps(list: Apdu[]): Step[] {
  const out: Step[] = [];
  let request = '';
  for (let i = 0; i < list.length; i++) {
    const { command, response } = list[i];
    const ins = parseInt(command.slice(2, 4), 16);
    let data = response;
    while (/^61..$/.test(data.slice(-4)) && list[i + 1] && nameOf(list[i + 1].command) === 'GET RESPONSE') {
      data = data.slice(0, -4) + list[++i].response;
    }
    if (ins === 0xe2) {
      request += command.slice(10, 10 + 2 * parseInt(command.slice(8, 10), 16));
      if (!(parseInt(command.slice(4, 6), 16) & 0x80)) continue;
      out.push({ name: `ES10 ${request.slice(0, 4)}`, cla: parseInt(command.slice(0, 2), 16), command, response: data, es10: { request, response: data.slice(0, -4) } });
      request = '';
    } else {
      out.push({ name: nameOf(command), cla: parseInt(command.slice(0, 2), 16), command, response: data });
    }
  }
  return out;
}

/** The ES10 answer decoded with the v1.0 codec (throws with path and offset if it is not v1.0 DER). */
function decoded<T = any>(step: Step): T {
  assert.equal(step.response.slice(-4), '9000', `${step.name} status`);
  const type = RESPONSE_TYPES[step.es10!.request.slice(0, 4)];
  assert.ok(type, `no response type known for ${step.name}`);
  return v10.decode<T>(type, Buffer.from(step.es10!.response, 'hex'));
}

interface EimRequest { method?: string; url?: string; headers: IncomingHttpHeaders; body: Buffer }

describe('third-party IPAd start-up against sgp32 sim euicc --version v1.0 through pcscd', () => {
  const setup = probePcsc();
  const skip = IPAD ? pcscSkip(setup) : 'SGP32_IPAD_BIN is not set (the path of an IPAd binary, e.g. onomondo-ipa\'s build/src/ipa/ipa; the project never builds third-party code)';
  let dir: string | undefined;
  let pcscd: PrivatePcscd | undefined;
  let sim: Daemon | undefined;
  let eim: Server | undefined;
  const eimRequests: EimRequest[] = [];

  before(async () => {
    if (skip || typeof setup === 'string') return;
    dir = mkdtempSync(join(tmpdir(), 'sgp32-interop-'));
    // The stub eIM: records each ESipa request, answers GetEimPackageResponse noEimPackageAvailable.
    eim = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => {
        eimRequests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(body) });
        res.writeHead(200, { 'Content-Type': 'application/x-gsma-rsp-asn1', 'X-Admin-Protocol': 'gsma/rsp/v1.0.0' });
        res.end(v10.encode('GetEimPackageResponse', { eimPackageError: 1 }));
      });
    });
    await new Promise<void>((resolve) => eim!.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await sim?.stop();
    await pcscd?.stop();
    await new Promise((resolve) => (eim ? eim.close(resolve) : resolve(undefined)));
    const pki = /PKI (\S+sgp32-sim-euicc-[^\s,]+)/.exec(sim?.output() ?? '');
    if (pki) rmSync(pki[1], { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('INTEROP-IPAD-NOM-01 TERMINAL CAPABILITY, channel, ISD-R, GetEID, AddInitialEim, eIM configuration, notifications, then ESipa', { skip, timeout: 120_000 }, async (t) => {
    requirePcsc(setup);
    assert.ok(existsSync(IPAD!), `SGP32_IPAD_BIN: no file ${IPAD}`);
    pcscd = await PrivatePcscd.start(setup);
    sim = await Daemon.start(process.execPath, [CLI, 'sim', 'euicc', '--version', 'v1.0', '--vpcd', `127.0.0.1:${pcscd.port}`, '--eid', EID, '--verbose'], /on vpcd 127\.0\.0\.1:\d+/, 'sgp32 sim euicc serving', 30_000);
    assert.match(sim.output(), /SGP\.32 v1\.0/);
    await pcscd.cardInserted();

    const eimFqdn = `127.0.0.1:${(eim!.address() as AddressInfo).port}`;
    const eimConfig = join(dir!, 'add-initial-eim.der');
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    writeFileSync(eimConfig, v10.encode('AddInitialEimRequest', {
      eimConfigurationDataList: [{ eimId: EIM_ID, eimFqdn, counterValue: 1, associationToken: -1, eimPublicKeyData: { eimPublicKey: new X509Value('SubjectPublicKeyInfo', spki) } }],
    }));

    /** One IPAd run; returns the steps the card saw during it. */
    const ipad = async (label: string, extra: string[]): Promise<{ run: RunResult; seen: Step[] }> => {
      const from = sim!.output().length;
      const run = await pcscd!.runClient([IPAD!, '-r', '0', '-n', join(dir!, 'nvstate.bin'), '-S', '-y', '0', ...extra], { cwd: dir, ms: IPAD_MS });
      // The IPAd's last APDU closes its channel; the simulator's line for it may still be in the pipe.
      await waitFor(sim!.child, () => sim!.output().slice(from), /^APDU 007080/m, 'the channel close', 2000).catch(() => undefined);
      const seen = steps(apdus(sim!.output().slice(from)));
      t.diagnostic(`${label}: IPAd exit ${run.code}${run.signal ? ` (${run.signal})` : ''}`);
      for (const a of apdus(sim!.output().slice(from))) t.diagnostic(`  ${a.command} -> ${a.response}`);
      const context = `${label}\nIPAd output:\n${run.output}\nsgp32 sim euicc:\n${sim!.output().slice(from)}`;
      assert.ok(!run.timedOut, `IPAd did not finish within ${IPAD_MS} ms\n${context}`);
      // onomondo-ipa's words for answers it could not take (libipa es10x.c and the es10b_* handlers).
      assert.doesNotMatch(run.output, /cannot decode|unexpected response/i, context);
      checkChannel(seen, context);
      return { run, seen };
    };

    // 1. No eIM: the IPAd stops after reading the (empty) eIM configuration.
    const first = await ipad('run 1 (no eIM)', []);
    assert.deepEqual(first.seen.map((s) => s.name), ['TERMINAL CAPABILITY', 'MANAGE CHANNEL open', 'SELECT ISD-R', 'ES10 BF3E', 'ES10 BF55', 'MANAGE CHANNEL close 1']);
    assert.equal(toHex(decoded(first.seen[3]).eidValue), EID);
    assert.deepEqual(decoded(first.seen[4]), { eimConfigurationDataList: [] });

    // 2. -f: AddInitialEim with the stub eIM; the card issues an association token (associationToken -1 asks for one).
    const second = await ipad('run 2 (-f AddInitialEimRequest)', ['-f', eimConfig]);
    assert.equal(second.run.code, 0, second.run.output);
    assert.deepEqual(second.seen.map((s) => s.name), ['TERMINAL CAPABILITY', 'MANAGE CHANNEL open', 'SELECT ISD-R', 'ES10 BF3E', 'ES10 BF57', 'MANAGE CHANNEL close 1']);
    const added = decoded<{ addInitialEimOk: { associationToken?: number }[] }>(second.seen[4]);
    assert.equal(added.addInitialEimOk.length, 1);
    const token = added.addInitialEimOk[0].associationToken;
    assert.ok(typeof token === 'number' && token > 0, `association token issued: ${JSON.stringify(added)}`);

    // 3. Plain start: the IPAd finds the eIM, polls notifications, and asks the eIM for a package.
    const third = await ipad('run 3 (eIM configured)', []);
    assert.equal(third.run.code, 0, third.run.output);
    assert.deepEqual(third.seen.map((s) => s.name), ['TERMINAL CAPABILITY', 'MANAGE CHANNEL open', 'SELECT ISD-R', 'ES10 BF3E', 'ES10 BF55', 'ES10 BF2B', 'MANAGE CHANNEL close 1']);
    const configured = decoded<{ eimConfigurationDataList: { eimPublicKeyData?: { eimPublicKey?: X509Value } }[] }>(third.seen[4]).eimConfigurationDataList;
    assert.equal(configured.length, 1);
    const { eimPublicKeyData, ...rest } = configured[0];
    assert.deepEqual(rest, { eimId: EIM_ID, eimFqdn, counterValue: 1, associationToken: token });
    assert.equal(toHex(eimPublicKeyData!.eimPublicKey!.der), toHex(spki));
    assert.deepEqual(decoded(third.seen[5]), { notificationList: [] });

    assert.equal(eimRequests.length, 1, 'one ESipa request (the stub answers noEimPackageAvailable)');
    const [request] = eimRequests;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/x-gsma-rsp-asn1');
    assert.equal(toHex(v10.decode('GetEimPackageRequest', request.body).eidValue), EID);
    t.diagnostic(`eIM got ${request.method} ${request.url} ${toHex(request.body)}`);

    const { code } = await sim.stop();
    assert.equal(code, 0, 'SIGTERM stops the simulator cleanly');
  });
});

/**
 * The answers outside ES10: TERMINAL CAPABILITY 9000; MANAGE CHANNEL open 9000 (P2 names the
 * channel) or <channel>9000; SELECT ISD-R 61xx, or the FCI 6F… 9000; close 9000. Everything between
 * open and close runs on the opened channel (CLA b1-b2, ISO 7816-4 §5.4.1).
 */
function checkChannel(seen: Step[], context: string): void {
  let channel = 0;
  for (const step of seen) {
    if (step.name === 'TERMINAL CAPABILITY') assert.equal(step.response, '9000', context);
    else if (step.name === 'MANAGE CHANNEL open') {
      const p2 = parseInt(step.command.slice(6, 8), 16);
      assert.equal(step.response, p2 ? '9000' : `0${step.response[1]}9000`, context);
      channel = p2 || parseInt(step.response.slice(0, 2), 16);
    } else if (step.name.startsWith('MANAGE CHANNEL close')) {
      assert.equal(step.response, '9000', context);
      assert.equal(step.name, `MANAGE CHANNEL close ${channel}`, context);
    } else {
      assert.equal(step.cla & 0x03, channel, `${step.name} on channel ${channel}\n${context}`);
      if (step.name === 'SELECT ISD-R') assert.match(step.response, /^(61..|6F.*9000)$/, context);
    }
  }
}
