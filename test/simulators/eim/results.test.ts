/**
 * openEuiccPackageResult: the eIM decodes an EuiccPackageResult and checks euiccSignEPR /
 * euiccSignEPE over the data objects as received: with the associationToken in v1.2, with the
 * request's eimSignature in v1.0. The results here are signed as a card would sign them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { AsnDecodeError, codec, SpecVersion } from '../../../src/asn1';
import { CURVES, CURVE_INFO } from '../../../src/crypto/curves';
import { associationTokenTlv, dataObjects, SignatureName, signatureTlv, SignedParts, signRsp, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { generatePki } from '../../../src/pki';
import {
  EIM_TRANSACTION_ID_FIELD, EimInputError, openEuiccPackageResult, signEuiccPackage, ts_psmoDisable, ts_psmoList,
} from '../../../simulators/eim/packages';

const pki = generatePki();
const ICCID = '89001000000000000010';

type Alternative = 'euiccPackageResultSigned' | 'euiccPackageErrorSigned';
const PARTS: Record<Alternative, { data: string; type: string; signature: SignatureName }> = {
  euiccPackageResultSigned: { data: 'euiccPackageResultDataSigned', type: 'EuiccPackageResultDataSigned', signature: 'euiccSignEPR' },
  euiccPackageErrorSigned: { data: 'euiccPackageErrorDataSigned', type: 'EuiccPackageErrorDataSigned', signature: 'euiccSignEPE' },
};

/** What the card returns: `data` signed with `tail` (token or eimSignature) per the version's recipe. */
function cardResult(version: SpecVersion, key: KeyObject, alternative: Alternative, data: Record<string, unknown>, tail: SignedParts): Uint8Array {
  const c = codec('SGP32Definitions', version), p = PARTS[alternative];
  const signature = signRsp(p.signature, key, { [p.data]: c.encode(p.type, data), ...tail }, version);
  return c.encode('EuiccPackageResult', { [alternative]: { [p.data]: data, [p.signature]: signature } });
}

for (const curve of CURVES) {
  const euicc = pki.certs.find((c) => c.id === `${curve}/euicc`)!;
  const eim = pki.certs.find((c) => c.id === `${curve}/eimSign`)!.keys;

  describe(`openEuiccPackageResult on ${CURVE_INFO[curve].label}`, () => {
    for (const version of ['v1.2', 'v1.0'] as const) {
      const request = signEuiccPackage({ eimId: 'eim-1', eid: pki.eid, counterValue: 9, eimTransactionId: Buffer.of(9), package: ts_psmoList(ts_psmoDisable(ICCID)) }, eim.privateKey, 77, version);
      const tail: SignedParts = version === 'v1.0' ? { eimSignature: signatureTlv(request.value.eimSignature) } : { associationToken: associationTokenTlv(77) };
      const side = { euiccCertificate: euicc.der, associationToken: 77, eimSignature: request.value.eimSignature, version };
      const resultData = { eimId: 'eim-1', counterValue: 9, [EIM_TRANSACTION_ID_FIELD[version]]: Buffer.of(9), seqNumber: 3, euiccResult: [{ disableResult: 0 }] };

      it(`${version}: a signed result verifies, with the eUICC certificate or its key`, () => {
        const bytes = cardResult(version, euicc.keys.privateKey, 'euiccPackageResultSigned', resultData, tail);
        const opened = openEuiccPackageResult(bytes, side);
        assert.equal(opened.alternative, 'euiccPackageResultSigned');
        assert.equal(opened.signatureValid, true);
        assert.equal(opened.value.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber, 3);
        assert.deepEqual(opened.value.euiccPackageResultSigned.euiccPackageResultDataSigned.euiccResult, [{ disableResult: 0 }]);
        const { euiccCertificate: _, ...rest } = side;
        assert.equal(openEuiccPackageResult(bytes, { ...rest, euiccPublicKey: euicc.keys.publicKey }).signatureValid, true);
      });

      it(`${version}: a signed error verifies; another key, token or eimSignature does not`, () => {
        const bytes = cardResult(version, euicc.keys.privateKey, 'euiccPackageErrorSigned', { eimId: 'eim-1', counterValue: 9, euiccPackageErrorCode: 4 }, tail);
        assert.equal(openEuiccPackageResult(bytes, side).signatureValid, true);
        assert.equal(openEuiccPackageResult(bytes, side).value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 4);
        assert.equal(openEuiccPackageResult(bytes, { ...side, euiccCertificate: pki.certs.find((c) => c.id === `${curve}/eum`)!.der }).signatureValid, false);
        const changed = version === 'v1.0' ? { eimSignature: Buffer.alloc(64, 1) } : { associationToken: 78 };
        assert.equal(openEuiccPackageResult(bytes, { ...side, ...changed }).signatureValid, false);
      });

      it(`${version}: any changed content byte of the signed data fails`, () => {
        const bytes = cardResult(version, euicc.keys.privateKey, 'euiccPackageResultSigned', resultData, tail);
        const [alt] = dataObjects(bytes, 'EuiccPackageResult', 0xbf51).keys();
        const signedPart = dataObjects(bytes, 'EuiccPackageResult', 0xbf51, alt).get(0x30)!;
        const start = signedPart.byteOffset - bytes.byteOffset;
        // Each changed byte is refused: by the decoder when it breaks the structure, else by the signature.
        let decoded = 0;
        for (let i = 2; i < signedPart.length; i++) {
          const wire = Buffer.from(bytes);
          wire[start + i] ^= 0x01;
          let opened;
          try {
            opened = openEuiccPackageResult(wire, side);
          } catch (e) {
            assert.ok(e instanceof AsnDecodeError, `byte ${i} changed: ${e}`);
            continue;
          }
          decoded++;
          assert.equal(opened.signatureValid, false, `byte ${i} changed`);
        }
        assert.ok(decoded > 0);
      });
    }

    it('v1.0 needs the eimSignature of the request', () => {
      const bytes = cardResult('v1.0', euicc.keys.privateKey, 'euiccPackageErrorSigned', { eimId: 'e', counterValue: 1, euiccPackageErrorCode: 3 }, { eimSignature: signatureTlv(Buffer.alloc(64)) });
      assert.throws(() => openEuiccPackageResult(bytes, { euiccCertificate: euicc.der, version: 'v1.0' }), (e) => e instanceof EimInputError && e.field === 'eimSignature');
    });

    it('a v1.2 result does not verify under the v1.0 recipe', () => {
      const sig = Buffer.alloc(64, 7);
      const bytes = cardResult('v1.2', euicc.keys.privateKey, 'euiccPackageErrorSigned', { eimId: 'e', counterValue: 1, euiccPackageErrorCode: 3 }, { associationToken: associationTokenTlv(undefined) });
      assert.equal(openEuiccPackageResult(bytes, { euiccCertificate: euicc.der }).signatureValid, true);
      assert.equal(openEuiccPackageResult(bytes, { euiccCertificate: euicc.der, version: 'v1.0', eimSignature: sig }).signatureValid, false);
    });
  });
}

describe('openEuiccPackageResult: unsigned errors', () => {
  it('decodes euiccPackageErrorUnsigned and reports no valid signature', () => {
    const euicc = pki.certs.find((c) => c.id === 'nist/euicc')!;
    const bytes = codec().encode('EuiccPackageResult', { euiccPackageErrorUnsigned: { eimId: 'eim-9', associationToken: 5 } });
    const opened = openEuiccPackageResult(bytes, { euiccCertificate: euicc.der });
    assert.equal(opened.alternative, 'euiccPackageErrorUnsigned');
    assert.equal(opened.signatureValid, false);
    assert.deepEqual(opened.value, { euiccPackageErrorUnsigned: { eimId: 'eim-9', associationToken: 5 } });
  });
});

describe('an eUICC Package end to end, checked from the wire on both sides', () => {
  it('the card verifies eimSignature from the request bytes; the eIM verifies euiccSignEPR from the result bytes', () => {
    const euicc = pki.certs.find((c) => c.id === 'brp/euicc')!, eim = pki.certs.find((c) => c.id === 'brp/eimSign')!.keys;
    const request = signEuiccPackage({ eimId: 'eim-1', eid: pki.eid, counterValue: 2, eimTransactionId: Buffer.of(0xaa), package: ts_psmoList(ts_psmoDisable(ICCID)) }, eim.privateKey, 3);
    // Card side: slice, verify, answer echoing counterValue and eimTransactionId.
    const objs = dataObjects(request.bytes, 'EuiccPackageRequest', 0xbf51);
    const sig = codec().decode('EuiccPackageRequest', request.bytes).eimSignature;
    assert.ok(verifyRsp('eimSignature', eim.publicKey, { euiccPackageSigned: objs.get(0x30)!, associationToken: associationTokenTlv(3) }, sig));
    const got = codec().decode('EuiccPackageSigned', objs.get(0x30)!);
    const result = cardResult('v1.2', euicc.keys.privateKey, 'euiccPackageResultSigned',
      { eimId: got.eimId, counterValue: got.counterValue, eimTransactionId: got.eimTransactionId, seqNumber: 1, euiccResult: [{ disableResult: 2 }] },
      { associationToken: associationTokenTlv(3) });
    const opened = openEuiccPackageResult(result, { euiccCertificate: euicc.der, associationToken: 3 });
    assert.equal(opened.signatureValid, true);
    assert.equal(opened.value.euiccPackageResultSigned.euiccPackageResultDataSigned.counterValue, 2);
  });
});
