/**
 * fast-check arbitraries derived from the compiled schemas — the only model of valid values the
 * property tests and the fuzzer use, so a schema change reaches them without a second edit.
 * Values respect SIZE and range constraints and come out in the shape `decode` returns (DEFAULT
 * components present, named bits in bit order), so decode(encode(v)) deep-equals v.
 */
import fc, { Arbitrary } from 'fast-check';
import {
  AnyNode, BitsNode, BitString, BooleanNode, ChoiceNode, ExplicitNode, IntegerNode, NamedBitsNode, Node, NullNode,
  OctetsNode, OidNode, SequenceNode, SequenceOfNode, StringNode, tlv, X509Node,
} from './nodes';
import type { Range } from './schema';
import { X509Value } from './x509';

/** Upper bounds for unbounded sizes, to keep generated messages message-sized. */
const MAX_OCTETS = 48, MAX_ITEMS = 3, MAX_CHARS = 24;

const cache = new WeakMap<Node, Arbitrary<unknown>>();

export function arbitraryFor(node: Node): Arbitrary<unknown> {
  let a = cache.get(node);
  if (!a) cache.set(node, (a = build(node)));
  return a;
}

function bounds(r: Range | undefined, cap: number): { minLength: number; maxLength: number } {
  const min = r?.min ?? 0;
  return { minLength: min, maxLength: Math.max(min, Math.min(r?.max ?? min + cap, min + cap)) };
}

function integer(node: IntegerNode): Arbitrary<number | bigint> {
  const r = node.range;
  if (r) return fc.integer({ min: r.min, max: r.max ?? r.min + 2 ** 31 });
  const any = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }) },
    { weight: 1, arbitrary: fc.maxSafeInteger() },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) },
  );
  const named = Object.values(node.named ?? {});
  return named.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...named) }, { weight: 1, arbitrary: any }) : any;
}

function string(node: StringNode): Arbitrary<string> {
  if (node.tag === 0x17) return fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2049, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().replace(/[-:T]|\.\d+/g, '').slice(2));
  if (node.tag === 0x18) return fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().replace(/[-:T]|\.\d+/g, ''));
  const b = bounds(node.sizeRange, MAX_CHARS);
  if (!node.utf8) return fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189 .-:/?'), ...b });
  return fc.oneof(fc.string({ unit: 'binary-ascii', ...b }), fc.string({ unit: 'binary', ...b }));
}

const arc = fc.oneof(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 2 ** 32 }));
const oid = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(arc, { maxLength: 6 }))
  .map(([a, b, rest]) => [a, b, ...rest].join('.'));

function build(node: Node): Arbitrary<unknown> {
  if (node instanceof BooleanNode) return fc.boolean();
  if (node instanceof NullNode) return fc.constant(null);
  if (node instanceof IntegerNode) return integer(node);
  if (node instanceof OctetsNode) return fc.uint8Array(bounds(node.sizeRange, MAX_OCTETS));
  if (node instanceof NamedBitsNode) {
    const names = Object.entries(node.named).sort((a, b) => a[1] - b[1]).map(([n]) => n);
    return fc.subarray(names);
  }
  if (node instanceof BitsNode) {
    return fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 7 }))
      .map(([bytes, unused]) => { bytes[bytes.length - 1] &= 0xff << unused; return new BitString(bytes, unused); });
  }
  if (node instanceof OidNode) return oid;
  if (node instanceof StringNode) return string(node);
  if (node instanceof SequenceNode) {
    const model: Record<string, Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const f of node.fields) {
      model[f.name] = arbitraryFor(f.node);
      if (!f.optional || f.hasDefault) required.push(f.name);
    }
    return fc.record(model, { requiredKeys: required, noNullPrototype: true });
  }
  if (node instanceof SequenceOfNode) return fc.array(arbitraryFor(node.item), bounds(node.sizeRange, MAX_ITEMS));
  if (node instanceof ChoiceNode) return fc.oneof(...node.alternatives.map((a) => arbitraryFor(a.node).map((v) => ({ [a.name]: v }))));
  if (node instanceof ExplicitNode) return arbitraryFor(node.inner);
  if (node instanceof X509Node) return x509(node.kind);
  if (node instanceof AnyNode) {
    return fc.tuple(fc.constantFrom(0x04, 0x0c, 0x02, 0x80, 0x81), fc.uint8Array({ minLength: 1, maxLength: 20 }))
      .map(([t, c]) => Uint8Array.from([t, c.length, ...c]));
  }
  throw new Error(`no arbitrary for ${node.constructor.name}`);
}

// ---- X.509 values, written as DER directly: the structure is fixed and small, and a generic ------
// ---- serializer would cost more than the rest of a fuzz case -----------------------------------

const h = (hex: string): Buffer => Buffer.from(hex, 'hex');
const seq = (...parts: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(parts));
const bits = (b: Uint8Array): Buffer => tlv(0x03, Buffer.concat([h('00'), b]));
const SIG_ALG = seq(h('06082A8648CE3D040302')); // ecdsa-with-SHA256
const EC_KEY = h('06072A8648CE3D0201'), COMMON_NAME = h('0603550403');
const curveOid = fc.constantFrom('06082A8648CE3D030107', '06092B2403030208010107').map(h); // P-256, brainpoolP256r1
const name = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJ0123456789 -'), minLength: 1, maxLength: 16 })
  .map((cn) => seq(tlv(0x31, seq(COMMON_NAME, tlv(0x0c, Buffer.from(cn, 'utf8'))))));
const time = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2049, 11, 31)), noInvalidDate: true })
  .map((d) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]|\.\d+/g, '').slice(2), 'latin1')));
const spki = fc.tuple(curveOid, fc.uint8Array({ minLength: 64, maxLength: 64 }))
  .map(([curve, xy]) => seq(seq(EC_KEY, curve), bits(Buffer.concat([h('04'), xy]))));
const signature = fc.uint8Array({ minLength: 70, maxLength: 72 }).map(bits);

function x509(kind: X509Node['kind']): Arbitrary<X509Value> {
  const value = (der: Buffer) => new X509Value(kind, Uint8Array.from(der));
  if (kind === 'SubjectPublicKeyInfo') return spki.map(value);
  if (kind === 'CertificateList') {
    return fc.tuple(name, time, signature).map(([issuer, thisUpdate, sig]) => value(seq(seq(h('020101'), SIG_ALG, issuer, thisUpdate), SIG_ALG, sig)));
  }
  return fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 20 }), name, name, time, time, spki, signature)
    .map(([serial, issuer, subject, notBefore, notAfter, key, sig]) => {
      serial[0] = (serial[0] & 0x7f) | 0x01;
      const tbs = seq(tlv(0xa0, h('020102')), tlv(0x02, serial), SIG_ALG, issuer, seq(notBefore, notAfter), subject, key);
      return value(seq(tbs, SIG_ALG, sig));
    });
}
