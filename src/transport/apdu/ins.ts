/** Instruction bytes of the commands this layer speaks, with the names reports use. */
export const INS = {
  /** ETSI TS 102 221 §11.1.19 (class 8X). */
  TERMINAL_CAPABILITY: 0xaa,
  /** ISO 7816-4 §11.1.2. */
  MANAGE_CHANNEL: 0x70,
  /** ISO 7816-4 §11.2.2. */
  SELECT: 0xa4,
  /** ISO 7816-4 §11.4.2. */
  GET_RESPONSE: 0xc0,
  /** GlobalPlatform Card Specification §11.11 (class 8X). */
  STORE_DATA: 0xe2,
} as const;

const NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(INS).map(([name, ins]) => [ins, name.replace(/_/g, ' ')]),
);

/** 'STORE DATA' for E2, 'INS 12' for an instruction this layer does not know. */
export function insName(ins: number): string {
  return NAMES.get(ins) ?? `INS ${ins.toString(16).toUpperCase().padStart(2, '0')}`;
}
