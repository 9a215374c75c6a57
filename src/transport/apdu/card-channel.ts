/**
 * The card-side state of one logical channel: the selected application, the STORE DATA sequence being
 * reassembled and the response data waiting for GET RESPONSE. Each channel keeps its own, so a command
 * on another channel never disturbs them (ISO 7816-4 §5.4.1: channels are independent).
 */
import { concatBytes } from './apdu';
import { CardApplication } from './card-application';

export class CardChannel {
  selected: CardApplication | undefined;
  private blocks: Uint8Array[] = [];
  /** P2 the next STORE DATA block must carry; 0 when no sequence is under way. */
  private nextBlock = 0;
  private pending: Uint8Array | undefined;

  /** A block numbered P2 continues the sequence, or (P2 = 00) starts a new one. */
  acceptsBlock(p2: number): boolean {
    return p2 === 0 || p2 === this.nextBlock;
  }

  /** Adds an accepted block; on the last block resolves the whole command and ends the sequence. */
  addBlock(p2: number, data: Uint8Array, last: boolean): Uint8Array | undefined {
    if (p2 === 0) this.blocks = [];
    this.blocks.push(data);
    if (!last) {
      this.nextBlock = p2 + 1;
      return undefined;
    }
    const command = concatBytes(this.blocks);
    this.endSequence();
    return command;
  }

  endSequence(): void {
    this.blocks = [];
    this.nextBlock = 0;
  }

  get pendingLength(): number {
    return this.pending?.length ?? 0;
  }

  setPending(data: Uint8Array | undefined): void {
    this.pending = data?.length ? data : undefined;
  }

  /** The next `n` pending bytes (n ≤ pendingLength), removing them. */
  takePending(n: number): Uint8Array {
    const pending = this.pending ?? new Uint8Array(0);
    this.setPending(pending.subarray(n));
    return pending.subarray(0, n);
  }
}
