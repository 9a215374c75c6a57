/**
 * The stable JSON rendering of codec values, used by the CLI, the reports and the trace:
 *   OCTET STRING, open types      -> uppercase hex string
 *   INTEGER                       -> number; beyond 2^53 a decimal string
 *   BIT STRING with named bits    -> array of the names of the set bits (`bit<N>` if unnamed)
 *   BIT STRING without names      -> string of '0'/'1', one character per bit
 *   CHOICE                        -> { "alternative": value }
 *   SEQUENCE                      -> object, absent OPTIONAL components omitted
 *   NULL -> null; BOOLEAN -> boolean; OBJECT IDENTIFIER -> "1.2.3"; strings and times -> string
 *   Certificate, SubjectPublicKeyInfo, CertificateList -> { "der": hex, ...readable summary }
 * Parsing takes the same shapes back (summaries are ignored; `der` is what counts) and also
 * accepts an INTEGER's named number by name ("ok", "undefinedError").
 */
import { AsnEncodeError } from './errors';
import { fromHex, toHex } from './hex';
import {
  AnyNode, BitsNode, BitString, ChoiceNode, ExplicitNode, IntegerNode, NamedBitsNode, Node, OctetsNode,
  SequenceNode, SequenceOfNode, X509Node,
} from './nodes';
import { summarizeX509 } from './x509-summary';
import { X509Value } from './x509';

export function toJSONValue(node: Node, v: unknown): unknown {
  if (node instanceof SequenceNode) {
    const o: Record<string, unknown> = {};
    for (const f of node.fields) {
      const x = (v as Record<string, unknown>)[f.name];
      if (x !== undefined) o[f.name] = toJSONValue(f.node, x);
    }
    return o;
  }
  if (node instanceof SequenceOfNode) return (v as unknown[]).map((x) => toJSONValue(node.item, x));
  if (node instanceof ChoiceNode) {
    for (const k in v as object) return { [k]: toJSONValue(node.byName.get(k)!.node, (v as Record<string, unknown>)[k]) };
  }
  if (node instanceof ExplicitNode) return toJSONValue(node.inner, v);
  if (node instanceof OctetsNode || node instanceof AnyNode) return toHex(v as Uint8Array);
  if (node instanceof IntegerNode) return typeof v === 'bigint' ? v.toString() : v;
  if (node instanceof BitsNode) {
    const b = v as BitString;
    let s = '';
    for (const byte of b.bytes) s += byte.toString(2).padStart(8, '0');
    return s.slice(0, s.length - b.unusedBits);
  }
  if (node instanceof X509Node) return { der: toHex((v as X509Value).der), ...summarizeX509(v as X509Value) };
  return v; // boolean, null, string, oid, named bits (already a list of names)
}

function bad(path: string, detail: string): never {
  throw new AsnEncodeError('bad-value', path, detail);
}

function hexAt(path: string, j: unknown): Uint8Array {
  if (typeof j !== 'string') bad(path, 'expected a hex string');
  try {
    return fromHex(j);
  } catch (e) {
    return bad(path, (e as Error).message);
  }
}

/** Builds a codec value from its JSON rendering; errors name the JSON path. */
export function fromJSONValue(node: Node, j: unknown, path: string): unknown {
  if (node instanceof SequenceNode) {
    if (typeof j !== 'object' || j === null || Array.isArray(j)) bad(path, 'expected an object');
    const o: Record<string, unknown> = {};
    const known = new Set(node.fields.map((f) => f.name));
    for (const k of Object.keys(j)) if (!known.has(k)) bad(`${path}.${k}`, `not a component (${[...known].join(', ')})`);
    for (const f of node.fields) {
      const x = (j as Record<string, unknown>)[f.name];
      if (x !== undefined) o[f.name] = fromJSONValue(f.node, x, `${path}.${f.name}`);
    }
    return o;
  }
  if (node instanceof SequenceOfNode) {
    if (!Array.isArray(j)) bad(path, 'expected an array');
    return j.map((x, i) => fromJSONValue(node.item, x, `${path}[${i}]`));
  }
  if (node instanceof ChoiceNode) {
    const keys = typeof j === 'object' && j !== null && !Array.isArray(j) ? Object.keys(j) : [];
    if (keys.length !== 1) bad(path, `expected { alternative: value } with one of: ${[...node.byName.keys()].join(', ')}`);
    const alt = node.byName.get(keys[0]);
    if (!alt) bad(`${path}.${keys[0]}`, `not an alternative (${[...node.byName.keys()].join(', ')})`);
    return { [alt.name]: fromJSONValue(alt.node, (j as Record<string, unknown>)[alt.name], `${path}.${alt.name}`) };
  }
  if (node instanceof ExplicitNode) return fromJSONValue(node.inner, j, path);
  if (node instanceof OctetsNode || node instanceof AnyNode) return hexAt(path, j);
  if (node instanceof IntegerNode) {
    if (typeof j === 'number' && Number.isSafeInteger(j)) return j;
    if (typeof j === 'string' && /^-?\d+$/.test(j)) {
      const b = BigInt(j);
      return b >= Number.MIN_SAFE_INTEGER && b <= Number.MAX_SAFE_INTEGER ? Number(b) : b;
    }
    if (typeof j === 'string' && node.named && j in node.named) return node.named[j];
    return bad(path, 'expected an integer (number, decimal string or named number)');
  }
  if (node instanceof NamedBitsNode) {
    if (!Array.isArray(j) || j.some((x) => typeof x !== 'string')) bad(path, 'expected an array of bit names');
    return j;
  }
  if (node instanceof BitsNode) {
    if (typeof j !== 'string' || !/^[01]*$/.test(j)) bad(path, "expected a string of '0' and '1'");
    const bytes = new Uint8Array(Math.ceil(j.length / 8));
    for (let i = 0; i < j.length; i++) if (j[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
    return new BitString(bytes, (8 - (j.length % 8)) % 8);
  }
  if (node instanceof X509Node) {
    const der = typeof j === 'string' ? j : (j as { der?: unknown } | null)?.der;
    return new X509Value(node.kind, hexAt(`${path}.der`, der));
  }
  return j; // boolean, null, string, oid: the engine checks their types when encoding
}
