/** Which bytes RSP signatures cover: a real card's signatures, then properties on both curves. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { AsnDecodeError, codec } from '../../src/asn1';
import { CURVES, CURVE_INFO } from '../../src/crypto/curves';
import { keyFromPoint } from '../../src/crypto/ecka';
import {
  associationTokenTlv, dataObjects, recipe, SIGNATURE_NAMES, signatureTlv, SignedDataError, signedData, signRsp, verifyRsp,
} from '../../src/crypto/rsp-signatures';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/*
 * A capture from a real SGP.32 test eUICC (sysmocom, EID 89044045118427484800000000011628) published in
 * the onomondo-eim repository history (commit f5c0add, src/crypto_utils.erl): the eUICC's public key
 * (contrib/tryme_set_euicc_param.sh), the eIM's public key (config/sample_eim_cert_nist.crt), an
 * EuiccPackageRequest's signed part and signature, and two EuiccPackageResults the card signed.
 */
const CARD = {
  euiccKey: '04BD2C55B28B4E801CA0B14F195788FD86C7FF49764C88A2934C69594A26FF647549F3F16060BD9C8D793D95D0126FA429C94966FE7842967263795A73C498F1DB',
  eimKey: '04fe584a6f450459574aeca195d0299737f74c89ba2d36df9286ec25d973037a0fba70d14df3e1f7d0a305e57b95b731c4de218d2d7f9f22113ed5d18c2e3ddf1c',
  euiccPackageSigned: '303D800365494D5A1089044045118427484800000000011628810203EE8210F92B2FEE35632499E841CB754FDFD9F3A00EA30C5A0A989444999999990920F3',
  eimSignature: '8D5DE179B03A3FE13CD3A7E5A947FDDBB831ACC8F9AAFDC9777D314837CB0C805EE3029BF2445611C1580DC4470147DD6293ECA66987BC9A0A704CAB0031B223',
  resultData: '3023800365494D810203EE8210F92B2FEE35632499E841CB754FDFD9F38301143003830101',
  euiccSignEPR: [
    '9EB61D189D332FF2DC6FF90A97A9438AB973F04E6FE2F106FA9C7809A36B8A12740E113C583009D3859A3B2EABE6F43409AE46F32CFD34E2D023B2561F9F2311',
    '0523BFA5A4F0CAAA1D42637520E2DEF2DDC96FBE775342BB13D3D6EB6AD919951354FB59082675038D949131ECF3AF272F771A085E3C2099DC45C897E9808022',
  ],
  // The same card's AuthenticateServer: euiccSignature1 over EuiccSigned1 (SGP.22 §5.7.13).
  euiccSigned1: `3082011e8010aee5074869da4d8fa478124916ad54ed831974657374736d6470706c7573312e6578616d706c652e636f6d8410f6581fc7a6b99c28866b0ffcc41a31c9bf2281ac810302030182030205008303240215840d810100820400049ce8830222238505006b36d3c3860311020087030203008802029ca92c0414f54172bdf98a95d65cbeb88a38a1c11d800a85c30414c0bc70ba36929d43b467ff57570530e57ab8fcd8aa2c0414f54172bdf98a95d65cbeb88a38a1c11d800a85c30414c0bc70ba36929d43b467ff57570530e57ab8fcd804030100000c0f5359534d4f434f4d2d544553542d31af050403030301a02d80215453343856312d422d554e495155452d6e6f6a617661636172642d6e6f6373696da108800412345678a100`,
  euiccSignature1: '5f9b24ba9e1b7c8647c22679e1f674d93c79b9c0ae05005c835b95664678b1351a9e1b59849da764acc6f70ae0061a85a8d73f063a78157405beac5e56aad2ec',
  associationToken: 1,
};

describe('signed bytes, checked against a real SGP.32 eUICC', () => {
  const euiccKey = keyFromPoint('nist', hex(CARD.euiccKey)), eimKey = keyFromPoint('nist', hex(CARD.eimKey));
  const token = associationTokenTlv(CARD.associationToken);

  it('eimSignature covers euiccPackageSigned ‖ associationToken (SGP.32 §2.11.1.1)', () => {
    const parts = { euiccPackageSigned: hex(CARD.euiccPackageSigned), associationToken: token };
    assert.equal(verifyRsp('eimSignature', eimKey, parts, hex(CARD.eimSignature)), true);
    assert.equal(verifyRsp('eimSignature', eimKey, { ...parts, associationToken: associationTokenTlv(0) }, hex(CARD.eimSignature)), false);
  });
  it('euiccSignEPR covers the result data ‖ associationToken (v1.1 onwards), not the v1.0 recipe', () => {
    const parts = { euiccPackageResultDataSigned: hex(CARD.resultData), associationToken: token, eimSignature: signatureTlv(hex(CARD.eimSignature)) };
    for (const sig of CARD.euiccSignEPR) {
      assert.equal(verifyRsp('euiccSignEPR', euiccKey, parts, hex(sig)), true);
      assert.equal(verifyRsp('euiccSignEPR', euiccKey, parts, hex(sig), 'v1.0'), false);
    }
  });
  it('euiccSignature1 covers EuiccSigned1 as received (SGP.22 §5.7.13)', () => {
    assert.equal(verifyRsp('euiccSignature1', euiccKey, { euiccSigned1: hex(CARD.euiccSigned1) }, hex(CARD.euiccSignature1)), true);
  });
  it('the codec re-encodes the card\'s signed objects byte for byte, so simulators sign what cards sign', () => {
    const c = codec('SGP32Definitions', 'v1.2');
    for (const [type, h] of [['EuiccPackageSigned', CARD.euiccPackageSigned], ['EuiccPackageResultDataSigned', CARD.resultData]]) {
      assert.equal(Buffer.from(c.encode(type, c.decode(type, hex(h)))).toString('hex').toUpperCase(), h.toUpperCase());
    }
  });
});

describe('associationToken data object', () => {
  const cases: [number | bigint | undefined, string][] = [
    [undefined, '840100'], [0, '840100'], [1, '840101'], [127, '84017F'], [128, '84020080'], [255, '840200FF'],
    [256, '84020100'], [-1, '8401FF'], [-129, '8402FF7F'], [2n ** 63n, '8409008000000000000000'],
  ];
  for (const [t, want] of cases) it(`${t ?? 'none'} → ${want}`, () => assert.equal(associationTokenTlv(t).toString('hex').toUpperCase(), want));
  it('agrees with the codec\'s DER INTEGER for any value', () => {
    const c = codec('SGP32Definitions', 'v1.2');
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), (t) => {
      const der = Buffer.from(c.encode('EuiccPackageErrorUnsigned', { eimId: 'e', associationToken: t }));
      assert.ok(der.subarray(der.length - associationTokenTlv(t).length).equals(associationTokenTlv(t)));
    }));
  });
});

describe('signing and checking every RSP signature', () => {
  const keys = Object.fromEntries(CURVES.map((c) => [c, generateKeyPairSync('ec', { namedCurve: CURVE_INFO[c].nodeName })]));
  const tlvArb = fc.uint8Array({ maxLength: 200 }).map((v) => Buffer.concat([Buffer.of(0x04), v.length > 127 ? Buffer.of(0x81, v.length) : Buffer.of(v.length), v]));
  for (const curve of CURVES) {
    const { privateKey, publicKey } = keys[curve];
    it(`${CURVE_INFO[curve].label}: sign → verify, and any flipped byte in any data object is rejected`, () => {
      fc.assert(fc.property(fc.constantFrom(...SIGNATURE_NAMES), fc.constantFrom('v1.2', 'v1.0') as fc.Arbitrary<'v1.2' | 'v1.0'>,
        fc.array(tlvArb, { minLength: 5, maxLength: 5 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (name, version, tlvs, pos, mask) => {
          const names = recipe(name, version).parts;
          const parts = Object.fromEntries(names.map((p, i) => [p, tlvs[i]]));
          const sig = signRsp(name, privateKey, parts, version);
          assert.equal(verifyRsp(name, publicKey, parts, sig, version), true);
          const which = names[pos % names.length], flipped = Buffer.from(parts[which]);
          flipped[(pos >> 3) % flipped.length] ^= mask;
          let ok: boolean;
          try {
            ok = verifyRsp(name, publicKey, { ...parts, [which]: flipped }, sig, version);
          } catch (e) {
            // A flip in a header can make the object stop being one TLV: refused, with a typed error.
            assert.ok(e instanceof SignedDataError, String(e));
            ok = false;
          }
          assert.equal(ok, false);
        }), { numRuns: 150 });
    });
    it(`${CURVE_INFO[curve].label}: an EuiccPackageRequest signed by the eIM verifies from its own wire bytes`, () => {
      const c = codec('SGP32Definitions', 'v1.2');
      const euiccPackageSigned = {
        eimId: 'eim.example', eidValue: hex('89049032123451234512345678901235'), counterValue: 7,
        euiccPackage: { psmoList: [{ enable: { iccid: hex('98001032547698103214') } }] },
      };
      const signedDer = c.encode('EuiccPackageSigned', euiccPackageSigned);
      const eimSignature = signRsp('eimSignature', privateKey, { euiccPackageSigned: signedDer, associationToken: associationTokenTlv(42) });
      const wire = c.encode('EuiccPackageRequest', { euiccPackageSigned, eimSignature });
      const objs = dataObjects(wire, 'EuiccPackageRequest', 0xbf51);
      assert.equal(verifyRsp('eimSignature', publicKey, { euiccPackageSigned: objs.get(0x30)!, associationToken: associationTokenTlv(42) }, objs.get(0x5f37)!.subarray(3)), true);
      assert.equal(verifyRsp('eimSignature', publicKey, { euiccPackageSigned: objs.get(0x30)!, associationToken: associationTokenTlv(43) }, objs.get(0x5f37)!.subarray(3)), false);
    });
  }
});

describe('bad input', () => {
  it('a missing data object is named', () => {
    assert.throws(() => signedData('smdpSignature2', { smdpSigned2: hex('3000') }), (e: unknown) =>
      e instanceof SignedDataError && e.signature === 'smdpSignature2' && e.part === 'euiccSignature1' && /missing/.test(e.message));
  });
  it('a data object that is not exactly one TLV is refused', () => {
    assert.throws(() => signedData('serverSignature1', { serverSigned1: hex('30000400') }), /exactly one TLV, found 2/);
    assert.throws(() => signedData('serverSignature1', { serverSigned1: hex('3005') }), (e: unknown) => e instanceof SignedDataError && /not a TLV/.test(e.message));
  });
  it('dataObjects names a missing container with its offset', () => {
    assert.throws(() => dataObjects(hex('BF5100'), 'EuiccPackageResult', 0xbf51, 0xa0), (e: unknown) =>
      e instanceof AsnDecodeError && e.code === 'missing-field' && e.offset === 3);
  });
});
