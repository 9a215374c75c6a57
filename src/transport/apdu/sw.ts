/**
 * Status words a UICC answers (ISO/IEC 7816-4 §5.6, ETSI TS 102 221 §10.2.1, GlobalPlatform Card
 * Spec §11.1.3), named once so card side, terminal side and reports say the same thing.
 */
export const SW = {
  OK: 0x9000,
  /** 61xx: xx more response bytes available through GET RESPONSE (00 = 256 or more). */
  BYTES_AVAILABLE: 0x6100,
  /** 6Cxx: wrong Le, xx is the exact length available. */
  WRONG_LE: 0x6c00,
  WRONG_LENGTH: 0x6700,
  LOGICAL_CHANNEL_NOT_SUPPORTED: 0x6881,
  SECURE_MESSAGING_NOT_SUPPORTED: 0x6882,
  COMMAND_CHAINING_NOT_SUPPORTED: 0x6884,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INCORRECT_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  NOT_ENOUGH_MEMORY: 0x6a84,
  INCORRECT_P1_P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  WRONG_P1_P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
  MEMORY_PROBLEM: 0x6581,
} as const;

const EXACT: ReadonlyMap<number, string> = new Map([
  [SW.OK, 'normal ending of the command'],
  [SW.WRONG_LENGTH, 'wrong length'],
  [SW.LOGICAL_CHANNEL_NOT_SUPPORTED, 'logical channel not supported'],
  [SW.SECURE_MESSAGING_NOT_SUPPORTED, 'secure messaging not supported'],
  [SW.COMMAND_CHAINING_NOT_SUPPORTED, 'command chaining not supported'],
  [SW.SECURITY_STATUS_NOT_SATISFIED, 'security status not satisfied'],
  [SW.CONDITIONS_NOT_SATISFIED, 'conditions of use not satisfied'],
  [SW.INCORRECT_DATA, 'incorrect parameters in the data field'],
  [SW.FUNCTION_NOT_SUPPORTED, 'function not supported'],
  [SW.FILE_NOT_FOUND, 'file or application not found'],
  [SW.NOT_ENOUGH_MEMORY, 'not enough memory space'],
  [SW.INCORRECT_P1_P2, 'incorrect parameters P1-P2'],
  [SW.REFERENCED_DATA_NOT_FOUND, 'referenced data not found'],
  [SW.WRONG_P1_P2, 'wrong parameters P1-P2'],
  [SW.INS_NOT_SUPPORTED, 'instruction code not supported or invalid'],
  [SW.CLA_NOT_SUPPORTED, 'class not supported'],
  [SW.NO_PRECISE_DIAGNOSIS, 'technical problem, no precise diagnosis'],
  [SW.MEMORY_PROBLEM, 'memory problem'],
  [0x6200, 'warning, no information given, non-volatile memory unchanged'],
  [0x6400, 'execution error, non-volatile memory unchanged'],
  [0x6500, 'execution error, non-volatile memory changed'],
  [0x6800, 'function in CLA not supported'],
  [0x6900, 'command not allowed'],
  [0x6986, 'command not allowed (no current EF)'],
  [0x6a83, 'record not found'],
  [0x6a87, 'Lc inconsistent with P1-P2'],
]);

/** Report text for a status word, e.g. `describeSw(0x6a88)` → 'referenced data not found'. */
export function describeSw(sw: number): string {
  const exact = EXACT.get(sw);
  if (exact) return exact;
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  switch (sw1) {
    case 0x61: return `${sw2 === 0 ? '256 or more' : sw2} response bytes available`;
    case 0x6c: return `wrong Le, ${sw2 === 0 ? 256 : sw2} bytes available`;
    case 0x91: return `normal ending, proactive command of ${sw2} bytes pending`;
    case 0x92: return 'normal ending, with information about an ongoing data transfer session';
    case 0x63: return (sw2 & 0xf0) === 0xc0 ? `verification failed, ${sw2 & 0x0f} retries left` : 'warning, non-volatile memory changed';
    case 0x67: return 'wrong length';
    case 0x6f: return 'technical problem, no precise diagnosis';
  }
  return 'unknown status word';
}

/** A status word as four uppercase hex digits, e.g. '6A88'. */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** 61xx for `available` bytes of pending response data (00 stands for 256 or more). */
export function bytesAvailable(available: number): number {
  return SW.BYTES_AVAILABLE | (available >= 256 ? 0 : available);
}
