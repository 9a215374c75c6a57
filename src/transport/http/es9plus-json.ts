/**
 * ES9+ JSON payloads (SGP.22 §6.5.2) as the components of the function's ASN.1 SEQUENCE. Each JSON
 * member is one component, under the component's name (one exception: `profileMetaData` is
 * `profileMetadata` in JSON), in one of four forms:
 *   tlv     base64 of the component's whole DER data object, tag included (the default): serverSigned1
 *           `30…`, serverSignature1 `5F37…`, euiccCiPKIdToBeUsed `04 14…`, euiccInfo1 `BF20…`,
 *           profileMetadata `BF25…`, boundProfilePackage `BF36…`, pendingNotification `BF37…`/`30…`
 *   base64  base64 of the value octets only: euiccChallenge (16 bytes)
 *   hex     the value octets as upper-case hex: transactionId
 *   text    the string itself: smdpAddress
 * Checked against osmo-smdpp (sends `5F3740‖sig` and `0414‖keyId`, hex transactionId, raw
 * euiccChallenge), lpac (looks for tag 5F37 inside the decoded serverSignature1) and the
 * osmo-ttcn3-hacks SM-DP+ client, which strips a leading 5F3740. onomondo-eim and the TTCN ESipa
 * converters put the decoded signature bytes straight into the 5F37 component instead.
 * The component list comes from the RSPDefinitions schema, so JSON and ASN.1 bindings cannot drift.
 */
import { Codec, Field, SequenceNode, tlv, tlvSpans } from '../../asn1';
import { AsnValue, JsonBindingError } from './binding';

type Form = 'tlv' | 'base64' | 'hex' | 'text';
const FORMS: Readonly<Record<string, Form>> = { transactionId: 'hex', euiccChallenge: 'base64', smdpAddress: 'text' };
const JSON_NAMES: Readonly<Record<string, string>> = { profileMetaData: 'profileMetadata' };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

function sequence(c: Codec, type: string): SequenceNode {
  const node = c.node(type);
  if (!(node instanceof SequenceNode)) throw new Error(`internal: ${type} is not a SEQUENCE`);
  return node;
}

const jsonName = (f: Field): string => JSON_NAMES[f.name] ?? f.name;

/**
 * The JSON members of a `type` value, or of its DER as a peer produced it: signed components then
 * travel byte for byte, including extensions the RSPDefinitions schema does not know.
 */
export function sequenceToJson(c: Codec, type: string, value: AsnValue | Uint8Array): Record<string, string> {
  const node = sequence(c, type);
  const der = value instanceof Uint8Array ? value : c.encode(type, value);
  const [outer] = tlvSpans(der, type);
  const out: Record<string, string> = {};
  let fi = 0;
  for (const span of tlvSpans(der, type, outer.start, outer.end)) {
    // DER keeps schema order, so each data object belongs to the next component that can start with its tag.
    while (!node.fields[fi].node.firstTags().includes(span.tag)) fi++;
    const f = node.fields[fi++];
    const form = FORMS[f.name] ?? 'tlv';
    const bytes = Buffer.from(der.subarray(form === 'tlv' ? span.offset : span.start, span.end));
    out[jsonName(f)] = form === 'hex' ? bytes.toString('hex').toUpperCase() : form === 'text' ? bytes.toString('utf8') : bytes.toString('base64');
  }
  return out;
}

/**
 * A `type` value from JSON members (other members, such as `header`, are ignored). Members that
 * are not strings of their form throw JsonBindingError; the rest is checked by decoding the DER
 * they make up, so a missing or wrong component is an AsnDecodeError naming its path.
 */
export function jsonToSequence(c: Codec, type: string, json: Readonly<Record<string, unknown>>): AsnValue {
  const node = sequence(c, type);
  const parts: Buffer[] = [];
  for (const f of node.fields) {
    const name = jsonName(f);
    const v = json[name];
    if (v === undefined) continue;
    const form = FORMS[f.name] ?? 'tlv';
    if (typeof v !== 'string') throw new JsonBindingError(name, `expected a string (${form})`);
    if ((form === 'tlv' || form === 'base64') && !BASE64.test(v)) throw new JsonBindingError(name, 'not base64');
    if (form === 'hex' && !HEX.test(v)) throw new JsonBindingError(name, 'not an even number of hex digits');
    const bytes = Buffer.from(v, form === 'hex' ? 'hex' : form === 'text' ? 'utf8' : 'base64');
    parts.push(form === 'tlv' ? bytes : tlv(f.node.tag, bytes));
  }
  return c.decode(type, tlv(node.tag, Buffer.concat(parts)));
}
