/**
 * S_SM-DP+ over real HTTPS on loopback: ES2+ orders over mutual TLS, then ES9+ downloads driven by an
 * Es9PlusClient whose eUICC is an S_eUICC card behind APDUs, on both curves; and the SGP.23 / SGP.22
 * status codes of each refused case (reference sgp33-catalog §4).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { toHex } from '../../../src/asn1';
import { Es2PlusClient, Es9PlusClient, HttpTlsError } from '../../../src/transport/http';
import { activationCode, SimSmdpp } from '../../../simulators/smdpp/server';
import { FIXTURE_EID, fixtureCards } from '../euicc/fixture';
import { CURVES, fails, failsAsn1, OTHER_EID, pki, PROFILES, smdppBench } from './fixture';
import { authenticate, cancel, downloadOverEs9, es9Request, getBpp, install, notify, prepare } from './ipa';

const card = fixtureCards();
const { sim, address, es2, es9, order } = smdppBench();

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

  for (const version of ['v1.2', 'v1.0'] as const) {
    it(`DP-ES9P-MODE-NOM-01 ASN.1 binding (${version} card): whole flow through Es9PlusClient, errors as error alternatives`, async () => {
      const f = await card({ version });
      const client = es9('nist', 'asn1');
      const o = await order();
      await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId });
      assert.equal(sim().orders.get(o.iccid)!.state, 'installed');
      assert.equal(sim().notifications.at(-1)!.signatureValid, true);
      await failsAsn1(authenticate(f, client, { address: address(), matchingId: 'NOPE' }), 'matchingIdRefused', '8.2.6', '3.8');
    });
  }

  it('DP-ES9P-NOTIF-NOM-03 a PIR with errorResult is accepted (204), recorded, and the order goes to error', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const bpp = await getBpp(client, auth, await prepare(f, auth));
    bpp[bpp.length - 1] ^= 0x01;
    const pir = await install(f, bpp);
    await notify(client, pir);
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
    await notify(es9(), f.euicc.codec.encode('PendingNotification', other));
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

  it('DP-ES9P-AUTHCL-ERR-15/16 an activation code (matchingId) whose order is for another EID: 8.1.1 / 3.8', async () => {
    const f = await card();
    const o = await order({ eid: OTHER_EID });
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId }), '8.1.1', '3.8');
    await failsAsn1(authenticate(f, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'eidMismatch', '8.1.1', '3.8');
  });

  it('DP-ES9P-AUTHCL-ERR-10 default SM-DP+, no matchingId: the only order without one is for another EID: 8.1.1 / 3.8', async () => {
    const f = await card();
    await order({ eid: OTHER_EID, matchingId: '' });
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
    f.euicc.hooks.corruptSignatures();
    await failsAsn1(authenticate(f, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId }), 'euiccSignatureInvalid', '8.1', '6.1');
  });

  it('DP-ES9P-AUTHCL-ERR-17 transactionId of the request differs from the signed one: 8.10.1 / 3.9', async () => {
    const f = await card();
    const o = await order();
    await fails(authenticate(f, es9(), { address: address(), matchingId: o.matchingId, outerTransactionId: randomBytes(16) }), '8.10.1', '3.9');
    await failsAsn1(authenticate(f, es9('nist', 'asn1'), { address: address(), matchingId: o.matchingId, outerTransactionId: randomBytes(16) }), 'invalidTransactionId', '8.10.1', '3.9');
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

  it('DP-ES9P-CANCEL-NOM-02 / CANCEL-ERR-01 CancelSession (postponed) after AuthenticateClient: session gone (the same call again: 8.10.1 / 3.9), order still downloadable', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    const receipt = await cancel(f, client, auth.transactionId, 1);
    assert.equal(sim().orders.get(o.iccid)!.state, 'released');
    await fails(client.cancelSession(es9Request.cancelSession(auth.transactionId, receipt)), '8.10.1', '3.9');
    await downloadOverEs9(f, client, { address: address(), matchingId: o.matchingId });
  });

  it('DP-ES9P-CANCEL-NOM-01 CancelSession (endUserRejection): the order goes to error', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    await cancel(f, client, auth.transactionId, 0);
    assert.equal(sim().orders.get(o.iccid)!.state, 'error');
  });

  it('DP-ES9P-CANCEL-ERR-03 CancelSession after AuthenticateClient with a corrupted signature: 8.1 / 6.1', async () => {
    const f = await card();
    const o = await order();
    const client = es9();
    const auth = await authenticate(f, client, { address: address(), matchingId: o.matchingId });
    f.euicc.hooks.corruptSignatures();
    await fails(cancel(f, client, auth.transactionId, 1), '8.1', '6.1');
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
