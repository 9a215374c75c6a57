/**
 * ES10b.LoadEuiccPackage and ES10b.ProfileRollback through APDUs, with packages signed as S_eIM signs
 * them and results checked as S_eIM checks them (catalogue rows EUICC-ESEP-*, EUICC-ES10-ROLLBACK-*).
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../../src/asn1';
import { CardStatusError } from '../../../src/transport/apdu';
import {
  eimConfigurationData, openEuiccPackageResult, ts_ecoAddEim, ts_ecoDeleteEim, ts_ecoList, ts_ecoListEim, ts_ecoUpdateEim, ts_psmoConfigureAutoEnable,
  ts_psmoConfigureImmediateEnable, ts_psmoDelete, ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList, ts_psmoListProfileInfo,
  ts_psmoSetDefaultDpAddress, ts_psmoSetFallbackAttribute, ts_psmoUnsetFallbackAttribute, ts_addInitialEimRequest,
} from '../../../simulators/eim/packages';
import { EuiccFixture, euiccFixture, EuiccFixtureOptions } from './fixture';
import { associateEim, iccidHex, ICCIDS, installProfiles, resultData, TestEim } from './eim-helpers';

const [A, B, C] = ICCIDS;
const OTHER_EID = '89049032123451234512345678901243';

let fixture: EuiccFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A card with profiles A (enabled) and B (disabled), and one eIM associated with a token. */
async function setup(opts: EuiccFixtureOptions = {}): Promise<{ f: EuiccFixture; eim: TestEim }> {
  const f = (fixture = await euiccFixture({ curves: ['nist'], ...opts }));
  installProfiles(f, [{ iccid: A, enabled: true, notify: ['notificationEnable', 'notificationDisable'] }, { iccid: B, fallbackAllowed: true }]);
  return { f, eim: await associateEim(f, { curve: f.pki.curves[0] }) };
}

const stateOf = (f: EuiccFixture, iccid: string) => f.euicc.state.profiles.find((p) => p.iccid === iccidHex(iccid))?.state;
const snapshot = (f: EuiccFixture) => structuredClone(f.euicc.state);

describe('EUICC-ESEP-ENABLE', () => {
  for (const curve of ['nist', 'brp'] as const) {
    it(`EUICC-ESEP-ENABLE-NOM-01 (${curve}): enable a disabled profile → signed result, enableResult ok, counter and seqNumber`, async () => {
      const { f, eim } = await setup({ curves: [curve] });
      const lastSeq = f.euicc.state.lastSeqNumber;
      const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)), { eimTransactionId: '01020304' });
      assert.equal(sent.alternative, 'euiccPackageResultSigned');
      assert.equal(sent.signatureValid, true, 'euiccSignEPR verifies with PK.EUICC over data ‖ associationToken');
      const data = resultData(sent);
      assert.equal(data.eimId, eim.eimId);
      assert.equal(data.counterValue, eim.counter);
      assert.equal(toHex(data.eimTransactionId), '01020304');
      assert.deepEqual(data.euiccResult, [{ enableResult: 0 }]);
      // A's disable notification and B... (B asks for none) come first, then the result's own number.
      assert.equal(data.seqNumber, lastSeq + 2);
      assert.equal(stateOf(f, A), 'disabled');
      assert.equal(stateOf(f, B), 'enabled');
      assert.equal(f.euicc.state.eims[0].counterValue, eim.counter, 'the stored counter is the package\'s');
      const stored = f.euicc.state.notifications.find((n) => n.seqNumber === data.seqNumber);
      assert.equal(stored?.kind, 'euiccPackageResult');
      assert.equal(stored?.eimId, eim.eimId);
      assert.equal(stored?.der, toHex(sent.bytes), 'the stored result is the one answered');
    });
  }

  it('EUICC-ESEP-ENABLE-ERR-01: unknown ICCID → iccidOrAidNotFound(1); already enabled → profileNotInDisabledState(2)', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(C), ts_psmoEnable(A)));
    assert.equal(sent.signatureValid, true);
    assert.deepEqual(resultData(sent).euiccResult, [{ enableResult: 1 }, { enableResult: 2 }]);
    assert.equal(stateOf(f, A), 'enabled');
  });

  it('enable is refused with disallowedByPolicy(3) when the enabled profile has PPR1', async () => {
    const f = (fixture = await euiccFixture({ curves: ['nist'] }));
    installProfiles(f, [{ iccid: A, enabled: true, ppr: ['ppr1'] }, { iccid: B }]);
    const eim = await associateEim(f);
    assert.deepEqual(resultData(await eim.send(ts_psmoList(ts_psmoEnable(B)))).euiccResult, [{ enableResult: 3 }]);
  });
});

describe('EUICC-ESEP-DISABLE / DELETE', () => {
  it('EUICC-ESEP-DISABLE-ERR-01: disable a disabled profile → profileNotInEnabledState(2); the enabled one → ok', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(ts_psmoDisable(B), ts_psmoDisable(A), ts_psmoDisable(C)));
    assert.deepEqual(resultData(sent).euiccResult, [{ disableResult: 2 }, { disableResult: 0 }, { disableResult: 1 }]);
    assert.equal(stateOf(f, A), 'disabled');
  });

  it('EUICC-ESEP-DELETE-ERR-01: delete the enabled profile → profileNotInDisabledState(2); a disabled one → ok and gone', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(ts_psmoDelete(A), ts_psmoDelete(B), ts_psmoDelete(B)));
    assert.deepEqual(resultData(sent).euiccResult, [{ deleteResult: 2 }, { deleteResult: 0 }, { deleteResult: 1 }]);
    assert.equal(stateOf(f, A), 'enabled');
    assert.equal(stateOf(f, B), undefined);
  });
});

describe('EUICC-ESEP other PSMOs', () => {
  it('listProfileInfo and getRAT answer what GetProfilesInfo and GetRAT answer', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(ts_psmoListProfileInfo({ iccid: B }), ts_psmoGetRAT()));
    const [list, rat] = resultData(sent).euiccResult;
    assert.deepEqual(list.listProfileInfoResult, await f.es10('ProfileInfoListRequest', { searchCriteria: { iccid: Buffer.from(iccidHex(B), 'hex') } }));
    assert.equal(list.listProfileInfoResult.profileInfoListOk.length, 1);
    assert.deepEqual(rat.getRATResult, (await f.es10('GetRatRequest', {})).rat);
  });

  it('configureImmediateEnable and setDefaultDpAddress change the card\'s configuration', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(
      ts_psmoConfigureImmediateEnable({ immediateEnableFlag: true, defaultSmdpOid: '1.3.6.1.4.1.31746', defaultSmdpAddress: 'dp.example.com' }),
      ts_psmoSetDefaultDpAddress('smdp.example.org'),
    ));
    assert.deepEqual(resultData(sent).euiccResult, [{ configureImmediateEnableResult: 0 }, { setDefaultDpAddressResult: { setDefaultDpAddressResult: 0 } }]);
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: true, defaultSmdpOid: '1.3.6.1.4.1.31746', defaultSmdpAddress: 'dp.example.com' });
    assert.equal((await f.es10('EuiccConfiguredAddressesRequest', {})).defaultDpAddress, 'smdp.example.org');
  });

  it('setFallbackAttribute / unsetFallbackAttribute with their codes', async () => {
    const { eim, f } = await setup();
    const sent = await eim.send(ts_psmoList(
      ts_psmoUnsetFallbackAttribute(), ts_psmoSetFallbackAttribute(C), ts_psmoSetFallbackAttribute(A), ts_psmoSetFallbackAttribute(B),
    ));
    // none set → noFallbackAttribute(2); unknown → 1; A does not allow it → fallbackNotAllowed(2); B → ok
    assert.deepEqual(resultData(sent).euiccResult, [
      { unsetFallbackAttributeResult: 2 }, { setFallbackAttributeResult: 1 }, { setFallbackAttributeResult: 2 }, { setFallbackAttributeResult: 0 },
    ]);
    assert.deepEqual(f.euicc.state.profiles.map((p) => p.fallbackAttribute), [false, true]);
    // The Fallback Mechanism in effect: B (the fallback profile) enabled by it, A to return to.
    for (const p of f.euicc.state.profiles) p.state = p.fallbackAttribute ? 'enabled' : 'disabled';
    f.euicc.state.fallback = { active: true, returnIccid: iccidHex(A) };
    assert.deepEqual(resultData(await eim.send(ts_psmoList(ts_psmoUnsetFallbackAttribute()))).euiccResult, [{ unsetFallbackAttributeResult: 3 }]);
    f.euicc.state.fallback = { active: false };
    assert.deepEqual(resultData(await eim.send(ts_psmoList(ts_psmoUnsetFallbackAttribute()))).euiccResult, [{ unsetFallbackAttributeResult: 0 }]);
    assert.equal(f.euicc.state.profiles.some((p) => p.fallbackAttribute), false);
  });

  it('a PSMO package during an eCall → euiccPackageErrorSigned ecallActive(104); eCOs still run', async () => {
    const { eim, f } = await setup();
    f.euicc.state.emergency = { active: true, returnIccid: iccidHex(A) };
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)));
    assert.equal(sent.alternative, 'euiccPackageErrorSigned');
    assert.equal(sent.signatureValid, true);
    assert.equal(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 104);
    assert.equal((await eim.send(ts_ecoList(ts_ecoListEim()))).alternative, 'euiccPackageResultSigned');
  });
});

describe('EUICC-ESEP errors', () => {
  it('EUICC-ESEP-SIG-ERR-01: a corrupted eimSignature → euiccPackageErrorUnsigned with eimId, eimTransactionId and associationToken; nothing changes', async () => {
    const { eim, f } = await setup();
    const before = snapshot(f);
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)), { eimTransactionId: 'CAFE', tamper: (b) => { const x = Buffer.from(b); x[x.length - 1] ^= 0x01; return x; } });
    assert.equal(sent.alternative, 'euiccPackageErrorUnsigned');
    assert.deepEqual(sent.value.euiccPackageErrorUnsigned, { eimId: eim.eimId, eimTransactionId: fromHex('CAFE'), associationToken: eim.associationToken });
    assert.deepEqual(f.euicc.state, before);
  });

  it('EUICC-ESEP-SIG-ERR-01: a package signed over the wrong association token is refused alike', async () => {
    const { eim, f } = await setup();
    const before = snapshot(f);
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)), { token: eim.associationToken! + 1 });
    assert.equal(sent.alternative, 'euiccPackageErrorUnsigned');
    assert.deepEqual(f.euicc.state, before);
  });

  it('EUICC-ESEP-EID-ERR-01: a package for another EID → euiccPackageErrorSigned invalidEid(3), signed, not stored', async () => {
    const { eim, f } = await setup();
    const before = snapshot(f);
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)), { eid: OTHER_EID, eimTransactionId: '77' });
    assert.equal(sent.alternative, 'euiccPackageErrorSigned');
    assert.equal(sent.signatureValid, true, 'euiccSignEPE verifies over error data ‖ associationToken');
    assert.deepEqual(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned, {
      eimId: eim.eimId, counterValue: eim.counter, eimTransactionId: fromHex('77'), euiccPackageErrorCode: 3,
    });
    assert.deepEqual(f.euicc.state, before, 'no seqNumber, no stored result, counter unchanged');
  });

  it('EUICC-ESEP-REPLAY-ERR-01: the same package again, or a lower counter → replayError(4)', async () => {
    const { eim, f } = await setup();
    const first = eim.counter + 1;
    assert.equal((await eim.send(ts_psmoList(ts_psmoEnable(B)), { counterValue: first })).alternative, 'euiccPackageResultSigned');
    const before = snapshot(f);
    for (const counterValue of [first, first - 1, 0]) {
      const sent = await eim.send(ts_psmoList(ts_psmoEnable(A)), { counterValue });
      assert.equal(sent.alternative, 'euiccPackageErrorSigned');
      assert.equal(sent.signatureValid, true);
      assert.equal(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 4);
      assert.equal(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.counterValue, counterValue);
    }
    assert.deepEqual(f.euicc.state, before);
  });

  it('EUICC-ESEP-COUNTER-ERR-01: counterValue beyond the card\'s range → counterValueOutOfRange(6)', async () => {
    const { eim, f } = await setup({ limits: { maxCounterValue: 1000 } });
    const before = snapshot(f);
    for (const counterValue of [1001, 2 ** 40]) {
      const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)), { counterValue });
      assert.equal(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 6);
      assert.equal(sent.signatureValid, true);
    }
    assert.deepEqual(f.euicc.state, before);
    assert.equal((await eim.send(ts_psmoList(ts_psmoEnable(B)), { counterValue: 1000 })).alternative, 'euiccPackageResultSigned');
  });

  it('EUICC-ESEP-EIMID-ERR-01: a package from an unknown eimId → euiccPackageErrorUnsigned {eimId, eimTransactionId}, no token', async () => {
    const { eim, f } = await setup();
    const stranger = new TestEim(f, 'stranger.example.com', eim.key, undefined, 0);
    const before = snapshot(f);
    const sent = await stranger.send(ts_psmoList(ts_psmoEnable(B)), { eimTransactionId: '0102' });
    assert.deepEqual(sent.value, { euiccPackageErrorUnsigned: { eimId: 'stranger.example.com', eimTransactionId: fromHex('0102') } });
    assert.deepEqual(f.euicc.state, before);
  });

  it('EUICC-ESEP-SIZE-ERR-01: a result that outgrows the card ends with processingTerminated resultSizeOverflow(1)', async () => {
    const { eim, f } = await setup({ limits: { maxResultBytes: 420 } });
    const sent = await eim.send(ts_psmoList(ts_psmoDisable(A), ts_psmoListProfileInfo(), ts_psmoListProfileInfo(), ts_psmoEnable(B)));
    assert.equal(sent.signatureValid, true);
    const items = resultData(sent).euiccResult;
    assert.deepEqual(items[0], { disableResult: 0 });
    assert.deepEqual(items.at(-1), { processingTerminated: 1 });
    assert.ok(items.length < 5 && items.length >= 2);
    assert.ok(sent.bytes.length <= 420, `result is ${sent.bytes.length} bytes`);
    assert.equal(stateOf(f, B), 'disabled', 'operations after the overflow are not executed');
    assert.equal(stateOf(f, A), 'disabled', 'operations before it stay done');
  });

  it('EUICC-ESEP-SIZE-ERR-01: a full result store → euiccPackageErrorSigned sizeOverflow(15) until a result is removed', async () => {
    const { eim, f } = await setup({ limits: { maxNotifications: 2 } });
    const seqs: number[] = [];
    for (let i = 0; i < 2; i++) seqs.push(resultData(await eim.send(ts_psmoList(ts_psmoGetRAT()))).seqNumber);
    const before = snapshot(f);
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B)));
    assert.equal(sent.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 15);
    assert.deepEqual(f.euicc.state, before);
    assert.deepEqual(await f.es10('NotificationSentRequest', { seqNumber: seqs[0] }), { deleteNotificationStatus: 0 });
    assert.equal((await eim.send(ts_psmoList(ts_psmoEnable(B)))).alternative, 'euiccPackageResultSigned');
  });

  it('results are signed with the credential of the eIM\'s euiccCiPKId, not the card\'s default', async () => {
    const f = (fixture = await euiccFixture({ curves: ['nist', 'brp'] }));
    installProfiles(f, [{ iccid: A, enabled: true }]);
    const brp = f.config.credentials.find((c) => c.curve === 'brp')!;
    const eim = await associateEim(f, { euiccCiPKId: fromHex(brp.ciPkId) });
    const sent = await eim.send(ts_psmoList(ts_psmoGetRAT()));
    assert.equal(sent.signatureValid, false, 'not the default (NIST) eUICC key');
    const opened = openEuiccPackageResult(sent.bytes, { euiccCertificate: brp.euicc, associationToken: eim.associationToken });
    assert.equal(opened.signatureValid, true);
  });

  it('a corrupted card signature (hook) is seen by the eIM; a malformed package is 6A80', async () => {
    const { eim, f } = await setup();
    f.euicc.hooks.corruptSignatures(1);
    assert.equal((await eim.send(ts_psmoList(ts_psmoGetRAT()))).signatureValid, false);
    await assert.rejects(f.raw(fromHex('BF510330010A')), (e: unknown) => e instanceof CardStatusError && e.sw === 0x6a80);
  });
});

describe('EUICC-ESEP-ECO', () => {
  it('EUICC-ESEP-ECO-NOM-01: addEim with a token request → associationToken; the new eIM is then obeyed', async () => {
    const { eim, f } = await setup({ curves: ['nist', 'brp'] });
    const key2 = f.pki.get('eimSign', 'brp').key;
    const cfg = eimConfigurationData({ eimId: 'eim2.example.com', eimPublicKey: key2, counterValue: 0, associationToken: -1, eimIdType: 'eimIdTypeFqdn' });
    const sent = await eim.send(ts_ecoList(ts_ecoAddEim(cfg), ts_ecoAddEim(cfg)));
    assert.deepEqual(resultData(sent).euiccResult, [{ addEimResult: { associationToken: 2 } }, { addEimResult: { addEimResultCode: 2 } }]);
    const eim2 = new TestEim(f, 'eim2.example.com', key2, 2, 0);
    const r2 = await eim2.send(ts_psmoList(ts_psmoEnable(B)));
    assert.equal(r2.signatureValid, true);
    assert.deepEqual(resultData(r2).euiccResult, [{ enableResult: 0 }]);
  });

  it('addEim errors: full list → insufficientMemory(1), unknown CI → ciPKUnknown(3), bad counter → 6, no key → commandError(7)', async () => {
    const { eim, f } = await setup({ limits: { maxEims: 2 } });
    const cfg = (id: string, o: object = {}) => eimConfigurationData({ eimId: id, eimPublicKey: eim.key, ...o });
    const sent = await eim.send(ts_ecoList(
      ts_ecoAddEim(cfg('a', { euiccCiPKId: Buffer.alloc(20, 0x11) })),
      ts_ecoAddEim(cfg('b', { counterValue: -1 })),
      ts_ecoAddEim({ eimId: 'c' }),
      ts_ecoAddEim(cfg('d')),
      ts_ecoAddEim(cfg('e')),
    ));
    assert.deepEqual(resultData(sent).euiccResult.map((r: any) => r.addEimResult), [
      { addEimResultCode: 3 }, { addEimResultCode: 6 }, { addEimResultCode: 7 }, { addEimResultCode: 0 }, { addEimResultCode: 1 },
    ]);
    assert.deepEqual(f.euicc.state.eims.map((e) => e.eimId), [eim.eimId, 'd']);
  });

  it('EUICC-ESEP-ECO-NOM-02: updateEim with a higher counter → ok; not higher → counterValueOutOfRange(6); unknown → eimNotFound(1)', async () => {
    const { eim, f } = await setup();
    const next = eim.counter + 1;
    const sent = await eim.send(ts_ecoList(
      ts_ecoUpdateEim(eimConfigurationData({ eimId: eim.eimId, counterValue: 500, fqdn: 'new.example.com' })),
      ts_ecoUpdateEim(eimConfigurationData({ eimId: eim.eimId, counterValue: 500 })),
      ts_ecoUpdateEim(eimConfigurationData({ eimId: 'nobody' })),
    ), { counterValue: next });
    assert.deepEqual(resultData(sent).euiccResult, [{ updateEimResult: 0 }, { updateEimResult: 6 }, { updateEimResult: 1 }]);
    const [cfg] = (await f.es10('GetEimConfigurationDataRequest', {})).eimConfigurationDataList;
    assert.equal(cfg.counterValue, 500);
    assert.equal(cfg.eimFqdn, 'new.example.com');
    assert.ok(cfg.eimPublicKeyData.eimPublicKey, 'the key the update did not carry is kept');
    assert.equal((await eim.send(ts_psmoList(ts_psmoGetRAT()), { counterValue: 500 })).value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 4);
    assert.equal((await eim.send(ts_psmoList(ts_psmoGetRAT()), { counterValue: 501 })).alternative, 'euiccPackageResultSigned');
  });

  it('EUICC-ESEP-ECO-NOM-03: listEim → eimIdList with eimIdType', async () => {
    const f = (fixture = await euiccFixture({ curves: ['nist'] }));
    const eim = await associateEim(f, { eimIdType: 'eimIdTypeFqdn' });
    await eim.send(ts_ecoList(ts_ecoAddEim(eimConfigurationData({ eimId: 'second', eimPublicKey: eim.key }))));
    const sent = await eim.send(ts_ecoList(ts_ecoListEim()));
    assert.deepEqual(resultData(sent).euiccResult, [{ listEimResult: { eimIdList: [{ eimId: eim.eimId, eimIdType: 2 }, { eimId: 'second' }] } }]);
  });

  it('EUICC-ESEP-ECO-NOM-04: deleteEim → ok; the last one → lastEimDeleted(2), and AddInitialEim is accepted again', async () => {
    const { eim, f } = await setup();
    await eim.send(ts_ecoList(ts_ecoAddEim(eimConfigurationData({ eimId: 'second', eimPublicKey: eim.key }))));
    const sent = await eim.send(ts_ecoList(ts_ecoDeleteEim('nobody'), ts_ecoDeleteEim('second'), ts_ecoDeleteEim(eim.eimId)));
    assert.deepEqual(resultData(sent).euiccResult, [{ deleteEimResult: 1 }, { deleteEimResult: 0 }, { deleteEimResult: 2 }]);
    assert.equal(sent.signatureValid, true, 'signed for the eIM that sent it, with its token');
    assert.deepEqual(f.euicc.state.eims, []);
    assert.equal((await eim.send(ts_psmoList(ts_psmoGetRAT()))).alternative, 'euiccPackageErrorUnsigned');
    const again = await f.es10('AddInitialEimRequest', ts_addInitialEimRequest(eimConfigurationData({ eimId: 'fresh', eimPublicKey: eim.key, associationToken: 0 })));
    assert.deepEqual(again, { addInitialEimOk: [{ associationToken: 2 }] });
  });
});

describe('EUICC-ES10-ROLLBACK', () => {
  it('EUICC-ES10-ROLLBACK-NOM-01: enable with rollbackFlag, then ProfileRollback → cmdResult ok and a signed EuiccPackageResult', async () => {
    const { eim, f } = await setup();
    const enable = await eim.send(ts_psmoList(ts_psmoEnable(B, { rollback: true })), { eimTransactionId: 'BEEF' });
    assert.deepEqual(resultData(enable).euiccResult, [{ enableResult: 0 }]);
    assert.equal(stateOf(f, B), 'enabled');
    const answer = await f.raw(f.encode('ProfileRollbackRequest', { refreshFlag: false }));
    const res = f.euicc.codec.decode('ProfileRollbackResponse', answer);
    assert.equal(res.cmdResult, 0);
    assert.equal(stateOf(f, A), 'enabled');
    assert.equal(stateOf(f, B), 'disabled');
    // The embedded result, opened as the eIM opens any result.
    const embedded = f.euicc.codec.encode('EuiccPackageResult', res.eUICCPackageResult);
    const opened = eim.open(embedded);
    assert.equal(opened.signatureValid, true);
    const data = resultData(opened);
    assert.deepEqual({ ...data, seqNumber: 0 }, {
      eimId: eim.eimId, counterValue: eim.counter, eimTransactionId: fromHex('BEEF'), seqNumber: 0, euiccResult: [{ rollbackResult: 0 }],
    });
    assert.ok(data.seqNumber > resultData(enable).seqNumber);
    assert.equal(f.euicc.state.notifications.find((n) => n.seqNumber === data.seqNumber)?.kind, 'euiccPackageResult');
    assert.deepEqual(await f.es10('ProfileRollbackRequest', { refreshFlag: false }), { cmdResult: 1 }, 'only once');
  });

  it('EUICC-ES10-ROLLBACK-NOM-01: without rollbackFlag, or after the next package, ProfileRollback → rollbackNotAllowed(1)', async () => {
    const { eim, f } = await setup();
    await eim.send(ts_psmoList(ts_psmoEnable(B)));
    assert.deepEqual(await f.es10('ProfileRollbackRequest', { refreshFlag: true }), { cmdResult: 1 });
    await eim.send(ts_psmoList(ts_psmoEnable(A, { rollback: true })));
    await eim.send(ts_psmoList(ts_psmoGetRAT()));
    const before = snapshot(f);
    assert.deepEqual(await f.es10('ProfileRollbackRequest', { refreshFlag: true }), { cmdResult: 1 });
    assert.deepEqual(f.euicc.state, before);
  });

  it('enable with rollbackFlag and nothing enabled → rollbackNotAvailable(20); deleting the rollback target → 20', async () => {
    const { eim, f } = await setup();
    await eim.send(ts_psmoList(ts_psmoDisable(A)));
    assert.deepEqual(resultData(await eim.send(ts_psmoList(ts_psmoEnable(B, { rollback: true })))).euiccResult, [{ enableResult: 20 }]);
    assert.equal(stateOf(f, B), 'disabled');
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(A), ts_psmoEnable(B, { rollback: true }), ts_psmoDelete(A)));
    assert.deepEqual(resultData(sent).euiccResult, [{ enableResult: 0 }, { enableResult: 0 }, { deleteResult: 20 }]);
    assert.equal(stateOf(f, A), 'disabled');
  });
});

describe('SGP.32 v1.0 card', () => {
  it('transactionId, configureAutoEnable, results signed over the eimSignature, no transaction id in unsigned errors', async () => {
    const { eim, f } = await setup({ version: 'v1.0' });
    const sent = await eim.send(ts_psmoList(ts_psmoEnable(B), ts_psmoConfigureAutoEnable({ autoEnableFlag: true, smdpAddress: 'dp.example.com' })), { eimTransactionId: '0506' });
    assert.equal(sent.signatureValid, true, 'euiccSignEPR verifies with the v1.0 recipe (data ‖ eimSignature)');
    const data = resultData(sent);
    assert.equal(toHex(data.transactionId), '0506');
    assert.deepEqual(data.euiccResult, [{ enableResult: 0 }, { configureAutoEnableResult: 0 }]);
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: true, defaultSmdpAddress: 'dp.example.com' });
    const bad = await eim.send(ts_psmoList(ts_psmoEnable(A)), { eimTransactionId: '0506', tamper: (b) => { const x = Buffer.from(b); x[x.length - 2] ^= 0x10; return x; } });
    assert.deepEqual(bad.value, { euiccPackageErrorUnsigned: { eimId: eim.eimId, associationToken: eim.associationToken } });
    // v1.0's EnableProfileResult has no rollbackNotAvailable(20): undefinedError(127) instead.
    const noRollback = await eim.send(ts_psmoList(ts_psmoDisable(B), ts_psmoEnable(A, { rollback: true })));
    assert.deepEqual(resultData(noRollback).euiccResult, [{ disableResult: 0 }, { enableResult: 127 }]);
  });

  it('ProfileRollback on v1.0 signs its result over the enabling package\'s eimSignature', async () => {
    const { eim, f } = await setup({ version: 'v1.0' });
    const signed = await eim.send(ts_psmoList(ts_psmoEnable(B, { rollback: true })));
    assert.equal(signed.signatureValid, true);
    const res = await f.es10('ProfileRollbackRequest', { refreshFlag: false });
    assert.equal(res.cmdResult, 0);
    const opened = eim.open(f.euicc.codec.encode('EuiccPackageResult', res.eUICCPackageResult), signed.eimSignature);
    assert.equal(opened.signatureValid, true);
  });
});
