/**
 * Malformed input: each kind of damage gives an AsnDecodeError with the right code, the type
 * path of the component at fault and the byte offset; and no damage whatsoever makes the
 * decoder throw anything else or accept trailing garbage.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, AsnDecodeError, codec, fromHex } from '../../src/asn1';
import { allTypes } from './all-types';
import { tlv } from './tlv';

const sgp32 = codec();

/** EuiccPackageRequest: eimId "e", EID 16 x 0x89, counter 5, psmoList [enable ICCID], 64-byte signature. */
const EID = '89'.repeat(16), ICCID = '98001032547698103214', SIG = '11'.repeat(64);
const SIGNED = `3028800165${'5A10' + EID}810105A00EA30C5A0A${ICCID}`;
const REQUEST = fromHex(`BF516D${SIGNED}5F3740${SIG}`);


function decodeError(type: string, bytes: Uint8Array, opts = {}): AsnDecodeError {
  try {
    sgp32.decode(type, bytes, opts);
  } catch (e) {
    assert.ok(e instanceof AsnDecodeError, `expected AsnDecodeError, got ${e}`);
    return e;
  }
  return assert.fail('decoded without error');
}

describe('decode errors name the code, path and offset', () => {
  it('the reference message decodes', () => {
    const v = sgp32.decode('EuiccPackageRequest', REQUEST);
    assert.equal(v.euiccPackageSigned.counterValue, 5);
    assert.deepEqual(v.euiccPackageSigned.euiccPackage, { psmoList: [{ enable: { iccid: fromHex(ICCID) } }] });
  });

  it('truncation', () => {
    const e = decodeError('EuiccPackageRequest', REQUEST.subarray(0, REQUEST.length - 10));
    assert.equal(e.code, 'truncated');
    assert.equal(e.path, 'EuiccPackageRequest');
    assert.equal(e.offset, 0);
  });

  it('truncation inside a nested component', () => {
    // cut inside the ICCID: the outer lengths still claim the full sizes
    const e = decodeError('EuiccPackageSigned', REQUEST.subarray(3, 3 + 2 + 0x27 - 4));
    assert.equal(e.code, 'truncated');
    assert.equal(e.path, 'EuiccPackageSigned');
  });

  it('wrong tag on a mandatory component names the component', () => {
    const bad = Uint8Array.from(REQUEST);
    const at = 3 + 2 + 3 + 18; // counterValue's tag (81) after eimId and eidValue
    assert.equal(bad[at], 0x81);
    bad[at] = 0x85;
    const e = decodeError('EuiccPackageRequest', bad);
    assert.equal(e.code, 'missing-field');
    assert.equal(e.path, 'EuiccPackageRequest.euiccPackageSigned.counterValue');
  });

  it('wrong outer tag', () => {
    const bad = Uint8Array.from(REQUEST);
    bad[1] = 0x52;
    const e = decodeError('EuiccPackageRequest', bad);
    assert.equal(e.code, 'wrong-tag');
    assert.equal(e.offset, 0);
    assert.match(e.detail, /BF52/);
  });

  it('a length longer than the data', () => {
    const bad = Uint8Array.from(REQUEST);
    bad[3 + 2 + 1] = 0x7f; // eimId claims 127 bytes
    const e = decodeError('EuiccPackageRequest', bad);
    assert.equal(e.code, 'truncated');
    assert.equal(e.path, 'EuiccPackageRequest.euiccPackageSigned');
    assert.equal(e.offset, 5);
  });

  it('a length field of more than four octets', () => {
    const e = decodeError('GetEimPackageRequest', fromHex('BF4F85000000001000'));
    assert.equal(e.code, 'bad-length');
  });

  it('trailing bytes after the message', () => {
    const e = decodeError('EuiccPackageRequest', Uint8Array.from([...REQUEST, 0x00]));
    assert.equal(e.code, 'trailing-bytes');
    assert.equal(e.offset, REQUEST.length);
  });

  it('indefinite length', () => {
    const e = decodeError('GetEimPackageRequest', fromHex(`BF4F805A10${EID}0000`));
    assert.equal(e.code, 'indefinite-length');
  });

  it('non-minimal INTEGER', () => {
    const e = decodeError('EuiccPackageResultDataSigned', fromHex('300B800165810200058301013000'));
    assert.equal(e.code, 'bad-value');
    assert.equal(e.path, 'EuiccPackageResultDataSigned.counterValue');
    assert.equal(e.offset, 5);
  });

  it('definite-length BER with a long-form length is accepted', () => {
    const v = sgp32.decode('GetEimPackageRequest', fromHex(`BF4F81135A8110${EID}`));
    assert.deepEqual(v.eidValue, fromHex(EID));
  });

  it('SIZE constraint violations are reported, and can be relaxed', () => {
    const short = fromHex(`BF4F0A5A08${EID.slice(0, 16)}`);
    const e = decodeError('GetEimPackageRequest', short);
    assert.equal(e.code, 'constraint');
    assert.equal(e.path, 'GetEimPackageRequest.eidValue');
    assert.equal(sgp32.decode('GetEimPackageRequest', short, { constraints: false }).eidValue.length, 8);
  });

  it('a repeated component', () => {
    const e = decodeError('GetEimPackageRequest', fromHex(`BF4F245A10${EID}5A10${EID}`));
    assert.equal(e.code, 'duplicate-field');
  });

  it('unknown components of an extensible SEQUENCE are skipped', () => {
    const v = sgp32.decode('GetEimPackageRequest', fromHex(`BF4F175A10${EID}9F7F020102`));
    assert.deepEqual(Object.keys(v), ['eidValue']);
  });

  it('a doubled tag layer on a tagged CHOICE is rejected and explained', () => {
    // Some ASN.1 compilers wrap the CHOICE's own BF41 inside the automatic tag [1] that replaces it.
    const e = decodeError('CancelSessionRequestEsipa', fromHex(tlv('BF41', '800101', tlv('A1', tlv('BF41', '81017F')))));
    assert.equal(e.code, 'wrong-tag');
    assert.equal(e.path, 'CancelSessionRequestEsipa.cancelSessionResponse');
    assert.match(e.detail, /doubled tag layer; .*implicit \(X.680 31.2.7\), so A1 holds the alternative directly/);
    assert.deepEqual(sgp32.decode('CancelSessionRequestEsipa', fromHex(tlv('BF41', '800101', tlv('A1', '81017F')))),
      { transactionId: fromHex('01'), cancelSessionResponse: { cancelSessionResponseError: 127 } });
  });

  it('a CHOICE alternative that does not exist', () => {
    const e = decodeError('EsipaMessageFromEimToIpa', fromHex('BF7F00'));
    assert.equal(e.code, 'wrong-tag');
    assert.equal(e.path, 'EsipaMessageFromEimToIpa');
  });

  it('deep nesting inside a certificate stops at the limit', () => {
    let t = '0500';
    for (let i = 0; i < 100; i++) t = tlv('30', t);
    const e = decodeError('Certificate', fromHex(t));
    assert.equal(e.code, 'too-deep');
  });
});

describe('damaged messages never escape as anything but AsnDecodeError', () => {
  const cases = allTypes().filter((c) => c.label.startsWith('SGP32Definitions v1.2'));
  it('random damage to every SGP.32 v1.2 type', () => {
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), mask: fc.constant(0) }),
      fc.record({ kind: fc.constant('append' as const), at: fc.nat(), mask: fc.integer({ min: 0, max: 255 }) }),
    );
    for (const { codec: c, type } of cases) {
      fc.assert(fc.property(arbitraryFor(c.node(type)), damage, (value, d) => {
        const der = Uint8Array.from(c.encode(type, value));
        const at = d.at % der.length;
        const bad = d.kind === 'flip' ? (der[at] ^= d.mask, der) : d.kind === 'cut' ? der.subarray(0, at) : Uint8Array.from([...der, d.mask]);
        try {
          c.decode(type, bad);
        } catch (e) {
          if (!(e instanceof AsnDecodeError)) throw e;
          assert.ok(e.offset >= 0 && e.offset <= bad.length, `offset ${e.offset} outside the input`);
          assert.ok(e.path.startsWith(type));
        }
        if (d.kind === 'append') assert.throws(() => c.decode(type, bad), AsnDecodeError);
      }), { numRuns: 20 });
    }
  });
});
