/**
 * The stimuli the ipa suite's steps name in words, as S_eIM orders, S_eIM faults and S_eUICC hooks:
 * PSMO lists, IpaEuiccDataRequest tag lists, broken ESipa answers, status-word rules.
 */
import { codec, SpecVersion, toHex } from '../../asn1';
import { SequenceNode } from '../../asn1/nodes';
import { ASN1_CONTENT_TYPE } from '../../transport/http';
import { HookedCommand } from '../../transport/apdu/hooks';
import { TEST_ICCIDS } from './card';
import { EimFault } from './eim-front';

export class StimulusError extends Error {
  override readonly name = 'StimulusError';
}

const ORDINALS = ['first', 'second', 'third'];

/** `enable the second profile [with rollback]`, `disable the first profile`, `list profile information N times`. */
export function psmos(what: string): Record<string, unknown>[] {
  const op = /^(enable|disable|delete) the (first|second|third) profile( with rollback)?$/.exec(what);
  if (op) {
    const iccid = TEST_ICCIDS[ORDINALS.indexOf(op[2])];
    return [{ [op[1]]: { iccid, ...(op[3] && { rollback: true }) } }];
  }
  const list = /^list profile information (\d+) times$/.exec(what);
  if (list) return Array.from({ length: Number(list[1]) }, () => ({ listProfileInfo: {} }));
  throw new StimulusError(`no PSMO list for '${what}'`);
}

function tagOctets(tag: number): string {
  const out: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) out.unshift(t % 256);
  return toHex(Uint8Array.from(out)).toUpperCase();
}

/** The tagList (hex) naming IpaEuiccData components of the version, e.g. euiccInfo1, euiccInfo2. */
export function edrTagList(version: SpecVersion, components: readonly string[]): string {
  const node = codec('SGP32Definitions', version).node('IpaEuiccData') as SequenceNode;
  return components.map((name) => {
    const field = node.fields.find((f) => f.name === name);
    if (!field) throw new StimulusError(`IpaEuiccData (${version}) has no component ${name}: ${node.fields.map((f) => f.name).join(', ')}`);
    return tagOctets(field.node.tag);
  }).join('');
}

/** An EsipaMessageFromEimToIpa from its JSON form, as DER. */
export function esipaAnswer(version: SpecVersion, json: unknown): Uint8Array {
  const c = codec('SGP32Definitions', version);
  return c.encode('EsipaMessageFromEimToIpa', c.fromJSON('EsipaMessageFromEimToIpa', json));
}

/** A fault named in words: `HTTP 500`, `a body that is not ASN.1`, `malformed DER`, … */
export function eimFault(text: string): EimFault {
  const status = /^HTTP (\d{3})$/.exec(text);
  if (status) return { kind: 'status', status: Number(status[1]) };
  const type = /^Content-Type (\S+)$/.exec(text);
  if (type) return { kind: 'content-type', contentType: type[1] };
  switch (text) {
    case 'a body that is not ASN.1': return { kind: 'body', body: Buffer.from('<html>this is not an ESipa message</html>'), contentType: ASN1_CONTENT_TYPE };
    // GetEimPackageResponse whose length runs past the end of the body.
    case 'malformed DER': return { kind: 'body', body: Buffer.from('BF4F0A800101', 'hex') };
    // A constructed [127] no EsipaMessageFromEimToIpa alternative has.
    case 'an unknown ESipa message': return { kind: 'body', body: Buffer.from('BF7F03800101', 'hex') };
    case 'no answer': return { kind: 'hang' };
    case 'a dropped connection': return { kind: 'drop' };
    // The last byte of the last profile element segment (86): its MAC no longer verifies.
    case 'a tampered Bound Profile Package': return { kind: 'tamper', change: (b) => Buffer.concat([b.subarray(0, b.length - 1), Buffer.of(b[b.length - 1] ^ 0x01)]) };
    default: throw new StimulusError(`no S_eIM fault '${text}'`);
  }
}

/** Matches the (first) STORE DATA block carrying an ES10 command of `type`, e.g. EuiccPackageRequest. */
export function statusWordOn(version: SpecVersion, type: string): (c: HookedCommand) => boolean {
  const tag = tagOctets(codec('SGP32Definitions', version).node(type).tag);
  return (c) => c.bytes[1] === 0xe2 && toHex(c.bytes.subarray(5, 5 + tag.length / 2)).toUpperCase() === tag;
}
