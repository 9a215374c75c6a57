/** Test-side DER assembly from hex parts, independent of the codec under test. */
export function tlv(tag: string, ...content: string[]): string {
  const c = content.join('');
  const n = c.length / 2;
  const len = n < 0x80 ? hex(n, 1) : n < 0x100 ? '81' + hex(n, 1) : '82' + hex(n, 2);
  return (tag + len + c).toUpperCase();
}
function hex(n: number, bytes: number): string {
  return n.toString(16).padStart(bytes * 2, '0');
}
