/**
 * The AES primitives under BSP: AES-CMAC against RFC 4493, AES-128-CBC against NIST SP 800-38A,
 * and the long-lived cipher objects against fresh node:crypto ciphers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { AesCbcDecryptor, AesCbcEncryptor, AesKeyError } from '../../src/crypto/aes';
import { aesCmac, AesCmac } from '../../src/crypto/cmac';

const hex = (h: string) => Buffer.from(h, 'hex');
const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 100);

// RFC 4493 §4 and NIST SP 800-38A F.2.1 share the key and the four plaintext blocks.
const KEY = hex('2b7e151628aed2a6abf7158809cf4f3c');
const M = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');

describe('AES-CMAC (RFC 4493 §4 test vectors)', () => {
  it('subkeys K1 and K2', () => {
    const c = new AesCmac(KEY);
    assert.equal(c.k1.toString('hex'), 'fbeed618357133667c85e08f7236a8de');
    assert.equal(c.k2.toString('hex'), 'f7ddac306ae266ccf90bc11ee46d513b');
  });
  const vectors: [number, string][] = [
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ];
  for (const [len, mac] of vectors) {
    it(`Example with Mlen = ${len}`, () => assert.equal(aesCmac(KEY, M.subarray(0, len)).toString('hex'), mac));
  }
  it('one AesCmac object gives the same answers in any order and for split input', () => {
    const c = new AesCmac(KEY);
    for (const [len, mac] of [...vectors].reverse()) assert.equal(c.mac(M.subarray(0, len)).toString('hex'), mac);
    assert.equal(c.mac(M.subarray(0, 7), M.subarray(7, 40)).toString('hex'), vectors[2][1]);
  });
  it('macChain: one CBC pass gives the CMAC of each message of a chain that starts with the CMAC before it', () => {
    const msg = fc.record({ length: fc.integer({ min: 16, max: 80 }), seed: fc.integer({ min: 0, max: 255 }) });
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(msg, { minLength: 1, maxLength: 6 }), (key, msgs) => {
      const c = new AesCmac(key);
      c.mac(Buffer.from('moves the long-lived cipher on'));
      // Each message starts at the block boundary after the one before; its first 16 bytes are the chained CMAC.
      const blockEnd = (n: number) => Math.ceil(n / 16) * 16;
      const bodies = msgs.map((m) => Buffer.from(Array.from({ length: m.length - 16 }, (_, i) => (m.seed + 7 * i) & 0xff)));
      const ends: number[] = [];
      for (const m of msgs) ends.push(blockEnd(ends.length ? ends[ends.length - 1] : 0) + m.length);
      const buf = Buffer.alloc(blockEnd(ends[ends.length - 1]), 0xee);
      const first = Buffer.from(key).reverse();
      buf.set(first, 0);
      msgs.forEach((_, i) => buf.set(bodies[i], ends[i] - bodies[i].length));
      const scratch = Buffer.from(buf);
      const out = c.macChain(buf, ends);
      // Without restoring the messages: the same CMACs.
      const unrestored = new AesCmac(key).macChain(scratch, ends, false);
      let prev: Buffer = first;
      msgs.forEach((_, i) => {
        const expected = aesCmac(key, Buffer.concat([prev, bodies[i]]));
        assert.deepEqual(out.subarray(blockEnd(ends[i]) - 16, blockEnd(ends[i])), expected);
        assert.deepEqual(unrestored.subarray(blockEnd(ends[i]) - 16, blockEnd(ends[i])), expected);
        assert.deepEqual(buf.subarray(ends[i] - bodies[i].length, ends[i]), bodies[i], 'message bytes are left as they were');
        prev = expected;
      });
    }), { numRuns: RUNS });
  });
  it('a key that is not 16 bytes is an AesKeyError naming the field', () => {
    assert.throws(() => new AesCmac(Buffer.alloc(24), 'sMac'), (e: unknown) => e instanceof AesKeyError && e.field === 'sMac' && e.found === 24);
  });
});

describe('AES-128-CBC (NIST SP 800-38A F.2.1 / F.2.2)', () => {
  const iv = hex('000102030405060708090a0b0c0d0e0f');
  const ct = '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7';
  it('CBC-AES128.Encrypt, then again on the same object', () => {
    const e = new AesCbcEncryptor(KEY);
    assert.equal(e.encryptInPlace(Buffer.from(M), iv).toString('hex'), ct);
    assert.equal(e.encryptInPlace(Buffer.from(M), iv).toString('hex'), ct);
  });
  it('CBC-AES128.Decrypt, then again on the same object', () => {
    const d = new AesCbcDecryptor(KEY);
    assert.equal(d.decrypt(hex(ct), iv).toString('hex'), M.toString('hex'));
    assert.equal(d.decrypt(hex(ct), iv).toString('hex'), M.toString('hex'));
  });
  it('a long-lived encryptor/decryptor equals a fresh node:crypto cipher for every call of a random sequence', () => {
    const call = fc.record({ iv: fc.uint8Array({ minLength: 16, maxLength: 16 }), blocks: fc.integer({ min: 1, max: 70 }), seed: fc.integer() });
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(call, { minLength: 1, maxLength: 8 }), (key, calls) => {
      const enc = new AesCbcEncryptor(key), dec = new AesCbcDecryptor(key);
      for (const c of calls) {
        const data = Buffer.alloc(c.blocks * 16, c.seed & 0xff);
        for (let i = 0; i < data.length; i++) data[i] ^= i * 31;
        const ref = createCipheriv('aes-128-cbc', key, c.iv).setAutoPadding(false).update(data);
        assert.deepEqual(enc.encryptInPlace(Buffer.from(data), c.iv), ref);
        assert.deepEqual(createDecipheriv('aes-128-cbc', key, c.iv).setAutoPadding(false).update(ref), data);
        assert.deepEqual(dec.decrypt(ref, c.iv), data);
        // The IV read from an offset in a larger buffer, as BspSession reads a batch of ICVs.
        assert.deepEqual(dec.decrypt(ref, Buffer.concat([Buffer.alloc(c.blocks), c.iv]), c.blocks), data);
      }
    }), { numRuns: RUNS });
  });
});
