/**
 * Compact ESipa forms (catalogue IPAD-ESIPA-COMPACT-NOM-01): with `compact` the IPA sends the card's
 * answers in their compact forms; the scripted eIM expands them with S_eIM's compact.ts and relays
 * the SGP.22 forms to a real S_SM-DP+, which verifies the eUICC's signatures over the expanded bytes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, fromHex, toHex } from '../../../src/asn1';
import { dataObjects } from '../../../src/crypto/rsp-signatures';
import { Es2PlusClient, Es9PlusClient } from '../../../src/transport/http';
import {
  CompactContext, expandAuthenticateServerResponse, expandPendingNotification, expandPrepareDownloadResponse, smdpOidOf,
} from '../../../simulators/eim/compact';
import { ts_psmoEnable, ts_psmoList } from '../../../simulators/eim/packages';
import { sequenceFrom, transactionRequest } from '../../../simulators/ipa/relay';
import { SimSmdpp, SmdppUrls } from '../../../simulators/smdpp/server';
import { ICCIDS } from '../euicc/eim-helpers';
import { FIXTURE_EID, fixturePki } from '../euicc/fixture';
import { benches } from './setup';

const { pki } = fixturePki();
const bench = benches();
const rsp = codec('RSPDefinitions');
let dp: { sim: SimSmdpp; urls: SmdppUrls };
before(async () => {
  const sim = new SimSmdpp({ pki, curve: 'nist' });
  dp = { sim, urls: await sim.start() };
});
after(() => dp.sim.close());

describe('S_IPA compact ESipa forms', () => {
  it('IPAD-ESIPA-COMPACT-NOM-01 indirect download: compact AuthenticateServerResponse, PrepareDownloadResponse and PIR, expanded by the eIM, verified by the SM-DP+', async () => {
    const b = await bench({ ipa: { compact: true } });
    const es9 = new Es9PlusClient({ baseUrl: dp.urls.es9, trust: pki.trustedCis('nist'), binding: 'json' });
    const session: CompactContext = {};
    const forms: string[] = [];
    b.eim.otherwise('initiateAuthentication', async (r) => {
      const { euiccCiPKIdToBeUsed, ...ok } = await es9.initiateAuthentication({ euiccChallenge: r.euiccChallenge, smdpAddress: r.smdpAddress, euiccInfo1: r.euiccInfo1 });
      Object.assign(session, { transactionId: ok.transactionId, smdpAddress: r.smdpAddress, serverChallenge: ok.serverSigned1.serverChallenge });
      return { initiateAuthenticationOkEsipa: { ...ok, euiccCiPKIdentifierToBeUsed: euiccCiPKIdToBeUsed } };
    });
    b.eim.otherwise('authenticateClient', async (r, ctx) => {
      forms.push(Object.keys(r.authenticateServerResponse)[0]);
      const sent = dataObjects(ctx.body, 'AuthenticateClientRequestEsipa', 0xbf3b).get(0xbf38)!;
      const full = expandAuthenticateServerResponse(sent, session);
      const ok = await es9.authenticateClient(transactionRequest(rsp, 'AuthenticateClientRequest', r.transactionId, 'authenticateServerResponse', full));
      Object.assign(session, { smdpOid: smdpOidOf(ok.smdpCertificate.der), iccid: ok.profileMetaData?.iccid, bppEuiccOtpk: ok.smdpSigned2.bppEuiccOtpk });
      return { authenticateClientOkDPEsipa: ok };
    });
    b.eim.otherwise('getBoundProfilePackage', async (r, ctx) => {
      forms.push(Object.keys(r.prepareDownloadResponse)[0]);
      const sent = dataObjects(ctx.body, 'GetBoundProfilePackageRequestEsipa', 0xbf3a).get(0xbf21)!;
      const full = expandPrepareDownloadResponse(sent, session);
      return { getBoundProfilePackageOkEsipa: await es9.getBoundProfilePackage(transactionRequest(rsp, 'GetBoundProfilePackageRequest', r.transactionId, 'prepareDownloadResponse', full)) };
    });
    b.eim.otherwise('handleNotification', async (r, ctx) => {
      forms.push(Object.keys(r.pendingNotification)[0]);
      const sent = dataObjects(ctx.body, 'HandleNotificationEsipa', 0xbf3d, 0xa0).get(0xa0)!;
      // The eIM knows the eUICC's ISD-P AIDs (e.g. from listProfileInfo); here it reads the one just created.
      const isdpAid = fromHex(b.f.euicc.state.profiles.find((p) => p.iccid === toHex(session.iccid!))!.isdpAid);
      const full = expandPendingNotification(sent, { ...session, isdpAid });
      await es9.handleNotification(sequenceFrom(rsp.node('HandleNotification'), { pendingNotification: full }));
      return undefined;
    });

    const es2 = new Es2PlusClient({ baseUrl: dp.urls.es2, trust: pki.trustedCis('nist'), clientCredential: pki.get('es2plusClient', 'nist'), functionRequesterIdentifier: 'mno' });
    const { iccid } = await es2.downloadOrder({ eid: FIXTURE_EID, profileType: 'Test' });
    await es2.confirmOrder({ iccid, releaseFlag: true });
    await es2.close();
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode: dp.sim.activationCode(iccid) } } });
    const r = await b.ipa.pollOnce();
    await es9.close();
    assert.equal(r.ok, true, r.error?.stack);
    assert.deepEqual(forms, ['compactAuthenticateResponseOk', 'compactDownloadResponseOk', 'compactProfileInstallationResult']);
    const pir = dp.sim.notifications.at(-1)!;
    assert.equal(pir.signatureValid, true, 'the PIR the eIM rebuilt is the one the eUICC signed');
    assert.equal(dp.sim.orders.get(iccid)!.state, 'installed');
  });

  it('IPAD-ESIPA-COMPACT-NOM-02 ePRAndNotifications: the notifications in compact form with the EID; the package result unchanged', async () => {
    const notify = ['notificationEnable', 'notificationDisable'];
    const b = await bench({ profiles: [{ iccid: ICCIDS[0], enabled: true, notify }, { iccid: ICCIDS[1], notify }], ipa: { compact: true } });
    b.eim.queue('getEimPackage', { euiccPackageRequest: b.sign(ts_psmoList(ts_psmoEnable(ICCIDS[1]))).value });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    const result = b.eim.requests('provideEimPackageResult')[0].value.eimPackageResult.ePRAndNotifications;
    assert.ok(result.euiccPackageResult.euiccPackageResultSigned);
    assert.equal(result.notificationList.length, 2);
    for (const n of result.notificationList) {
      assert.deepEqual(Object.keys(n), ['compactOtherSignedNotification']);
      assert.equal(toHex(n.compactOtherSignedNotification.eidValue), FIXTURE_EID);
    }
  });
});
