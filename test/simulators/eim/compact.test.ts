/**
 * Compact ESipa forms against a real S_eUICC behind APDUs and S_SM-DP+'s DownloadServer: every answer
 * the card signs is compacted as an IPA would, expanded as an eIM would from what it learnt in the
 * session, and must come back as the card's own bytes, verify, and be accepted by the SM-DP+.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { codec, SpecVersion, tlvAt, tlvSpans } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { dataObjects, signatureTlv, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { eidCheckDigits, RID, validateChain } from '../../../src/pki';
import {
  CompactContext, CompactFormError, compactAuthenticateServerResponse, compactCancelSessionResponse, compactOtherSignedNotification,
  compactPendingNotification, compactPrepareDownloadResponse, compactProfileInstallationResult, expandAuthenticateServerResponse,
  expandCancelSessionResponse, expandOtherSignedNotification, expandPendingNotification, expandPrepareDownloadResponse,
  expandProfileInstallationResult, ISDP_AID_TEMPLATE, smdpOidOf,
} from '../../../simulators/eim/compact';
import { DownloadServer } from '../../../simulators/smdpp/download';
import { DownloadOptions, downloadServer, EuiccFixture, EuiccFixtureOptions, FIXTURE_EID, fixtureCards, fixturePki, loadSegments } from '../euicc/fixture';

const cards = fixtureCards();
const CURVES: readonly Curve[] = ['nist', 'brp'];
const OTHER_EID = `890490321234512345123456789099${eidCheckDigits('890490321234512345123456789099')}`;
const NOTIFY = [{ profileManagementOperation: ['notificationEnable', 'notificationDisable', 'notificationDelete'], notificationAddress: 'smdp.example.com' }];

const sgp32 = (version: SpecVersion = 'v1.2') => codec('SGP32Definitions', version);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface Relayed { full: Buffer; compact: Buffer; expanded: Buffer }

/** One download with an IPA in compact mode and an eIM relaying to the SM-DP+; what each side saw. */
interface RelayedDownload {
  /** What the eIM learnt during the session. */
  eim: CompactContext;
  auth: Relayed;
  prepare: Relayed;
  pir: Relayed;
  /** smdpSignature2 data object: euiccSignature2 covers it. */
  smdpSignature2: Buffer;
  euiccKey: X509Certificate['publicKey'];
}

async function euiccChallengeAndInfo(f: EuiccFixture): Promise<{ euiccChallenge: Uint8Array; info1: Uint8Array }> {
  const info1 = await f.raw(f.encode('GetEuiccInfo1Request', {}));
  const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
  return { euiccChallenge, info1 };
}

async function relayedDownload(f: EuiccFixture, curve: Curve, o: DownloadOptions = {}): Promise<RelayedDownload> {
  const version = f.config.version;
  const server = downloadServer(f, { curve, ...o });
  const { euiccChallenge, info1 } = await euiccChallengeAndInfo(f);
  const initiated = server.initiateAuthentication(euiccChallenge, info1);
  const eim: CompactContext = {
    transactionId: initiated.transactionId,
    smdpAddress: initiated.value.serverSigned1.serverAddress,
    serverChallenge: initiated.value.serverSigned1.serverChallenge,
    smdpOid: smdpOidOf(initiated.value.serverCertificate.der),
    isdpAid: ISDP_AID_TEMPLATE,
  };
  const relay = (full: Uint8Array, compact: (b: Uint8Array) => Buffer, expand: (b: Uint8Array) => Buffer): Relayed => {
    const c = compact(full);
    return { full: Buffer.from(full), compact: c, expanded: expand(c) };
  };

  const auth = relay(await f.raw(initiated.bytes), (b) => compactAuthenticateServerResponse(b, { version }), (b) => expandAuthenticateServerResponse(b, eim, version));
  const prepared = server.authenticateClient(auth.expanded);
  eim.iccid = prepared.profileMetadata.iccid as Uint8Array;
  const prepare = relay(await f.raw(prepared.bytes), (b) => compactPrepareDownloadResponse(b, { version }), (b) => expandPrepareDownloadResponse(b, eim, version));
  const bpp = server.getBoundProfilePackage(prepare.expanded);
  const answers = await loadSegments(f, bpp.segments);
  const pir = relay(answers[answers.length - 1], (b) => compactProfileInstallationResult(b, { version }), (b) => expandProfileInstallationResult(b, eim, version));
  const euiccKey = f.pki.get('euicc', curve).cert.publicKey;
  return { eim, auth, prepare, pir, smdpSignature2: signatureTlv(prepared.value.smdpSignature2), euiccKey };
}

// ---- what a verifier of the full form accepts (the checks an SM-DP+ makes on the eUICC's data) ----

function acceptsAuthenticateServerResponse(der: Uint8Array, f: EuiccFixture, curve: Curve): boolean {
  try {
    const ok = sgp32().decode('AuthenticateServerResponse', der).authenticateResponseOk;
    if (!ok) return false;
    const chain = validateChain({ leaf: ok.euiccCertificate.der, intermediates: [ok.eumCertificate.der], trustAnchors: f.pki.trustedCis(curve) });
    if (!chain.ok) return false;
    const signed1 = dataObjects(der, 'AuthenticateServerResponse', 0xbf38, 0xa0).get(0x30)!;
    return verifyRsp('euiccSignature1', new X509Certificate(ok.euiccCertificate.der).publicKey, { euiccSigned1: signed1 }, ok.euiccSignature1);
  } catch {
    return false;
  }
}

function acceptsPrepareDownloadResponse(der: Uint8Array, run: RelayedDownload): boolean {
  try {
    const ok = sgp32().decode('PrepareDownloadResponse', der).downloadResponseOk;
    const signed2 = dataObjects(der, 'PrepareDownloadResponse', 0xbf21, 0xa0).get(0x30)!;
    return !!ok && verifyRsp('euiccSignature2', run.euiccKey, { euiccSigned2: signed2, smdpSignature2: run.smdpSignature2 }, ok.euiccSignature2);
  } catch {
    return false;
  }
}

function acceptsProfileInstallationResult(der: Uint8Array, key: RelayedDownload['euiccKey']): boolean {
  try {
    const pir = sgp32().decode('PendingNotification', der).profileInstallationResult;
    const data = dataObjects(der, 'ProfileInstallationResult', 0xbf37).get(0xbf27)!;
    return !!pir && verifyRsp('euiccSignPIR', key, { profileInstallationResultData: data }, pir.euiccSignPIR);
  } catch {
    return false;
  }
}

function acceptsOtherSignedNotification(der: Uint8Array, f: EuiccFixture, curve: Curve): boolean {
  try {
    const n = sgp32().decode('PendingNotification', der).otherSignedNotification;
    if (!n) return false;
    const chain = validateChain({ leaf: n.euiccCertificate.der, intermediates: [n.eumCertificate.der], trustAnchors: f.pki.trustedCis(curve) });
    const tbs = dataObjects(der, 'OtherSignedNotification', 0x30).get(0xbf2f)!;
    return chain.ok && verifyRsp('euiccNotificationSignature', new X509Certificate(n.euiccCertificate.der).publicKey, { tbsOtherNotification: tbs }, n.euiccNotificationSignature);
  } catch {
    return false;
  }
}

function acceptsCancelSessionResponse(der: Uint8Array, key: RelayedDownload['euiccKey']): boolean {
  try {
    const ok = sgp32().decode('CancelSessionResponse', der).cancelSessionResponseOk;
    const signed = dataObjects(der, 'CancelSessionResponse', 0xbf41, 0xa0).get(0x30)!;
    return !!ok && verifyRsp('euiccCancelSessionSignature', key, { euiccCancelSessionSigned: signed }, ok.euiccCancelSessionSignature);
  } catch {
    return false;
  }
}

// ---- card helpers ---------------------------------------------------------------------------------

/** A new RSP session up to ES10b.AuthenticateServer; resolves with the card's full answer. */
async function authenticated(f: EuiccFixture, curve: Curve): Promise<{ server: DownloadServer; full: Buffer; transactionId: Buffer; serverChallenge: Buffer; ctxParams1: unknown }> {
  const server = downloadServer(f, { curve });
  const { euiccChallenge, info1 } = await euiccChallengeAndInfo(f);
  const initiated = server.initiateAuthentication(euiccChallenge, info1);
  const full = Buffer.from(await f.raw(initiated.bytes));
  return { server, full, transactionId: initiated.transactionId, serverChallenge: initiated.value.serverSigned1.serverChallenge, ctxParams1: initiated.value.ctxParams1 };
}

/** The notifications of one kind as the card lists them, each as the raw PendingNotification. */
async function listed(f: EuiccFixture, event: string): Promise<Buffer[]> {
  const answer = await f.raw(f.encode('RetrieveNotificationsListRequest', { searchCriteria: { profileManagementOperation: [event] } }));
  const list = tlvAt(answer, 'RetrieveNotificationsListResponse');
  const inner = tlvSpans(answer, 'RetrieveNotificationsListResponse', list.start, list.end)[0];
  assert.equal(inner.tag, 0xa0, 'notificationList');
  return tlvSpans(answer, 'notificationList', inner.start, inner.end).map((s) => Buffer.from(answer.subarray(s.offset, s.end)));
}

/** S_eUICC signs notifications with its default credential, whatever curve the download used. */
const notificationCurve = (f: EuiccFixture): Curve => f.config.credentials[0].curve;

function certificates(f: EuiccFixture, curve: Curve): Pick<CompactContext, 'euiccCertificate' | 'eumCertificate'> {
  return { euiccCertificate: f.pki.get('euicc', curve).cert.raw, eumCertificate: f.pki.get('eum', curve).cert.raw };
}

const typed = (field: string) => (e: unknown) => e instanceof CompactFormError && e.field === field;

async function card(o: EuiccFixtureOptions = {}): Promise<EuiccFixture> {
  return cards({ curves: CURVES, ...o });
}

// ---- tests ----------------------------------------------------------------------------------------

describe('compact ESipa forms over a real download', () => {
  for (const curve of CURVES) {
    it(`${curve}: AuthenticateServer, PrepareDownload and the PIR expand to the eUICC's own bytes and the SM-DP+ accepts them`, async (t) => {
      const f = await card();
      const run = await relayedDownload(f, curve);
      for (const [name, r] of Object.entries({ authenticate: run.auth, prepareDownload: run.prepare, pir: run.pir })) {
        assert.equal(hex(r.expanded), hex(r.full), `${name}: expanded = the card's answer`);
        // With its certificates the compact AuthenticateServerResponse only swaps tags; see the next test for the savings.
        assert.ok(r.compact.length <= r.full.length, `${name}: compact is no longer`);
        t.diagnostic(`${name}: full ${r.full.length} B, compact ${r.compact.length} B`);
      }
      assert.ok(sgp32().decode('AuthenticateServerResponse', run.auth.compact).compactAuthenticateResponseOk);
      assert.ok(sgp32().decode('PrepareDownloadResponse', run.prepare.compact).compactDownloadResponseOk);
      const pir = sgp32().decode('PendingNotification', run.pir.compact).compactProfileInstallationResult;
      assert.equal(pir.compactProfileInstallationResultData.iccidPresent, true);
      assert.equal(pir.compactProfileInstallationResultData.compactFinalResult.compactSuccessResult.simaResponse, undefined, 'the 9-byte success simaResponse is left out');
      assert.equal(hex(pir.compactProfileInstallationResultData.compactFinalResult.compactSuccessResult.compactAid), hex(Buffer.from(f.euicc.state.profiles[0].isdpAid, 'hex').subarray(13, 15)));
      assert.ok(acceptsAuthenticateServerResponse(run.auth.expanded, f, curve));
      assert.ok(acceptsPrepareDownloadResponse(run.prepare.expanded, run));
      assert.ok(acceptsProfileInstallationResult(run.pir.expanded, run.euiccKey));
      assert.equal(f.euicc.state.profiles.length, 1, 'the profile the SM-DP+ bound is installed');
    });
  }

  it('AuthenticateServer without certificates, and with CompactEuiccSigned1 after the free memory changed', async (t) => {
    const f = await card();
    const info2Before = Buffer.from(await f.raw(f.encode('GetEuiccInfo2Request', {})));
    await relayedDownload(f, 'nist');
    const s = await authenticated(f, 'nist');
    const known: CompactContext = {
      transactionId: s.transactionId, smdpAddress: s.server.serverAddress, serverChallenge: s.serverChallenge,
      euiccInfo2: info2Before, ...certificates(f, 'nist'),
    };
    const signed1Info2 = dataObjects(s.full, 'AuthenticateServerResponse', 0xbf38, 0xa0, 0x30).get(0xbf22)!;
    assert.notEqual(hex(signed1Info2), hex(info2Before), 'extCardResource moved with the install: the eIM copy is stale');

    const noCerts = compactAuthenticateServerResponse(s.full, { omitCertificates: true });
    assert.equal(hex(expandAuthenticateServerResponse(noCerts, known)), hex(s.full));
    const small = compactAuthenticateServerResponse(s.full, { omitCertificates: true, compactSignedData: true });
    assert.equal(hex(expandAuthenticateServerResponse(small, known)), hex(s.full));
    const smallest = compactAuthenticateServerResponse(s.full, { omitCertificates: true, compactSignedData: true, omitCtxParams1: true });
    const ctxParams1 = codec('RSPDefinitions').encode('CtxParams1', s.ctxParams1);
    assert.equal(hex(expandAuthenticateServerResponse(smallest, { ...known, ctxParams1 })), hex(s.full));
    assert.ok(sgp32().decode('AuthenticateServerResponse', smallest).compactAuthenticateResponseOk.signedData.compactEuiccSigned1);
    t.diagnostic(`AuthenticateServerResponse: full ${s.full.length} B, no certificates ${noCerts.length} B, CompactEuiccSigned1 ${small.length} B, without ctxParams1 ${smallest.length} B`);

    assert.throws(() => expandAuthenticateServerResponse(smallest, known), typed('context.ctxParams1'));
    assert.throws(() => expandAuthenticateServerResponse(small, { ...known, euiccInfo2: undefined }), typed('context.euiccInfo2'));
    assert.throws(() => expandAuthenticateServerResponse(small, { ...known, euiccInfo2: Buffer.from('300100', 'hex') }), typed('context.euiccInfo2'));
    assert.throws(() => expandAuthenticateServerResponse(noCerts, { transactionId: s.transactionId }), typed('context.euiccCertificate'));
    assert.throws(() => expandAuthenticateServerResponse(small, { ...known, serverChallenge: undefined }), typed('context.serverChallenge'));
    // A stale serverChallenge expands, but to bytes the eUICC never signed.
    const wrong = expandAuthenticateServerResponse(small, { ...known, serverChallenge: Buffer.alloc(16) });
    assert.ok(acceptsAuthenticateServerResponse(s.full, f, 'nist'));
    assert.equal(acceptsAuthenticateServerResponse(wrong, f, 'nist'), false);
  });

  it('PrepareDownload: euiccOtpk left out when the eUICC reused bppEuiccOtpk, rebuilt from the eIM context', async () => {
    const f = await card();
    const run = await relayedDownload(f, 'brp');
    const otpk = sgp32().decode('PrepareDownloadResponse', run.prepare.full).downloadResponseOk.euiccSigned2.euiccOtpk;
    const compact = compactPrepareDownloadResponse(run.prepare.full, { bppEuiccOtpk: otpk });
    assert.equal(sgp32().decode('PrepareDownloadResponse', compact).compactDownloadResponseOk.compactEuiccSigned2.euiccOtpk, undefined);
    assert.equal(hex(expandPrepareDownloadResponse(compact, { transactionId: run.eim.transactionId, bppEuiccOtpk: otpk })), hex(run.prepare.full));
    assert.throws(() => expandPrepareDownloadResponse(compact, { transactionId: run.eim.transactionId }), typed('context.bppEuiccOtpk'));
    assert.throws(() => expandPrepareDownloadResponse(run.prepare.compact, {}), typed('context.transactionId'));
    // Another otPK than the card's is sent as usual.
    const other = compactPrepareDownloadResponse(run.prepare.full, { bppEuiccOtpk: Buffer.alloc(otpk.length, 4) });
    assert.equal(hex(other), hex(run.prepare.compact));
  });

  it('PIR: each context field the expansion needs is named when the eIM lacks it; a foreign transactionId is refused', async () => {
    const f = await card();
    const run = await relayedDownload(f, 'nist');
    for (const field of ['smdpAddress', 'smdpOid', 'iccid', 'isdpAid'] as const) {
      assert.throws(() => expandProfileInstallationResult(run.pir.compact, { ...run.eim, [field]: undefined }), typed(`context.${field}`));
    }
    assert.throws(() => expandProfileInstallationResult(run.pir.compact, { ...run.eim, isdpAid: Buffer.alloc(8) }), typed('context.isdpAid'));
    assert.throws(() => expandProfileInstallationResult(run.pir.compact, { ...run.eim, transactionId: Buffer.alloc(16) }), typed('transactionId'));
    // Without a transactionId the compact form's own one is used (a late PIR after the session ended).
    assert.equal(hex(expandProfileInstallationResult(run.pir.compact, { ...run.eim, transactionId: undefined })), hex(run.pir.full));
  });

  it('PIR of a failed install: errorResult travels as is; iccidPresent FALSE when the card had no metadata yet', async () => {
    // The same profile twice: StoreMetadata refuses the ICCID, the PIR still names it.
    const f = await card();
    await relayedDownload(f, 'nist');
    const duplicate = await relayedDownload(f, 'nist');
    // A full profile store: ConfigureISDP fails before the metadata arrives, the PIR has no ICCID.
    const g = await card({ limits: { maxProfiles: 1 } });
    await relayedDownload(g, 'nist');
    const noRoom = await relayedDownload(g, 'nist');
    for (const [run, iccidPresent] of [[duplicate, true], [noRoom, false]] as const) {
      const full = sgp32().decode('PendingNotification', run.pir.full).profileInstallationResult.profileInstallationResultData;
      assert.ok(full.finalResult.errorResult, 'precondition: the install failed');
      assert.equal(full.notificationMetadata.iccid !== undefined, iccidPresent, 'precondition: ICCID in the PIR');
      const compact = sgp32().decode('PendingNotification', run.pir.compact).compactProfileInstallationResult.compactProfileInstallationResultData;
      assert.equal(compact.iccidPresent, iccidPresent);
      assert.deepEqual(compact.compactFinalResult.errorResult, full.finalResult.errorResult);
      assert.equal(hex(run.pir.expanded), hex(run.pir.full));
      assert.ok(acceptsProfileInstallationResult(run.pir.expanded, run.euiccKey));
    }
    const bare = { ...noRoom.eim, iccid: undefined, isdpAid: undefined };
    assert.equal(hex(expandProfileInstallationResult(noRoom.pir.compact, bare)), hex(noRoom.pir.full), 'no ICCID nor ISD-P AID needed');
  });

  it('OtherSignedNotification (enable, disable, delete): certificates dropped, eidValue optional and checked', async (t) => {
    const f = await card();
    const run = await relayedDownload(f, 'brp', { notificationConfigurationInfo: NOTIFY });
    const iccid = run.eim.iccid!;
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: { iccid }, refreshFlag: false }), { enableResult: 0 });
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: { iccid }, refreshFlag: false }), { disableResult: 0 });
    assert.deepEqual(await f.es10('DeleteProfileRequest', { iccid }), { deleteResult: 0 });
    const known = { ...certificates(f, notificationCurve(f)), eid: FIXTURE_EID };
    for (const event of ['notificationEnable', 'notificationDisable', 'notificationDelete']) {
      const [full] = await listed(f, event);
      const withEid = compactOtherSignedNotification(full, { includeEid: true });
      const without = compactPendingNotification(full);
      assert.equal(hex(sgp32().decode('PendingNotification', withEid).compactOtherSignedNotification.eidValue), FIXTURE_EID);
      for (const compact of [withEid, without]) {
        const expanded = expandPendingNotification(compact, known);
        assert.equal(hex(expanded), hex(full), event);
        assert.ok(acceptsOtherSignedNotification(expanded, f, notificationCurve(f)));
      }
      assert.ok(without.length < withEid.length && withEid.length < full.length);
      t.diagnostic(`${event}: full ${full.length} B, compact ${without.length} B, with eidValue ${withEid.length} B`);
    }
    const [enable] = await listed(f, 'notificationEnable');
    const withEid = compactOtherSignedNotification(enable, { includeEid: true });
    assert.throws(() => expandOtherSignedNotification(withEid, { ...known, eid: OTHER_EID }), typed('eidValue'));
    const otherCard = fixturePki(CURVES, OTHER_EID).pki.get('euicc', notificationCurve(f)).cert.raw;
    assert.throws(() => expandOtherSignedNotification(withEid, { ...known, euiccCertificate: otherCard, eid: undefined }), typed('eidValue'));
    assert.throws(() => expandOtherSignedNotification(withEid, { eumCertificate: known.eumCertificate }), typed('context.euiccCertificate'));
    // The PIR from the list goes through the same entry points.
    const [pir] = await listed(f, 'notificationInstall');
    assert.equal(hex(compactPendingNotification(pir)), hex(run.pir.compact));
    assert.equal(hex(expandPendingNotification(run.pir.compact, run.eim)), hex(pir));
  });

  for (const curve of CURVES) {
    it(`${curve}: CancelSession expands with the session's transactionId and the SM-DP+ OID; the reason may be left out`, async (t) => {
      const f = await card();
      const s = await authenticated(f, curve);
      const full = Buffer.from(await f.raw(f.encode('CancelSessionRequest', { transactionId: s.transactionId, reason: 1 })));
      const key = f.pki.get('euicc', curve).cert.publicKey;
      const eim: CompactContext = { transactionId: s.transactionId, smdpOid: smdpOidOf(f.pki.get('dpAuth', curve).cert.raw) };
      const compact = compactCancelSessionResponse(full);
      const expanded = expandCancelSessionResponse(compact, eim);
      assert.equal(hex(expanded), hex(full));
      assert.ok(acceptsCancelSessionResponse(expanded, key));
      const bare = compactCancelSessionResponse(full, { omitReason: true });
      assert.equal(hex(expandCancelSessionResponse(bare, { ...eim, cancelSessionReason: 1 })), hex(full));
      assert.equal(acceptsCancelSessionResponse(expandCancelSessionResponse(bare, { ...eim, cancelSessionReason: 0 }), key), false);
      assert.throws(() => expandCancelSessionResponse(bare, eim), typed('context.cancelSessionReason'));
      assert.throws(() => expandCancelSessionResponse(compact, { transactionId: s.transactionId }), typed('context.smdpOid'));
      t.diagnostic(`CancelSessionResponse: full ${full.length} B, compact ${compact.length} B, without reason ${bare.length} B`);
    });
  }
});

describe('compact forms: pass-through, refusals, helpers', () => {
  const c = sgp32();
  it('error answers and forms already full or compact pass through unchanged', () => {
    const answers: [Uint8Array, (b: Uint8Array) => Buffer, (b: Uint8Array) => Buffer][] = [
      [c.encode('AuthenticateServerResponse', { authenticateResponseError: { transactionId: Buffer.alloc(16, 1), authenticateErrorCode: 2 } }), compactAuthenticateServerResponse, (b) => expandAuthenticateServerResponse(b, {})],
      [c.encode('PrepareDownloadResponse', { downloadResponseError: { transactionId: Buffer.alloc(16, 1), downloadErrorCode: 5 } }), compactPrepareDownloadResponse, (b) => expandPrepareDownloadResponse(b, {})],
      [c.encode('CancelSessionResponse', { cancelSessionResponseError: 5 }), compactCancelSessionResponse, (b) => expandCancelSessionResponse(b, {})],
    ];
    for (const [der, compact, expand] of answers) {
      assert.equal(hex(compact(der)), hex(der));
      assert.equal(hex(expand(der)), hex(der));
    }
  });

  it('a full form the compact form cannot reproduce is refused, so the IPA sends it in full', () => {
    const data = (operations: string[], aid = 'A0000005591010FFFFFFFF8900001000') => ({
      transactionId: Buffer.alloc(16, 7),
      notificationMetadata: { seqNumber: 9, profileManagementOperation: operations, notificationAddress: 'smdp.example.com', iccid: Buffer.alloc(10, 0x98) },
      smdpOid: RID.smdpp,
      finalResult: { successResult: { aid: Buffer.from(aid, 'hex'), simaResponse: Buffer.from('3007A0053003800100', 'hex') } },
    });
    const pir = (d: unknown) => c.encode('ProfileInstallationResult', { profileInstallationResultData: d, euiccSignPIR: Buffer.alloc(64, 1) });
    assert.ok(compactProfileInstallationResult(pir(data(['notificationInstall']))).length > 0);
    assert.throws(() => compactProfileInstallationResult(pir(data(['notificationInstall', 'notificationEnable']))), typed('full form'));
    assert.throws(() => compactProfileInstallationResult(pir(data(['notificationInstall'], 'A000000559'))), typed('finalResult.successResult.aid'));
    assert.throws(() => compactOtherSignedNotification(Buffer.from('30020500', 'hex')), (e) => e instanceof CompactFormError && e.form === 'OtherSignedNotification');
  });

  it('smdpOidOf reads the registeredID of CERT.DPauth and CERT.DPpb', async () => {
    const f = await card();
    for (const curve of CURVES) for (const role of ['dpAuth', 'dpPb'] as const) assert.equal(smdpOidOf(f.pki.get(role, curve).cert.raw), RID.smdpp);
    assert.equal(smdpOidOf(f.pki.get('euicc', 'nist').cert.raw), undefined);
  });
});

describe('SGP.32 v1.0 compact forms', () => {
  it('a v1.0 card: the same forms expand byte for byte; CompactOtherSignedNotification has no eidValue', async () => {
    const f = await card({ version: 'v1.0' });
    const run = await relayedDownload(f, 'nist', { notificationConfigurationInfo: NOTIFY });
    for (const r of [run.auth, run.prepare, run.pir]) assert.equal(hex(r.expanded), hex(r.full));
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: run.eim.iccid }, refreshFlag: false }), { enableResult: 0 });
    const [full] = await listed(f, 'notificationEnable');
    const compact = compactOtherSignedNotification(full, { version: 'v1.0' });
    assert.equal(hex(expandOtherSignedNotification(compact, certificates(f, 'nist'), 'v1.0')), hex(full));
    assert.throws(() => compactOtherSignedNotification(full, { version: 'v1.0', includeEid: true }), typed('eidValue'));
    // The v1.0 decoder skips a v1.2 eidValue as an unknown extension; the expansion refuses what it would drop.
    const v12 = compactOtherSignedNotification(full, { includeEid: true });
    assert.throws(() => expandOtherSignedNotification(v12, certificates(f, 'nist'), 'v1.0'), typed('compactOtherSignedNotification'));
  });
});

describe('a flipped byte in a compact form never expands to an accepted full form', () => {
  const RUNS = 150;
  /** Expansion either throws CompactFormError or gives bytes the verifier refuses. */
  function property(compact: Buffer, expand: (b: Uint8Array) => Buffer, accepts: (b: Uint8Array) => boolean): void {
    assert.ok(accepts(expand(compact)), 'precondition: the unflipped form is accepted');
    fc.assert(fc.property(fc.nat({ max: compact.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
      const bad = Buffer.from(compact);
      bad[at] ^= mask;
      let expanded: Buffer;
      try {
        expanded = expand(bad);
      } catch (e) {
        return e instanceof CompactFormError;
      }
      return !accepts(expanded);
    }), { numRuns: RUNS });
  }

  for (const curve of CURVES) {
    it(`${curve}: every form`, async () => {
      const f = await card();
      const run = await relayedDownload(f, curve, { notificationConfigurationInfo: NOTIFY });
      property(run.auth.compact, (b) => expandAuthenticateServerResponse(b, {}), (b) => acceptsAuthenticateServerResponse(b, f, curve));
      property(run.prepare.compact, (b) => expandPrepareDownloadResponse(b, run.eim), (b) => acceptsPrepareDownloadResponse(b, run));
      property(run.pir.compact, (b) => expandPendingNotification(b, run.eim), (b) => acceptsProfileInstallationResult(b, run.euiccKey));

      const s = await authenticated(f, curve);
      const known: CompactContext = {
        transactionId: s.transactionId, smdpAddress: s.server.serverAddress, serverChallenge: s.serverChallenge,
        euiccInfo2: Buffer.from(await f.raw(f.encode('GetEuiccInfo2Request', {}))), ...certificates(f, curve),
      };
      const small = compactAuthenticateServerResponse(s.full, { omitCertificates: true, compactSignedData: true });
      property(small, (b) => expandAuthenticateServerResponse(b, known), (b) => acceptsAuthenticateServerResponse(b, f, curve));
      const cancelled = Buffer.from(await f.raw(f.encode('CancelSessionRequest', { transactionId: s.transactionId, reason: 4 })));
      const eim = { transactionId: s.transactionId, smdpOid: RID.smdpp };
      property(compactCancelSessionResponse(cancelled), (b) => expandCancelSessionResponse(b, eim), (b) => acceptsCancelSessionResponse(b, run.euiccKey));

      assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: run.eim.iccid }, refreshFlag: false }), { enableResult: 0 });
      const [enable] = await listed(f, 'notificationEnable');
      const known2 = { ...certificates(f, notificationCurve(f)), eid: FIXTURE_EID };
      property(compactOtherSignedNotification(enable, { includeEid: true }), (b) => expandPendingNotification(b, known2), (b) => acceptsOtherSignedNotification(b, f, notificationCurve(f)));
    });
  }
});
