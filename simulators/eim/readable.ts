/**
 * Decoded eUICC answers as the northbound API shows them: the codec's JSON rendering
 * (src/asn1/json.ts), except that INTEGERs with named numbers read as their names (`ok`,
 * `profileNotInDisabledState`, `enabled`) and ICCIDs (`iccid` components, SGP.22 nibble-swapped
 * BCD) read as their digits, so an operator's script compares them with what it ordered.
 */
import { Codec, SequenceNode } from '../../src/asn1';
import { ChoiceNode, ExplicitNode, IntegerNode, Node, SequenceOfNode } from '../../src/asn1/nodes';
import { swappedBcdToIccid } from '../../src/profile';

function walk(node: Node, json: unknown, name: string): unknown {
  if (json === null || json === undefined) return json;
  if (node instanceof ExplicitNode) return walk(node.inner, json, name);
  if (node instanceof SequenceNode) {
    const o = json as Record<string, unknown>;
    return Object.fromEntries(node.fields.filter((f) => f.name in o).map((f) => [f.name, walk(f.node, o[f.name], f.name)]));
  }
  if (node instanceof SequenceOfNode) return (json as unknown[]).map((x) => walk(node.item, x, name));
  if (node instanceof ChoiceNode) {
    const [alt] = Object.keys(json as object);
    return { [alt]: walk(node.byName.get(alt)!.node, (json as Record<string, unknown>)[alt], alt) };
  }
  if (node instanceof IntegerNode && node.named) {
    const hit = Object.entries(node.named).find(([, n]) => n === json);
    return hit ? hit[0] : json;
  }
  if (name === 'iccid' && typeof json === 'string' && json.length === 20) return iccidDigits(json);
  return json;
}

/** The digits of a swapped-BCD ICCID, or its hex when it holds nibbles that are not digits. */
export function iccidDigits(hex: string): string {
  try {
    return swappedBcdToIccid(Buffer.from(hex, 'hex'));
  } catch {
    return hex;
  }
}

/** `value` of `type`, rendered for people and scripts. */
export function readable(c: Codec, type: string, value: unknown): unknown {
  return walk(c.node(type), c.toJSON(type, value), type);
}
