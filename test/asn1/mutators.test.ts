/**
 * The fuzzer's mutators: TLV mutations damage exactly the node they name and the decoder refuses
 * what DER and definite-length BER forbid, with a typed error; schema mutations break the constraint
 * they name; neither ever throws on any message of any type.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyTlvMutation, applyValueMutation, arbitraryFor, AsnDecodeError, codec, fromHex, TlvMutation, tlvMutation, toHex, valueMutation } from '../../src/asn1';
import { allTypes } from './all-types';

const sgp32 = codec();
const EID = '89'.repeat(16), ICCID = '98001032547698103214', SIG = '11'.repeat(64);
const REQUEST = fromHex(`BF516D3028800165${'5A10' + EID}810105A00EA30C5A0A${ICCID}5F3740${SIG}`);

const m = (kind: TlvMutation['kind'], at = 0, amount = 1, fill = 0): TlvMutation => ({ kind, at, amount, fill });

function refusal(bytes: Uint8Array): AsnDecodeError {
  try {
    sgp32.decode('EuiccPackageRequest', bytes);
  } catch (e) {
    assert.ok(e instanceof AsnDecodeError, `expected AsnDecodeError, got ${e}`);
    return e;
  }
  return assert.fail(`decoded: ${toHex(bytes)}`);
}

describe('TLV mutations', () => {
  it('each DER-breaking kind is refused by the strict decoder with its error code', () => {
    const cases: [TlvMutation, string, string][] = [
      [m('truncate', 0), 'truncate to 111 of 112 bytes', 'truncated'],
      [m('trailing-bytes', 0, 2, 0xaa), '2 trailing byte(s) aa', 'trailing-bytes'],
      [m('length-too-many-octets', 0), 'length-too-many-octets at BF51', 'bad-length'],
      [m('indefinite-length', 1), 'indefinite-length at BF51>30', 'indefinite-length'],
      [m('length-over', 0, 3), 'length 112 for 109 content bytes at BF51', 'truncated'],
    ];
    for (const [mutation, description, code] of cases) {
      const out = applyTlvMutation(REQUEST, mutation)!;
      assert.equal(out.description, description);
      assert.equal(refusal(out.bytes).code, code, description);
    }
  });

  it('non-minimal long-form lengths stay valid BER, which the codec accepts; the fuzzer expects any answer to them', () => {
    for (const [mutation, description] of [[m('length-non-minimal', 0), 'length-non-minimal at BF51'], [m('length-3-octets', 2), 'length-3-octets at BF51>30>80']] as const) {
      const out = applyTlvMutation(REQUEST, mutation)!;
      assert.equal(out.description, description);
      assert.deepEqual(sgp32.decode('EuiccPackageRequest', out.bytes), sgp32.decode('EuiccPackageRequest', REQUEST));
    }
  });

  it('nodes are numbered in pre-order and only the chosen node changes', () => {
    // Node 4 is the counter (BF51 > 30 > 81): dropping it leaves every other TLV intact.
    const out = applyTlvMutation(REQUEST, m('drop', 4))!;
    assert.equal(out.description, 'drop at BF51>30>81');
    assert.equal(toHex(out.bytes), `BF516A3025800165${'5A10' + EID}A00EA30C5A0A${ICCID}5F3740${SIG}`);
    assert.equal(refusal(out.bytes).code, 'missing-field');
  });

  it('deep nesting wraps the node and the decoder refuses it without exhausting the stack', () => {
    const out = applyTlvMutation(REQUEST, m('deep-nesting', 5, 298))!;
    assert.match(out.description, /^nested 300 deep at BF51>30>A0$/);
    refusal(out.bytes);
  });

  it('a mutation that changes nothing is reported as not applicable', () => {
    assert.equal(applyTlvMutation(fromHex('0400'), m('value-empty', 0)), undefined);
    assert.equal(applyTlvMutation(fromHex('0400'), m('swap', 0)), undefined);
  });

  it('never throws, on any message of any type, and always changes the bytes', () => {
    const messages = fc.constantFrom(...allTypes()).chain((t) => arbitraryFor(t.codec.node(t.type)).map((v) => t.codec.encode(t.type, v)));
    fc.assert(fc.property(messages, tlvMutation, (der, mutation) => {
      const out = applyTlvMutation(der, mutation);
      if (out) assert.notEqual(toHex(out.bytes), toHex(der));
    }), { numRuns: 3000, seed: 7 });
  });
});

describe('schema (value) mutations', () => {
  it('an oversized component breaks its SIZE and the decoder refuses it', () => {
    const out = applyValueMutation(sgp32.node('EuiccPackageRequest'), sgp32.decode('EuiccPackageRequest', REQUEST), { at: 0, amount: 3 })!;
    assert.equal(out.description, 'oversized .euiccPackageSigned.eimId = 132 characters');
    const bytes = sgp32.encode('EuiccPackageRequest', out.value, { constraints: false });
    assert.throws(() => sgp32.decode('EuiccPackageRequest', bytes), (e: unknown) => e instanceof AsnDecodeError && e.code === 'constraint');
  });

  it('an enumeration gets a number no name has, which stays valid ASN.1', () => {
    const out = applyValueMutation(sgp32.node('GetEimPackageResponse'), { eimPackageError: 1 }, { at: 0, amount: 3 })!;
    assert.equal(out.description, 'unnamed .eimPackageError = 131');
    assert.deepEqual(sgp32.decode('GetEimPackageResponse', sgp32.encode('GetEimPackageResponse', out.value)), { eimPackageError: 131 });
  });

  it('never throw on schema-generated values of any type', () => {
    const values = fc.constantFrom(...allTypes()).chain((t) => arbitraryFor(t.codec.node(t.type)).map((v) => [t, v] as const));
    fc.assert(fc.property(values, valueMutation, ([t, v], mutation) => {
      const out = applyValueMutation(t.codec.node(t.type), v, mutation);
      if (out) t.codec.encode(t.type, out.value, { constraints: false });
    }), { numRuns: 2000, seed: 11 });
  });
});
