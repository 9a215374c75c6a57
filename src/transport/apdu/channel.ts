/**
 * Logical channel ↔ CLA byte (ISO/IEC 7816-4 §5.4.1, ETSI TS 102 221 §10.1.1, GlobalPlatform
 * §11.1.4). Basic channels 0–3 sit in b2-b1 of a first-interindustry class (`0X`, or `8X` for the
 * proprietary/GP class ES10 uses); further channels 4–19 use the further-interindustry class
 * `40 | (n-4)` (`C0 | (n-4)` proprietary). The proprietary class mirrors the interindustry layout.
 */
import { ApduFormatError } from './apdu';

export const MAX_LOGICAL_CHANNEL = 19;

/** `interindustry` = 0X/4X/6X classes; `proprietary` = 8X/CX/EX, the GlobalPlatform classes. */
export type ClassFamily = 'interindustry' | 'proprietary';

export interface DecodedCla {
  family: ClassFamily;
  channel: number;
  secureMessaging: boolean;
  chaining: boolean;
}

export class LogicalChannelError extends Error {
  override readonly name = 'LogicalChannelError';
  constructor(readonly channel: number) {
    super(`logical channel ${channel} is not in 0..${MAX_LOGICAL_CHANNEL}`);
  }
}

/** The CLA byte for `channel` in the given class family (no secure messaging, no chaining). */
export function claForChannel(channel: number, family: ClassFamily = 'interindustry'): number {
  if (!Number.isInteger(channel) || channel < 0 || channel > MAX_LOGICAL_CHANNEL) throw new LogicalChannelError(channel);
  const base = family === 'proprietary' ? 0x80 : 0x00;
  return channel <= 3 ? base | channel : base | 0x40 | (channel - 4);
}

/**
 * Reads the class byte. Classes 20–3F (RFU), A0–BF (A0 is the GSM 11.11 class, not a UICC class)
 * and FF (reserved for PPS) raise ApduFormatError: a UICC answers them 6E00.
 */
export function decodeCla(cla: number): DecodedCla {
  const family: ClassFamily = cla & 0x80 ? 'proprietary' : 'interindustry';
  const low = cla & 0x7f;
  if (cla === 0xff || (low >= 0x20 && low < 0x40)) {
    throw new ApduFormatError('cla', 0, `class ${cla.toString(16).padStart(2, '0').toUpperCase()} is not a UICC class`);
  }
  if (low < 0x20) {
    return { family, channel: low & 0x03, secureMessaging: (low & 0x0c) !== 0, chaining: (low & 0x10) !== 0 };
  }
  return { family, channel: 4 + (low & 0x0f), secureMessaging: (low & 0x20) !== 0, chaining: (low & 0x10) !== 0 };
}
