/**
 * The four simulated roles end to end, each a separate `sgp32 sim …` process over real HTTPS on
 * loopback and a TCP APDU link, on one `sgp32 pki init` directory, per curve:
 *   S_SM-DP+ (orders placed with --order), S_eIM (driven through its northbound API), S_eUICC
 *   (--listen) and S_IPA (--once per poll cycle, giving the card the eIM's AddInitialEimRequest).
 * What is checked is what each role shows outside: the eIM's order outcomes (decoded eUICC
 * results), the SM-DP+'s log of the notifications it received, and the IPA's exit code.
 * A second card and eIM (started with --direct) cover the direct download over ES9+.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Curve } from '../../src/crypto/curves';
import { luhnCheckDigit } from '../../src/profile';
import { Daemon } from '../transport/card/pcscd';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const EID = '89049032123451234512345678901235';
const DP = 'testsmdpplus1.example.com';
const START_MS = 30_000;
const CYCLE_MS = 30_000;

const iccid = (n: number) => {
  const payload = `89882119900000${String(n).padStart(4, '0')}`;
  return payload + luhnCheckDigit(payload);
};

const start = (args: string[], ready: RegExp, what: string) => Daemon.start(process.execPath, [CLI, 'sim', ...args], ready, what, START_MS);

/** One `sgp32 sim ipa --once` cycle: its exit code and output. */
function ipaCycle(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'sim', 'ipa', '--once', ...args], { timeout: CYCLE_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

interface OrderView { id: string; status: string; outcome?: any }

async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

/** One role set: an eIM (indirect or direct), a card, and the IPA command line that joins them to the SM-DP+. */
class Site {
  eim!: Daemon;
  euicc!: Daemon;
  apiUrl!: string;
  private ipaArgs!: string[];

  constructor(private readonly dir: string, private readonly curve: Curve, private readonly es9: string, private readonly direct: boolean) {}

  async start(): Promise<void> {
    const config = join(this.dir, `eim-${this.curve}-${this.direct ? 'direct' : 'indirect'}.der`);
    this.eim = await start(['eim', '--pki', this.dir, '--curve', this.curve, '--dp', `${DP}=${this.es9}`, '--write-config', config, ...(this.direct ? ['--direct'] : [])],
      /^eim config /m, 'sgp32 sim eim');
    this.apiUrl = /^eim api (\S+)/m.exec(this.eim.output())![1];
    this.euicc = await start(['euicc', '--listen', '0', '--pki', this.dir], /on tcp (127\.0\.0\.1:\d+)/, 'sgp32 sim euicc');
    const card = /on tcp (127\.0\.0\.1:\d+)/.exec(this.euicc.output())![1];
    this.ipaArgs = ['--card', `tcp:${card}`, '--pki', this.dir, '--add-initial-eim', config, ...(this.direct ? ['--direct', '--dp', `${DP}=${this.es9}`] : [])];
  }

  async stop(): Promise<void> {
    await this.eim?.stop();
    await this.euicc?.stop();
  }

  /** Places the order, runs one IPA poll cycle, and resolves with the settled order. */
  async order(body: Record<string, unknown>): Promise<OrderView> {
    const created = await api(this.apiUrl, 'POST', '/api/v1/orders', { eid: EID, ...body });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const cycle = await ipaCycle(this.ipaArgs);
    assert.equal(cycle.code, 0, `sim ipa --once failed:\n${cycle.output}\nsim eim:\n${this.eim.output()}`);
    const settled = await api(this.apiUrl, 'GET', `/api/v1/orders/${created.json.id}?wait=${CYCLE_MS}`);
    return settled.json as OrderView;
  }

  /** `order`, checked done; resolves with its outcome. */
  async done(body: Record<string, unknown>): Promise<any> {
    const o = await this.order(body);
    assert.equal(o.status, 'done', JSON.stringify(o, null, 1));
    return o.outcome;
  }

  async profiles(): Promise<Record<string, string>> {
    const outcome = await this.done({ type: 'psmo', psmos: [{ listProfileInfo: {} }] });
    const list = outcome.results[0].listProfileInfoResult.profileInfoListOk as { iccid: string; profileState: string }[];
    return Object.fromEntries(list.map((p) => [p.iccid, p.profileState]));
  }
}

for (const curve of ['nist', 'brp'] as const) {
  describe(`four simulators as processes over HTTPS (${curve})`, () => {
    let dir: string;
    let smdpp: Daemon;
    let indirect: Site, direct: Site;
    const codes: Record<string, string> = {};
    const [A, B, C] = [iccid(1), iccid(2), iccid(3)];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), `sgp32-e2e-${curve}-`));
      await Daemon.start(process.execPath, [CLI, 'pki', 'init', '--out', dir, '--curves', curve, '--eid', EID], /manifest\.json/, 'sgp32 pki init', START_MS);
      smdpp = await start(['smdpp', '--pki', dir, '--curve', curve, ...[A, B, C].flatMap((i, n) => ['--order', `${i}:MATCH-${curve}-${n}:${EID}`])],
        /^smdpp es2 /m, 'sgp32 sim smdpp');
      for (const [, i, code] of smdpp.output().matchAll(/^smdpp order (\d+) (\S+)/gm)) codes[i] = code;
      const es9 = /^smdpp es9 (\S+)/m.exec(smdpp.output())![1];
      indirect = new Site(dir, curve, es9, false);
      direct = new Site(dir, curve, es9, true);
      await indirect.start();
      await direct.start();
    });

    after(async () => {
      await indirect?.stop();
      await direct?.stop();
      const stopped = await smdpp?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      assert.equal(stopped?.code, 0, 'sim smdpp stops cleanly on SIGTERM');
    });

    /** The SM-DP+'s log line for the PIR of `iccid`, once it has arrived. */
    const pirLine = (i: string) => smdpp.waitFor(new RegExp(`^smdpp notification pir iccid=${i}\\b.*$`, 'm'), `the PIR of ${i} at S_SM-DP+`, 10_000);

    it('E2E-INDDL-NOM-01 indirect download ordered on the eIM API: installed, enabled by PSMO, PIR at the SM-DP+', async () => {
      const outcome = await indirect.done({ type: 'download', activationCode: codes[A] });
      assert.equal(outcome.iccid, A);
      assert.match((await pirLine(A))[0], /result=success/);
      const enabled = await indirect.done({ type: 'psmo', psmos: [{ enable: { iccid: A } }] });
      assert.deepEqual(enabled.results, [{ enableResult: 'ok' }]);
      assert.deepEqual(await indirect.profiles(), { [A]: 'enabled' });
    });

    it('E2E-ESEP-PSMO-NOM-01 every PSMO through the eIM, the IPA and the card', async () => {
      await indirect.done({ type: 'download', activationCode: codes[B] });
      assert.match((await pirLine(B))[0], /result=success/);
      const settings = await indirect.done({ type: 'psmo', psmos: [
        { getRAT: {} },
        { configureImmediateEnable: { immediateEnableFlag: true } },
        { setDefaultDpAddress: { defaultDpAddress: DP } },
        { setFallbackAttribute: { iccid: B } },
        { unsetFallbackAttribute: {} },
      ] });
      const names = settings.results.map((r: Record<string, unknown>) => Object.keys(r)[0]);
      assert.deepEqual(names, ['getRATResult', 'configureImmediateEnableResult', 'setDefaultDpAddressResult', 'setFallbackAttributeResult', 'unsetFallbackAttributeResult']);
      // The test profiles' metadata do not set fallbackAllowed, so the card refuses the attribute (SGP.32 v1.2 codes).
      assert.deepEqual(settings.results.slice(1), [
        { configureImmediateEnableResult: 'ok' }, { setDefaultDpAddressResult: { setDefaultDpAddressResult: 'ok' } },
        { setFallbackAttributeResult: 'fallbackNotAllowed' }, { unsetFallbackAttributeResult: 'noFallbackAttribute' },
      ]);
      const moved = await indirect.done({ type: 'psmo', psmos: [{ disable: { iccid: A } }, { enable: { iccid: B } }] });
      assert.deepEqual(moved.results, [{ disableResult: 'ok' }, { enableResult: 'ok' }]);
      const removed = await indirect.done({ type: 'psmo', psmos: [{ disable: { iccid: B } }, { delete: { iccid: A } }] });
      assert.deepEqual(removed.results, [{ disableResult: 'ok' }, { deleteResult: 'ok' }]);
      assert.deepEqual(await indirect.profiles(), { [B]: 'disabled' });
    });

    it('E2E-ESEP-ECO-NOM-01 every eCO: addEim, updateEim, listEim, deleteEim', async () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { entries: { id: string; cert: string }[] };
      const eimCertificate = readFileSync(join(dir, manifest.entries.find((e) => e.id === `${curve}/eimSign`)!.cert), 'utf8');
      const second = { eimId: 'eim2.example.com', eimFqdn: 'eim2.example.com', counterValue: 10, eimCertificate };
      const added = await indirect.done({ type: 'eco', ecos: [{ addEim: second }] });
      assert.equal(Object.keys(added.results[0])[0], 'addEimResult');
      const updated = await indirect.done({ type: 'eco', ecos: [{ updateEim: { ...second, counterValue: 20 } }] });
      assert.deepEqual(updated.results, [{ updateEimResult: 'ok' }]);
      const listed = await indirect.done({ type: 'eco', ecos: [{ listEim: {} }] });
      const ids = listed.results[0].listEimResult.eimIdList.map((e: { eimId: string }) => e.eimId).sort();
      assert.equal(ids.length, 2);
      assert.ok(ids.includes('eim2.example.com'), JSON.stringify(listed));
      const deleted = await indirect.done({ type: 'eco', ecos: [{ deleteEim: { eimId: 'eim2.example.com' } }] });
      assert.deepEqual(deleted.results, [{ deleteEimResult: 'ok' }]);
    });

    it('E2E-ESIPA-EDR-NOM-01 eUICC data request answered from the card', async () => {
      const outcome = await indirect.done({ type: 'edr', tagList: 'BF20A5A6' });
      assert.ok(outcome.data.euiccInfo1, JSON.stringify(outcome));
      assert.ok(outcome.data.eumCertificate && outcome.data.euiccCertificate, JSON.stringify(outcome));
    });

    it('E2E-DIRDL-NOM-01 direct download: the IPA talks ES9+ to the SM-DP+ and reports to the eIM', async () => {
      const outcome = await direct.done({ type: 'download', activationCode: codes[C] });
      assert.equal(outcome.iccid, C);
      assert.match((await pirLine(C))[0], /result=success/);
      assert.deepEqual(await direct.profiles(), { [C]: 'disabled' });
    });
  });
}
