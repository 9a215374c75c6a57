/**
 * S_eIM's eUICC Packages end to end (catalogue §1.1 EIM-ESEP-*, §1.4 EIM-ESEP-COUNTER/SIG/ACK): each
 * PSMO and eCO ordered, fetched by a hand-driven IPA over HTTPS, executed by an S_eUICC card behind
 * APDUs, its signed result provided back and turned into the order's outcome. Both curves for the
 * signing path.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { associationTokenTlv, dataObjects, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { SimSmdpp } from '../../../simulators/smdpp/server';
import { fixturePki } from '../euicc/fixture';
import { iccidHex, ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, cycle, EimBench, order, poll } from './bench';

const [A, B, C] = ICCIDS;
const bench = benches();

/** Receives the notifications the eIM forwards (the test profiles name smdp.example.com). */
let smdp: SimSmdpp;
let smdpUrl: string;
before(async () => {
  smdp = new SimSmdpp({ pki: fixturePki(['nist']).pki, curve: 'nist', address: 'smdp.example.com' });
  smdpUrl = (await smdp.start()).es9;
});
after(() => smdp.close());

/** A card with A (enabled, notifies enable/disable) and B (disabled, fallback allowed), managed by S_eIM. */
async function managed(curve: Curve = 'nist'): Promise<EimBench> {
  const b = await bench({ curve, eim: { smdpUrls: { 'smdp.example.com': smdpUrl } } });
  installProfiles(b.f, [{ iccid: A, enabled: true, notify: ['notificationEnable', 'notificationDisable'] }, { iccid: B, fallbackAllowed: true }]);
  return b;
}

const stateOf = (b: EimBench, iccid: string) => b.f.euicc.state.profiles.find((p) => p.iccid === iccidHex(iccid))?.state;

async function run(b: EimBench, json: Record<string, unknown>, opts: { notifications?: boolean; compact?: boolean } = {}) {
  const o = order(b, json);
  const c = await cycle(b, opts);
  return { o, ...c, outcome: o.outcome as Record<string, any> };
}

describe('S_eIM PSMOs with an S_eUICC', () => {
  for (const curve of ['nist', 'brp'] as const) {
    it(`EIM-ESEP-ENABLE-NOM-01 + EIM-ESEP-SIG-NOM-01 (${curve}): enable → signed package the card accepts, eimSignature verifies with CERT.EIM, order done`, async () => {
      const b = await managed(curve);
      const { o, pkg, outcome, acks } = await run(b, { type: 'psmo', psmos: [{ enable: { iccid: B } }] });
      assert.equal(o.status, 'done', JSON.stringify(o.outcome));
      assert.deepEqual(outcome.results, [{ enableResult: 'ok' }]);
      assert.equal(stateOf(b, B), 'enabled');
      assert.equal(stateOf(b, A), 'disabled');
      // The package as sent: eimId, EID, counter, transaction id, and a signature over euiccPackageSigned ‖ 84 01 01.
      const signed = pkg.euiccPackageSigned;
      assert.equal(signed.eimId, 'testeim1.example.com');
      assert.equal(toHex(signed.eidValue), b.f.config.eid);
      assert.equal(signed.counterValue, 1);
      assert.equal(toHex(signed.eimTransactionId), outcome.eimTransactionId);
      const der = b.c.encode('EuiccPackageRequest', pkg);
      const part = dataObjects(der, 'EuiccPackageRequest', 0xbf51).get(0x30)!;
      const cert = b.f.pki.get('eimSign', curve).cert;
      assert.ok(verifyRsp('eimSignature', cert.publicKey, { euiccPackageSigned: part, associationToken: associationTokenTlv(1) }, pkg.eimSignature));
      assert.equal(b.f.euicc.state.eims[0].associationToken, 1, 'the card kept the token the configuration proposed');
      assert.deepEqual(acks, [outcome.seqNumber]);
      assert.equal(b.f.euicc.state.notifications.filter((n) => n.kind === 'euiccPackageResult').length, 0, 'the acknowledged result left the card');
    });
  }

  it('EIM-ESEP-DISABLE-NOM-01: disable the enabled profile', async () => {
    const b = await managed();
    const { o, outcome } = await run(b, { type: 'psmo', psmos: [{ disable: { iccid: A } }] });
    assert.equal(o.status, 'done');
    assert.deepEqual(outcome.results, [{ disableResult: 'ok' }]);
    assert.equal(stateOf(b, A), 'disabled');
  });

  it('EIM-ESEP-DELETE-NOM-01: delete a disabled profile; an unknown ICCID reads iccidOrAidNotFound', async () => {
    const b = await managed();
    const { outcome } = await run(b, { type: 'psmo', psmos: [{ delete: { iccid: B } }, { delete: { iccid: C } }] });
    assert.deepEqual(outcome.results, [{ deleteResult: 'ok' }, { deleteResult: 'iccidOrAidNotFound' }]);
    assert.equal(stateOf(b, B), undefined);
  });

  it('EIM-ESEP-MULTI-NOM-01: disable and delete in one package, two results', async () => {
    const b = await managed();
    const { pkg, outcome } = await run(b, { type: 'psmo', psmos: [{ disable: { iccid: A } }, { delete: { iccid: A } }] });
    assert.deepEqual(pkg.euiccPackageSigned.euiccPackage.psmoList.map((p: object) => Object.keys(p)[0]), ['disable', 'delete']);
    assert.deepEqual(outcome.results, [{ disableResult: 'ok' }, { deleteResult: 'ok' }]);
  });

  it('EIM-ESEP-LISTPI-NOM-01: listProfileInfo outcome lists each profile by ICCID digits and state name', async () => {
    const b = await managed();
    const { outcome } = await run(b, { type: 'psmo', psmos: [{ listProfileInfo: {} }] });
    const profiles = outcome.results[0].listProfileInfoResult.profileInfoListOk;
    assert.deepEqual(profiles.map((p: any) => [p.iccid, p.profileState]), [[A, 'enabled'], [B, 'disabled']]);
  });

  it('EIM-ESEP-GETRAT-NOM-01: getRAT result accepted', async () => {
    const b = await managed();
    const { o, outcome } = await run(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    assert.equal(o.status, 'done');
    assert.ok(Array.isArray(outcome.results[0].getRATResult));
  });

  it('EIM-ESEP-CFGIE-NOM-01: configureImmediateEnable ([7], v1.2)', async () => {
    const b = await managed();
    const { pkg, outcome } = await run(b, { type: 'psmo', psmos: [{ configureImmediateEnable: { immediateEnableFlag: true, defaultSmdpAddress: 'smdp.example.com' } }] });
    assert.deepEqual(pkg.euiccPackageSigned.euiccPackage.psmoList[0].configureImmediateEnable, { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example.com' });
    assert.deepEqual(outcome.results, [{ configureImmediateEnableResult: 'ok' }]);
  });

  it('EIM-ESEP-SETFB-NOM-01 / EIM-ESEP-UNSETFB-NOM-01: set then unset the fallback attribute', async () => {
    const b = await managed();
    assert.deepEqual((await run(b, { type: 'psmo', psmos: [{ setFallbackAttribute: { iccid: B } }] })).outcome.results, [{ setFallbackAttributeResult: 'ok' }]);
    assert.equal(b.f.euicc.state.profiles.find((p) => p.iccid === iccidHex(B))!.fallbackAttribute, true);
    assert.deepEqual((await run(b, { type: 'psmo', psmos: [{ unsetFallbackAttribute: {} }] })).outcome.results, [{ unsetFallbackAttributeResult: 'ok' }]);
  });

  it('EIM-ESEP-SETDP-NOM-01: setDefaultDpAddress (BF65)', async () => {
    const b = await managed();
    const { outcome } = await run(b, { type: 'psmo', psmos: [{ setDefaultDpAddress: { defaultDpAddress: 'smdp.example.com' } }] });
    assert.deepEqual(outcome.results, [{ setDefaultDpAddressResult: { setDefaultDpAddressResult: 'ok' } }]);
  });

  it('EIM-ESEP-COUNTER-NOM-01: consecutive packages carry strictly rising counterValues the card accepts', async () => {
    const b = await managed();
    const counters: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { o, pkg } = await run(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
      assert.equal(o.status, 'done');
      counters.push(pkg.euiccPackageSigned.counterValue);
    }
    assert.deepEqual(counters, [1, 2, 3, 4]);
    assert.equal(b.f.euicc.state.eims[0].counterValue, 4);
    assert.equal(b.eim.euiccs.get(b.f.config.eid)!.lastAccepted, 4);
  });

  it('EIM-ESEP-ACK-NOM-01: ePRAndNotifications → acknowledgements are exactly the seqNumbers consumed; notifications forwarded to their SM-DP+', async () => {
    const b = await managed();
    const before = smdp.notifications.length;
    const { o, acks, outcome } = await run(b, { type: 'psmo', psmos: [{ enable: { iccid: B } }] }, { notifications: true });
    assert.equal(o.status, 'done');
    // A's disable notification, then the result (B's metadata asks for no notification).
    const disable = b.eim.euiccs.get(b.f.config.eid)!.notifications.find((n) => n.operations.includes('notificationDisable'))!;
    assert.deepEqual(acks, [disable.seqNumber, outcome.seqNumber].sort((x, y) => x - y));
    assert.equal(disable.kind, 'otherSignedNotification');
    assert.equal(disable.signatureValid, true);
    assert.equal(disable.iccid, A);
    assert.equal(disable.forwarded, 'ok');
    assert.equal(b.f.euicc.state.notifications.length, 0, 'everything acknowledged was removed from the card');
    const got = smdp.notifications.slice(before);
    assert.equal(got.length, 1);
    assert.equal(got[0].kind, 'otherSignedNotification');
    assert.equal(got[0].signatureValid, true, got[0].problem);
    assert.deepEqual(b.eim.euiccs.get(b.f.config.eid)!.acknowledged, acks);
  });

  it('configuredSmdpsOnly: a notification for an SM-DP+ not in smdpUrls is taken and acknowledged but not forwarded', async () => {
    const b = await bench({ eim: { configuredSmdpsOnly: true } });
    installProfiles(b.f, [{ iccid: A, enabled: true, notify: ['notificationEnable', 'notificationDisable'] }, { iccid: B, fallbackAllowed: true }]);
    const before = smdp.notifications.length;
    const { o, acks } = await run(b, { type: 'psmo', psmos: [{ enable: { iccid: B } }] }, { notifications: true });
    assert.equal(o.status, 'done');
    const disable = b.eim.euiccs.get(b.f.config.eid)!.notifications.find((n) => n.operations.includes('notificationDisable'))!;
    assert.equal(disable.forwarded, "notificationAddress 'smdp.example.com' is not a configured SM-DP+");
    assert.ok(acks.includes(disable.seqNumber));
    assert.equal(smdp.notifications.length, before);
  });

  it('ePRAndNotifications with compact notifications (minimizeEsipaBytes): re-expanded with the eUICC\'s certificates, forwarded as signed, acknowledged', async () => {
    const b = await managed();
    const before = smdp.notifications.length;
    const { o, acks, outcome } = await run(b, { type: 'psmo', psmos: [{ enable: { iccid: B } }] }, { notifications: true, compact: true });
    assert.equal(o.status, 'done');
    assert.equal(acks.length, 2);
    assert.ok(acks.includes(outcome.seqNumber));
    const got = smdp.notifications.slice(before);
    assert.equal(got.length, 1);
    assert.equal(got[0].signatureValid, true, got[0].problem);
  });

  it('EIM-ESIPA-GETPKG-NOM-02 after a cycle: nothing queued → noEimPackageAvailable', async () => {
    const b = await managed();
    await run(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    assert.deepEqual(await poll(b), { eimPackageError: 1 });
  });
});

describe('S_eIM eCOs with an S_eUICC', () => {
  const other = () => fixturePki(['nist']).pki.get('eimSign', 'nist').cert.toString();

  it('EIM-ESEP-ADDEIM-NOM-01 then EIM-ESEP-LISTEIM-NOM-01 then EIM-ESEP-DELEIM-NOM-01', async () => {
    const b = await managed();
    const add = await run(b, { type: 'eco', ecos: [{ addEim: { eimId: 'eim2.example.com', eimIdType: 'eimIdTypeFqdn', eimCertificate: other(), counterValue: 5 } }] });
    assert.deepEqual(add.pkg.euiccPackageSigned.euiccPackage.ecoList[0].addEim.eimId, 'eim2.example.com');
    assert.deepEqual(add.outcome.results, [{ addEimResult: { addEimResultCode: 'ok' } }]);
    const list = await run(b, { type: 'eco', ecos: [{ listEim: {} }] });
    assert.deepEqual(list.outcome.results[0].listEimResult.eimIdList.map((e: any) => e.eimId), ['testeim1.example.com', 'eim2.example.com']);
    const del = await run(b, { type: 'eco', ecos: [{ deleteEim: { eimId: 'eim2.example.com' } }] });
    assert.deepEqual(del.outcome.results, [{ deleteEimResult: 'ok' }]);
    assert.deepEqual(b.f.euicc.state.eims.map((e) => e.eimId), ['testeim1.example.com']);
  });

  it('EIM-ESEP-UPDEIM-NOM-01: updateEim of this eIM moves the anti-replay counter on both sides', async () => {
    const b = await managed();
    const up = await run(b, { type: 'eco', ecos: [{ updateEim: { eimId: 'testeim1.example.com', counterValue: 100 } }] });
    assert.deepEqual(up.outcome.results, [{ updateEimResult: 'ok' }]);
    assert.equal(b.f.euicc.state.eims[0].counterValue, 100);
    const next = await run(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    assert.equal(next.pkg.euiccPackageSigned.counterValue, 101);
    assert.equal(next.o.status, 'done');
  });
});
