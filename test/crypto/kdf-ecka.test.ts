/**
 * ecka() (ShS = x(d·Q)) on both RSP curves against published ECDH values, and the whole chain
 * ECKA → KDF of one real download.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecka, EckaError, oneTimeKeyFromPrivate } from '../../src/crypto/ecka';
import { deriveSessionKeys } from '../../src/crypto/kdf';
import { MODE51_ECKA, MODE51_KDF } from './vectors/pysim-bsp';

const hex = (h: string) => Buffer.from(h, 'hex');

describe('ecka known answers', () => {
  // RFC 7027 Appendix A.1, "Curve brainpoolP256r1": dA, dB, their public points and x_Z.
  const rfc7027 = {
    dA: '81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D',
    qA: '04' + '44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5' + '8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC',
    dB: '55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3',
    qB: '04' + '8D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B' + '990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A',
    xZ: '89AFC39D41D3B327814B80940B042590F96556EC91E6AE7939BCE31F3A18BF2B',
  };
  it('RFC 7027 A.1 brainpoolP256r1: public points and x_Z from both sides', () => {
    assert.equal(oneTimeKeyFromPrivate('brp', hex(rfc7027.dA)).publicKey.toString('hex').toUpperCase(), rfc7027.qA);
    assert.equal(oneTimeKeyFromPrivate('brp', hex(rfc7027.dB)).publicKey.toString('hex').toUpperCase(), rfc7027.qB);
    assert.equal(ecka('brp', hex(rfc7027.dA), hex(rfc7027.qB)).toString('hex').toUpperCase(), rfc7027.xZ);
    assert.equal(ecka('brp', hex(rfc7027.dB), hex(rfc7027.qA)).toString('hex').toUpperCase(), rfc7027.xZ);
  });

  // NIST CAVP, KAS ECC CDH primitive test vectors (ecccdhtestvectors.zip, KAS_ECC_CDH_PrimitiveTest.txt),
  // [P-256] COUNT = 0 and COUNT = 1: QCAVS, dIUT, QIUT, ZIUT.
  const cavp = [
    {
      qCavs: '700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287' + 'db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac',
      dIut: '7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534',
      qIut: 'ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230' + '28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141',
      z: '46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b',
    },
    {
      qCavs: '809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7ae' + 'b29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3',
      dIut: '38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5',
      qIut: '119f2f047902782ab0c9e27a54aff5eb9b964829ca99c06b02ddba95b0a3f6d0' + '8f52b726664cac366fc98ac7a012b2682cbd962e5acb544671d41b9445704d1d',
      z: '057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67',
    },
  ];
  for (const [i, v] of cavp.entries()) {
    it(`CAVP ECC CDH P-256 COUNT = ${i}`, () => {
      assert.equal(oneTimeKeyFromPrivate('nist', hex(v.dIut)).publicKey.toString('hex'), `04${v.qIut}`);
      assert.equal(ecka('nist', hex(v.dIut), hex(`04${v.qCavs}`)).toString('hex'), v.z);
    });
  }

  it('pySim TestECKA.test_mode51 (third-party SM-DP+ trace): ShS from otSK.DP and otPK.EUICC, then the session keys', () => {
    assert.equal(oneTimeKeyFromPrivate('nist', hex(MODE51_ECKA.smdpOtsk)).publicKey.toString('hex'), MODE51_ECKA.smdpOtpk);
    const shs = ecka('nist', hex(MODE51_ECKA.smdpOtsk), hex(MODE51_ECKA.euiccOtpk));
    assert.equal(shs.toString('hex'), MODE51_ECKA.shs);
    const k = deriveSessionKeys(shs, { keyType: 0x88, keyLength: 16, hostId: hex(MODE51_KDF.hostId), eid: hex(MODE51_KDF.eid) });
    assert.deepEqual([k.initialMcv, k.sEnc, k.sMac].map((b) => b.toString('hex')), [MODE51_KDF.initialMcv, MODE51_KDF.sEnc, MODE51_KDF.sMac]);
  });

  it('a point of the other curve is an EckaError', () => {
    assert.throws(() => ecka('brp', hex(cavp[0].dIut), hex(`04${cavp[0].qCavs}`)), EckaError);
  });
});
