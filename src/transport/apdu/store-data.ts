/**
 * Terminal side of GlobalPlatform STORE DATA as ES10 uses it (SGP.22 §5.7.2, GP Card Spec §11.11):
 * one BER-TLV ES10 command cut into blocks of at most 255 bytes, CLA 80 | channel, INS E2,
 * P1 11 while more blocks follow and 91 on the last one, P2 the block number counted from 00.
 */
import { ApduFormatError, CommandApdu } from './apdu';
import { claForChannel } from './channel';
import { INS } from './ins';

/** P1: BER-TLV data structure (b5), more blocks follow. */
export const P1_MORE_BLOCKS = 0x11;
/** P1: as P1_MORE_BLOCKS with b8 set, the last block. */
export const P1_LAST_BLOCK = 0x91;
export const MAX_BLOCK_SIZE = 255;
/** P2 is one byte, so one command spans at most 256 blocks. */
export const MAX_BLOCKS = 256;

/**
 * The STORE DATA commands that carry `es10Command` on `channel`. Blocks are case 3 (no Le): the
 * card answers 61xx and the response comes through GET RESPONSE. An empty command is one case-1
 * block, so the card still sees a complete (if empty) sequence.
 */
export function storeDataBlocks(es10Command: Uint8Array, channel = 0, blockSize = MAX_BLOCK_SIZE): CommandApdu[] {
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
    throw new ApduFormatError('data', 5, `block size ${blockSize} is not in 1..${MAX_BLOCK_SIZE}`);
  }
  const count = Math.max(1, Math.ceil(es10Command.length / blockSize));
  if (count > MAX_BLOCKS) {
    throw new ApduFormatError('p2', 3, `a ${es10Command.length}-byte command needs ${count} blocks of ${blockSize}, P2 numbers at most ${MAX_BLOCKS}`);
  }
  const cla = claForChannel(channel, 'proprietary');
  const blocks: CommandApdu[] = [];
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    blocks.push({
      cla,
      ins: INS.STORE_DATA,
      p1: last ? P1_LAST_BLOCK : P1_MORE_BLOCKS,
      p2: i,
      data: es10Command.subarray(i * blockSize, (i + 1) * blockSize),
    });
  }
  return blocks;
}
