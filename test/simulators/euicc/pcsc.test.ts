/**
 * `sgp32 sim euicc --vpcd` as a real process, seen by real PC/SC software: a private pcscd with the
 * vpcd driver (test/transport/card/pcscd.ts) takes the card, and pcsc-tools' scriptor selects the
 * ISD-R and reads the EID, on the basic channel and on a logical channel, acting on each 61xx as a
 * PC/SC application does. Skips with the reason without pcscd/vpcd/scriptor or root; fails on CI.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tlvAt, tlvSpans, toHex } from '../../../src/asn1';
import { ISD_R_AID } from '../../../src/transport/apdu';
import { DEFAULT_ATR } from '../../../simulators/euicc/config';
import { Daemon, pcscSkip, PrivatePcscd, probePcsc, requirePcsc, Scriptor } from '../../transport/card/pcscd';

const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');
/** Not the fixtures' EID, so the answer can only come from --eid. */
const EID = '89049032000000000000000000001521';
const ISD_R = toHex(ISD_R_AID);

/** Checks the ISD-R's FCI: 6F { 84 ISD-R AID, A5 …, E0 … }, nothing after it. */
function assertIsdrFci(fci: string): void {
  const bytes = Buffer.from(fci, 'hex');
  const outer = tlvAt(bytes, 'FCI');
  assert.equal(outer.tag, 0x6f, `FCI tag in ${fci}`);
  assert.equal(outer.end, bytes.length, `FCI length in ${fci}`);
  const inner = tlvSpans(bytes, 'FCI', outer.start, outer.end);
  const aid = inner.find((s) => s.tag === 0x84);
  assert.ok(aid, `84 in ${fci}`);
  assert.equal(toHex(bytes.subarray(aid.start, aid.end)), ISD_R);
  assert.ok(inner.some((s) => s.tag === 0xa5) && inner.some((s) => s.tag === 0xe0), `A5 and E0 in ${fci}`);
}

/** SELECT ISD-R then GetEID on logical channel `channel` (0: basic), each 61xx followed by GET RESPONSE. */
async function selectAndGetEid(scriptor: Scriptor, channel: number): Promise<void> {
  const cla = (base: number) => (base | channel).toString(16).padStart(2, '0').toUpperCase();
  const select = await scriptor.transmit(`${cla(0x00)}A4040010${ISD_R}`);
  assert.match(select.response, /^61[0-9A-F]{2}$/, `SELECT ISD-R on channel ${channel}`);
  const fci = await scriptor.transmit(`${cla(0x00)}C00000${select.response.slice(2)}`);
  assert.equal(fci.status, 'Normal processing.');
  assert.match(fci.response, /9000$/);
  assertIsdrFci(fci.response.slice(0, -4));

  const getEid = await scriptor.transmit(`${cla(0x80)}E2910006BF3E035C015A`);
  assert.equal(getEid.response, '6115', `GetEID on channel ${channel}`);
  const eid = await scriptor.transmit(`${cla(0x00)}C0000015`);
  assert.deepEqual(eid, { response: `BF3E125A10${EID}9000`, status: 'Normal processing.' });
}

describe('S_eUICC in a real PC/SC reader: sgp32 sim euicc --vpcd + pcscd + scriptor', () => {
  const setup = probePcsc();
  let pcscd: PrivatePcscd | undefined;
  let sim: Daemon | undefined;
  let scriptor: Scriptor | undefined;

  after(async () => {
    await scriptor?.close();
    await sim?.stop();
    await pcscd?.stop();
    // The simulator generated a test PKI for --eid and printed where.
    const pki = /PKI (\S+sgp32-sim-euicc-[^\s,]+)/.exec(sim?.output() ?? '');
    if (pki) rmSync(pki[1], { recursive: true, force: true });
  });

  it('EUICC-PCSC-NOM-01 scriptor selects the ISD-R and reads the configured EID on the basic and a logical channel', { skip: pcscSkip(setup), timeout: 60_000 }, async () => {
    requirePcsc(setup);
    pcscd = await PrivatePcscd.start(setup);
    sim = await Daemon.start(process.execPath, [CLI, 'sim', 'euicc', '--vpcd', `127.0.0.1:${pcscd.port}`, '--eid', EID, '--verbose'], /on vpcd 127\.0\.0\.1:\d+/, 'sgp32 sim euicc serving', 30_000);
    await pcscd.cardInserted();

    scriptor = pcscd.scriptor();
    const context = () => `scriptor:\n${scriptor!.output()}\nsgp32 sim euicc:\n${sim!.output()}`;
    try {
      assert.equal(await scriptor.reset(), toHex(DEFAULT_ATR));
      await selectAndGetEid(scriptor, 0);

      const open = await scriptor.transmit('0070000001');
      assert.match(open.response, /^0[1-3]9000$/, 'MANAGE CHANNEL open names channel 1..3');
      const channel = Number(open.response.slice(0, 2));
      await selectAndGetEid(scriptor, channel);
      assert.equal((await scriptor.transmit(`007080${open.response.slice(0, 2)}00`)).response, '9000', 'MANAGE CHANNEL close');
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${context()}`, { cause: e });
    }
    assert.equal(await scriptor.close(), 0, context());
    assert.match(scriptor.output(), /Using T=0 protocol/);
    // The simulator's own log shows the same exchange (--verbose: one line per APDU).
    assert.match(sim.output(), new RegExp(`APDU 00A4040010${ISD_R} -> 61[0-9A-F]{2}\\n`));
    assert.match(sim.output(), new RegExp(`APDU 00C0000015 -> BF3E125A10${EID}9000\\n`));

    const { code } = await sim.stop();
    assert.equal(code, 0, 'SIGTERM stops the simulator cleanly');
    assert.match(sim.output(), /sgp32 sim euicc: stopped/);
  });
});
