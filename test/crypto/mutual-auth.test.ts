/**
 * SGP.22 common mutual authentication as the simulators will run it: each side signs a value it
 * encoded with the codec, the other side checks the signature over the data objects sliced from the
 * wire message, and a single changed byte anywhere in the signed part is caught.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { arbitraryFor, codec, tlvAt } from '../../src/asn1';
import { CURVES, CURVE_INFO } from '../../src/crypto/curves';
import { dataObjects, signRsp, verifyRsp } from '../../src/crypto/rsp-signatures';

const rsp = codec('RSPDefinitions');
const sample = (type: string) => fc.sample(arbitraryFor(rsp.node(type)), { numRuns: 1, seed: 7 })[0] as Record<string, unknown>;
const sig = (objs: Map<number, Uint8Array>) => objs.get(0x5f37)!.subarray(3);

for (const curve of CURVES) {
  const key = () => generateKeyPairSync('ec', { namedCurve: CURVE_INFO[curve].nodeName });
  const dpAuth = key(), euicc = key(), dpPb = key();

  describe(`mutual authentication signatures on ${CURVE_INFO[curve].label}`, () => {
    it('ServerSigned1 → EuiccSigned1 → SmdpSigned2 → EUICCSigned2, each checked from the wire', () => {
      fc.assert(fc.property(fc.constantFrom(0, 1, 2, 3), fc.nat(), (tamper, where) => {
        // Changes one content byte of the signed data object inside `wire` (never its tag or length,
        // which would make the message unreadable rather than wrongly signed).
        const flip = (wire: Uint8Array, step: number, span: Uint8Array) => {
          if (tamper !== step) return wire;
          const out = Buffer.from(wire), head = tlvAt(span, 'signed').start, at = span.byteOffset - wire.byteOffset;
          out[at + head + (where % (span.length - head))] ^= 0x01;
          return out;
        };
        // ES9+.InitiateAuthentication: the SM-DP+ signs ServerSigned1 with SK.DPauth.
        const serverSigned1 = sample('ServerSigned1');
        const ok1 = { ...sample('InitiateAuthenticationOkEs9'), serverSigned1, serverSignature1: signRsp('serverSignature1', dpAuth.privateKey, { serverSigned1: rsp.encode('ServerSigned1', serverSigned1) }) };
        let wire = rsp.encode('InitiateAuthenticationResponse', { initiateAuthenticationOk: ok1 });
        let objs = dataObjects(wire, 'InitiateAuthenticationResponse', 0xbf39, 0xa0);
        objs = dataObjects(flip(wire, 0, objs.get(0x30)!), 'InitiateAuthenticationResponse', 0xbf39, 0xa0);
        const step1 = verifyRsp('serverSignature1', dpAuth.publicKey, { serverSigned1: objs.get(0x30)! }, sig(objs));

        // ES10b.AuthenticateServer: the eUICC signs EuiccSigned1 with SK.EUICC.
        const euiccSigned1 = sample('EuiccSigned1');
        const ok2 = { ...sample('AuthenticateResponseOk'), euiccSigned1, euiccSignature1: signRsp('euiccSignature1', euicc.privateKey, { euiccSigned1: rsp.encode('EuiccSigned1', euiccSigned1) }) };
        wire = rsp.encode('AuthenticateServerResponse', { authenticateResponseOk: ok2 });
        objs = dataObjects(wire, 'AuthenticateServerResponse', 0xbf38, 0xa0);
        objs = dataObjects(flip(wire, 1, objs.get(0x30)!), 'AuthenticateServerResponse', 0xbf38, 0xa0);
        const step2 = verifyRsp('euiccSignature1', euicc.publicKey, { euiccSigned1: objs.get(0x30)! }, sig(objs));
        const euiccSignature1 = objs.get(0x5f37)!;

        // ES9+.AuthenticateClient: SK.DPpb signs SmdpSigned2 ‖ the euiccSignature1 data object.
        const smdpSigned2 = sample('SmdpSigned2');
        const ok3 = { ...sample('AuthenticateClientOk'), smdpSigned2, smdpSignature2: signRsp('smdpSignature2', dpPb.privateKey, { smdpSigned2: rsp.encode('SmdpSigned2', smdpSigned2), euiccSignature1 }) };
        wire = rsp.encode('AuthenticateClientResponseEs9', { authenticateClientOk: ok3 });
        objs = dataObjects(wire, 'AuthenticateClientResponseEs9', 0xbf3b, 0xa0);
        objs = dataObjects(flip(wire, 2, objs.get(0x30)!), 'AuthenticateClientResponseEs9', 0xbf3b, 0xa0);
        const step3 = verifyRsp('smdpSignature2', dpPb.publicKey, { smdpSigned2: objs.get(0x30)!, euiccSignature1 }, sig(objs));
        const smdpSignature2 = objs.get(0x5f37)!;

        // ES10b.PrepareDownload: the eUICC signs EUICCSigned2 ‖ the smdpSignature2 data object.
        const euiccSigned2 = sample('EUICCSigned2');
        const ok4 = { euiccSigned2, euiccSignature2: signRsp('euiccSignature2', euicc.privateKey, { euiccSigned2: rsp.encode('EUICCSigned2', euiccSigned2), smdpSignature2 }) };
        wire = rsp.encode('PrepareDownloadResponse', { downloadResponseOk: ok4 });
        objs = dataObjects(wire, 'PrepareDownloadResponse', 0xbf21, 0xa0);
        objs = dataObjects(flip(wire, 3, objs.get(0x30)!), 'PrepareDownloadResponse', 0xbf21, 0xa0);
        const step4 = verifyRsp('euiccSignature2', euicc.publicKey, { euiccSigned2: objs.get(0x30)!, smdpSignature2 }, sig(objs));

        assert.deepEqual([step1, step2, step3, step4], [0, 1, 2, 3].map((s) => s !== tamper));
      }), { numRuns: 24 });
    });
  });
}
