import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CardLinkError, InProcessConnector } from '../../../src/transport/card';
import { bytes, hex, INS, TEST_AID, TEST_ATR, TestCard, TraceLog } from './fixture-card';

const select = bytes(`00A40400 10 ${TEST_AID}`);

describe('InProcessConnector', () => {
  it('powers the card, carries APDUs both ways and powers it off on close', async () => {
    const card = new TestCard();
    const link = new InProcessConnector(card);
    assert.equal(hex(await link.connect()), hex(TEST_ATR));
    assert.equal(hex(await link.transmit(select)), '9000');
    assert.equal(hex(await link.transmit(bytes('00A40400 02 A000'))), '6A82');
    assert.equal(hex(await link.transmit(bytes('80EE0000 03 010203'))), '0102039000');
    assert.equal(hex(await link.reset()), hex(TEST_ATR));
    await link.close();
    assert.deepEqual([card.powerOns, card.resets, card.powerOffs], [1, 1, 1]);
  });

  it('refuses APDUs and resets before connect and after close', async () => {
    const link = new InProcessConnector(new TestCard());
    await assert.rejects(link.transmit(select), (e: unknown) => e instanceof CardLinkError && /call connect\(\) first/.test(e.message));
    await assert.rejects(link.reset(), CardLinkError);
    await link.connect();
    await link.close();
    await assert.rejects(link.transmit(select), CardLinkError);
  });

  it('records each APDU once, command out and response in, naming the endpoint', async () => {
    const trace = new TraceLog();
    const link = new InProcessConnector(new TestCard(), { trace, endpoint: 'in-process S_eUICC' });
    await link.connect();
    await link.transmit(bytes('80EE0000 01 AB'));
    assert.deepEqual(trace.lines(), ['apdu out in-process S_eUICC 80EE000001AB', 'apdu in in-process S_eUICC AB9000']);
  });

  it('times out on a mute card and needs connect() again', async () => {
    const card = new TestCard();
    const link = new InProcessConnector(card, { timeoutMs: 50 });
    await link.connect();
    const started = Date.now();
    await assert.rejects(link.transmit(Uint8Array.of(0x80, INS.HANG, 0, 0)), (e: unknown) => e instanceof CardLinkError && /timed out after 50 ms/.test(e.message));
    const took = Date.now() - started;
    assert.ok(took >= 45 && took < 1000, `timeout took ${took} ms`);
    await assert.rejects(link.transmit(select), /call connect\(\) first/);
    await link.connect();
    assert.equal(hex(await link.transmit(select)), '9000');
  });

  it('turns a card failure into CardLinkError carrying the cause', async () => {
    const link = new InProcessConnector(new TestCard());
    await link.connect();
    await assert.rejects(
      link.transmit(Uint8Array.of(0x80, INS.FAIL, 0, 0)),
      (e: unknown) => e instanceof CardLinkError && e.endpoint === 'in-process' && (e.cause as Error).message === 'test card failure',
    );
  });

  it('hands the card one command at a time when callers overlap', async () => {
    const card = new TestCard();
    const link = new InProcessConnector(card);
    await link.connect();
    const answers = await Promise.all([3, 1, 2].map((n) => link.transmit(Uint8Array.of(0x80, INS.SLOW, n, 0))));
    assert.deepEqual(answers.map(hex), ['9000', '9000', '9000']);
    assert.equal(card.maxInFlight, 1);
    assert.deepEqual(card.commands, ['805D0300', '805D0100', '805D0200']);
  });
});
