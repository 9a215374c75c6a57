/**
 * X9.63 KDF and the BSP session key derivation against published values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deriveSessionKeys, KdfError, sessionKeySharedInfo, x963Kdf } from '../../src/crypto/kdf';
import { KDF_1, MODE51_KDF } from './vectors/pysim-bsp';

const hex = (h: string) => Buffer.from(h, 'hex');

describe('x963Kdf (SHA-256)', () => {
  // NIST CAVP, SP 800-135 component tests, ansx963_2001.rsp, section [SHA-256]
  // (https://csrc.nist.gov/.../800-135testvectors/ansx963_2001.zip): COUNT = 0 and 1 of
  // [shared secret length = 192][SharedInfo length = 0][key data length = 128], and COUNT = 0 and 1
  // of [shared secret length = 192][SharedInfo length = 128][key data length = 1024].
  const cavp = [
    { z: '96c05619d56c328ab95fe84b18264b08725b85e33fd34f08', info: '', key: '443024c3dae66b95e6f5670601558f71' },
    { z: '96f600b73ad6ac5629577eced51743dd2c24c21b1ac83ee4', info: '', key: 'b6295162a7804f5667ba9070f82fa522' },
    {
      z: '22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d',
      info: '75eef81aa3041e33b80971203d2c0c52',
      key: 'c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21',
    },
    {
      z: '7e335afa4b31d772c0635c7b0e06f26fcd781df947d2990a',
      info: 'd65a4812733f8cdbcdfb4b2f4c191d87',
      key: 'c0bd9e38a8f9de14c2acd35b2f3410c6988cf02400543631e0d6a4c1d030365acbf398115e51aaddebdc9590664210f9aa9fed770d4c57edeafa0b8c14f93300865251218c262d63dadc47dfa0e0284826793985137e0a544ec80abf2fdf5ab90bdaea66204012efe34971dc431d625cd9a329b8217cc8fd0d9f02b13f2f6b0b',
    },
  ];
  for (const [i, v] of cavp.entries()) {
    it(`CAVP ansx963_2001 SHA-256 vector ${i + 1} (${v.key.length / 2} bytes)`, () => {
      assert.equal(x963Kdf(hex(v.z), hex(v.info), v.key.length / 2).toString('hex'), v.key);
    });
  }

  it('is SHA-256 over Z ‖ counter ‖ SharedInfo, truncated (a length that is not a digest multiple)', () => {
    const z = hex('0102'), info = hex('aabb');
    const h = (c: number) => createHash('sha256').update(Buffer.concat([z, Buffer.of(0, 0, 0, c), info])).digest();
    assert.deepEqual(x963Kdf(z, info, 40), Buffer.concat([h(1), h(2)]).subarray(0, 40));
    assert.equal(x963Kdf(z, info, 0).length, 0);
  });

  it('rejects a length that is not a non-negative integer with a KdfError naming the field', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      assert.throws(() => x963Kdf(Buffer.alloc(1), Buffer.alloc(0), bad), (e: unknown) => e instanceof KdfError && e.field === 'length');
    }
  });
});

describe('deriveSessionKeys (BSP)', () => {
  // pySim tests/unittests/test_esim_bsp.py: BSP_Test.test_kdf, and BSP_Test_mode51.test_kdf, whose
  // keys come from a third-party SM-DP+ trace (the same keys protect the published 87/88/86 TLVs).
  for (const [name, v] of [['pySim BSP_Test', KDF_1], ['pySim mode51 (third-party SM-DP+)', MODE51_KDF]] as const) {
    it(`${name}: initial MCV ‖ S-ENC ‖ S-MAC`, () => {
      const k = deriveSessionKeys(hex(v.shs), { keyType: 0x88, keyLength: 16, hostId: hex(v.hostId), eid: hex(v.eid) });
      assert.equal(k.sEnc.toString('hex'), v.sEnc);
      assert.equal(k.sMac.toString('hex'), v.sMac);
      assert.equal(k.initialMcv.toString('hex'), v.initialMcv);
    });
  }

  it('SharedInfo is keyType ‖ keyLength ‖ L ‖ hostId ‖ L ‖ EID', () => {
    const info = sessionKeySharedInfo({ keyType: 0x88, keyLength: 16, hostId: hex('6d61686c7a656974'), eid: hex(MODE51_KDF.eid) });
    assert.equal(info.toString('hex'), `881008${'6d61686c7a656974'}10${MODE51_KDF.eid}`);
  });

  it('rejects parameters outside SGP.22 with a KdfError naming the field', () => {
    const ok = { keyType: 0x88, keyLength: 16, hostId: Buffer.alloc(8), eid: Buffer.alloc(16) };
    const cases: [Partial<typeof ok>, string][] = [
      [{ keyLength: 32 }, 'keyLength'],
      [{ keyType: 0x100 }, 'keyType'],
      [{ hostId: Buffer.alloc(0) }, 'hostId'],
      [{ hostId: Buffer.alloc(17) }, 'hostId'],
      [{ eid: Buffer.alloc(10) }, 'eid'],
    ];
    for (const [change, field] of cases) {
      assert.throws(() => deriveSessionKeys(Buffer.alloc(32), { ...ok, ...change }), (e: unknown) => e instanceof KdfError && e.field === field, field);
    }
  });
});
