/**
 * Short command/response APDUs, class byte coding and status word texts: round trips for the four
 * cases, and every format error with the field and offset it names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ApduFormatError,
  claForChannel,
  CommandApdu,
  decodeCla,
  describeSw,
  encodeCommandApdu,
  insName,
  LogicalChannelError,
  parseCommandApdu,
  parseResponseApdu,
  responseApdu,
  SW,
  swHex,
} from '../../../src/transport/apdu';
import { h, hex } from './helpers';

function formatError(field: string, offset: number) {
  return (e: unknown) => e instanceof ApduFormatError && e.field === field && e.offset === offset;
}

describe('command APDU', () => {
  it('parses the four short cases', () => {
    assert.deepEqual(parseCommandApdu(h('00700080')), { cla: 0, ins: 0x70, p1: 0, p2: 0x80, data: new Uint8Array(0) });
    assert.deepEqual(parseCommandApdu(h('0070000001')), { cla: 0, ins: 0x70, p1: 0, p2: 0, data: new Uint8Array(0), le: 1 });
    assert.deepEqual(parseCommandApdu(h('81C0000000')).le, 256);
    const c3 = parseCommandApdu(h('81E2910006BF3E035C015A'));
    assert.equal(hex(c3.data), 'BF3E035C015A');
    assert.equal(c3.le, undefined);
    const c4 = parseCommandApdu(h('01A4040010A0000005591010FFFFFFFF890000010000'));
    assert.equal(c4.data.length, 16);
    assert.equal(c4.le, 256);
  });

  it('encodes the four cases, Le 0 and 256 as 00', () => {
    const base = { cla: 0x81, ins: 0xe2, p1: 0x91, p2: 0x00 };
    assert.equal(hex(encodeCommandApdu({ ...base, data: new Uint8Array(0) })), '81E29100');
    assert.equal(hex(encodeCommandApdu({ ...base, data: new Uint8Array(0), le: 0x15 })), '81E2910015');
    assert.equal(hex(encodeCommandApdu({ ...base, data: h('BF2000') })), '81E2910003BF2000');
    assert.equal(hex(encodeCommandApdu({ ...base, data: h('BF2000'), le: 256 })), '81E2910003BF200000');
    assert.equal(hex(encodeCommandApdu({ ...base, data: h('BF2000'), le: 0 })), '81E2910003BF200000');
  });

  it('round-trips any short APDU', () => {
    const apdu = fc.record({
      cla: fc.integer({ min: 0, max: 255 }),
      ins: fc.integer({ min: 0, max: 255 }),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.integer({ min: 0, max: 255 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
      le: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(apdu, (c) => {
        const wire = encodeCommandApdu(c as CommandApdu);
        const back = parseCommandApdu(wire);
        assert.deepEqual([back.cla, back.ins, back.p1, back.p2, hex(back.data), back.le], [c.cla, c.ins, c.p1, c.p2, hex(c.data), c.le]);
        assert.equal(hex(encodeCommandApdu(back)), hex(wire));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects short, extended and inconsistent APDUs with field and offset', () => {
    assert.throws(() => parseCommandApdu(h('00A404')), formatError('header', 3));
    assert.throws(() => parseCommandApdu(h('')), formatError('header', 0));
    // Extended length: Lc byte 00 followed by a two-byte length.
    assert.throws(() => parseCommandApdu(h('80E2910000000301 0203')), formatError('lc', 4));
    // Lc announces 6 bytes, 5 follow; or 8 follow (not 6 + Le).
    assert.throws(() => parseCommandApdu(h('81E2910006BF3E035C01')), formatError('lc', 4));
    assert.throws(() => parseCommandApdu(h('81E2910006BF3E035C015A0000')), formatError('lc', 4));
    assert.throws(() => encodeCommandApdu({ cla: 256, ins: 0, p1: 0, p2: 0, data: new Uint8Array(0) }), formatError('cla', 0));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: -1, p1: 0, p2: 0, data: new Uint8Array(0) }), formatError('ins', 1));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 1.5, p2: 0, data: new Uint8Array(0) }), formatError('p1', 2));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 300, data: new Uint8Array(0) }), formatError('p2', 3));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(256) }), formatError('data', 5));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(3), le: 257 }), formatError('le', 9));
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(0), le: -1 }), formatError('le', 5));
  });

  it('says what was wrong in the message', () => {
    assert.throws(() => parseCommandApdu(h('81E2910006BF3E035C01')), /APDU lc at offset 4: Lc = 6 announces 6 data bytes, 5 bytes follow/);
  });
});

describe('response APDU', () => {
  it('splits data and SW, and builds them back', () => {
    const r = parseResponseApdu(h('BF3E035A01029000'));
    assert.equal(hex(r.data), 'BF3E035A0102');
    assert.equal(r.sw, 0x9000);
    assert.equal(hex(responseApdu(r.data, r.sw)), 'BF3E035A01029000');
    assert.deepEqual(parseResponseApdu(h('6A88')), { data: new Uint8Array(0), sw: 0x6a88 });
  });

  it('rejects fewer than two bytes and impossible status words', () => {
    assert.throws(() => parseResponseApdu(h('90')), formatError('sw', 1));
    assert.throws(() => responseApdu(h('0102'), 0x10000), formatError('sw', 2));
  });
});

describe('logical channel in CLA', () => {
  it('codes basic and further channels for both class families', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 19].map((n) => claForChannel(n)), [0x00, 0x01, 0x02, 0x03, 0x40, 0x41, 0x4f]);
    assert.deepEqual([0, 1, 3, 4, 19].map((n) => claForChannel(n, 'proprietary')), [0x80, 0x81, 0x83, 0xc0, 0xcf]);
    for (let n = 0; n <= 19; n++) {
      for (const family of ['interindustry', 'proprietary'] as const) {
        assert.deepEqual(decodeCla(claForChannel(n, family)), { family, channel: n, secureMessaging: false, chaining: false });
      }
    }
    assert.throws(() => claForChannel(20), (e: unknown) => e instanceof LogicalChannelError && e.channel === 20);
    assert.throws(() => claForChannel(-1), LogicalChannelError);
  });

  it('reads secure messaging and chaining bits, and refuses classes a UICC does not have', () => {
    assert.deepEqual(decodeCla(0x84), { family: 'proprietary', channel: 0, secureMessaging: true, chaining: false });
    assert.deepEqual(decodeCla(0x11), { family: 'interindustry', channel: 1, secureMessaging: false, chaining: true });
    assert.deepEqual(decodeCla(0x65), { family: 'interindustry', channel: 9, secureMessaging: true, chaining: false });
    assert.deepEqual(decodeCla(0xe0), { family: 'proprietary', channel: 4, secureMessaging: true, chaining: false });
    for (const cla of [0x20, 0x3f, 0xa0, 0xbf, 0xff]) assert.throws(() => decodeCla(cla), formatError('cla', 0));
  });
});

describe('status words', () => {
  it('describes the UICC status words', () => {
    assert.equal(describeSw(SW.OK), 'normal ending of the command');
    assert.equal(describeSw(0x6a88), 'referenced data not found');
    assert.equal(describeSw(0x6881), 'logical channel not supported');
    assert.equal(describeSw(0x6a82), 'file or application not found');
    assert.equal(describeSw(0x6115), '21 response bytes available');
    assert.equal(describeSw(0x6100), '256 or more response bytes available');
    assert.equal(describeSw(0x6c10), 'wrong Le, 16 bytes available');
    assert.equal(describeSw(0x1234), 'unknown status word');
    assert.equal(swHex(0x6a88), '6A88');
    assert.equal(swHex(0x0090), '0090');
  });

  it('names instructions', () => {
    assert.equal(insName(0xe2), 'STORE DATA');
    assert.equal(insName(0x70), 'MANAGE CHANNEL');
    assert.equal(insName(0x12), 'INS 12');
  });
});
