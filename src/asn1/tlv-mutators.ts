/**
 * TLV-level mutations of a DER message, for the fuzzer: the message is read as a tree of TLVs
 * (no schema needed), one node is picked and damaged, and the tree is written back with every
 * enclosing length recomputed, so only the chosen node is wrong. A mutation is a small record that
 * fast-check generates and shrinks (towards the first kind, the root node and small amounts).
 */
import fc, { Arbitrary } from 'fast-check';
import { tagHex, tlvSpans } from './nodes';
import { toHex } from './hex';

export const TLV_MUTATIONS = [
  'truncate', 'trailing-bytes', 'drop', 'duplicate', 'swap', 'tag-class', 'tag-number', 'constructed-bit',
  'length-under', 'length-over', 'length-non-minimal', 'length-3-octets', 'length-huge', 'length-too-many-octets',
  'indefinite-length', 'deep-nesting', 'value-flip', 'value-empty', 'value-grow',
] as const;
export type TlvMutationKind = (typeof TLV_MUTATIONS)[number];

export interface TlvMutation {
  readonly kind: TlvMutationKind;
  /** Which node (pre-order index, modulo the node count) or byte position it acts on. */
  readonly at: number;
  /** How much: bytes cut or added, length delta, nesting depth. */
  readonly amount: number;
  /** Filler for added bytes. */
  readonly fill: number;
}

export const tlvMutation: Arbitrary<TlvMutation> = fc.record({
  kind: fc.constantFrom(...TLV_MUTATIONS),
  at: fc.nat({ max: 4096 }),
  amount: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 70_000 })),
  fill: fc.integer({ min: 0, max: 255 }),
});

interface TlvNode {
  tag: Uint8Array;
  children?: TlvNode[];
  value?: Uint8Array;
  /** Length octets written instead of the computed ones. */
  length?: Uint8Array;
  indefinite?: boolean;
  path: string;
}

/** Reads DER into a tree; a constructed node whose contents are not TLVs keeps them as a value. */
function parse(bytes: Uint8Array, start: number, end: number, parent: string): TlvNode[] {
  return tlvSpans(bytes, 'TLV', start, end).map((s, i, all) => {
    const tagLen = tagLength(bytes, s.offset);
    const path = `${parent}${parent ? '>' : ''}${tagHex(s.tag)}${all.filter((o) => o.tag === s.tag).length > 1 ? `[${i}]` : ''}`;
    const node: TlvNode = { tag: bytes.slice(s.offset, s.offset + tagLen), path };
    if (s.constructed) {
      try {
        node.children = parse(bytes, s.start, s.end, path);
        return node;
      } catch {
        // contents that are not a TLV sequence stay opaque
      }
    }
    node.value = bytes.slice(s.start, s.end);
    return node;
  });
}

function tagLength(bytes: Uint8Array, at: number): number {
  if ((bytes[at] & 0x1f) !== 0x1f) return 1;
  let n = 1;
  while (bytes[at + n] & 0x80) n++;
  return n + 1;
}

function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function write(nodes: readonly TlvNode[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const n of nodes) {
    const content = n.children ? write(n.children) : n.value ?? new Uint8Array(0);
    parts.push(n.tag);
    if (n.indefinite) parts.push(Uint8Array.of(0x80), content, Uint8Array.of(0, 0));
    else parts.push(n.length ?? Uint8Array.from(lengthOctets(content.length)), content);
  }
  return Buffer.concat(parts);
}

function flatten(nodes: TlvNode[], into: { node: TlvNode; siblings: TlvNode[] }[] = []): { node: TlvNode; siblings: TlvNode[] }[] {
  for (const node of nodes) {
    into.push({ node, siblings: nodes });
    if (node.children) flatten(node.children, into);
  }
  return into;
}

function contentLength(n: TlvNode): number {
  return n.children ? write(n.children).length : n.value?.length ?? 0;
}

export interface Mutated {
  readonly bytes: Uint8Array;
  /** e.g. `length-3-octets at BF2D>A0>80`; `truncate at byte 12`. */
  readonly description: string;
}

/**
 * Applies `m` to the DER message `der`. Returns undefined when the mutation cannot act on this
 * message (e.g. swap on a node with no sibling) or would leave it unchanged.
 */
export function applyTlvMutation(der: Uint8Array, m: TlvMutation): Mutated | undefined {
  if (m.kind === 'truncate') {
    if (der.length < 2) return undefined;
    const cut = der.length - 1 - (m.at % (der.length - 1));
    return { bytes: der.slice(0, cut), description: `truncate to ${cut} of ${der.length} bytes` };
  }
  if (m.kind === 'trailing-bytes') {
    const extra = Math.min(m.amount, 64);
    return { bytes: Buffer.concat([der, Buffer.alloc(extra, m.fill)]), description: `${extra} trailing byte(s) ${m.fill.toString(16).padStart(2, '0')}` };
  }
  let roots: TlvNode[];
  try {
    roots = parse(der, 0, der.length, '');
  } catch {
    return undefined;
  }
  const all = flatten(roots);
  const { node, siblings } = all[m.at % all.length];
  const at = ` at ${node.path}`;
  const index = siblings.indexOf(node);
  let what: string = m.kind;
  switch (m.kind) {
    case 'drop':
      siblings.splice(index, 1);
      break;
    case 'duplicate':
      siblings.splice(index, 0, node);
      break;
    case 'swap': {
      if (siblings.length < 2) return undefined;
      const other = (index + 1 + (m.amount % (siblings.length - 1))) % siblings.length;
      [siblings[index], siblings[other]] = [siblings[other], siblings[index]];
      what = `swap with ${siblings[index].path}`;
      break;
    }
    case 'tag-class': {
      const cls = ((node.tag[0] >> 6) + 1 + (m.amount % 3)) & 3;
      node.tag = Uint8Array.from([(node.tag[0] & 0x3f) | (cls << 6), ...node.tag.subarray(1)]);
      what = `tag-class to ${toHex(node.tag)}`;
      break;
    }
    case 'tag-number': {
      const t = Uint8Array.from(node.tag);
      if (t.length === 1) t[0] = (t[0] & 0xe0) | (((t[0] & 0x1f) + 1 + (m.amount % 29)) % 0x1f);
      else t[t.length - 1] = (t[t.length - 1] + 1 + (m.amount % 126)) & 0x7f;
      node.tag = t;
      what = `tag-number to ${toHex(t)}`;
      break;
    }
    case 'constructed-bit':
      node.tag = Uint8Array.from([node.tag[0] ^ 0x20, ...node.tag.subarray(1)]);
      break;
    case 'length-under': {
      const len = contentLength(node);
      if (len === 0) return undefined;
      node.length = Uint8Array.from(lengthOctets(len - 1 - (m.amount - 1) % len));
      what = `length ${len - 1 - (m.amount - 1) % len} for ${len} content bytes`;
      break;
    }
    case 'length-over': {
      const len = contentLength(node);
      node.length = Uint8Array.from(lengthOctets(len + m.amount));
      what = `length ${len + m.amount} for ${len} content bytes`;
      break;
    }
    case 'length-non-minimal': {
      const len = contentLength(node);
      node.length = Uint8Array.from([0x82, len >> 8, len & 0xff]);
      break;
    }
    case 'length-3-octets': {
      const len = contentLength(node);
      node.length = Uint8Array.from([0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]);
      break;
    }
    case 'length-huge':
      node.length = Uint8Array.from([0x84, 0xff, 0xff, 0xff, 0xf0 | (m.amount & 0x0f)]);
      break;
    case 'length-too-many-octets':
      node.length = Uint8Array.from([0x89, 0, 0, 0, 0, 0, 0, 0, 0, Math.min(contentLength(node), 255)]);
      break;
    case 'indefinite-length':
      node.indefinite = true;
      break;
    case 'deep-nesting': {
      const depth = 2 + (m.amount % 300);
      let inner: TlvNode = { ...node };
      for (let d = 0; d < depth; d++) inner = { tag: Uint8Array.of(0x30), children: [inner], path: node.path };
      siblings[index] = inner;
      what = `nested ${depth} deep`;
      break;
    }
    case 'value-flip': {
      if (!node.value?.length) return undefined;
      const v = Uint8Array.from(node.value);
      v[m.amount % v.length] ^= m.fill || 0x01;
      node.value = v;
      what = `value byte ${m.amount % v.length} xor ${(m.fill || 1).toString(16)}`;
      break;
    }
    case 'value-empty':
      if (!node.value?.length && !node.children?.length) return undefined;
      node.value = new Uint8Array(0);
      node.children = undefined;
      break;
    case 'value-grow': {
      const extra = Math.min(m.amount, 70_000);
      node.value = Buffer.concat([node.value ?? new Uint8Array(0), Buffer.alloc(extra, m.fill)]);
      node.children = undefined;
      what = `value grown by ${extra} bytes`;
      break;
    }
  }
  const bytes = write(roots);
  if (bytes.equals(der)) return undefined;
  return { bytes, description: `${what}${at}` };
}
