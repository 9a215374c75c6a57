/** Test-side DER assembly, independent of the codec under test: tag + DER length + content. */
export function tlv(tagHex: string, ...content: (string | Uint8Array)[]): string {
  const body = content
    .map((c) => (typeof c === 'string' ? c.replace(/\s+/g, '') : Buffer.from(c).toString('hex')))
    .join('')
    .toUpperCase();
  const n = body.length / 2;
  const len = n < 0x80 ? hex(n, 1) : n < 0x100 ? '81' + hex(n, 1) : n < 0x10000 ? '82' + hex(n, 2) : undefined;
  if (len === undefined) throw new Error('tlv: content too long for this helper');
  return tagHex.toUpperCase() + len + body;
}

function hex(n: number, bytes: number): string {
  return n.toString(16).toUpperCase().padStart(bytes * 2, '0');
}
