/** ECDSA as RSP uses it: raw r‖s, SHA-256, both curves; published vectors plus properties. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { CURVES, CURVE_INFO, UnsupportedCurveError } from '../../src/crypto/curves';
import { derToRaw, rawToDer, signRaw, SignatureFormatError, verifyRaw } from '../../src/crypto/ecdsa';
import { keyFromPoint } from '../../src/crypto/ecka';

/*
 * Project Wycheproof (github.com/C2SP/wycheproof), testvectors_v1/ecdsa_secp256r1_sha256_p1363_test.json and
 * ecdsa_brainpoolP256r1_sha256_p1363_test.json, first test group: IEEE P1363 (raw r‖s) signatures over
 * msg "123400" (hex 313233343030). tcId 1 is valid; 2 (r+n), 4 (n−r), 11 (r=s=0), 19 (r=s=1) and
 * 27 (r=s=n) must be rejected.
 */
const WYCHEPROOF = {
  nist: {
    key: '042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e',
    valid: { 1: '2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e184cd60b855d442f5b3c7b11eb6c4e0ae7525fe710fab9aa7c77a67f79e6fadd76' },
    invalid: {
      2: '012ba3a8bd6b94d5ed80a6d9d1190a436ebccc0833490686deac8635bcb9bf536900b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db',
      4: 'd45c5740946b2a147f59262ee6f5bc90bd01ed280528b62b3aed5fc93f06f739b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db',
      11: '0'.repeat(128),
      19: '0'.repeat(63) + '1' + '0'.repeat(63) + '1',
      27: 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'.repeat(2),
    },
  },
  brp: {
    key: '04019a2d9637743a63ddaefdbca0ee229a163b809b9b145e5313bbeb8defeab9d6548caf89bf5ba49499404145651234336401b9b2843a579ed152e090f11b9e59',
    valid: { 1: '0a5f8c70ba2d0842d5d0f841f160ad15195769a8159bfe692634d73d469d111f426e857aad3ff7aa96e4d200c03b45f1846a36d089ee3917768ca1a0d6d4da6e' },
    invalid: {
      2: 'b45ae44c5c1bb1ff143702d28ee43a86a590e44bcafda560b652e5bfdde567c6678cd260f4aeb211a781388fdd48478007cf43d32b736de019916ce1c0737c39',
      4: '9f9bcb6ae7c1a1796895124eac22e05c72e210fb9fc5a88e69e9374550ab4588678cd260f4aeb211a781388fdd48478007cf43d32b736de019916ce1c0737c39',
      11: '0'.repeat(128),
      19: '0'.repeat(63) + '1' + '0'.repeat(63) + '1',
      27: 'a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7'.repeat(2),
    },
  },
} as const;
const MSG = Buffer.from('313233343030', 'hex');

const keys = Object.fromEntries(CURVES.map((c) => [c, generateKeyPairSync('ec', { namedCurve: CURVE_INFO[c].nodeName })]));

describe('ECDSA known answers (Wycheproof, P1363 encoding)', () => {
  for (const curve of CURVES) {
    const v = WYCHEPROOF[curve], pub = keyFromPoint(curve, Buffer.from(v.key, 'hex'));
    it(`${CURVE_INFO[curve].label}: accepts the valid vector, rejects the invalid ones`, () => {
      for (const [id, sig] of Object.entries(v.valid)) assert.equal(verifyRaw(pub, MSG, Buffer.from(sig, 'hex')), true, `tcId ${id}`);
      for (const [id, sig] of Object.entries(v.invalid)) assert.equal(verifyRaw(pub, MSG, Buffer.from(sig, 'hex')), false, `tcId ${id}`);
    });
    it(`${CURVE_INFO[curve].label}: the valid vector survives raw → DER → raw`, () => {
      const raw = Buffer.from(v.valid[1], 'hex');
      assert.deepEqual(derToRaw(rawToDer(raw)), raw);
    });
  }
});

describe('ECDSA sign → verify', () => {
  for (const curve of CURVES) {
    const { privateKey, publicKey } = keys[curve];
    it(`${CURVE_INFO[curve].label}: any data verifies; any flipped byte of data or signature is rejected`, () => {
      fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(),
        (data, pos, mask, inSig) => {
          const sig = signRaw(privateKey, data);
          assert.equal(sig.length, 64);
          assert.equal(verifyRaw(publicKey, data, sig), true);
          assert.equal(verifyRaw(privateKey, data, sig), true, 'a private key verifies through its public half');
          const target = inSig ? Buffer.from(sig) : Buffer.from(data);
          target[pos % target.length] ^= mask;
          assert.equal(inSig ? verifyRaw(publicKey, data, target) : verifyRaw(publicKey, target, sig), false);
        }), { numRuns: 60 });
    });
    it(`${CURVE_INFO[curve].label}: a signature checked with the other curve's key is rejected`, () => {
      const other = keys[curve === 'nist' ? 'brp' : 'nist'].publicKey;
      assert.equal(verifyRaw(other, MSG, signRaw(privateKey, MSG)), false);
    });
  }
  it('a short or long signature is invalid, not an exception', () => {
    const { publicKey } = keys.nist;
    assert.equal(verifyRaw(publicKey, MSG, Buffer.alloc(63)), false);
    assert.equal(verifyRaw(publicKey, MSG, Buffer.alloc(72)), false);
  });
  it('keys outside RSP (P-384, Ed25519) are refused with UnsupportedCurveError', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    assert.throws(() => signRaw(p384.privateKey, MSG), UnsupportedCurveError);
    const ed = generateKeyPairSync('ed25519');
    assert.throws(() => verifyRaw(ed.publicKey, MSG, Buffer.alloc(64)), UnsupportedCurveError);
  });
});

describe('raw r‖s ↔ DER', () => {
  it('round-trips any r and s, including leading zeros and high bits', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat(32), fc.nat(32), (raw, zr, zs) => {
      const r = Buffer.from(raw);
      r.fill(0, 0, Math.min(zr, 31));
      r.fill(0, 32, 32 + Math.min(zs, 31));
      const der = rawToDer(r);
      assert.equal(der[0], 0x30);
      assert.deepEqual(derToRaw(der), r);
    }), { numRuns: 500 });
  });
  it('matches node:crypto DER signatures both ways', () => {
    for (const curve of CURVES) {
      const { privateKey, publicKey } = keys[curve];
      const raw = signRaw(privateKey, MSG);
      assert.equal(verifyRaw(publicKey, MSG, derToRaw(rawToDer(raw))), true);
    }
  });
  const bad: [string, string, RegExp, number][] = [
    ['not a SEQUENCE', '3102020101', /expected SEQUENCE/, 0],
    ['length mismatch', '3007020101020101', /SEQUENCE length 7/, 1],
    ['negative r', '3006020180020101', /r is not a positive INTEGER/, 4],
    ['non-minimal s', '300702010102020001', /s has a non-minimal encoding/, 7],
    ['r too long', `3027022201${'00'.repeat(33)}020101`, /r longer than 32 bytes/, 4],
    ['truncated', '3006020101020201', /truncated s/, 7],
  ];
  for (const [name, hex, re, offset] of bad) {
    it(`rejects ${name} with a typed error and offset`, () => {
      assert.throws(() => derToRaw(Buffer.from(hex, 'hex')), (e: unknown) => e instanceof SignatureFormatError && re.test(e.message) && e.offset === offset);
    });
  }
});
