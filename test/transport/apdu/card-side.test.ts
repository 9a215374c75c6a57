/**
 * The card-side framing engine: the exact exchanges of the TTCN IPAd suite and of lpac, logical
 * channels, SELECT, STORE DATA reassembly, GET RESPONSE chunking and 6Cxx, and every rejected
 * command answering its status word without changing any state.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CardStatus,
  ECASD_AID,
  ISD_R_AID,
  SW,
  Uicc,
} from '../../../src/transport/apdu';
import { CardLinkError } from '../../../src/transport/card/connector';
import { TraceEvent } from '../../../src/transport/trace';
import { ATR, h, hex, poweredCard, RecordingApp, tx } from './helpers';

const AID = hex(ISD_R_AID);
const FCI = `6F1284${'10'}${AID}`;

function filler(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

describe('Uicc: the sequences real IPAs send', () => {
  it('answers the TTCN IPAd suite power-up sequence, T=0 case-1 P3 00 included', async () => {
    const { card, isdr } = poweredCard();
    assert.equal(await tx(card, '80AA000005A903830107'), '9000');
    assert.equal(hex(card.terminalCapabilities!), 'A903830107');
    assert.equal(await tx(card, '0070000100'), '9000');
    assert.deepEqual(card.openChannels(), [0, 1]);
    assert.equal(await tx(card, `01A4040410${AID}`), '6114');
    // The IPAd never fetches the FCI; its first STORE DATA discards it.
    assert.equal(await tx(card, '81E2910006BF3E035C015A'), '6106');
    assert.equal(await tx(card, '01C0000006'), 'BF3E035C015A9000');
    assert.deepEqual(isdr.received.map((r) => [hex(r.command), r.channel]), [['BF3E035C015A', 1]]);
    assert.equal(await tx(card, '0070800100'), '9000');
    assert.deepEqual(card.openChannels(), [0]);
    assert.deepEqual(isdr.deselections, [1]);
  });

  it("answers lpac's sequence: channel number from the card, GET RESPONSE in class 8X", async () => {
    const { card } = poweredCard();
    assert.equal(await tx(card, '80AA00000AA9088100820101830107'), '9000');
    assert.equal(await tx(card, '0070000001'), '019000');
    assert.equal(await tx(card, `01A4040010${AID}`), '6114');
    assert.equal(await tx(card, '81C0000014'), `${FCI}9000`);
    assert.equal(await tx(card, '81E2910003BF2000'), '6103');
    assert.equal(await tx(card, '81C0000003'), 'BF20009000');
  });

  it('takes STORE DATA with an Le byte (case 4) and answers 61xx all the same', async () => {
    const { card } = poweredCard();
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E2910003BF550000'), '6103');
    assert.equal(await tx(card, '80C0000003'), 'BF55009000');
  });
});

describe('Uicc: logical channels', () => {
  it('assigns the lowest free channel, honours P2 = n, and answers 6A81 when none is free', async () => {
    const { card } = poweredCard({ maxChannels: 4 });
    assert.equal(await tx(card, '0070000001'), '019000');
    assert.equal(await tx(card, '0070000300'), '9000');
    assert.equal(await tx(card, '0070000001'), '029000');
    assert.equal(await tx(card, '0070000001'), '6A81');
    assert.equal(await tx(card, '0070800200'), '9000');
    assert.equal(await tx(card, '0070000000'), '029000');
    assert.deepEqual(card.openChannels(), [0, 1, 2, 3]);
  });

  it('codes further channels 4..19 as 4X / CX', async () => {
    const { card, isdr } = poweredCard({ maxChannels: 20 });
    for (let n = 1; n <= 19; n++) assert.equal(await tx(card, '0070000001'), `${hex(Uint8Array.of(n))}9000`);
    assert.equal(await tx(card, '0070000001'), '6A81');
    assert.equal(await tx(card, `4FA4040C10${AID}`), '9000');
    assert.equal(await tx(card, 'CFE2910001AA'), '6101');
    assert.equal(await tx(card, '4FC0000001'), 'AA9000');
    assert.equal(await tx(card, `40A4040C10${AID}`), '9000');
    assert.equal(await tx(card, 'C0E2910001BB'), '6101');
    assert.equal(await tx(card, 'C0C0000001'), 'BB9000');
    assert.deepEqual(isdr.received.map((r) => r.channel), [19, 4]);
    assert.equal(await tx(card, '0070801300'), '9000');
    assert.equal(await tx(card, '4FC0000001'), '6881');
  });

  it('keeps selection, STORE DATA sequence and pending response per channel', async () => {
    const { card, isdr } = poweredCard();
    await tx(card, '0070000001');
    await tx(card, '0070000001');
    await tx(card, `01A4040C10${AID}`);
    await tx(card, `02A4040C10${AID}`);
    assert.equal(await tx(card, '81E2910002A1A2'), '6102');
    assert.equal(await tx(card, '82E2110001B1'), '9000');
    assert.equal(await tx(card, '82E2910101B2'), '6102');
    assert.equal(await tx(card, '01C0000002'), 'A1A29000');
    assert.equal(await tx(card, '02C0000002'), 'B1B29000');
    assert.deepEqual(isdr.received.map((r) => [hex(r.command), r.channel]), [['A1A2', 1], ['B1B2', 2]]);
    assert.equal(await tx(card, '80E2910001AA'), '6985');
  });
});

describe('Uicc: SELECT', () => {
  it('answers the FCI through GET RESPONSE, none for P2 0C, 6A82 for an unknown AID', async () => {
    const ecasd = new RecordingApp(ECASD_AID, (c) => c, h('6F0784050102030405'));
    const isdr = new RecordingApp(ISD_R_AID);
    const card = new Uicc({ atr: ATR, applications: [isdr, ecasd] });
    card.powerOn();
    assert.equal(await tx(card, `00A4040410${hex(ECASD_AID)}00`), '6109');
    assert.equal(await tx(card, '00C0000009'), '6F07840501020304059000');
    assert.equal(hex(card.selectedAid(0)!), hex(ECASD_AID));
    assert.equal(await tx(card, `00A4040C10${AID}`), '9000');
    assert.deepEqual(ecasd.deselections, [0]);
    assert.equal(await tx(card, '00A4040005A000000559'), '6A82');
    assert.equal(hex(card.selectedAid(0)!), AID);
  });
});

describe('Uicc: STORE DATA and GET RESPONSE', () => {
  it('reassembles blocks, restarts at P2 00, and hands the whole command over once', async () => {
    const { card, isdr } = poweredCard();
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E2110002AAAA'), '9000');
    assert.equal(await tx(card, '80E2110002BBBB'), '9000'); // P2 00 again: a new sequence
    assert.equal(await tx(card, '80E2110102CCCC'), '9000');
    assert.equal(await tx(card, '80E2910201DD'), '6105');
    assert.deepEqual(isdr.received.map((r) => hex(r.command)), ['BBBBCCCCDD']);
  });

  it('chunks the response by Le, answers 6Cxx for a wrong Le, 6985 once all is read', async () => {
    const { card, isdr } = poweredCard();
    const response = filler(300);
    isdr.reply = () => response;
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E2910001AA'), '6100');
    assert.equal(await tx(card, '00C0000064'), `${hex(response.subarray(0, 100))}61C8`);
    assert.equal(await tx(card, '00C00000C9'), '6CC8');
    assert.equal(await tx(card, '00C0000000'), '6CC8');
    assert.equal(await tx(card, '00C00000'), '6CC8');
    assert.equal(await tx(card, '00C00000C7'), `${hex(response.subarray(100, 299))}6101`);
    assert.equal(await tx(card, '00C0000001'), `${hex(response.subarray(299))}9000`);
    assert.equal(await tx(card, '00C0000001'), '6985');
  });

  it('releases exactly 256 bytes with 6100 and GET RESPONSE Le 00', async () => {
    const { card, isdr } = poweredCard();
    const response = filler(256);
    isdr.reply = () => response;
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E2910001AA'), '6100');
    assert.equal(await tx(card, '00C0000000'), `${hex(response)}9000`);
  });

  it('answers 9000 alone for an empty response, and accepts an empty last block', async () => {
    const { card, isdr } = poweredCard();
    isdr.reply = () => new Uint8Array(0);
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E29100'), '9000');
    assert.equal(await tx(card, '80E2910000'), '9000');
    assert.deepEqual(isdr.received.map((r) => r.command.length), [0, 0]);
  });

  it('discards pending response data when a new STORE DATA comes', async () => {
    const { card } = poweredCard();
    await tx(card, `00A4040C10${AID}`);
    assert.equal(await tx(card, '80E2910003010203'), '6103');
    assert.equal(await tx(card, '80E2110001AA'), '9000');
    assert.equal(await tx(card, '00C0000003'), '6985');
  });

  it('answers the status word of a CardStatus, and 6F00 for any other failure', async () => {
    const errors: unknown[] = [];
    const { card, isdr } = poweredCard({ onError: (e) => errors.push(e) });
    await tx(card, `00A4040C10${AID}`);
    isdr.reply = () => { throw new CardStatus(SW.REFERENCED_DATA_NOT_FOUND); };
    assert.equal(await tx(card, '80E2910003BF9900'), '6A88');
    isdr.reply = () => { throw new TypeError('bug'); };
    assert.equal(await tx(card, '80E2910003BF2000'), '6F00');
    assert.equal((errors[0] as Error).message, 'bug');
    isdr.reply = (c) => c;
    assert.equal(await tx(card, '80E2910003BF2000'), '6103');
  });
});

/**
 * State for the framing tests: terminal capabilities recorded, channels 1 and 2 open with the ISD-R
 * selected, 134 bytes of a 150-byte response pending on channel 1, and block 00 of a STORE DATA
 * sequence received on channel 2.
 */
async function busyCard() {
  const { card, isdr } = poweredCard({ maxChannels: 4 });
  const response = filler(150, 7);
  isdr.reply = (c) => (c.length === 1 ? response : c);
  for (const [command, answer] of [
    ['80AA000005A903830107', '9000'],
    ['0070000001', '019000'],
    ['0070000001', '029000'],
    [`01A4040C10${AID}`, '9000'],
    [`02A4040C10${AID}`, '9000'],
    ['81E2910001EE', '6196'],
    ['01C0000010', `${hex(response.subarray(0, 16))}6186`],
    ['82E2110002AABB', '9000'],
  ] as const) assert.equal(await tx(card, command), answer, command);
  return { card, isdr, response };
}

/** The correct exchanges that follow: each shows one piece of the state intact. */
async function assertBusyState({ card, isdr, response }: Awaited<ReturnType<typeof busyCard>>) {
  assert.equal(await tx(card, '01C0000010'), `${hex(response.subarray(16, 32))}6176`);
  assert.equal(await tx(card, '82E2910101CC'), '6103');
  assert.equal(await tx(card, '02C0000003'), 'AABBCC9000');
  assert.deepEqual(isdr.received.map((r) => [hex(r.command), r.channel]), [['EE', 1], ['AABBCC', 2]]);
  assert.deepEqual(card.openChannels(), [0, 1, 2]);
  assert.equal(hex(card.terminalCapabilities!), 'A903830107');
  assert.deepEqual(isdr.deselections, []);
}

describe('Uicc: a rejected command answers its status word and changes no state', () => {
  const cases: [string, string, string][] = [
    ['fewer than 4 bytes', '82E291', '6700'],
    ['extended length', '82E29101000001AA', '6700'],
    ['Lc larger than the data', '82E2910105AA', '6700'],
    ['Lc smaller than the data', '82E2910101AABBCC', '6700'],
    ['RFU class 20', '22E2910101CC', '6E00'],
    ['GSM class A0', 'A0C0000010', '6E00'],
    ['class FF', 'FFE2910101CC', '6E00'],
    ['STORE DATA in the interindustry class', '02E2910101CC', '6E00'],
    ['SELECT in the proprietary class', `81A4040C10${AID}`, '6E00'],
    ['MANAGE CHANNEL in the proprietary class', '8070000001', '6E00'],
    ['TERMINAL CAPABILITY in the interindustry class', '00AA000005A903830107', '6E00'],
    ['unknown INS CA', '82CA00FF00', '6D00'],
    ['unknown INS 60 (a T=0 procedure byte)', '8260000000', '6D00'],
    ['STORE DATA P1 90', '82E2900101CC', '6A86'],
    ['STORE DATA P1 01', '82E2010101CC', '6A86'],
    ['STORE DATA out of sequence (P2 02, 01 expected)', '82E2910201CC', '6A86'],
    ['STORE DATA on a channel not open', '83E2910001CC', '6881'],
    ['STORE DATA on further channel 4, not open', 'C0E2910001CC', '6881'],
    ['STORE DATA beyond maxChannels', 'CFE2910001CC', '6881'],
    ['STORE DATA with secure messaging', '86E2910101CC', '6882'],
    ['STORE DATA with command chaining', '92E2910101CC', '6884'],
    ['STORE DATA without a selected application', '80E2910001CC', '6985'],
    ['GET RESPONSE P1 01', '01C0010010', '6A86'],
    ['GET RESPONSE with data', '01C0000001AA10', '6700'],
    ['GET RESPONSE Le above what is pending', '01C00000FF', '6C86'],
    ['GET RESPONSE Le 00 (256)', '01C0000000', '6C86'],
    ['GET RESPONSE without Le', '01C00000', '6C86'],
    ['GET RESPONSE without pending data', '00C0000010', '6985'],
    ['GET RESPONSE on a channel not open', '03C0000010', '6881'],
    ['SELECT of an unknown AID', '02A4040005A000000001', '6A82'],
    ['SELECT by file id (P1 00)', '02A40004023F00', '6A86'],
    ['SELECT P2 02 (next occurrence)', `02A4040210${AID}`, '6A86'],
    ['SELECT without data', '02A40400', '6700'],
    ['SELECT with a 17-byte name', `02A4040011${AID}01`, '6700'],
    ['MANAGE CHANNEL P1 40', '0070400000', '6A86'],
    ['MANAGE CHANNEL with data', '007000000101', '6700'],
    ['MANAGE CHANNEL open, Le 02', '0070000002', '6C01'],
    ['MANAGE CHANNEL open, no Le', '00700000', '6C01'],
    ['MANAGE CHANNEL open of an open channel', '0070000100', '6A86'],
    ['MANAGE CHANNEL open beyond maxChannels', '0070000400', '6881'],
    ['MANAGE CHANNEL open of channel 20', '0070001400', '6A86'],
    ['MANAGE CHANNEL close of channel 0', '0070800000', '6A86'],
    ['MANAGE CHANNEL close of a channel not open', '0070800300', '6881'],
    ['TERMINAL CAPABILITY P1 01', '80AA010005A903830107', '6A86'],
    ['TERMINAL CAPABILITY without data', '80AA0000', '6700'],
    ['TERMINAL CAPABILITY with a truncated TLV', '80AA000003A90501', '6A80'],
    ['TERMINAL CAPABILITY with another tag', '80AA000003AA0100', '6A80'],
  ];
  for (const [what, command, sw] of cases) {
    it(`${what}: ${command} → ${sw}`, async () => {
      const state = await busyCard();
      assert.equal(await tx(state.card, command), sw);
      await assertBusyState(state);
    });
  }
});

describe('Uicc: power, reset and trace', () => {
  it('refuses commands while unpowered, and clears channels and selections on reset', async () => {
    const isdr = new RecordingApp(ISD_R_AID);
    const card = new Uicc({ atr: ATR, applications: [isdr] });
    await assert.rejects(card.transmit(h('0070000001')), CardLinkError);
    assert.equal(hex(card.powerOn()), hex(ATR));
    await tx(card, '80AA000005A903830107');
    await tx(card, '0070000001');
    await tx(card, `01A4040C10${AID}`);
    assert.equal(hex(card.reset()), hex(ATR));
    assert.deepEqual(isdr.deselections, [1]);
    assert.deepEqual(card.openChannels(), [0]);
    assert.equal(card.terminalCapabilities, undefined);
    assert.equal(await tx(card, '81E2910001AA'), '6881');
    card.powerOff();
    await assert.rejects(card.transmit(h('0070000001')), CardLinkError);
  });

  it('rejects an impossible maxChannels', () => {
    assert.throws(() => new Uicc({ atr: ATR, applications: [], maxChannels: 21 }));
    assert.throws(() => new Uicc({ atr: ATR, applications: [], maxChannels: 0 }));
  });

  it('reports every command and response once to the trace sink', async () => {
    const events: TraceEvent[] = [];
    const { card } = poweredCard({ trace: { record: (e) => events.push(e) }, endpoint: 'S_eUICC' });
    const commands = ['80AA000005A903830107', '0070000001', `01A4040410${AID}`, '01C0000014', '81E2910001AA', '81C0000001', '00CA000000'];
    const answers: string[] = [];
    for (const c of commands) answers.push(await tx(card, c));
    assert.equal(events.length, 2 * commands.length);
    assert.ok(events.every((e) => e.interface === 'apdu' && e.endpoint === 'S_eUICC' && typeof e.time === 'number'));
    assert.deepEqual(events.filter((e) => e.direction === 'in').map((e) => hex(e.bytes)), commands);
    assert.deepEqual(events.filter((e) => e.direction === 'out').map((e) => hex(e.bytes)), answers);
    assert.deepEqual(events.map((e) => e.direction), commands.flatMap(() => ['in', 'out']));
  });
});

describe('Uicc: deviation hooks', () => {
  const isStoreData = (c: { apdu?: { ins: number } }) => c.apdu?.ins === 0xe2;

  it('answers a chosen status word the given number of times, without processing', async () => {
    const { card, isdr } = poweredCard();
    await tx(card, `00A4040C10${AID}`);
    card.hooks.statusWord(isStoreData, 0x6a80, { times: 2 });
    assert.equal(await tx(card, '80E2910001AA'), '6A80');
    assert.equal(await tx(card, '80E2110001AA'), '6A80');
    assert.equal(await tx(card, '80E2910001AA'), '6101');
    assert.equal(isdr.received.length, 1);
  });

  it('answers late, never answers when muted, and clear() restores normal answers', async () => {
    const events: TraceEvent[] = [];
    const { card } = poweredCard({ trace: { record: (e) => events.push(e) } });
    card.hooks.delay(60);
    const t0 = Date.now();
    assert.equal(await tx(card, '0070000001'), '019000');
    assert.ok(Date.now() - t0 >= 55, `answered after ${Date.now() - t0} ms`);
    card.hooks.clear();
    card.hooks.mute((c) => c.apdu?.ins === 0x70);
    const muted = card.transmit(h('0070000001'));
    const outcome = await Promise.race([muted.then(() => 'answered'), new Promise((r) => setTimeout(() => r('silent'), 80))]);
    assert.equal(outcome, 'silent');
    // The card still takes other commands, and the muted one changed nothing.
    assert.equal(await tx(card, `00A4040C10${AID}`), '9000');
    card.hooks.clear();
    assert.equal(await tx(card, '0070000001'), '029000');
    assert.equal(events.filter((e) => e.direction === 'in').length, 4);
    assert.equal(events.filter((e) => e.direction === 'out').length, 3);
  });
});
