/** STORE DATA splitting: block sizes, P1 11/91, P2 block numbers, CLA per channel, limits. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApduFormatError, encodeCommandApdu, storeDataBlocks } from '../../../src/transport/apdu';
import { hex } from './helpers';

function filler(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
}

function shape(command: Uint8Array, channel?: number) {
  return storeDataBlocks(command, channel).map((b) => ({ cla: b.cla, ins: b.ins, p1: b.p1, p2: b.p2, n: b.data.length, le: b.le }));
}

describe('storeDataBlocks', () => {
  it('sends a 1-byte command as one last block', () => {
    assert.deepEqual(shape(filler(1)), [{ cla: 0x80, ins: 0xe2, p1: 0x91, p2: 0, n: 1, le: undefined }]);
  });

  it('sends GetEID on channel 1 exactly as the public trace shows', () => {
    const [block] = storeDataBlocks(Uint8Array.from([0xbf, 0x3e, 0x03, 0x5c, 0x01, 0x5a]), 1);
    assert.equal(hex(encodeCommandApdu(block!)), '81E2910006BF3E035C015A');
  });

  it('fits 255 bytes in one block and splits 256 into 255 + 1', () => {
    assert.deepEqual(shape(filler(255)), [{ cla: 0x80, ins: 0xe2, p1: 0x91, p2: 0, n: 255, le: undefined }]);
    assert.deepEqual(shape(filler(256), 2), [
      { cla: 0x82, ins: 0xe2, p1: 0x11, p2: 0, n: 255, le: undefined },
      { cla: 0x82, ins: 0xe2, p1: 0x91, p2: 1, n: 1, le: undefined },
    ]);
  });

  it('numbers the blocks of a 1000-byte command 00..03 and keeps the bytes in order', () => {
    const command = filler(1000);
    const blocks = storeDataBlocks(command, 5);
    assert.deepEqual(blocks.map((b) => [b.cla, b.p1, b.p2, b.data.length]), [
      [0xc1, 0x11, 0, 255],
      [0xc1, 0x11, 1, 255],
      [0xc1, 0x11, 2, 255],
      [0xc1, 0x91, 3, 235],
    ]);
    assert.equal(hex(Buffer.concat(blocks.map((b) => b.data))), hex(command));
  });

  it('honours a smaller block size (lpac uses 120)', () => {
    assert.deepEqual(storeDataBlocks(filler(241), 0, 120).map((b) => b.data.length), [120, 120, 1]);
  });

  it('sends an empty command as one case-1 last block', () => {
    assert.equal(hex(encodeCommandApdu(storeDataBlocks(new Uint8Array(0), 1)[0]!)), '81E29100');
  });

  it('refuses more than 256 blocks and impossible block sizes', () => {
    assert.equal(storeDataBlocks(filler(256 * 255)).length, 256);
    assert.throws(() => storeDataBlocks(filler(256 * 255 + 1)), (e: unknown) => e instanceof ApduFormatError && e.field === 'p2');
    assert.throws(() => storeDataBlocks(filler(10), 0, 256), (e: unknown) => e instanceof ApduFormatError && e.field === 'data');
    assert.throws(() => storeDataBlocks(filler(10), 0, 0), ApduFormatError);
  });
});
