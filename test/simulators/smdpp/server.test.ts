/**
 * S_SM-DP+ over real HTTPS on loopback: ES2+ orders over mutual TLS, then ES9+ downloads driven by an
 * Es9PlusClient whose eUICC is an S_eUICC card behind APDUs, on both curves; and the SGP.23 / SGP.22
 * status codes of each refused case (reference sgp33-catalog §4).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { codec, toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { luhnCheckDigit } from '../../../src/profile';
import { Es2PlusClient, Es9PlusClient, FunctionFailedError, HttpTlsError } from '../../../src/transport/http';
import { InventoryProfile } from '../../../simulators/smdpp/orders';
import { activationCode, SimSmdpp, SmdppUrls } from '../../../simulators/smdpp/server';
import { FIXTURE_EID, fixtureCards, fixturePki } from '../euicc/fixture';
import { authenticate, downloadOverEs9, getBpp, install, prepare } from './ipa';

const rsp = codec('RSPDefinitions');
const CURVES: readonly Curve[] = ['nist', 'brp'];
const OTHER_EID = '89049032123451234512345678901000';
const card = fixtureCards();
const { pki } = fixturePki();

/** 40 orderable profiles: each test takes fresh ones. */
const PROFILES: InventoryProfile[] = Array.from({ length: 40 }, (_, i) => {
  const payload = `890049${String(i).padStart(12, '0')}1`;
  return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: i < 36 ? 'Test' : 'Scarce' };
});

const sims = new Map<Curve, { sim: SimSmdpp; urls: SmdppUrls }>();
before(async () => {
  for (const curve of CURVES) {
    const sim = new SimSmdpp({ pki, curve, profiles: PROFILES });
    sims.set(curve, { sim, urls: await sim.start() });
  }
});
after(async () => {
  for (const { sim } of sims.values()) await sim.close();
});

const es2 = (curve: Curve = 'nist', withCert = true) => new Es2PlusClient({
  baseUrl: sims.get(curve)!.urls.es2, trust: pki.trustedCis(curve), functionRequesterIdentifier: 'test-mno',
  ...(withCert && { clientCredential: pki.get('es2plusClient', curve) }),
});
const es9 = (curve: Curve = 'nist', binding: 'json' | 'asn1' = 'json') => new Es9PlusClient({ baseUrl: sims.get(curve)!.urls.es9, trust: pki.trustedCis(curve), binding });
const sim = (curve: Curve = 'nist') => sims.get(curve)!.sim;

/** DownloadOrder by profile type and ConfirmOrder over ES2+; resolves with the ICCID and matchingId. */
async function order(o: { curve?: Curve; eid?: string; confirmationCode?: string; releaseFlag?: boolean; matchingId?: string } = {}) {
  const client = es2(o.curve);
  const { iccid } = await client.downloadOrder({ ...(o.eid !== undefined && { eid: o.eid }), profileType: 'Test' });
  const confirmed = await client.confirmOrder({
    iccid, releaseFlag: o.releaseFlag ?? true,
    ...(o.confirmationCode !== undefined && { confirmationCode: o.confirmationCode }), ...(o.matchingId !== undefined && { matchingId: o.matchingId }),
  });
  await client.close();
  return { iccid, ...confirmed };
}

/** The function failed with `subject`/`reason`. */
async function fails(p: Promise<unknown>, subject: string, reason: string): Promise<FunctionFailedError> {
  const e = await p.then(() => assert.fail('expected a failure'), (x: unknown) => x);
  assert.ok(e instanceof FunctionFailedError, String(e));
  assert.equal(e.status, 'Failed');
  assert.deepEqual([e.statusCodeData?.subjectCode, e.statusCodeData?.reasonCode], [subject, reason], e.message);
  return e;
}

const address = (curve: Curve = 'nist') => sim(curve).address;

describe('S_SM-DP+ ES2+ then ES9+ download', () => {
  for (const curve of CURVES) {
    it(`DP-E2E-ES2P-NOM-01 ${curve}: DownloadOrder + ConfirmOrder over mutual TLS, download, PIR recorded, order installed`, async () => {
      const f = await card();
      const o = await order({ curve, eid: FIXTURE_EID });
      assert.equal(o.eid, FIXTURE_EID);
      assert.equal(o.smdpAddress, address(curve));
      assert.match(o.matchingId, /^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);
      assert.equal(sim(curve).activationCode(o.iccid), `1$${address(curve)}$${o.matchingId}`);
      const client = es9(curve);
      const { auth, pir } = await downloadOverEs9(f, client, { address: address(curve), matchingId: o.matchingId });
      await client.close();
      assert.equal(auth.ok.smdpSigned2.ccRequiredFlag, false);
      const data = f.euicc.codec.decode<any>('ProfileInstallationResult', pir).profileInstallationResultData;
      assert.ok(data.finalResult.successResult, JSON.stringify(data.finalResult));
      const { profileInfoListOk: list } = await f.es10('ProfileInfoListRequest', {});
      assert.deepEqual(Buffer.from(list[0].iccid), sim(curve).profileOf(o.iccid).iccidBcd);
      const n = sim(curve).notifications.at(-1)!;
      assert.equal(n.kind, 'profileInstallationResult');
      assert.equal(n.transactionId, toHex(auth.transactionId));
      assert.equal(n.signatureValid, true);
      assert.equal(n.success, true);
      assert.equal(n.iccid, o.iccid);
      assert.equal(n.eid, FIXTURE_EID);
      assert.equal(sim(curve).orders.get(o.iccid)!.state, 'installed');
    });
  }

  it('DP-ES9P-AUTHCL-NOM-02 confirmation code: ccRequiredFlag set, the right code downloads', async () => {
    const f = await card();
    const o = await order({ confirmationCode: '1234' });
    const { auth, pir } = await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId, confirmationCode: '1234' });
    assert.equal(auth.ok.smdpSigned2.ccRequiredFlag, true);
    assert.ok(f.euicc.codec.decode<any>('ProfileInstallationResult', pir).profileInstallationResultData.finalResult.successResult);
    assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
  });

  it('DP-ES9P-AUTHCL-NOM-08 an order without EID is downloaded by whichever eUICC has the matchingId', async () => {
    const f = await card();
    const o = await order();
    assert.equal(o.eid, undefined);
    await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId });
    assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
  });

  it('DP-ES9P-AUTHCL-NOM-10 empty matchingId: the order is found by EID (default SM-DP+)', async () => {
    const f = await card();
    const o = await order({ eid: FIXTURE_EID, matchingId: '' });
    assert.equal(o.matchingId, '');
    await downloadOverEs9(f, es9(), { address: address() });
    assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
  });

  it('DP-ES9P-MODE-NOM-01 ASN.1 binding (v1.0 card): whole flow through Es9PlusClient, errors as error alternatives', async () => {
    const f = await card({ version: 'v1.0' });
    const client = es9('nist', 'asn1');
    const o = await order();
    await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId, viaClient: true });
    assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
    const e = await fails(authenticate(f, client, { address: address(), matchingId: 'NOPE', viaClient: true }), '8.2.6', '3.8');
    assert.equal(e.asn1Error, 'matchingIdRefused');
  });

  it('DP-ES9P-NOTIF-NOM-03 a PIR with errorResult is accepted (204), recorded, and the order goes to error', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const bpp = await getBpp(client, auth, await prepare(f, auth));
    bpp[bpp.length - 1] ^= 0x01;
    const pir = await install(f, bpp);
    await client.handleNotification({ pendingNotification: { profileInstallationResult: rsp.decode('ProfileInstallationResult', pir) } });
    const n = sim().notifications.at(-1)!;
    assert.equal(n.signatureValid, true);
    assert.equal(n.success, false);
    assert.deepEqual(n.errorResult, { bppCommandId: 5, errorReason: 8 });
    assert.equal(sim().orders.get(o.iccid)!.state, 'error');
  });

  it('DP-ES9P-NOTIF-NOM-02 an OtherSignedNotification is verified against the CI and recorded', async () => {
    const f = await card();
    const o = await order();
    await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId });
    await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: sim().profileOf(o.iccid).iccidBcd }, refreshFlag: false });
    const { notificationList } = await f.es10('RetrieveNotificationsListRequest', {});
    const other = notificationList.find((x: any) => x.otherSignedNotification);
    assert.ok(other, 'the card listed an enable notification');
    await es9().handleNotification({ pendingNotification: rsp.decode('PendingNotification', f.euicc.codec.encode('PendingNotification', other)) });
    const n = sim().notifications.at(-1)!;
    assert.equal(n.kind, 'otherSignedNotification');
    assert.deepEqual(n.operations, ['notificationEnable']);
    assert.equal(n.signatureValid, true, n.problem);
    assert.equal(n.eid, FIXTURE_EID);
  });
});

describe('S_SM-DP+ ES9+ refusals', () => {
  it('DP-ES9P-INITAUTH-ERR-01 another SM-DP+ address: 8.8.1 / 3.8', async () => {
    const f = await card();
    await fails(authenticate(f, es9(), { address: 'other.example.com' }), '8.8.1', '3.8');
  });

  it('DP-ES9P-INITAUTH-ERR-02 no CI the SM-DP+ knows in euiccInfo1: 8.8.2 / 3.1', async () => {
    const f = await card();
    const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
    const unknown = [randomBytes(20)];
    const euiccInfo1 = { svn: Buffer.from('020300', 'hex'), euiccCiPKIdListForVerification: unknown, euiccCiPKIdListForSigning: unknown };
    await fails(es9().initiateAuthentication({ euiccChallenge, smdpAddress: address(), euiccInfo1 }), '8.8.2', '3.1');
  });

  it('DP-ES9P-AUTHCL-ERR-07 unknown matchingId: 8.2.6 / 3.8, and a second session with the right one succeeds', async () => {
    const f = await card();
    const o = await order();
    await fails(authenticate(f, es9(), { address: address(), matchingId: 'WRONG-MATCHING-ID' }), '8.2.6', '3.8');
    await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId });
  });

  it('DP-ES9P-AUTHCL-ERR-15 an order for another EID: 8.1.1 / 3.8', async () => {
    const f = await card();
    const o = await order({ eid: OTHER_EID });
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.1.1', '3.8');
  });

  it('DP-ES9P-AUTHCL-ERR-10 no matchingId and no order for the EID: 8.1.1 / 3.8', async () => {
    const f = await card();
    await fails(authenticate(f, es9(), { address: address() }), '8.1.1', '3.8');
  });

  it('DP-ES9P-AUTHCL-ERR-06 order not released: 8.2 / 1.2, then ReleaseProfile lets it download', async () => {
    const f = await card();
    const o = await order({ releaseFlag: false });
    assert.equal(sim().orders.get(o.iccid)!.state, 'confirmed');
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.2', '1.2');
    await es2().releaseProfile({ iccid: o.iccid });
    await downloadOverEs9(f, es9(), { address: address(), matchingId: o.matchingId });
  });

  it('DP-ES9P-AUTHCL-ERR-12 expired order (expireOrder hook): 8.8.5 / 4.10', async () => {
    const f = await card();
    const o = await order();
    sim().hooks.expireOrder();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.8.5', '4.10');
  });

  it('DP-ES9P-AUTHCL-ERR-12 expired order (order lifetime over): 8.8.5 / 4.10', async () => {
    let now = Date.now();
    const local = new SimSmdpp({ pki, curve: 'nist', profiles: PROFILES.slice(0, 1), orderLifetimeMs: 60_000, now: () => new Date(now) });
    const urls = await local.start();
    try {
      const client = new Es2PlusClient({ baseUrl: urls.es2, trust: pki.trustedCis('nist'), clientCredential: pki.get('es2plusClient', 'nist') });
      const { iccid } = await client.downloadOrder({ iccid: PROFILES[0].iccid });
      const { matchingId } = await client.confirmOrder({ iccid, releaseFlag: true });
      now += 61_000;
      const f = await card();
      await fails(authenticate(f, new Es9PlusClient({ baseUrl: urls.es9, trust: pki.trustedCis('nist') }), { address: local.address, matchingId }), '8.8.5', '4.10');
    } finally {
      await local.close();
    }
  });

  it('DP-ES9P-AUTHCL-ERR-18 corrupted euiccSignature1 (card hook): 8.1 / 6.1', async () => {
    const f = await card();
    const o = await order();
    f.euicc.hooks.corruptSignatures();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.1', '6.1');
  });

  it('DP-ES9P-AUTHCL-ERR-17 transactionId of the request differs from the signed one: 8.10.1 / 3.9', async () => {
    const f = await card();
    const o = await order();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId, outerTransactionId: randomBytes(16) }), '8.10.1', '3.9');
  });

  it('DP-ES9P-GBPP-ERR-03 unknown transactionId: 8.10.1 / 3.9', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const answer = await prepare(f, auth);
    await fails(getBpp(client, { ...auth, transactionId: randomBytes(16) }, answer), '8.10.1', '3.9');
  });

  it('DP-ES9P-GBPP-ERR-06 / RTY-11 wrong confirmation code: 8.2.7 / 3.8; a new session with the right code downloads', async () => {
    const f = await card();
    const o = await order({ confirmationCode: '1234' });
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    await fails(getBpp(client, auth, await prepare(f, auth, '9999')), '8.2.7', '3.8');
    assert.equal(sim().orders.get(o.iccid)!.ccFailures, 1);
    await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId, confirmationCode: '1234' });
  });

  it('DP-ES9P-AUTHCL-ERR-13 confirmation code retries exhausted: 8.2.7 / 6.4, then the order is over: 8.8.5 / 6.4', async () => {
    const f = await card();
    const o = await order({ confirmationCode: '1234' });
    const client = es9();
    for (const expected of [['8.2.7', '3.8'], ['8.2.7', '3.8'], ['8.2.7', '6.4']]) {
      const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
      await fails(getBpp(client, auth, await prepare(f, auth, '0000')), expected[0], expected[1]);
    }
    assert.equal(sim().orders.get(o.iccid)!.state, 'error');
    await fails(authenticate(f, client, { address: address(), matchingId: o.matchingId }), '8.8.5', '6.4');
  });

  it('DP-ES9P-CANCEL-NOM-02 CancelSession (postponed) after AuthenticateClient: session gone, order still downloadable', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const cancel = await f.raw(f.encode('CancelSessionRequest', { transactionId: auth.transactionId, reason: 1 }));
    await client.cancelSession({ transactionId: auth.transactionId, cancelSessionResponse: rsp.decode('CancelSessionResponse', cancel) });
    assert.equal(sim().orders.get(o.iccid)!.state, 'released');
    await fails(client.cancelSession({ transactionId: auth.transactionId, cancelSessionResponse: rsp.decode('CancelSessionResponse', cancel) }), '8.10.1', '3.9');
    await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId });
  });

  it('DP-ES9P-CANCEL-NOM-01 CancelSession (endUserRejection): the order goes to error', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const cancel = await f.raw(f.encode('CancelSessionRequest', { transactionId: auth.transactionId, reason: 0 }));
    await client.cancelSession({ transactionId: auth.transactionId, cancelSessionResponse: rsp.decode('CancelSessionResponse', cancel) });
    assert.equal(sim().orders.get(o.iccid)!.state, 'error');
  });

  it('DP-ES9P-CANCEL-ERR-03 CancelSession with a corrupted signature: 8.1 / 6.1', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    f.euicc.hooks.corruptSignatures();
    const cancel = await f.raw(f.encode('CancelSessionRequest', { transactionId: auth.transactionId, reason: 1 }));
    await fails(client.cancelSession({ transactionId: auth.transactionId, cancelSessionResponse: rsp.decode('CancelSessionResponse', cancel) }), '8.1', '6.1');
  });
});

describe('S_SM-DP+ ES2+ refusals (SGP.22 §5.3 codes)', () => {
  it('DP-ES2P-DLORDER-ERR-01/02 ICCID in use: 8.2.1 / 3.3; unknown ICCID: 8.2.1 / 3.9; no profile of the type left: 8.2.5 / 3.7', async () => {
    const client = es2();
    const { iccid } = await client.downloadOrder({ profileType: 'Test' });
    await fails(client.downloadOrder({ iccid }), '8.2.1', '3.3');
    await fails(client.downloadOrder({ iccid: '8900000000000099999' }), '8.2.1', '3.9');
    await fails(client.downloadOrder({ profileType: 'Unknown' }), '8.2.5', '3.9');
    for (let i = 0; i < 4; i++) await client.downloadOrder({ profileType: 'Scarce' });
    await fails(client.downloadOrder({ profileType: 'Scarce' }), '8.2.5', '3.7');
  });

  it('DP-ES2P-CONFIRM-ERR-01..06 unknown, available, conflicting matchingId, SM-DS, empty matchingId without EID, other EID', async () => {
    const client = es2();
    await fails(client.confirmOrder({ iccid: '8900000000000099999', releaseFlag: true }), '8.2.1', '3.9');
    const available = sim().orders.all().find((x) => x.state === 'available')!;
    await fails(client.confirmOrder({ iccid: available.iccid, releaseFlag: true }), '8.2.1', '3.5');
    await order({ matchingId: 'CONFLICT-1' });
    const { iccid } = await client.downloadOrder({ profileType: 'Test' });
    await fails(client.confirmOrder({ iccid, matchingId: 'CONFLICT-1', releaseFlag: true }), '8.2.6', '3.3');
    await fails(client.confirmOrder({ iccid, smdsAddress: 'smds.example.com', releaseFlag: true }), '8.9', '5.1');
    await fails(client.confirmOrder({ iccid, matchingId: '', releaseFlag: true }), '8.1.1', '2.2');
    const linked = await client.downloadOrder({ eid: FIXTURE_EID, profileType: 'Test' });
    await fails(client.confirmOrder({ iccid: linked.iccid, eid: OTHER_EID, releaseFlag: true }), '8.1.1', '3.10');
  });

  it('DP-ES2P-CANCEL-NOM-01 / ERR-01..04 CancelOrder: nominal frees the profile; unknown, missing EID, wrong matchingId, available refused', async () => {
    const client = es2();
    const o = await order({ eid: FIXTURE_EID });
    await fails(client.cancelOrder({ iccid: '8900000000000099999', finalProfileStatusIndicator: 'Available' }), '8.2.1', '3.9');
    await fails(client.cancelOrder({ iccid: o.iccid, finalProfileStatusIndicator: 'Available' }), '8.1.1', '2.2');
    await fails(client.cancelOrder({ iccid: o.iccid, eid: FIXTURE_EID, matchingId: 'WRONG', finalProfileStatusIndicator: 'Available' }), '8.2.6', '3.10');
    await client.cancelOrder({ iccid: o.iccid, eid: FIXTURE_EID, matchingId: o.matchingId, finalProfileStatusIndicator: 'Available' });
    assert.equal(sim().orders.get(o.iccid)!.state, 'available');
    await fails(client.cancelOrder({ iccid: o.iccid, finalProfileStatusIndicator: 'Available' }), '8.2.1', '3.5');
    const f = await card();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.2.6', '3.8');
  });

  it('DP-TLS-ES2P-ERR-01 ES2+ without an operator certificate is refused in the handshake', async () => {
    const e = await es2('nist', false).releaseProfile({ iccid: PROFILES[0].iccid }).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof HttpTlsError, String(e));
  });

  it('activationCode() formats 1$<address>$<matchingId>', () => {
    assert.equal(activationCode('smdp.example.com', { matchingId: 'ABC-1' }), '1$smdp.example.com$ABC-1');
  });
});
