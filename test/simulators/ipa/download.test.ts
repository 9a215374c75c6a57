/**
 * S_IPA profile downloads against a real S_SM-DP+ (ES2+ orders, ES9+ over HTTPS): indirect through
 * the scripted S_eIM, which relays the IPA's request bodies to the SM-DP+ byte for byte, on both
 * curves; direct over ES9+; and the cancel path when the eIM refuses (catalogue IPAD-E2E-INDDL-NOM-01,
 * IPAD-ESIPA-DIRDL-NOM-01, IPAD-ESIPA-INDDL-ERR-01).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { dataObjects } from '../../../src/crypto/rsp-signatures';
import { luhnCheckDigit } from '../../../src/profile';
import { Es2PlusClient, Es9PlusClient } from '../../../src/transport/http';
import { InventoryProfile } from '../../../simulators/smdpp/orders';
import { SimSmdpp, SmdppUrls } from '../../../simulators/smdpp/server';
import { FIXTURE_EID, fixturePki } from '../euicc/fixture';
import { benches } from './setup';

const CURVES: readonly Curve[] = ['nist', 'brp'];
const { pki } = fixturePki();
const bench = benches();

const PROFILES: InventoryProfile[] = Array.from({ length: 12 }, (_, i) => {
  const payload = `890049${String(i + 500).padStart(12, '0')}1`;
  return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: 'Test' };
});

const dps = new Map<Curve, { sim: SimSmdpp; urls: SmdppUrls }>();
before(async () => {
  for (const curve of CURVES) {
    const sim = new SimSmdpp({ pki, curve, profiles: PROFILES });
    dps.set(curve, { sim, urls: await sim.start() });
  }
});
after(async () => {
  for (const { sim } of dps.values()) await sim.close();
});

/** DownloadOrder + ConfirmOrder for the fixture's EID; resolves with the ICCID and activation code. */
async function order(curve: Curve, o: { confirmationCode?: string } = {}): Promise<{ iccid: string; activationCode: string }> {
  const { sim, urls } = dps.get(curve)!;
  const es2 = new Es2PlusClient({ baseUrl: urls.es2, trust: pki.trustedCis(curve), clientCredential: pki.get('es2plusClient', curve), functionRequesterIdentifier: 'mno' });
  const { iccid } = await es2.downloadOrder({ eid: FIXTURE_EID, profileType: 'Test' });
  await es2.confirmOrder({ iccid, releaseFlag: true, ...(o.confirmationCode && { confirmationCode: o.confirmationCode }) });
  await es2.close();
  return { iccid, activationCode: sim.activationCode(iccid) };
}

const es9 = (curve: Curve) => new Es9PlusClient({ baseUrl: dps.get(curve)!.urls.es9, trust: pki.trustedCis(curve) });

describe('S_IPA profile download', () => {
  for (const curve of CURVES) {
    it(`IPAD-E2E-INDDL-NOM-01 ${curve}: indirect download through the eIM, PIR by handleNotificationEsipa, then removed`, async () => {
      const b = await bench({ curve, eim: { indirectProfileDownload: true }, ipa: { directDownload: true } });
      const relay = es9(curve);
      b.eim.relayTo(relay);
      const { iccid, activationCode } = await order(curve);
      b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode }, eimTransactionId: fromHex('E1E2') } });
      const r = await b.ipa.pollOnce();
      await relay.close();
      assert.equal(r.ok, true, r.error?.stack);
      assert.equal(r.download?.route, 'indirect');
      assert.equal(r.download?.result, 'success');
      assert.equal(r.download?.iccid, iccid);
      assert.equal(r.download?.immediateEnable, 'immediateEnableNotAvailable');
      assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage', 'initiateAuthentication', 'authenticateClient', 'getBoundProfilePackage', 'handleNotification']);
      assert.equal(new Set(b.eim.received.map((x) => x.connectionId)).size, 1, 'one connection for the procedure');
      const init = b.eim.requests('initiateAuthentication')[0].value;
      assert.equal(init.smdpAddress, dps.get(curve)!.sim.address);
      assert.equal(toHex(init.eimTransactionId), 'E1E2');
      const commands = r.es10.map((e) => e.command);
      assert.deepEqual(commands.slice(0, 9), ['BF3E', 'BF55', 'BF2B', 'BF55', 'BF20', 'BF2E', 'BF38', 'BF21', 'BF36']);
      assert.deepEqual(commands.slice(-2), ['BF5A', 'BF30'], 'ImmediateEnable, then the PIR removed');
      const { sim } = dps.get(curve)!;
      const pir = sim.notifications.at(-1)!;
      assert.equal(pir.kind, 'profileInstallationResult');
      assert.equal(pir.signatureValid, true, 'the eUICC-signed PIR arrived intact');
      assert.equal(sim.orders.get(iccid)!.state, 'installed');
      assert.ok(!b.f.euicc.state.notifications.some((n) => n.seqNumber === r.notifications.removed[0]));
    });
  }

  it('IPAD-ESIPA-STATE-NOM-03 a card configured for immediate enable: ImmediateEnable ok, stateChangeCause immediateEnableProfile next, the enable notification delivered', async () => {
    const curve: Curve = 'nist';
    const b = await bench({ curve });
    b.f.euicc.state.immediateEnable = { enabled: true };
    const relay = es9(curve);
    b.eim.relayTo(relay);
    const { iccid, activationCode } = await order(curve);
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode } } });
    const first = await b.ipa.pollOnce();
    assert.equal(first.ok, true, first.error?.stack);
    assert.equal(first.download?.immediateEnable, 'ok');
    assert.equal(b.f.euicc.state.profiles.find((p) => p.state === 'enabled')?.iccid, toHex(dps.get(curve)!.sim.profileOf(iccid).iccidBcd));
    const second = await b.ipa.pollOnce();
    await relay.close();
    assert.equal(second.ok, true, second.error?.stack);
    assert.equal(second.stateChange, 'immediateEnableProfile');
    assert.equal(b.eim.requests('getEimPackage')[1].value.stateChangeCause, 5);
    // The enable notification the card queued went to the eIM (and on to the SM-DP+) before the poll, then off the card.
    assert.deepEqual(second.notifications.delivered.map((d) => d.via), ['esipa']);
    assert.deepEqual(second.notifications.removed, second.notifications.delivered.map((d) => d.seqNumber));
    const enable = dps.get(curve)!.sim.notifications.at(-1)!;
    assert.equal(enable.kind, 'otherSignedNotification');
    assert.equal(enable.signatureValid, true);
    assert.deepEqual(b.eim.received.map((x) => x.fn).slice(-2), ['handleNotification', 'getEimPackage']);
  });

  it('IPAD-ESIPA-DIRDL-NOM-01 direct download over ES9+, then profileDownloadTriggerResult with the PIR to the eIM', async () => {
    const curve: Curve = 'nist';
    const { sim, urls } = dps.get(curve)!;
    const b = await bench({ curve, ipa: { directDownload: true, smdpUrls: { [sim.address]: urls.es9 } } });
    b.f.euicc.state.immediateEnable = { enabled: true };
    const { iccid, activationCode } = await order(curve);
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode }, eimTransactionId: fromHex('D1') } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.download?.route, 'direct');
    assert.equal(r.download?.result, 'success');
    assert.deepEqual(r.es9plus.map((x) => x.function), ['initiateAuthentication', 'authenticateClient', 'getBoundProfilePackage', 'handleNotification']);
    assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage', 'provideEimPackageResult']);
    const provided = b.eim.requests('provideEimPackageResult')[0];
    const result = provided.value.eimPackageResult.profileDownloadTriggerResult;
    assert.equal(toHex(result.eimTransactionId), 'D1');
    assert.ok(result.profileDownloadTriggerResultData.profileInstallationResult);
    const sentPir = dataObjects(provided.body, 'ProvideEimPackageResult', 0xbf50, 0xbf54).get(0xbf37)!;
    assert.equal(sim.notifications.at(-1)!.signatureValid, true);
    assert.equal(sim.orders.get(iccid)!.state, 'installed');
    assert.ok(sentPir.length > 64, 'the PIR as the card signed it');

    // The enable notification ImmediateEnable queued names the SM-DP+: it goes there directly next cycle.
    const next = await b.ipa.pollOnce();
    assert.equal(next.ok, true, next.error?.message);
    assert.deepEqual(next.notifications.delivered.map((d) => d.via), ['es9plus']);
    assert.deepEqual(next.notifications.removed, next.notifications.delivered.map((d) => d.seqNumber));
    assert.equal(sim.notifications.at(-1)!.kind, 'otherSignedNotification');
    assert.equal(sim.notifications.at(-1)!.signatureValid, true);
    assert.deepEqual(b.eim.received.map((x) => x.fn).slice(2), ['getEimPackage'], 'nothing through the eIM but the poll');
  });

  it('IPAD-ESIPA-DIRDL-NOM-02 a confirmation code: hashCc from the configured code, download succeeds', async () => {
    const curve: Curve = 'brp';
    const { sim, urls } = dps.get(curve)!;
    const b = await bench({ curve, ipa: { directDownload: true, smdpUrls: { [sim.address]: urls.es9 }, confirmationCode: '4711' } });
    const { iccid, activationCode } = await order(curve, { confirmationCode: '4711' });
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode } } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(sim.orders.get(iccid)!.state, 'installed');
  });

  it('IPAD-ESIPA-INDDL-ERR-01 authenticateClientErrorEsipa: ES10b.CancelSession, its signed answer in cancelSessionRequestEsipa', async () => {
    const curve: Curve = 'nist';
    const b = await bench({ curve });
    const relay = es9(curve);
    b.eim.relayTo(relay);
    const { activationCode } = await order(curve);
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode } } });
    b.eim.queue('authenticateClient', { authenticateClientErrorEsipa: 6 });
    b.eim.queue('cancelSession', { cancelSessionOk: {} });
    const r = await b.ipa.pollOnce();
    await relay.close();
    assert.equal(r.ok, false);
    assert.equal(r.error?.name, 'PeerRefusedError');
    assert.match(r.error!.message, /matchingIdRefused/);
    assert.equal(r.download?.cancelled, 'undefinedReason');
    assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage', 'initiateAuthentication', 'authenticateClient', 'cancelSession']);
    const cancel = b.eim.requests('cancelSession')[0].value;
    const signed = cancel.cancelSessionResponse.cancelSessionResponseOk.euiccCancelSessionSigned;
    assert.equal(signed.reason, 127);
    assert.deepEqual(toHex(signed.transactionId), r.download?.transactionId);
    assert.equal(r.es10.at(-1)!.command, 'BF41');
  });

  it('IPAD-ESIPA-INDDL-ERR-02 a BPP the card rejects: the PIR with errorResult still goes to the eIM and is removed', async () => {
    const curve: Curve = 'nist';
    const b = await bench({ curve });
    const relay = es9(curve);
    b.eim.relayTo(relay);
    b.eim.queue('getBoundProfilePackage', async (_r, ctx) => {
      const ok = await relay.getBoundProfilePackage(ctx.body);
      const elements = ok.boundProfilePackage.sequenceOf86 as Uint8Array[];
      elements[elements.length - 1][elements[elements.length - 1].length - 1] ^= 0x01;
      return { getBoundProfilePackageOkEsipa: ok };
    });
    const { iccid, activationCode } = await order(curve);
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { activationCode } } });
    const r = await b.ipa.pollOnce();
    await relay.close();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.download?.result, 'error');
    assert.equal(r.download?.immediateEnable, undefined, 'nothing to enable');
    assert.equal(r.es10.at(-1)!.command, 'BF30');
    const { sim } = dps.get(curve)!;
    assert.equal(sim.notifications.at(-1)!.success, false);
    assert.equal(sim.orders.get(iccid)!.state, 'error');
  });

  it('IPAD-ESIPA-INDDL-ERR-03 an activation code the IPA cannot use: profileDownloadError to the eIM, card untouched', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', { profileDownloadTriggerRequest: { profileDownloadData: { contactSmds: {} }, eimTransactionId: fromHex('0F') } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.error?.name, 'UnsupportedPackageError');
    const result = b.eim.requests('provideEimPackageResult')[0].value.eimPackageResult.profileDownloadTriggerResult;
    assert.deepEqual(result, { eimTransactionId: fromHex('0F'), profileDownloadTriggerResultData: { profileDownloadError: { profileDownloadErrorReason: 127 } } });
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B', 'BF55']);
  });
});
