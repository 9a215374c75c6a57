/**
 * Es10Session against the card side over an in-memory connector: the exact APDUs it sends, error
 * reporting, 6Cxx handling, further channels, and the property that any command and any response
 * of 0..3000 bytes cross intact, on the basic channel and on an opened one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CardResponseError,
  CardStatus,
  CardStatusError,
  Es10Session,
  ISD_R_AID,
  SW,
  Uicc,
} from '../../../src/transport/apdu';
import { CardConnector } from '../../../src/transport/card/connector';
import { connectorFor, h, hex, poweredCard, RecordingApp, tx } from './helpers';

const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 100);
const AID = hex(ISD_R_AID);
const FCI = `6F1284${'10'}${AID}`;

/**
 * Byte strings of 0..3000 bytes, lengths spread over the whole range and the block / chunk edges
 * (fast-check's default size would keep them under a dozen bytes).
 */
const payload = fc
  .oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 1, 254, 255, 256, 257, 510, 511, 512, 2999, 3000))
  .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

/** The in-memory connector, also keeping every command it carried. */
function recording(card: Uicc): { connector: CardConnector; sent: string[] } {
  const inner = connectorFor(card);
  const sent: string[] = [];
  return {
    sent,
    connector: { ...inner, transmit: (c) => { sent.push(hex(c)); return inner.transmit(c); } },
  };
}

describe('Es10Session', () => {
  it('opens a channel, selects the ISD-R, sends GetEID and closes with the APDUs of SGP.32 §5.1', async () => {
    const { card, isdr } = poweredCard();
    const { connector, sent } = recording(card);
    const session = new Es10Session(connector);
    assert.equal(hex(await session.open()), FCI);
    assert.equal(session.channel, 1);
    assert.deepEqual(sent.splice(0), ['80AA000005A903830107', '0070000001', `01A4040010${AID}00`, '01C0000014']);
    isdr.reply = () => h('BF3E125A1089049032123451234512345678901235');
    assert.equal(hex(await session.send(h('BF3E035C015A'))), 'BF3E125A1089049032123451234512345678901235');
    assert.deepEqual(sent.splice(0), ['81E2910006BF3E035C015A', '01C0000015']);
    await session.close();
    assert.deepEqual(sent, ['00708001']);
    assert.deepEqual(card.openChannels(), [0]);
    assert.equal(session.channel, 0);
  });

  it('works on the basic channel with channel: false, and sends no TERMINAL CAPABILITY when told', async () => {
    const { card, isdr } = poweredCard();
    const { connector, sent } = recording(card);
    const session = new Es10Session(connector, { channel: false, terminalCapability: false });
    await session.open();
    assert.equal(hex(await session.send(h('BF2000'))), 'BF2000');
    await session.close();
    assert.deepEqual(sent, [`00A4040010${AID}00`, '00C0000014', '80E2910003BF2000', '00C0000003']);
    assert.deepEqual(isdr.received.map((r) => r.channel), [0]);
    assert.equal(card.terminalCapabilities, undefined);
  });

  it('uses the further-channel classes when the card hands out channel 5', async () => {
    const { card, isdr } = poweredCard({ maxChannels: 20 });
    for (let n = 1; n <= 4; n++) await tx(card, '0070000001');
    const { connector, sent } = recording(card);
    const session = new Es10Session(connector, { blockSize: 120 });
    await session.open();
    assert.equal(session.channel, 5);
    const command = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    assert.equal(hex(await session.send(command)), hex(command));
    assert.deepEqual(sent.slice(2).map((c) => c.slice(0, 8)), ['41A40400', '41C00000', 'C1E21100', 'C1E21101', 'C1E29102', '41C00000', '41C00000']);
    assert.deepEqual(sent.slice(-2), ['41C0000000', '41C000002C']);
    assert.deepEqual(isdr.received.map((r) => r.channel), [5]);
  });

  it('raises CardStatusError with SW, command and meaning', async () => {
    const { card, isdr } = poweredCard();
    const session = new Es10Session(connectorFor(card));
    await session.open();
    isdr.reply = () => { throw new CardStatus(SW.REFERENCED_DATA_NOT_FOUND); };
    await assert.rejects(session.send(h('BF9900')), (e: unknown) => {
      assert.ok(e instanceof CardStatusError);
      assert.equal(e.sw, 0x6a88);
      assert.equal(e.command, 'STORE DATA');
      assert.equal(e.commandHex, '81E2910003BF9900');
      assert.equal(e.meaning, 'referenced data not found');
      assert.match(e.message, /STORE DATA \(81E2910003BF9900\) answered 6A88: referenced data not found/);
      return true;
    });
  });

  it('stops at an intermediate block answered with anything but 9000', async () => {
    const { card, isdr } = poweredCard();
    const { connector, sent } = recording(card);
    const session = new Es10Session(connector);
    await session.open();
    card.hooks.statusWord((c) => c.apdu?.p1 === 0x11 && c.apdu.p2 === 1, 0x6a84);
    await assert.rejects(session.send(new Uint8Array(600)), (e: unknown) => e instanceof CardStatusError && e.sw === 0x6a84 && e.commandHex.startsWith('81E21101'));
    assert.deepEqual(sent.slice(4).map((c) => c.slice(0, 8)), ['81E21100', '81E21101']);
    assert.equal(isdr.received.length, 0);
  });

  it('fails open() with the SW of a card without the ISD-R', async () => {
    const card = new Uicc({ atr: h('3B00'), applications: [] });
    card.powerOn();
    await assert.rejects(new Es10Session(connectorFor(card)).open(), (e: unknown) => e instanceof CardStatusError && e.sw === 0x6a82 && e.command === 'SELECT');
  });

  it('raises CardResponseError for answers the protocol does not allow', async () => {
    const { card } = poweredCard();
    card.hooks.statusWord((c) => c.apdu?.ins === 0x70, SW.OK, { times: 1 });
    await assert.rejects(new Es10Session(connectorFor(card)).open(), (e: unknown) =>
      e instanceof CardResponseError && e.command === 'MANAGE CHANNEL open' && e.responseHex === '' && /channel in 1\.\.19/.test(e.message));
    card.hooks.statusWord((c) => c.apdu?.ins === 0xc0, 0x6110);
    await assert.rejects(new Es10Session(connectorFor(card)).open(), (e: unknown) =>
      e instanceof CardResponseError && e.command === 'GET RESPONSE' && e.responseHex === '6110' && /no progress/.test(e.message));
  });

  it('resends GET RESPONSE with the Le a 6Cxx names', async () => {
    const { card, isdr } = poweredCard();
    const { connector, sent } = recording(card);
    const session = new Es10Session(connector);
    await session.open();
    const response = Uint8Array.from({ length: 40 }, (_, i) => i);
    isdr.reply = () => response;
    card.hooks.statusWord((c) => c.apdu?.ins === 0xc0, 0x6c05, { times: 1 });
    assert.equal(hex(await session.send(h('BF2B00'))), hex(response));
    assert.deepEqual(sent.slice(4), ['81E2910003BF2B00', '01C0000028', '01C0000005', '01C0000023']);
  });

  it('serialises concurrent send() calls', async () => {
    const { card } = poweredCard();
    const session = new Es10Session(connectorFor(card));
    await session.open();
    const commands = [0, 1, 2, 3].map((i) => Uint8Array.from({ length: 300 + i }, (_, j) => (i + j) & 0xff));
    const answers = await Promise.all(commands.map((c) => session.send(c)));
    assert.deepEqual(answers.map(hex), commands.map(hex));
  });

  for (const channel of [false, true]) {
    it(`property: any command and response of 0..3000 bytes cross intact (${channel ? 'opened channel' : 'basic channel'})`, async () => {
      const isdr = new RecordingApp(ISD_R_AID);
      const card = new Uicc({ atr: h('3B00'), applications: [isdr] });
      const connector = connectorFor(card);
      await connector.connect();
      const session = new Es10Session(connector, { channel });
      await session.open();
      assert.equal(session.channel, channel ? 1 : 0);
      await fc.assert(
        fc.asyncProperty(payload, payload, async (command, response) => {
          isdr.reply = () => response;
          const answer = await session.send(command);
          const got = isdr.received.pop()!;
          assert.equal(hex(got.command), hex(command));
          assert.equal(got.channel, session.channel);
          assert.equal(hex(answer), hex(response));
        }),
        { numRuns: RUNS },
      );
      await session.close();
    });
  }
});
