/**
 * The real thing: a private pcscd with vsmartcard's vpcd driver (see ./pcscd.ts), the test card
 * dialled in through connectVpcd, and pcsc-tools' scriptor (a real PC/SC client, via libpcsclite)
 * sending APDUs. Without pcscd the test skips with the reason, except under CI=true, where it fails.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectVpcd, VpcdLink } from '../../../src/transport/card';
import { hex, TEST_AID, TEST_ATR, TestCard, TraceLog } from './fixture-card';
import { pcscSkip, PrivatePcscd, probePcsc, requirePcsc, SLOT, spaced } from './pcscd';

describe('real PC/SC: pcscd + vpcd + scriptor', () => {
  const setup = probePcsc();
  let pcscd: PrivatePcscd | undefined;
  let vpcd: VpcdLink | undefined;

  after(async () => {
    await vpcd?.close();
    await pcscd?.stop();
  });

  it('scriptor sees the ATR and gets answers to SELECT and echo APDUs', { skip: pcscSkip(setup), timeout: 60_000 }, async () => {
    requirePcsc(setup);
    pcscd = await PrivatePcscd.start(setup);

    const card = new TestCard();
    const trace = new TraceLog();
    vpcd = connectVpcd(card, { port: pcscd.port, retryMs: 100, trace });
    await vpcd.connected;
    await pcscd.cardInserted();

    const select = `00A4040010${TEST_AID}`;
    const script = ['reset', select, '80EE000003010203', '00A4040002A000'].join('\n') + '\n';
    const { code, output } = await pcscd.runClient([setup.scriptor, '-r', SLOT], { input: script });

    const context = `scriptor output:\n${output}\npcscd log tail:\n${pcscd.log().slice(-3000)}`;
    assert.equal(code, 0, context);
    assert.match(output, /Using T=0 protocol/, context);
    assert.ok(output.includes(`< OK: ${spaced(hex(TEST_ATR))}`), `ATR after reset\n${context}`);
    assert.ok(output.includes(`> ${spaced(select)} \n< 90 00 : Normal processing.`), `SELECT ISD-R\n${context}`);
    assert.ok(output.includes('> 80 EE 00 00 03 01 02 03 \n< 01 02 03 90 00 : Normal processing.'), `echo\n${context}`);
    assert.ok(output.includes('> 00 A4 04 00 02 A0 00 \n< 6A 82 :'), `unknown AID\n${context}`);
    assert.ok(card.resets >= 1, 'scriptor reset reached the card as a warm reset');

    const at = `vpcd 127.0.0.1:${pcscd.port}`;
    // pcscd sends no APDU of its own, so the trace holds exactly scriptor's three exchanges.
    assert.deepEqual(trace.lines(), [
      `apdu in ${at} ${select}`,
      `apdu out ${at} 9000`,
      `apdu in ${at} 80EE000003010203`,
      `apdu out ${at} 0102039000`,
      `apdu in ${at} 00A4040002A000`,
      `apdu out ${at} 6A82`,
    ]);
  });
});
