/**
 * The eUICC side of the SGP.22 download through APDUs, against S_SM-DP+'s DownloadServer:
 * GetEUICCChallenge, AuthenticateServer, PrepareDownload, LoadBoundProfilePackage, CancelSession.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { codec, toHex, X509Value } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { dataObjects, signRsp, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { buildTestProfile, iccidToSwappedBcd } from '../../../src/profile';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import { DownloadServer } from '../../../simulators/smdpp/download';
import { bindProfile, downloadProfile, downloadServer, euiccFixture, EuiccFixture, EuiccFixtureOptions, loadSegments, fixtureCards } from './fixture';

const rsp = codec('RSPDefinitions');
const card = fixtureCards();

const OTHER_ICCID = '89001000000000000028';

function decode(f: EuiccFixture, type: string, bytes: Uint8Array): any {
  return f.euicc.codec.decode(type, bytes);
}

/** GetEUICCInfo1 + GetEUICCChallenge, then the SM-DP+'s InitiateAuthentication: the AuthenticateServer request. */
async function authenticateInput(f: EuiccFixture, server: DownloadServer) {
  const info1 = await f.raw(f.encode('GetEuiccInfo1Request', {}));
  const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
  return server.initiateAuthentication(euiccChallenge, info1);
}

async function authenticateError(f: EuiccFixture, value: Record<string, unknown>): Promise<number> {
  const r = decode(f, 'AuthenticateServerResponse', await f.raw(rsp.encode('AuthenticateServerRequest', value)));
  assert.ok(r.authenticateResponseError, `expected an error, got ${Object.keys(r)[0]}`);
  return r.authenticateResponseError.authenticateErrorCode;
}

/** Up to a PrepareDownload request the eUICC has not seen yet. */
async function prepareInput(f: EuiccFixture, server: DownloadServer) {
  const auth = await authenticateInput(f, server);
  const authResponse = await f.raw(auth.bytes);
  return { auth, authResponse, prepare: server.authenticateClient(authResponse) };
}

async function prepareError(f: EuiccFixture, value: Record<string, unknown>): Promise<number> {
  const r = decode(f, 'PrepareDownloadResponse', await f.raw(rsp.encode('PrepareDownloadRequest', value)));
  assert.ok(r.downloadResponseError, `expected an error, got ${Object.keys(r)[0]}`);
  return r.downloadResponseError.downloadErrorCode;
}

function pirOf(f: EuiccFixture, bytes: Uint8Array) {
  return decode(f, 'ProfileInstallationResult', bytes).profileInstallationResultData;
}

/** The PIR's euiccSignPIR verifies over the BF27 object as sent (SGP.22 §5.7.16). */
function pirSignatureValid(f: EuiccFixture, bytes: Uint8Array, curve: Curve): boolean {
  const objs = dataObjects(bytes, 'ProfileInstallationResult', 0xbf37);
  const key = f.config.credentials.find((c) => c.curve === curve)!.euicc.publicKey;
  return verifyRsp('euiccSignPIR', key, { profileInstallationResultData: objs.get(0xbf27)! }, objs.get(0x5f37)!.subarray(3));
}

const flipLast = (b: Buffer) => { b[b.length - 1] ^= 0x01; return b; };

describe('ES10b.GetEUICCChallenge (BF2E)', () => {
  it('EUICC-ES10-CHALLENGE-NOM-01 a fresh 16-byte challenge each time, and a session opened', async () => {
    const f = await card();
    const a = await f.es10('GetEuiccChallengeRequest', {});
    const b = await f.es10('GetEuiccChallengeRequest', {});
    assert.equal(a.euiccChallenge.length, 16);
    assert.notEqual(toHex(a.euiccChallenge), toHex(b.euiccChallenge));
    assert.equal(toHex(f.euicc.session!.euiccChallenge), toHex(b.euiccChallenge));
  });
});

describe('full download with S_SM-DP+', () => {
  for (const curve of ['nist', 'brp'] as const) {
    it(`EUICC-ES10-DOWNLOAD-NOM-01 ${curve}: profile installed disabled, signed PIR stored as a notification`, async () => {
      const f = await card();
      const { server, pir } = await downloadProfile(f, { curve });
      const data = pirOf(f, pir);
      assert.ok(data.finalResult.successResult, JSON.stringify(data.finalResult));
      assert.equal(toHex(data.finalResult.successResult.aid), 'A0000005591010FFFFFFFF8900001000');
      assert.equal(toHex(data.finalResult.successResult.simaResponse), '3007A0053003800100');
      assert.equal(data.smdpOid, '2.999.10');
      assert.deepEqual(data.notificationMetadata.profileManagementOperation, ['notificationInstall']);
      assert.equal(data.notificationMetadata.notificationAddress, 'smdp.example.com');
      assert.deepEqual(Buffer.from(data.notificationMetadata.iccid), server.profile.iccidBcd);
      assert.ok(pirSignatureValid(f, pir, curve));

      const { profileInfoListOk: list } = await f.es10('ProfileInfoListRequest', {});
      assert.equal(list.length, 1);
      assert.deepEqual(Buffer.from(list[0].iccid), server.profile.iccidBcd);
      assert.equal(list[0].profileState, 0);
      assert.equal(list[0].profileName, server.profile.profileName);
      assert.equal(list[0].serviceProviderName, server.profile.serviceProviderName);
      assert.equal(list[0].profileClass, 2);

      const [n] = f.euicc.state.notifications;
      assert.equal(n.kind, 'profileInstallationResult');
      assert.equal(n.seqNumber, data.notificationMetadata.seqNumber);
      assert.equal(n.der, toHex(pir));
      assert.equal(f.euicc.session?.installedIccid, toHex(server.profile.iccidBcd));
      assert.equal(f.euicc.state.profiles[0].uppBytes, server.profile.upp.length);
    });
  }

  it('EUICC-ES10-DOWNLOAD-NOM-02 a second profile gets the next ISD-P and the next seqNumber', async () => {
    const f = await card();
    await downloadProfile(f);
    const { pir } = await downloadProfile(f, { profile: { iccid: OTHER_ICCID } });
    const data = pirOf(f, pir);
    assert.equal(toHex(data.finalResult.successResult.aid), 'A0000005591010FFFFFFFF8900001100');
    assert.equal(data.notificationMetadata.seqNumber, 2);
    assert.equal(f.euicc.state.profiles.length, 2);
  });

  it('EUICC-ES10-DOWNLOAD-NOM-03 a v1.0 card downloads too (SGP.22 EUICCInfo2 inside EuiccSigned1)', async () => {
    const f = await card({ version: 'v1.0' });
    const { pir } = await downloadProfile(f);
    assert.ok(pirOf(f, pir).finalResult.successResult);
  });

  it('EUICC-ES10-DOWNLOAD-NOM-04 with a confirmation code the eUICC signs the hashCc the IPA gave', async () => {
    const f = await card();
    const server = downloadServer(f, { confirmationCode: '1234' });
    const { prepare } = await prepareInput(f, server);
    assert.equal(prepare.value.smdpSigned2.ccRequiredFlag, true);
    const answer = await f.raw(prepare.bytes);
    const ok = decode(f, 'PrepareDownloadResponse', answer).downloadResponseOk;
    const expected = createHash('sha256').update(createHash('sha256').update('1234').digest()).update(prepare.transactionId).digest();
    assert.equal(toHex(ok.euiccSigned2.hashCc), toHex(expected));
    const segments = server.getBoundProfilePackage(answer).segments;
    const answers = await loadSegments(f, segments);
    assert.ok(pirOf(f, answers.at(-1)!).finalResult.successResult);
  });
});

describe('ES10b.AuthenticateServer (BF38)', () => {
  it('EUICC-ES10-AUTH-NOM-01 EuiccSigned1 echoes the server, carries EUICCInfo2, and is signed with the chosen CI\'s eUICC key', async () => {
    const f = await card();
    const server = downloadServer(f, { curve: 'brp', matchingId: 'MATCH-1' });
    const auth = await authenticateInput(f, server);
    const answer = await f.raw(auth.bytes);
    const ok = decode(f, 'AuthenticateServerResponse', answer).authenticateResponseOk;
    const s1 = ok.euiccSigned1;
    assert.equal(toHex(s1.transactionId), toHex(auth.transactionId));
    assert.equal(toHex(s1.serverChallenge), toHex(auth.value.serverSigned1.serverChallenge));
    assert.equal(s1.serverAddress, 'smdp.example.com');
    assert.equal(s1.ctxParams1.ctxParamsForCommonAuthentication.matchingId, 'MATCH-1');
    assert.deepEqual(s1.euiccInfo2, await f.es10('GetEuiccInfo2Request', {}));
    const brp = f.config.credentials.find((c) => c.curve === 'brp')!;
    assert.deepEqual(Buffer.from(ok.euiccCertificate.der), brp.euicc.raw);
    assert.deepEqual(Buffer.from(ok.eumCertificate.der), brp.eum.raw);
    const objs = dataObjects(answer, 'AuthenticateServerResponse', 0xbf38, 0xa0);
    assert.ok(verifyRsp('euiccSignature1', brp.euicc.publicKey, { euiccSigned1: objs.get(0x30)! }, ok.euiccSignature1));
  });

  it('EUICC-ES10-AUTH-ERR-01 no GetEUICCChallenge first: noSessionContext(4)', async () => {
    const f = await card();
    const server = downloadServer(f);
    const auth = server.initiateAuthentication(Buffer.alloc(16, 7), await f.raw(f.encode('GetEuiccInfo1Request', {})));
    assert.equal(await authenticateError(f, auth.value), 4);
  });

  it('EUICC-ES10-AUTH-ERR-02 a challenge the card did not issue: euiccChallengeMismatch(6), and the session is over', async () => {
    const f = await card();
    const server = downloadServer(f);
    const auth = await authenticateInput(f, server);
    const value: Record<string, any> = { ...auth.value, serverSigned1: { ...auth.value.serverSigned1, euiccChallenge: Buffer.alloc(16, 1) } };
    value.serverSignature1 = signRsp('serverSignature1', f.pki.get('dpAuth', 'nist').key, { serverSigned1: rsp.encode('ServerSigned1', value.serverSigned1) });
    assert.equal(await authenticateError(f, value), 6);
    assert.equal(f.euicc.session, undefined);
    assert.equal(await authenticateError(f, auth.value), 4);
  });

  it('EUICC-ES10-AUTH-ERR-03 a corrupted serverSignature1: invalidSignature(2)', async () => {
    const f = await card();
    const server = downloadServer(f);
    server.hooks.corruptSignature('serverSignature1');
    const auth = await authenticateInput(f, server);
    assert.equal(await authenticateError(f, auth.value), 2);
  });

  it('EUICC-ES10-AUTH-ERR-04 an euiccCiPKIdToBeUsed the card does not have: ciPKUnknown(7)', async () => {
    const f = await card();
    const auth = await authenticateInput(f, downloadServer(f));
    assert.equal(await authenticateError(f, { ...auth.value, euiccCiPKIdToBeUsed: Buffer.alloc(20, 0x42) }), 7);
  });

  it('EUICC-ES10-AUTH-ERR-05 defective CERT.DPauth: invalidCertificate(1), unknown CI ciPKUnknown(7), wrong role invalidOid(5)', async () => {
    const f = await card();
    const server = downloadServer(f);
    const cases: [string, number][] = [
      ['dpauth-expired', 1], ['dpauth-not-yet-valid', 1], ['dpauth-bad-signature', 1], ['dpauth-unknown-ci', 7], ['dpauth-wrong-policy', 5],
    ];
    for (const [name, code] of cases) {
      const cert = f.pki.byId(`nist/defects/${name}`)!.cert;
      const auth = await authenticateInput(f, server);
      assert.equal(await authenticateError(f, { ...auth.value, serverCertificate: new X509Value('Certificate', cert.raw) }), code, name);
    }
    const auth = await authenticateInput(f, server);
    const dpPb = f.pki.get('dpPb', 'nist').cert;
    assert.equal(await authenticateError(f, { ...auth.value, serverCertificate: new X509Value('Certificate', dpPb.raw) }), 5, 'CERT.DPpb');
  });

  it('EUICC-ES10-AUTH-ERR-06 CERT.DPauth of one CI while euiccCiPKIdToBeUsed names the other: invalidCertificate(1)', async () => {
    const f = await card();
    const auth = await authenticateInput(f, downloadServer(f, { curve: 'nist' }));
    const brpId = f.config.credentials.find((c) => c.curve === 'brp')!.ciPkId;
    assert.equal(await authenticateError(f, { ...auth.value, euiccCiPKIdToBeUsed: Buffer.from(brpId, 'hex') }), 1);
  });

  it('EUICC-ES10-AUTH-ERR-07 a corrupted euiccSignature1 (card hook) is refused by S_SM-DP+', async () => {
    const f = await card();
    const server = downloadServer(f);
    const auth = await authenticateInput(f, server);
    f.euicc.hooks.corruptSignatures();
    const answer = await f.raw(auth.bytes);
    assert.throws(() => server.authenticateClient(answer), /euiccSignature1 does not verify/);
  });
});

describe('ES10b.PrepareDownload (BF21)', () => {
  it('EUICC-ES10-PREP-NOM-01 EUICCSigned2 with a fresh otPK on the session curve, signed over smdpSignature2', async () => {
    for (const curve of ['nist', 'brp'] as const) {
      const f = await card();
      const { prepare } = await prepareInput(f, downloadServer(f, { curve }));
      const answer = await f.raw(prepare.bytes);
      const ok = decode(f, 'PrepareDownloadResponse', answer).downloadResponseOk;
      assert.equal(toHex(ok.euiccSigned2.transactionId), toHex(prepare.transactionId));
      assert.equal(ok.euiccSigned2.euiccOtpk.length, 65);
      assert.equal(ok.euiccSigned2.hashCc, undefined);
      assert.equal(f.euicc.session!.otk!.curve, curve);
      const objs = dataObjects(answer, 'PrepareDownloadResponse', 0xbf21, 0xa0);
      const smdpSignature2 = dataObjects(prepare.bytes, 'PrepareDownloadRequest', 0xbf21).get(0x5f37)!;
      const key = f.config.credentials.find((c) => c.curve === curve)!.euicc.publicKey;
      assert.ok(verifyRsp('euiccSignature2', key, { euiccSigned2: objs.get(0x30)!, smdpSignature2 }, ok.euiccSignature2));
    }
  });

  it('EUICC-ES10-PREP-NOM-02 a retry naming the otPK the card holds (bppEuiccOtpk) gets the same otPK', async () => {
    const f = await card();
    const { authResponse, prepare } = await prepareInput(f, downloadServer(f));
    const first = decode(f, 'PrepareDownloadResponse', await f.raw(prepare.bytes)).downloadResponseOk.euiccSigned2.euiccOtpk;
    const smdpSigned2 = { ...prepare.value.smdpSigned2, bppEuiccOtpk: first };
    const euiccSignature1 = dataObjects(authResponse, 'AuthenticateServerResponse', 0xbf38, 0xa0).get(0x5f37)!;
    const smdpSignature2 = signRsp('smdpSignature2', f.pki.get('dpPb', 'nist').key, { smdpSigned2: rsp.encode('SmdpSigned2', smdpSigned2), euiccSignature1 });
    const again = decode(f, 'PrepareDownloadResponse', await f.raw(rsp.encode('PrepareDownloadRequest', { ...prepare.value, smdpSigned2, smdpSignature2 })));
    assert.equal(toHex(again.downloadResponseOk.euiccSigned2.euiccOtpk), toHex(first));
  });

  it('EUICC-ES10-PREP-ERR-01 before AuthenticateServer: noSessionContext(4)', async () => {
    const f = await card();
    const other = await card();
    const { prepare } = await prepareInput(other, downloadServer(other));
    await f.es10('GetEuiccChallengeRequest', {});
    assert.equal(await prepareError(f, prepare.value), 4);
  });

  it('EUICC-ES10-PREP-ERR-02 another transactionId: invalidTransactionId(5)', async () => {
    const f = await card();
    const { prepare } = await prepareInput(f, downloadServer(f));
    const value = { ...prepare.value, smdpSigned2: { ...prepare.value.smdpSigned2, transactionId: Buffer.alloc(16, 9) } };
    assert.equal(await prepareError(f, value), 5);
  });

  it('EUICC-ES10-PREP-ERR-03 a corrupted smdpSignature2: invalidSignature(2), then the session is over', async () => {
    const f = await card();
    const server = downloadServer(f);
    server.hooks.corruptSignature('smdpSignature2');
    const { prepare } = await prepareInput(f, server);
    assert.equal(await prepareError(f, prepare.value), 2);
    assert.equal(f.euicc.session, undefined);
  });

  it('EUICC-ES10-PREP-ERR-04 CERT.DPauth or a wrong-role certificate instead of CERT.DPpb: invalidCertificate(1)', async () => {
    const f = await card();
    for (const cert of [f.pki.get('dpAuth', 'nist').cert, f.pki.byId('nist/defects/dppb-wrong-policy')!.cert]) {
      const { prepare } = await prepareInput(f, downloadServer(f));
      assert.equal(await prepareError(f, { ...prepare.value, smdpCertificate: new X509Value('Certificate', cert.raw) }), 1);
    }
  });

  it('EUICC-ES10-PREP-ERR-05 ccRequiredFlag without hashCc: undefinedError(127)', async () => {
    const f = await card();
    const { prepare } = await prepareInput(f, downloadServer(f, { confirmationCode: '1234' }));
    const { hashCc: _, ...withoutHash } = prepare.value;
    assert.equal(await prepareError(f, withoutHash), 127);
  });
});

describe('ES10b.LoadBoundProfilePackage (BF36, A0–A3, 86–88)', () => {
  /** Loads `segments` with one changed; the PIR must name the command and reason, and no profile may appear. */
  async function failingLoad(f: EuiccFixture, segments: Buffer[], expectAt: number) {
    const before = structuredClone(f.euicc.state);
    const answers = await loadSegments(f, segments);
    assert.equal(answers.length, expectAt + 1, 'the PIR answers the failing segment');
    const pir = answers[expectAt];
    const data = pirOf(f, pir);
    assert.ok(data.finalResult.errorResult, JSON.stringify(data.finalResult));
    assert.ok(pirSignatureValid(f, pir, 'nist'));
    const after = f.euicc.state;
    assert.deepEqual(after.profiles, before.profiles);
    assert.equal(after.nextIsdpIndex, before.nextIsdpIndex);
    assert.equal(after.notifications.length, before.notifications.length + 1);
    assert.equal(after.notifications.at(-1)!.der, toHex(pir));
    assert.equal(f.euicc.session, undefined);
    if (expectAt + 1 < segments.length) {
      await assert.rejects(f.raw(segments[expectAt + 1]), (e: CardStatusError) => e.sw === SW.CONDITIONS_NOT_SATISFIED);
    }
    return data.finalResult.errorResult;
  }

  it('EUICC-ES10-BPP-ERR-01 a corrupted 86 C-MAC: loadProfileElements(5) / scp03tSecurityError(8), state unchanged', async () => {
    const f = await card();
    const segments = await bindProfile(f, downloadServer(f));
    const last = segments.length - 1;
    flipLast(segments[last]);
    assert.deepEqual(await failingLoad(f, segments, last), { bppCommandId: 5, errorReason: 8 });
  });

  it('EUICC-ES10-BPP-ERR-02 a corrupted 88 C-MAC: storeMetadata(2) / scp03tSecurityError(8)', async () => {
    const f = await card();
    const segments = await bindProfile(f, downloadServer(f));
    const at = segments.findIndex((s) => s[0] === 0x88);
    flipLast(segments[at]);
    assert.deepEqual(await failingLoad(f, segments, at), { bppCommandId: 2, errorReason: 8 });
  });

  it('EUICC-ES10-BPP-ERR-03 a corrupted smdpSign in BF23: initialiseSecureChannel(0) / invalidSignature(2)', async () => {
    const f = await card();
    const segments = await bindProfile(f, downloadServer(f));
    flipLast(segments[0]);
    assert.deepEqual(await failingLoad(f, segments, 0), { bppCommandId: 0, errorReason: 2 });
  });

  it('EUICC-ES10-BPP-ERR-04 the same ICCID again: storeMetadata(2) / iccidAlreadyExistsOnEuicc(9), with the ICCID in the PIR', async () => {
    const f = await card();
    await downloadProfile(f);
    const server = downloadServer(f);
    const segments = await bindProfile(f, server);
    const at = segments.findIndex((s) => s[0] === 0x88);
    assert.deepEqual(await failingLoad(f, segments, at), { bppCommandId: 2, errorReason: 9 });
    const pir = f.euicc.state.notifications.at(-1)!;
    assert.equal(pir.iccid, toHex(server.profile.iccidBcd));
  });

  it('EUICC-ES10-BPP-ERR-05 no room for another profile: configureISDP(1) / insufficientMemoryForProfile(10)', async () => {
    const f = await card({ limits: { maxProfiles: 1 } });
    await downloadProfile(f);
    const segments = await bindProfile(f, downloadServer(f, { profile: { iccid: OTHER_ICCID } }));
    assert.deepEqual(await failingLoad(f, segments, 1), { bppCommandId: 1, errorReason: 10 });
  });

  it('EUICC-ES10-BPP-ERR-06 a profile larger than the free memory: loadProfileElements(5) / insufficientMemoryForProfile(10)', async () => {
    const f = await card({ limits: { freeNonVolatileMemory: 200 } });
    const segments = await bindProfile(f, downloadServer(f));
    assert.deepEqual(await failingLoad(f, segments, segments.length - 1), { bppCommandId: 5, errorReason: 10 });
  });

  it('EUICC-ES10-BPP-ERR-07 metadata ICCID other than the ProfileHeader\'s: loadProfileElements(5) / installFailedDueToDataMismatch(13)', async () => {
    const f = await card();
    const profile = { ...buildTestProfile(), iccidBcd: Buffer.from(iccidToSwappedBcd(OTHER_ICCID)) };
    const server = DownloadServer.fromStore(f.pki, { serverAddress: 'smdp.example.com', curve: 'nist', profile });
    const segments = await bindProfile(f, server);
    assert.deepEqual(await failingLoad(f, segments, segments.length - 1), { bppCommandId: 5, errorReason: 13 });
  });

  it('EUICC-ES10-BPP-ERR-08 segments without PrepareDownload, or without BF36 first: 6985', async () => {
    const f = await card();
    const other = await card();
    const segments = await bindProfile(other, downloadServer(other));
    await assert.rejects(f.raw(segments[0]), (e: CardStatusError) => e.sw === SW.CONDITIONS_NOT_SATISFIED);
    await f.es10('GetEuiccChallengeRequest', {});
    await assert.rejects(f.raw(segments[4]), (e: CardStatusError) => e.sw === SW.CONDITIONS_NOT_SATISFIED);
    assert.deepEqual(f.euicc.state.profiles, []);
  });

  it('EUICC-ES10-BPP-ERR-09 a BPP made for another card\'s session: initialiseSecureChannel(0) / invalidTransactionId(3)', async () => {
    const f = await card();
    const other = await card();
    await prepareInput(f, downloadServer(f)).then(({ prepare }) => f.raw(prepare.bytes));
    const segments = await bindProfile(other, downloadServer(other));
    assert.deepEqual(await failingLoad(f, segments, 0), { bppCommandId: 0, errorReason: 3 });
  });
});

describe('ES10b.CancelSession (BF41)', () => {
  it('EUICC-ES10-CANCEL-NOM-01 signed EuiccCancelSessionSigned with the reason echoed; the session is gone', async () => {
    const f = await card();
    const { auth } = await prepareInput(f, downloadServer(f));
    const command = f.encode('CancelSessionRequest', { transactionId: auth.transactionId, reason: 4 });
    const answer = await f.raw(command);
    const ok = decode(f, 'CancelSessionResponse', answer).cancelSessionResponseOk;
    assert.deepEqual(ok.euiccCancelSessionSigned, { transactionId: Uint8Array.from(auth.transactionId), smdpOid: '2.999.10', reason: 4 });
    const objs = dataObjects(answer, 'CancelSessionResponse', 0xbf41, 0xa0);
    const key = new X509Certificate(f.config.credentials[0].euicc.raw).publicKey;
    assert.ok(verifyRsp('euiccCancelSessionSignature', key, { euiccCancelSessionSigned: objs.get(0x30)! }, ok.euiccCancelSessionSignature));
    assert.equal(f.euicc.session, undefined);
  });

  it('EUICC-ES10-CANCEL-NOM-02 in the middle of a BPP: nothing installed, further segments refused', async () => {
    const f = await card();
    const server = downloadServer(f);
    const segments = await bindProfile(f, server);
    await loadSegments(f, segments.slice(0, 3));
    const transactionId = f.euicc.session!.transactionId;
    const r = await f.es10('CancelSessionRequest', { transactionId, reason: 5 });
    assert.ok(r.cancelSessionResponseOk);
    await assert.rejects(f.raw(segments[3]), (e: CardStatusError) => e.sw === SW.CONDITIONS_NOT_SATISFIED);
    assert.deepEqual(f.euicc.state.profiles, []);
  });

  it('EUICC-ES10-CANCEL-ERR-01 another transactionId, or no authenticated session: invalidTransactionId(5)', async () => {
    const f = await card();
    assert.deepEqual(await f.es10('CancelSessionRequest', { transactionId: Buffer.alloc(16, 1), reason: 0 }), { cancelSessionResponseError: 5 });
    await prepareInput(f, downloadServer(f));
    assert.deepEqual(await f.es10('CancelSessionRequest', { transactionId: Buffer.alloc(16, 1), reason: 0 }), { cancelSessionResponseError: 5 });
    assert.ok(f.euicc.session, 'a wrong CancelSession leaves the session alone');
  });
});
