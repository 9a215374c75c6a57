/**
 * The socket framing shared by vpcd and the harness's TCP APDU link: every message, both ways,
 * is a 2-byte big-endian length followed by that many bytes (vsmartcard's vpcd protocol). A
 * 1-byte message from the terminal side is a control code; anything longer is a command APDU.
 */

/** vpcd control codes (vsmartcard vpcd.h); only GET_ATR is answered, with the ATR. */
export const CONTROL = { POWER_OFF: 0x00, POWER_ON: 0x01, RESET: 0x02, GET_ATR: 0x04 } as const;

/** Largest payload the 2-byte length can describe. */
export const MAX_FRAME_LENGTH = 0xffff;

/**
 * Longest short command APDU (ISO 7816-4 §5.1): CLA INS P1 P2 Lc, 255 data bytes, Le. Real IPAs
 * use T=0, which carries no extended APDU, so a card-side link refuses anything longer.
 */
export const MAX_SHORT_COMMAND_LENGTH = 261;

/** The byte stream did not follow the framing; `offset` is where in that peer's stream. */
export class FramingError extends Error {
  constructor(readonly endpoint: string, readonly offset: number, message: string) {
    super(`${endpoint}: ${message} at stream offset ${offset}`);
    this.name = 'FramingError';
  }
}

/** Prefixes `payload` with its 2-byte big-endian length. */
export function encodeFrame(endpoint: string, payload: Uint8Array): Buffer {
  if (payload.length === 0 || payload.length > MAX_FRAME_LENGTH) {
    throw new FramingError(endpoint, 0, `cannot frame a ${payload.length}-byte message (1..${MAX_FRAME_LENGTH})`);
  }
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  frame.set(payload, 2);
  return frame;
}

/** A decoded message and where its length prefix started in the peer's stream. */
export interface Frame {
  readonly offset: number;
  readonly payload: Buffer;
}

/** Cuts a received byte stream into frames, however the bytes were split into chunks. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  /** Stream offset of `buffered[0]`. */
  private base = 0;

  constructor(private readonly endpoint: string, private readonly maxLength: number) {}

  /** Adds received bytes; returns the frames they complete. Throws `FramingError` on a bad length. */
  push(chunk: Uint8Array): Frame[] {
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    let at = 0;
    while (this.buffered.length - at >= 2) {
      const length = this.buffered.readUInt16BE(at);
      if (length === 0 || length > this.maxLength) {
        throw new FramingError(this.endpoint, this.base + at, `frame length ${length} outside 1..${this.maxLength}`);
      }
      if (this.buffered.length - at - 2 < length) break;
      frames.push({ offset: this.base + at, payload: this.buffered.subarray(at + 2, at + 2 + length) });
      at += 2 + length;
    }
    this.base += at;
    this.buffered = this.buffered.subarray(at);
    return frames;
  }

  /** Bytes of a frame begun but not finished; non-zero when the peer stops mid-frame. */
  get pending(): number {
    return this.buffered.length;
  }

  /** Describes the unfinished frame, for the error raised when the stream ends or stalls inside it. */
  truncation(): FramingError {
    const declared = this.buffered.length >= 2 ? `${this.buffered.readUInt16BE(0)}-byte` : 'length prefix of a';
    return new FramingError(this.endpoint, this.base, `stream stopped inside a ${declared} frame (${this.buffered.length} byte(s) received)`);
  }
}
