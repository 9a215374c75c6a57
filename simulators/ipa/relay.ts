/**
 * Messages that carry data objects the IPA relays exactly as it received them: the eUICC's signed
 * answers (AuthenticateServerResponse, PrepareDownloadResponse, CancelSessionResponse, notifications,
 * EuiccPackageResults) on their way to the eIM or the SM-DP+. Decoding and re-encoding them would
 * lose what the schema in use does not know (RSPDefinitions drops the SGP.32 EUICCInfo2 fields of an
 * AuthenticateServerResponse, a real card may add extensions) and break their signatures, so the
 * message around them is put together from whole TLVs, in the order and under the tags the schema
 * gives for each component.
 */
import { Codec, SequenceNode, tlv, tlvAt } from '../../src/asn1';
import { ChoiceNode, ExplicitNode, IntegerNode, Node } from '../../src/asn1/nodes';

/** The node of `type`, or of the component reached by `path` (SEQUENCE components, CHOICE alternatives). */
export function nodeAt(c: Codec, type: string, ...path: string[]): Node {
  let node = c.node(type);
  for (const name of path) {
    const inner = node instanceof ExplicitNode ? node.inner : node;
    const field = inner instanceof SequenceNode ? inner.fields.find((f) => f.name === name)
      : inner instanceof ChoiceNode ? inner.byName.get(name) : undefined;
    if (!field) throw new Error(`internal: ${type} has no component ${path.join('.')}`);
    node = field.node;
  }
  return node;
}

/** The name of INTEGER `value` among the named numbers of the component at `path`, else the number. */
export function codeName(c: Codec, value: number | bigint, type: string, ...path: string[]): string {
  const node = nodeAt(c, type, ...path);
  const named = node instanceof IntegerNode ? node.named : undefined;
  const hit = named && Object.entries(named).find(([, n]) => BigInt(n) === BigInt(value));
  return hit ? hit[0] : String(value);
}

/** The number of the named INTEGER value `name` of the component at `path`. */
export function codeNumber(c: Codec, name: string, type: string, ...path: string[]): number {
  const node = nodeAt(c, type, ...path);
  const n = node instanceof IntegerNode ? node.named?.[name] : undefined;
  if (n === undefined) throw new Error(`internal: ${[type, ...path].join('.')} has no named number ${name}`);
  return n;
}

/** The content octets of the TLV `whole`. */
export function content(whole: Uint8Array): Uint8Array {
  const span = tlvAt(whole, 'relayed data object');
  return whole.subarray(span.start, span.end);
}

/** An OCTET STRING TLV of `value`, for a component that `place` then puts under its own tag. */
export const octets = (value: Uint8Array): Buffer => tlv(0x04, value);
/** A UTF8String TLV of `text`. */
export const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));

/**
 * `whole` as the component `node`: kept when the component is an untagged CHOICE; wrapped when the
 * component is an explicit tag around a CHOICE whose alternative `whole` is (e.g. [0] PendingNotification
 * around a BF37); otherwise given the component's tag over the same content (implicit tagging: the
 * card's BF41 CancelSessionResponse becomes [1] A1 inside CancelSessionRequestEs9).
 */
function place(node: Node, whole: Uint8Array): Uint8Array {
  if (node.tag === -1) return whole;
  const tag = tlvAt(whole, 'relayed data object').tag;
  if (node instanceof ExplicitNode && node.inner.matches(tag)) return tlv(node.tag, whole);
  return tag === node.tag ? whole : tlv(node.tag, content(whole));
}

/** A SEQUENCE (`node` of a SEQUENCE type or component) from its components' TLVs, in schema order. */
export function sequenceFrom(node: Node, components: Readonly<Record<string, Uint8Array | undefined>>): Buffer {
  if (!(node instanceof SequenceNode)) throw new Error('internal: sequenceFrom needs a SEQUENCE');
  for (const name of Object.keys(components)) {
    if (!node.fields.some((f) => f.name === name)) throw new Error(`internal: no component ${name} in this SEQUENCE`);
  }
  const parts = node.fields.filter((f) => components[f.name] !== undefined).map((f) => place(f.node, components[f.name]!));
  return tlv(node.tag, Buffer.concat(parts));
}

/** A CHOICE value (`node` of a tagged or untagged CHOICE) holding `alternative` = `whole`. */
export function choiceFrom(node: Node, alternative: string, whole: Uint8Array): Uint8Array {
  const choice = node instanceof ExplicitNode ? node.inner : node;
  if (!(choice instanceof ChoiceNode)) throw new Error('internal: choiceFrom needs a CHOICE');
  const alt = choice.byName.get(alternative);
  if (!alt) throw new Error(`internal: no alternative ${alternative}`);
  const placed = place(alt.node, whole);
  return node instanceof ExplicitNode ? tlv(node.tag, placed) : placed;
}

/** The request SEQUENCE `type` (ESipa or ES9+ codec) of a transaction id and one relayed card answer. */
export function transactionRequest(c: Codec, type: string, transactionId: Uint8Array, member: string, answer: Uint8Array): Buffer {
  return sequenceFrom(c.node(type), { transactionId: octets(transactionId), [member]: answer });
}
