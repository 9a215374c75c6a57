/** An application on the simulated card (e.g. the ISD-R), as `Uicc` reaches it. */
export interface CardApplication {
  /** AID selected by DF name. */
  aid: Uint8Array;
  /** FCI answered to SELECT; default a minimal template `6F { 84 <AID> }` (ISO 7816-4 §5.3.3). */
  fci?: Uint8Array;
  /**
   * One reassembled STORE DATA command (e.g. an ES10 BER-TLV) received on `channel`; resolves with the
   * response data (empty = 9000 alone). Throw `CardStatus` to answer a status word instead.
   */
  process(command: Uint8Array, channel: number): Promise<Uint8Array>;
  /** The application stopped being selected on `channel`: another SELECT, channel closed, reset or power-off. */
  deselected?(channel: number): void;
}
