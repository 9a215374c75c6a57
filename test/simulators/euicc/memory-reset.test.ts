/**
 * S_eUICC's eUICCMemoryReset through STORE DATA APDUs: BF64 with the SGP.32 v1.2 reset options,
 * BF34 (SGP.22's type) on a v1.0 card. Deleted profiles queue no notification; refusals leave the
 * card as it was.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../src/asn1';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import { EuiccState, ProfileClassName } from '../../../simulators/euicc/state';
import { euiccFixture, EuiccFixture, EuiccFixtureOptions, fixtureCards } from './fixture';
import { associateEim, iccidHex, ICCIDS, installProfiles } from './eim-helpers';

const card = fixtureCards();

const RESET = 'EuiccMemoryResetRequest';
const [A, B, C] = ICCIDS.map(iccidHex);
const D = iccidHex('89000123456789012374');

function snapshot(f: EuiccFixture): EuiccState {
  return structuredClone(f.euicc.state);
}
const iccids = (f: EuiccFixture) => f.euicc.state.profiles.map((p) => p.iccid);

/** A enabled operational, B field-loaded test, C pre-loaded test, D provisioning; A and B ask for every notification. */
function fourClasses(f: EuiccFixture): void {
  const notify = ['notificationEnable', 'notificationDisable', 'notificationDelete'];
  installProfiles(f, [{ iccid: ICCIDS[0], enabled: true, notify }, { iccid: ICCIDS[1], notify }, { iccid: ICCIDS[2] }, { iccid: '89000123456789012374' }]);
  const classes: [ProfileClassName, boolean][] = [['operational', false], ['test', false], ['test', true], ['provisioning', false]];
  f.euicc.state.profiles.forEach((p, i) => {
    p.profileClass = classes[i][0];
    if (classes[i][1]) p.preLoaded = true;
    p.isdpAid = `A0000005591010FFFFFFFF890000${(0x10 + i).toString(16).toUpperCase()}00`;
  });
}

describe('EUICC-ES10-MEMRESET-NOM-01 eUICCMemoryReset (BF64, SGP.32 v1.2)', () => {
  it('resetEimConfigData: resetEimResult ok, the eIM list is empty, profiles stay, AddInitialEim works again', async () => {
    const f = await card();
    fourClasses(f);
    await associateEim(f);
    const r = await f.es10(RESET, { resetOptions: ['resetEimConfigData'] });
    assert.deepEqual(r, { resetResult: 1, resetEimResult: 0 });
    assert.deepEqual(await f.es10('GetEimConfigurationDataRequest', {}), { eimConfigurationDataList: [] });
    assert.deepEqual(iccids(f), [A, B, C, D]);
    await associateEim(f);
    assert.equal(f.euicc.state.eims.length, 1);
  });

  it('deleteOperationalProfiles takes the enabled one too, queues no notification and keeps the queued ones', async () => {
    const f = await card();
    fourClasses(f);
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: { iccid: Buffer.from(A, 'hex') }, refreshFlag: false }), { disableResult: 0 });
    await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: Buffer.from(A, 'hex') }, refreshFlag: false });
    const queued = structuredClone(f.euicc.state.notifications);
    const seq = f.euicc.state.lastSeqNumber;
    assert.equal(queued.length, 2);

    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles'] }), { resetResult: 0 });
    assert.deepEqual(iccids(f), [B, C, D]);
    assert.deepEqual(f.euicc.state.notifications, queued);
    assert.equal(f.euicc.state.lastSeqNumber, seq);
    const list = await f.es10('ProfileInfoListRequest', {});
    assert.equal(list.profileInfoListOk.length, 3);
  });

  for (const [option, gone] of [['deleteFieldLoadedTestProfiles', B], ['deletePreLoadedTestProfiles', C], ['deleteProvisioningProfiles', D]] as const) {
    it(`${option} deletes exactly that class`, async () => {
      const f = await card();
      fourClasses(f);
      assert.deepEqual(await f.es10(RESET, { resetOptions: [option] }), { resetResult: 0 });
      assert.deepEqual(iccids(f), [A, B, C, D].filter((i) => i !== gone));
      assert.deepEqual(f.euicc.state.notifications, []);
    });
  }

  it('every option at once leaves a virgin card', async () => {
    const f = await card();
    fourClasses(f);
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example.com' });
    await associateEim(f);
    f.euicc.state.defaultSmdpAddress = 'dp.example.com';
    const all = ['deleteOperationalProfiles', 'deleteFieldLoadedTestProfiles', 'resetDefaultSmdpAddress', 'deletePreLoadedTestProfiles',
      'deleteProvisioningProfiles', 'resetEimConfigData', 'resetImmediateEnableConfig'];
    assert.equal(toHex(f.encode(RESET, { resetOptions: all })), 'BF6404820201FE');
    assert.deepEqual(await f.es10(RESET, { resetOptions: all }), { resetResult: 0, resetEimResult: 0, resetImmediateEnableConfigResult: 0 });
    const s = f.euicc.state;
    assert.deepEqual([s.profiles, s.eims, s.defaultSmdpAddress, s.immediateEnable], [[], [], '', { enabled: false }]);
  });

  it('resetDefaultSmdpAddress alone: ok and the address is back to none', async () => {
    const f = await card();
    f.euicc.state.defaultSmdpAddress = 'dp.example.com';
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['resetDefaultSmdpAddress'] }), { resetResult: 0 });
    assert.deepEqual(await f.es10('EuiccConfiguredAddressesRequest', {}).then((r) => r.defaultDpAddress ?? ''), '');
  });

  it('resetImmediateEnableConfig alone: its result ok, immediate enabling off', async () => {
    const f = await card();
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpOid: '2.999.1' });
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['resetImmediateEnableConfig'] }), { resetResult: 1, resetImmediateEnableConfigResult: 0 });
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: false });
  });

  it('nothingToDelete(1) for profiles and for eIMs on a card that has none; the card is unchanged', async () => {
    const f = await card();
    const before = snapshot(f);
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles', 'resetEimConfigData'] }), { resetResult: 1, resetEimResult: 1 });
    assert.deepEqual(await f.es10(RESET, { resetOptions: [] }), { resetResult: 1 });
    assert.deepEqual(snapshot(f), before);
  });

  it('ecallActive(104) while the Emergency Profile is enabled; nothing is reset', async () => {
    const f = await card();
    fourClasses(f);
    f.euicc.state.profiles[1].ecallIndication = true;
    assert.deepEqual(await f.es10('EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 0 });
    const before = snapshot(f);
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles', 'deleteFieldLoadedTestProfiles', 'resetEimConfigData'] }), { resetResult: 104 });
    assert.deepEqual(snapshot(f), before);
  });

  it('catBusy(5) only when a hook asks for it, and then nothing changes', async () => {
    const f = await card();
    fourClasses(f);
    const before = snapshot(f);
    f.euicc.hooks.respondWith('ES10b.eUICCMemoryReset', { resetResult: 5 });
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles'] }), { resetResult: 5 });
    assert.deepEqual(snapshot(f), before);
  });

  it('forgets a fallback whose profile went, a return target that went, and the rollback of a reset eIM', async () => {
    const f = await card();
    fourClasses(f);
    f.euicc.state.profiles[1].fallbackAttribute = true;
    assert.deepEqual(await f.es10('ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 0 });
    assert.deepEqual(f.euicc.state.fallback, { active: true, returnIccid: A });
    await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles'] });
    assert.deepEqual(f.euicc.state.fallback, { active: true });
    await f.es10(RESET, { resetOptions: ['deleteFieldLoadedTestProfiles'] });
    assert.deepEqual(f.euicc.state.fallback, { active: false });

    f.euicc.state.rollback = { iccid: C, eimId: 'eim.example.com', counterValue: 11, eimSignature: '00' };
    await f.es10(RESET, { resetOptions: ['resetEimConfigData'] });
    assert.equal(f.euicc.state.rollback, undefined);
    f.euicc.state.rollback = { iccid: C, eimId: 'eim.example.com', counterValue: 11, eimSignature: '00' };
    await f.es10(RESET, { resetOptions: ['deletePreLoadedTestProfiles'] });
    assert.equal(f.euicc.state.rollback, undefined);
  });
});

describe('EUICC-ES10-MEMRESET-NOM-02 eUICCMemoryReset on a v1.0 card (BF34, SGP.22 type)', () => {
  it('deleteOperationalProfiles: resetResult only', async () => {
    const f = await card({ version: 'v1.0' });
    fourClasses(f);
    assert.equal(toHex(f.encode(RESET, { resetOptions: ['deleteOperationalProfiles'] })), 'BF340482020780');
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles'] }), { resetResult: 0 });
    assert.deepEqual(iccids(f), [B, C, D]);
    assert.deepEqual(await f.es10(RESET, { resetOptions: ['deleteOperationalProfiles'] }), { resetResult: 1 });
  });

  it('the v1.0 IoT bits 3 (resetEimConfigData) and 4 (resetAutoEnableConfig) as onomondo-ipa sends them', async () => {
    const f = await card({ version: 'v1.0' });
    await f.es10('ConfigureAutoProfileEnablingRequest', { autoEnableFlag: null });
    await associateEim(f);
    const answer = await f.raw(Buffer.from('BF340482020318', 'hex'));
    // No profile went, but the eIM configuration did: ok(0), not nothingToDelete(1).
    assert.deepEqual(f.euicc.codec.decode('EuiccMemoryResetResponse', answer), { resetResult: 0 });
    assert.deepEqual([f.euicc.state.eims, f.euicc.state.immediateEnable], [[], { enabled: false }]);
  });

  it('BF64 is not a v1.0 command: 6A88, card unchanged', async () => {
    const f = await card({ version: 'v1.0' });
    fourClasses(f);
    const before = snapshot(f);
    await assert.rejects(f.raw(Buffer.from('BF640482020780', 'hex')), (e: CardStatusError) => e.sw === SW.REFERENCED_DATA_NOT_FOUND);
    assert.deepEqual(snapshot(f), before);
  });
});
