/** The X.680 tagging rules the compiler applies, on small modules written for the purpose. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Scope } from '../../src/asn1/compile';
import { decodeTlv, encodeValue } from '../../src/asn1/nodes';
import { toHex } from '../../src/asn1';
import { app, bool, choice, dflt, int, ModuleDef, nul, octets, opt, ref, seq, seqOf, tag } from '../../src/asn1/schema';

const M: ModuleDef = {
  name: 'Test', version: 't', automaticTags: true, extensibilityImplied: true, imports: [],
  types: {
    Auto: seq({ a: int(), b: opt(bool()), c: ref('Untagged') }),
    Manual: seq({ a: int(), b: tag(5, bool()), c: nul() }),
    Untagged: choice({ x: int(), y: octets() }),
    Tagged: tag(81, choice({ x: int(), y: octets() })),
    HoldsTagged: seq({ t: tag(3, ref('Tagged')) }),
    HoldsUntagged: seq({ u: tag(3, ref('Untagged')) }),
    AppRetag: seq({ iccid: app(26, ref('Iccid')) }),
    Iccid: app(26, octets(10)),
    ExplicitKeyword: seq({ e: tag(2, int(), 'explicit') }),
  },
};
const scope = Scope.of(M);
const enc = (type: string, v: unknown) => toHex(encodeValue(scope.node(type), type, v));
const dec = (type: string, hex: string) => decodeTlv(scope.node(type), type, Buffer.from(hex, 'hex')).value;

describe('X.680 tagging', () => {
  it('AUTOMATIC TAGS numbers untagged components [0], [1]... (explicit for an untagged CHOICE, whose own alternatives are numbered too)', () => {
    assert.equal(enc('Auto', { a: 1, b: true, c: { y: Uint8Array.of(7) } }), '300B8001018101FFA203810107');
  });
  it('no automatic tags once any component has a tag of its own', () => {
    assert.equal(enc('Manual', { a: 1, b: true, c: null }), '30080201018501FF0500');
  });
  it('a tagged CHOICE carries its tag explicitly', () => {
    assert.equal(enc('Tagged', { x: 5 }), 'BF5103800105');
  });
  it('a tag on a reference to a tagged CHOICE replaces that tag: exactly one layer', () => {
    assert.equal(enc('HoldsTagged', { t: { x: 5 } }), '3005A303800105');
    assert.deepEqual(dec('HoldsTagged', '3005A303800105'), { t: { x: 5 } });
  });
  it('a tag on an untagged CHOICE is explicit', () => {
    assert.equal(enc('HoldsUntagged', { u: { x: 5 } }), '3005A303800105');
  });
  it('re-tagging with the same tag changes nothing on the wire', () => {
    assert.equal(enc('AppRetag', { iccid: new Uint8Array(10) }), '300C5A0A00000000000000000000');
  });
  it('the EXPLICIT keyword wraps even a simple type', () => {
    assert.equal(enc('ExplicitKeyword', { e: 1 }), '3005A203020101');
  });
});

describe('DEFAULT components', () => {
  const D: ModuleDef = {
    name: 'Dflt', version: 't', automaticTags: true, extensibilityImplied: true, imports: [],
    types: { T: seq({ o: dflt(octets(2), Uint8Array.of(1, 2)), l: dflt(seqOf(int()), [1, 2]), n: dflt(int(), 5), x: int() }) },
  };
  const node = Scope.of(D).node('T');
  it('a value equal to the DEFAULT is omitted even when it is a different object (X.690 11.5)', () => {
    const v = { o: Uint8Array.of(1, 2), l: [1, 2], n: 5n, x: 0 };
    assert.equal(toHex(encodeValue(node, 'T', v)), '3003830100');
    assert.equal(toHex(encodeValue(node, 'T', { ...v, o: Uint8Array.of(1, 3) })), '3007800201038301' + '00');
  });
  it('decoded DEFAULT values are copies the caller may change', () => {
    const a = decodeTlv(node, 'T', Uint8Array.of(0x30, 3, 0x83, 1, 0)).value as { o: Uint8Array; l: number[] };
    a.o[0] = 9;
    a.l.push(3);
    const b = decodeTlv(node, 'T', Uint8Array.of(0x30, 3, 0x83, 1, 0)).value as typeof a;
    assert.deepEqual([b.o[0], b.l.length], [1, 2]);
  });
});
