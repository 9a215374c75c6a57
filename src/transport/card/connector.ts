/**
 * The two sides of a card link, kept apart as in lpac's driver split: protocol code talks to a
 * `CardConnector` and never knows whether the card is in-process, behind TCP, or in a PC/SC reader;
 * a simulated card is an `ApduCard` that any connector or card-side server can carry.
 */

/** The card side: answers command APDUs the way a UICC does (T=0 semantics, ISO 7816-4 status words). */
export interface ApduCard {
  /** Power the card up (or cold-reset it) and answer its ATR. Channels and selections are cleared. */
  powerOn(): Uint8Array;
  /** Power the card down; it keeps its persistent state. */
  powerOff(): void;
  /** Warm reset: same effect on channels and selections as powering up again; answers the ATR. */
  reset(): Uint8Array;
  /** One command APDU in, one response APDU (data ‖ SW1 SW2) out. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

/** The terminal side: what an IPA uses to reach a card, whatever carries the APDUs. */
export interface CardConnector {
  /** Power the card up; resolves with its ATR. */
  connect(): Promise<Uint8Array>;
  /** Send one command APDU, resolve with the response APDU (data ‖ SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** Warm reset; resolves with the ATR. */
  reset(): Promise<Uint8Array>;
  /** Power down and release the link. */
  close(): Promise<void>;
}

/** The link to the card failed or timed out (not a status word: the card never answered). */
export class CardLinkError extends Error {
  constructor(readonly endpoint: string, message: string, override readonly cause?: unknown) {
    super(`${endpoint}: ${message}`);
    this.name = 'CardLinkError';
  }
}
