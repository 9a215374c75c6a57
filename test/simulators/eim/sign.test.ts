/**
 * signEuiccPackage: the EuiccPackageRequest decodes, carries euiccPackageSigned exactly as encoded
 * alone, and eimSignature verifies with the eIM's public key over signedData('eimSignature', …),
 * i.e. euiccPackageSigned ‖ the associationToken data object. Any changed byte of the signed
 * data, on the wire or in the token, breaks it. Both curves, both versions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, toHex } from '../../../src/asn1';
import { CURVES, CURVE_INFO } from '../../../src/crypto/curves';
import { verifyRaw } from '../../../src/crypto/ecdsa';
import { associationTokenTlv, dataObjects, signedData, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { generatePki } from '../../../src/pki';
import {
  EIM_TRANSACTION_ID_FIELD, EimInputError, signEuiccPackage, ts_ecoList, ts_ecoListEim, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList,
} from '../../../simulators/eim/packages';

const pki = generatePki();
const ICCID = '89001000000000000010';

for (const curve of CURVES) {
  const eim = pki.certs.find((c) => c.id === `${curve}/eimSign`)!.keys;
  for (const version of ['v1.2', 'v1.0'] as const) {
    describe(`signEuiccPackage on ${CURVE_INFO[curve].label}, SGP.32 ${version}`, () => {
      const c = codec('SGP32Definitions', version);
      const input = { eimId: 'eim-1', eid: pki.eid, counterValue: 7, eimTransactionId: Buffer.of(1, 2, 3, 4), package: ts_psmoList(ts_psmoEnable(ICCID, { rollback: true }), ts_psmoGetRAT()) };
      const signed = signEuiccPackage(input, eim.privateKey, 0x1234, version);
      const objs = dataObjects(signed.bytes, 'EuiccPackageRequest', 0xbf51);
      const signedPart = objs.get(0x30)!;

      it('encodes a BF51 whose euiccPackageSigned is the separately encoded value', () => {
        assert.equal(signed.bytes[0], 0xbf);
        assert.equal(signed.bytes[1], 0x51);
        assert.deepEqual(Buffer.from(signedPart), Buffer.from(c.encode('EuiccPackageSigned', signed.value.euiccPackageSigned)));
        const decoded = c.decode('EuiccPackageRequest', signed.bytes);
        assert.equal(decoded.euiccPackageSigned.eimId, 'eim-1');
        assert.equal(toHex(decoded.euiccPackageSigned.eidValue), pki.eid);
        assert.equal(decoded.euiccPackageSigned.counterValue, 7);
        assert.equal(toHex(decoded.euiccPackageSigned[EIM_TRANSACTION_ID_FIELD[version]]), '01020304');
        assert.deepEqual(Object.keys(decoded.euiccPackageSigned.euiccPackage.psmoList[0]), ['enable']);
        assert.deepEqual(Buffer.from(decoded.eimSignature), signed.value.eimSignature);
      });

      it('eimSignature verifies over euiccPackageSigned ‖ associationToken, and only with that token', () => {
        const data = signedData('eimSignature', { euiccPackageSigned: signedPart, associationToken: associationTokenTlv(0x1234) }, version);
        assert.equal(toHex(data.subarray(-4)), '84021234');
        assert.ok(verifyRaw(eim.publicKey, data, signed.value.eimSignature));
        for (const other of [undefined, 0x1235, 0x12345]) {
          assert.equal(verifyRsp('eimSignature', eim.publicKey, { euiccPackageSigned: signedPart, associationToken: associationTokenTlv(other) }, signed.value.eimSignature, version), false);
        }
      });

      it('without an associationToken, signs 84 01 00', () => {
        const s = signEuiccPackage({ ...input, package: ts_ecoList(ts_ecoListEim()) }, eim.privateKey, undefined, version);
        const part = dataObjects(s.bytes, 'EuiccPackageRequest', 0xbf51).get(0x30)!;
        assert.ok(verifyRaw(eim.publicKey, Buffer.concat([part, Buffer.from('840100', 'hex')]), s.value.eimSignature));
      });

      it('fails verification for any changed byte of the signed data', () => {
        const data = signedData('eimSignature', { euiccPackageSigned: signedPart, associationToken: associationTokenTlv(0x1234) }, version);
        for (let i = 0; i < data.length; i++) {
          const bad = Buffer.from(data);
          bad[i] ^= 0x01;
          assert.equal(verifyRaw(eim.publicKey, bad, signed.value.eimSignature), false, `byte ${i} changed`);
        }
      });

      it('fails verification for any changed content byte of euiccPackageSigned on the wire', () => {
        const start = signedPart.byteOffset - signed.bytes.byteOffset;
        for (let i = 2; i < signedPart.length; i++) {
          const wire = Buffer.from(signed.bytes);
          wire[start + i] ^= 0x01;
          const part = dataObjects(wire, 'EuiccPackageRequest', 0xbf51).get(0x30)!;
          assert.equal(verifyRsp('eimSignature', eim.publicKey, { euiccPackageSigned: part, associationToken: associationTokenTlv(0x1234) }, signed.value.eimSignature, version), false, `byte ${i} changed`);
        }
      });
    });
  }
}

describe('signEuiccPackage: versions and bad input', () => {
  const eim = pki.certs.find((c) => c.id === 'nist/eimSign')!.keys;
  const input = { eimId: 'eim-1', eid: pki.eid, counterValue: 1, eimTransactionId: '0A0B', package: ts_psmoList(ts_psmoEnable(ICCID)) };

  it('v1.0 and v1.2 encode the same content to the same bytes: only the field name differs', () => {
    const a = signEuiccPackage(input, eim.privateKey, undefined, 'v1.2'), b = signEuiccPackage(input, eim.privateKey, undefined, 'v1.0');
    const part = (bytes: Buffer) => toHex(dataObjects(bytes, 'EuiccPackageRequest', 0xbf51).get(0x30)!);
    assert.equal(part(a.bytes), part(b.bytes));
    assert.ok('eimTransactionId' in a.value.euiccPackageSigned && 'transactionId' in b.value.euiccPackageSigned);
    assert.equal(toHex(a.value.euiccPackageSigned.eimTransactionId as Uint8Array), '0A0B');
  });

  it('refuses a transaction id that is not hex', () => {
    assert.throws(() => signEuiccPackage({ ...input, eimTransactionId: 'xyz' }, eim.privateKey), (e) => e instanceof EimInputError && e.field === 'eimTransactionId');
  });

  it('refuses an EID that is not 32 digits or 16 bytes', () => {
    assert.throws(() => signEuiccPackage({ ...input, eid: '8904' }, eim.privateKey), (e) => e instanceof EimInputError && e.field === 'eid');
    assert.throws(() => signEuiccPackage({ ...input, eid: Buffer.alloc(15) }, eim.privateKey), (e) => e instanceof EimInputError && e.field === 'eid');
  });

  it('leaves constraint checks to the codec (eimId of 129 characters)', () => {
    assert.throws(() => signEuiccPackage({ ...input, eimId: 'x'.repeat(129) }, eim.privateKey), /eimId/);
  });
});
