/**
 * Schema-level mutations for the fuzzer: values that encode as well-formed DER but step outside what
 * the schema states — an INTEGER outside its range (`out-of-range`: the codec refuses it), a named
 * INTEGER (the spec's enumerations) with a number no name has (`unnamed`: valid ASN.1 that the IUT
 * must answer with an error code or ignore), an OCTET STRING or string longer than its SIZE
 * (`oversized`: refused). The sites come from the same compiled schema the codec uses, so every
 * message type gets them without a hand-written list.
 */
import fc, { Arbitrary } from 'fast-check';
import { ChoiceNode, ExplicitNode, IntegerNode, Node, OctetsNode, SequenceNode, SequenceOfNode, StringNode } from './nodes';

export interface ValueMutation {
  /** Which constraint site (modulo the number of sites in the value). */
  readonly at: number;
  readonly amount: number;
}

export const valueMutation: Arbitrary<ValueMutation> = fc.record({ at: fc.nat({ max: 4096 }), amount: fc.nat({ max: 1 << 16 }) });

type Site = { path: (string | number)[]; node: IntegerNode | OctetsNode | StringNode };

function sites(node: Node, value: unknown, path: (string | number)[], into: Site[]): Site[] {
  if (node instanceof ExplicitNode) return sites(node.inner, value, path, into);
  if (node instanceof IntegerNode) {
    if (node.range || node.named) into.push({ path, node });
  } else if ((node instanceof OctetsNode || node instanceof StringNode) && node.sizeRange?.max !== undefined) {
    into.push({ path, node });
  } else if (node instanceof SequenceNode && value && typeof value === 'object') {
    for (const f of node.fields) {
      const v = (value as Record<string, unknown>)[f.name];
      if (v !== undefined) sites(f.node, v, [...path, f.name], into);
    }
  } else if (node instanceof SequenceOfNode && Array.isArray(value)) {
    value.forEach((v, i) => sites(node.item, v, [...path, i], into));
  } else if (node instanceof ChoiceNode && value && typeof value === 'object') {
    const [name] = Object.keys(value);
    const alt = node.byName.get(name);
    if (alt) sites(alt.node, (value as Record<string, unknown>)[name], [...path, name], into);
  }
  return into;
}

function broken(site: Site, amount: number): unknown {
  const n = site.node;
  if (n instanceof IntegerNode) {
    if (n.range) return n.range.max !== undefined && amount % 2 === 0 ? n.range.max + 1 + (amount % 1000) : n.range.min - 1 - (amount % 1000);
    const named = Object.values(n.named ?? {});
    return Math.max(...named) + 1 + (amount % 1000);
  }
  const size = n.sizeRange!.max! + 1 + (amount % 512);
  return n instanceof OctetsNode ? new Uint8Array(size).fill(0x5a) : 'Z'.repeat(size);
}

function setAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

/**
 * `value` of type `node` with one constraint broken, and which; undefined when the value has no
 * constrained component. Encode the result with `{ constraints: false }`.
 */
export function applyValueMutation(node: Node, value: unknown, m: ValueMutation): { value: unknown; description: string } | undefined {
  const found = sites(node, value, [], []);
  if (!found.length) return undefined;
  const site = found[m.at % found.length];
  const v = broken(site, m.amount);
  const shown = typeof v === 'number' ? String(v) : `${(v as { length: number }).length} ${site.node instanceof OctetsNode ? 'octets' : 'characters'}`;
  const path = site.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  const kind = site.node instanceof IntegerNode ? (site.node.range ? 'out-of-range' : 'unnamed') : 'oversized';
  return { value: setAt(value, site.path, v), description: `${kind} ${path || '(root)'} = ${shown}` };
}
