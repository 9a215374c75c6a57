/**
 * The notification store as the IPA sees it, through APDUs: ES10b.ListNotification (BF28),
 * RetrieveNotificationsList (BF2B, with the SGP.32 euiccPackageResults criterion) and
 * RemoveNotificationFromList (BF30) (catalogue row EUICC-ES10-NOTIF-NOM-01).
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, toHex } from '../../../src/asn1';
import { iccidToSwappedBcd } from '../../../src/profile';
import { ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList } from '../../../simulators/eim/packages';
import { EuiccFixture, euiccFixture } from './fixture';
import { associateEim, ICCIDS, installProfiles, resultData, TestEim } from './eim-helpers';

const [A, B] = ICCIDS;
const ALL_EVENTS = ['notificationInstall', 'notificationEnable', 'notificationDisable', 'notificationDelete'];

let fixture: EuiccFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A PIR as the download leaves it in the store (its signature is not what is tested here). */
function storePir(f: EuiccFixture, iccid: string): number {
  const c = codec('SGP32Definitions', f.config.version);
  const seqNumber = ++f.euicc.state.lastSeqNumber;
  const data = {
    transactionId: Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'),
    notificationMetadata: { seqNumber, profileManagementOperation: ['notificationInstall'], notificationAddress: 'smdp.example.com', iccid: iccidToSwappedBcd(iccid) },
    smdpOid: '1.3.6.1.4.1.31746',
    finalResult: { successResult: { aid: Buffer.from('A0000005591010FFFFFFFF8900001000', 'hex'), simaResponse: Buffer.from('300580030000', 'hex') } },
  };
  const der = c.encode('ProfileInstallationResult', { profileInstallationResultData: data, euiccSignPIR: Buffer.alloc(64, 1) });
  f.euicc.state.notifications.push({ seqNumber, kind: 'profileInstallationResult', der: toHex(der), event: 'notificationInstall', iccid: toHex(iccidToSwappedBcd(iccid)) });
  return seqNumber;
}

/** Card with a PIR for B, A enabled, then two packages: enable B (disable A + enable B notifications) and getRAT. */
async function populated(): Promise<{ f: EuiccFixture; eim: TestEim; pir: number; results: number[] }> {
  const f = (fixture = await euiccFixture({ curves: ['nist'] }));
  installProfiles(f, [{ iccid: A, enabled: true, notify: ALL_EVENTS }, { iccid: B, notify: ALL_EVENTS }]);
  const pir = storePir(f, B);
  const eim = await associateEim(f);
  const results = [
    resultData(await eim.send(ts_psmoList(ts_psmoEnable(B)))).seqNumber,
    resultData(await eim.send(ts_psmoList(ts_psmoGetRAT()))).seqNumber,
  ];
  return { f, eim, pir, results };
}

describe('EUICC-ES10-NOTIF', () => {
  it('seqNumbers rise across PIRs, profile notifications and package results', async () => {
    const { f, pir, results } = await populated();
    const seqs = f.euicc.state.notifications.map((n) => [n.seqNumber, n.kind]);
    assert.deepEqual(seqs, [
      [pir, 'profileInstallationResult'], [pir + 1, 'otherSignedNotification'], [pir + 2, 'otherSignedNotification'],
      [results[0], 'euiccPackageResult'], [results[1], 'euiccPackageResult'],
    ]);
    assert.deepEqual(results, [pir + 3, pir + 4]);
  });

  it('EUICC-ES10-NOTIF-NOM-01: RetrieveNotificationsList euiccPackageResults → euiccPackageResultList (A2) of the stored, verifiable results', async () => {
    const { f, eim, results } = await populated();
    const answer = await f.raw(f.encode('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } }));
    assert.equal(toHex(answer.subarray(0, 2)), 'BF2B');
    assert.equal(answer[answer[2] & 0x80 ? 3 + (answer[2] & 0x7f) : 3], 0xa2);
    const list = f.euicc.codec.decode('RetrieveNotificationsListResponse', answer).euiccPackageResultList;
    assert.deepEqual(list.map((r: any) => r.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber), results);
    for (const r of list) assert.equal(eim.open(f.euicc.codec.encode('EuiccPackageResult', r)).signatureValid, true);
  });

  it('RetrieveNotificationsList without criteria → the PIR and other signed notifications, not the results', async () => {
    const { f, pir } = await populated();
    const res = await f.es10('RetrieveNotificationsListRequest', {});
    const kinds = res.notificationList.map((n: any) => Object.keys(n)[0]);
    assert.deepEqual(kinds, ['profileInstallationResult', 'otherSignedNotification', 'otherSignedNotification']);
    assert.equal(res.notificationList[0].profileInstallationResult.profileInstallationResultData.notificationMetadata.seqNumber, pir);
    const other = res.notificationList[1].otherSignedNotification;
    assert.deepEqual(other.tbsOtherNotification.profileManagementOperation, ['notificationDisable']);
    assert.equal(toHex(other.tbsOtherNotification.iccid), toHex(iccidToSwappedBcd(A)));
  });

  it('RetrieveNotificationsList by seqNumber → that one, in the list of its kind; by operation → those of that kind', async () => {
    const { f, pir, results } = await populated();
    const one = await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { seqNumber: pir + 2 } });
    assert.equal(one.notificationList.length, 1);
    assert.deepEqual(one.notificationList[0].otherSignedNotification.tbsOtherNotification.profileManagementOperation, ['notificationEnable']);
    const result = await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { seqNumber: results[1] } });
    assert.equal(result.euiccPackageResultList[0].euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber, results[1]);
    assert.deepEqual(await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { seqNumber: 999 } }), { notificationList: [] });
    const installs = await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { profileManagementOperation: ['notificationInstall'] } });
    assert.deepEqual(installs.notificationList.map((n: any) => Object.keys(n)[0]), ['profileInstallationResult']);
  });

  it('ListNotification → metadata of the profile notifications, filtered by operation', async () => {
    const { f, pir } = await populated();
    const all = (await f.es10('ListNotificationRequest', {})).notificationMetadataList;
    assert.deepEqual(all.map((m: any) => [m.seqNumber, m.profileManagementOperation[0], m.notificationAddress]), [
      [pir, 'notificationInstall', 'smdp.example.com'], [pir + 1, 'notificationDisable', 'smdp.example.com'], [pir + 2, 'notificationEnable', 'smdp.example.com'],
    ]);
    const enables = (await f.es10('ListNotificationRequest', { profileManagementOperation: ['notificationEnable', 'notificationDelete'] })).notificationMetadataList;
    assert.deepEqual(enables.map((m: any) => m.seqNumber), [pir + 2]);
    assert.equal(toHex(enables[0].iccid), toHex(iccidToSwappedBcd(B)));
  });

  it('RemoveNotificationFromList → ok once, then nothingToDelete; results and notifications alike', async () => {
    const { f, eim, pir, results } = await populated();
    for (const seqNumber of [results[0], pir]) {
      assert.deepEqual(await f.es10('NotificationSentRequest', { seqNumber }), { deleteNotificationStatus: 0 });
      assert.deepEqual(await f.es10('NotificationSentRequest', { seqNumber }), { deleteNotificationStatus: 1 });
    }
    const left = await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } });
    assert.deepEqual(left.euiccPackageResultList.map((r: any) => r.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber), [results[1]]);
    assert.equal((await f.es10('ListNotificationRequest', {})).notificationMetadataList.length, 2);
    // A new result still gets a higher number than anything before.
    const next = resultData(await eim.send(ts_psmoList(ts_psmoDisable(B)))).seqNumber;
    assert.ok(next > results[1]);
  });

  it('an empty store answers empty lists', async () => {
    const f = (fixture = await euiccFixture({ curves: ['nist'] }));
    assert.deepEqual(await f.es10('ListNotificationRequest', {}), { notificationMetadataList: [] });
    assert.deepEqual(await f.es10('RetrieveNotificationsListRequest', {}), { notificationList: [] });
    assert.deepEqual(await f.es10('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } }), { euiccPackageResultList: [] });
  });
});
