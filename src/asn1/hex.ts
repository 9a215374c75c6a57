/** Hex helpers used by the JSON rendering, the CLI and the trace (uppercase, no separators). */

const HEX = '0123456789ABCDEF';
const PAIRS: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += PAIRS[bytes[i]];
  return s;
}

/** Parses hex, ignoring white space, ':' and '-' separators; throws on anything else. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new TypeError(`not a hex string: ${text.length > 40 ? text.slice(0, 40) + '…' : text}`);
  }
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}
