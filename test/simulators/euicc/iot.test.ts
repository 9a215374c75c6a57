/**
 * S_eUICC's SGP.32 IoT functions, driven through STORE DATA APDUs: immediate profile enabling
 * (BF59/BF5A, and v1.0's ConfigureAutoProfileEnabling/EnableUsingDD), the Emergency Profile
 * (BF5B/BF5C), the fallback mechanism (BF5D/BF5E), GetConnectivityParameters (BF5F) and IPAe
 * activation (BF42). Every error answer is checked to leave the card as it was.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, toHex } from '../../../src/asn1';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import { ts_psmoList, ts_psmoSetFallbackAttribute } from '../../../simulators/eim/packages';
import { EuiccState } from '../../../simulators/euicc/state';
import { downloadProfile, euiccFixture, EuiccFixture, EuiccFixtureOptions, fixtureCards } from './fixture';
import { associateEim, iccidHex, ICCIDS, installProfiles, ProfileSpec, resultData } from './eim-helpers';

const card = fixtureCards();

const [A, B, C] = ICCIDS.map(iccidHex);
const ENABLE_DISABLE = ['notificationEnable', 'notificationDisable'];
const NOTIFY_ALL = [{ profileManagementOperation: ['notificationInstall', 'notificationEnable', 'notificationDisable'], notificationAddress: 'smdp.example.com' }];
/** A second test profile for downloads (Luhn-valid, not one of ICCIDS). */
const DOWNLOADED = '89000123456789012374';

function enabledIccid(f: EuiccFixture): string | undefined {
  return f.euicc.state.profiles.find((p) => p.state === 'enabled')?.iccid;
}
function events(f: EuiccFixture): string[] {
  return f.euicc.state.notifications.filter((n) => n.kind === 'otherSignedNotification').map((n) => `${n.event}:${n.iccid}`);
}
function snapshot(f: EuiccFixture): { state: EuiccState; session: unknown } {
  return structuredClone({ state: f.euicc.state, session: f.euicc.session });
}
/** Sends one command and checks that its (error) answer left state and session untouched. */
async function unchanged<T>(f: EuiccFixture, type: string, value: unknown): Promise<T> {
  const before = snapshot(f);
  const answer = await f.es10<T>(type, value);
  assert.deepEqual(snapshot(f), before, `${type} changed the card`);
  return answer;
}
/** Installs the profiles of `specs`, then lets `edit` adjust their records. */
function profiles(f: EuiccFixture, specs: ProfileSpec[], edit: (p: EuiccState['profiles']) => void = () => {}): void {
  installProfiles(f, specs);
  edit(f.euicc.state.profiles);
}
const withFallback = (f: EuiccFixture) => profiles(f, [
  { iccid: ICCIDS[0], enabled: true, notify: ENABLE_DISABLE },
  { iccid: ICCIDS[1], notify: ENABLE_DISABLE, fallbackAllowed: true },
], (p) => { p[1].fallbackAttribute = true; });
const withEmergency = (f: EuiccFixture, enabled = true) => profiles(f, [
  { iccid: ICCIDS[0], enabled, notify: ENABLE_DISABLE },
  { iccid: ICCIDS[2], notify: ENABLE_DISABLE },
], (p) => { p[1].ecallIndication = true; });

describe('EUICC-ES10-IMMEN-NOM-01 ConfigureImmediateProfileEnabling (BF59) and ImmediateEnable (BF5A)', () => {
  it('configure, download, ImmediateEnable: the new profile is enabled in place of the old one, once', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0], enabled: true, notify: ENABLE_DISABLE }]);
    const cfg = await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example.com' });
    assert.deepEqual(cfg, { configImmediateEnableResult: 0 });
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: true, defaultSmdpAddress: 'smdp.example.com' });

    await downloadProfile(f, { profile: { iccid: DOWNLOADED }, notificationConfigurationInfo: NOTIFY_ALL });
    const installed = iccidHex(DOWNLOADED);
    assert.equal(f.euicc.session?.installedIccid, installed);
    assert.deepEqual(await f.es10('ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 0 });
    assert.equal(enabledIccid(f), installed);
    assert.deepEqual(events(f), [`notificationDisable:${A}`, `notificationEnable:${installed}`]);

    // The session context is used up: a second request has nothing to enable.
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: true }), { immediateEnableResult: 4 });
  });

  it('immediateEnableNotAvailable(1) when not configured, or configured off, even with a fresh profile', async () => {
    const f = await card();
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 1 });
    assert.deepEqual(await f.es10('ConfigureImmediateProfileEnablingRequest', {}), { configImmediateEnableResult: 0 });
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: false });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 1 });
  });

  it('immediateEnableNotAvailable(1) when the profile comes from another SM-DP+ than configured (OID or address)', async () => {
    const f = await card();
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    const oid = f.euicc.state.profiles[0].smdpOid;
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpOid: '2.999.1' });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 1 });
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpOid: oid, defaultSmdpAddress: 'other.example.com' });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 1 });
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpOid: oid, defaultSmdpAddress: 'SMDP.example.com' });
    assert.deepEqual(await f.es10('ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 0 });
    assert.equal(enabledIccid(f), iccidHex(DOWNLOADED));
  });

  it('noSessionContext(4) without a profile installed in this session: none, after a reset, or deleted since', async () => {
    const f = await card();
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 4 });
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    f.euicc.powerCycle();
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 4 });
    await downloadProfile(f, { profile: { iccid: ICCIDS[0] } });
    f.euicc.state.profiles = f.euicc.state.profiles.filter((p) => p.iccid !== A);
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 4 });
  });

  it('undefinedError(127) while the Emergency Profile is enabled: the eCall keeps its profile', async () => {
    const f = await card();
    withEmergency(f);
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null });
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    await f.es10('EnableEmergencyProfileRequest', { refreshFlag: false });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 127 });
    assert.equal(enabledIccid(f), C);
  });

  it('associatedEimAlreadyExists(2): once an eIM is associated only its signed PSMO may configure', async () => {
    const f = await card();
    await associateEim(f);
    assert.deepEqual(await unchanged(f, 'ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null }), { configImmediateEnableResult: 2 });
    assert.deepEqual(f.euicc.state.immediateEnable, { enabled: false });
  });

  it('catBusy(5) only when a hook asks for it, and then nothing changes', async () => {
    const f = await card();
    await f.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null });
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    f.euicc.hooks.respondWith('ES10b.ImmediateEnable', { immediateEnableResult: 5 });
    assert.deepEqual(await unchanged(f, 'ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 5 });
    assert.deepEqual(await f.es10('ImmediateEnableRequest', { refreshFlag: false }), { immediateEnableResult: 0 });
  });

  it('v1.0: ConfigureAutoProfileEnabling and EnableUsingDD under the same tags', async () => {
    const f = await card({ version: 'v1.0' });
    assert.deepEqual(await unchanged(f, 'EnableUsingDDRequest', {}), { enableUsingDDResult: 1 });
    assert.deepEqual(await f.es10('ConfigureAutoProfileEnablingRequest', { autoEnableFlag: null, smdpAddress: 'smdp.example.com' }), { configAutoEnableResult: 0 });
    assert.equal(toHex(f.encode('EnableUsingDDRequest', {})), 'BF5A00');
    assert.deepEqual(await unchanged(f, 'EnableUsingDDRequest', {}), { enableUsingDDResult: 4 });
    await downloadProfile(f, { profile: { iccid: DOWNLOADED } });
    assert.deepEqual(await f.es10('EnableUsingDDRequest', {}), { enableUsingDDResult: 0 });
    assert.equal(enabledIccid(f), iccidHex(DOWNLOADED));
    await associateEim(f);
    assert.deepEqual(await unchanged(f, 'ConfigureAutoProfileEnablingRequest', {}), { configAutoEnableResult: 2 });
  });
});

describe('EUICC-ES10-EMERG-NOM-01 EnableEmergencyProfile (BF5B) / DisableEmergencyProfile (BF5C)', () => {
  it('enables the ecallIndication profile, then returns to the one it replaced, queueing no notification', async () => {
    const f = await card();
    withEmergency(f);
    assert.deepEqual(await f.es10('EnableEmergencyProfileRequest', { refreshFlag: true }), { enableEmergencyProfileResult: 0 });
    assert.equal(enabledIccid(f), C);
    assert.deepEqual(f.euicc.state.emergency, { active: true, returnIccid: A });
    assert.deepEqual(await unchanged(f, 'EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 2 });

    assert.deepEqual(await f.es10('DisableEmergencyProfileRequest', { refreshFlag: false }), { disableEmergencyProfileResult: 0 });
    assert.equal(enabledIccid(f), A);
    assert.deepEqual(f.euicc.state.emergency, { active: false });
    assert.deepEqual(f.euicc.state.notifications, []);
  });

  it('with no profile enabled before, disabling leaves none enabled', async () => {
    const f = await card();
    withEmergency(f, false);
    assert.deepEqual(await f.es10('EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 0 });
    assert.deepEqual(f.euicc.state.emergency, { active: true });
    assert.deepEqual(await f.es10('DisableEmergencyProfileRequest', { refreshFlag: false }), { disableEmergencyProfileResult: 0 });
    assert.equal(enabledIccid(f), undefined);
  });

  it('ecallNotAvailable(8) without an Emergency Profile, or on a card without eCall support', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0], enabled: true }]);
    assert.deepEqual(await unchanged(f, 'EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 8 });
    const g = await card({ capabilities: { ecallSupported: false } });
    withEmergency(g);
    assert.deepEqual(await unchanged(g, 'EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 8 });
  });

  it('profileNotInEnabledState(2) when the Emergency Profile is not enabled (or there is none)', async () => {
    const f = await card();
    assert.deepEqual(await unchanged(f, 'DisableEmergencyProfileRequest', { refreshFlag: false }), { disableEmergencyProfileResult: 2 });
    withEmergency(f);
    assert.deepEqual(await unchanged(f, 'DisableEmergencyProfileRequest', { refreshFlag: false }), { disableEmergencyProfileResult: 2 });
  });

  it('undefinedError(127) when PPR1 pins the enabled profile; nothing changes', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0], enabled: true, ppr: ['ppr1'] }, { iccid: ICCIDS[2] }], (p) => { p[1].ecallIndication = true; });
    assert.deepEqual(await unchanged(f, 'EnableEmergencyProfileRequest', { refreshFlag: false }), { enableEmergencyProfileResult: 127 });
  });

  it('ecallActive(104) from ExecuteFallbackMechanism while the eCall lasts', async () => {
    const f = await card();
    withEmergency(f);
    f.euicc.state.profiles.push({ ...f.euicc.state.profiles[0], iccid: B, isdpAid: 'A0000005591010FFFFFFFF8900001F00', state: 'disabled', fallbackAttribute: true });
    await f.es10('EnableEmergencyProfileRequest', { refreshFlag: false });
    assert.deepEqual(await unchanged(f, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 104 });
  });
});

describe('EUICC-ESEP-FALLBACK-NOM-01 ExecuteFallbackMechanism (BF5D) / ReturnFromFallback (BF5E)', () => {
  it('setFallbackAttribute PSMO, then fallback and return, with the profiles\' notifications', async () => {
    const f = await card();
    profiles(f, [
      { iccid: ICCIDS[0], enabled: true, notify: ENABLE_DISABLE },
      { iccid: ICCIDS[1], notify: ENABLE_DISABLE, fallbackAllowed: true },
    ]);
    const eim = await associateEim(f);
    const set = await eim.send(ts_psmoList(ts_psmoSetFallbackAttribute(ICCIDS[1])));
    assert.deepEqual(resultData(set).euiccResult, [{ setFallbackAttributeResult: 0 }]);
    const before = events(f).length;

    assert.deepEqual(await f.es10('ExecuteFallbackMechanismRequest', { refreshFlag: true }), { executeFallbackMechanismResult: 0 });
    assert.equal(enabledIccid(f), B);
    assert.deepEqual(f.euicc.state.fallback, { active: true, returnIccid: A });
    assert.deepEqual(await unchanged(f, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 2 });

    assert.deepEqual(await f.es10('ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 0 });
    assert.equal(enabledIccid(f), A);
    assert.deepEqual(f.euicc.state.fallback, { active: false });
    assert.deepEqual(events(f).slice(before), [`notificationDisable:${A}`, `notificationEnable:${B}`, `notificationDisable:${B}`, `notificationEnable:${A}`]);
  });

  it('fallbackNotAvailable(6) without a Fallback Attribute, or on a card without the mechanism', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }]);
    assert.deepEqual(await unchanged(f, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 6 });
    assert.deepEqual(await unchanged(f, 'ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 6 });
    const g = await card({ capabilities: { fallbackSupported: false } });
    withFallback(g);
    assert.deepEqual(await unchanged(g, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 6 });
  });

  it('profileNotInDisabledState(2) when the Fallback Profile is already enabled; commandError(7) to return from no fallback', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0] }, { iccid: ICCIDS[1], enabled: true }], (p) => { p[1].fallbackAttribute = true; });
    assert.deepEqual(await unchanged(f, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 2 });
    assert.deepEqual(await unchanged(f, 'ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 7 });
  });

  it('commandError(7) to return once another profile replaced the Fallback Profile', async () => {
    const f = await card();
    withFallback(f);
    await f.es10('ExecuteFallbackMechanismRequest', { refreshFlag: false });
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: Buffer.from(A, 'hex') }, refreshFlag: false }), { enableResult: 0 });
    assert.deepEqual(await unchanged(f, 'ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 7 });
  });

  it('undefinedError(127) when PPR1 pins the enabled profile; nothing changes', async () => {
    const f = await card();
    profiles(f, [{ iccid: ICCIDS[0], enabled: true, ppr: ['ppr1'] }, { iccid: ICCIDS[1] }], (p) => { p[1].fallbackAttribute = true; });
    assert.deepEqual(await unchanged(f, 'ExecuteFallbackMechanismRequest', { refreshFlag: false }), { executeFallbackMechanismResult: 127 });
  });

  it('an eCall during a fallback returns to the Fallback Profile, and the fallback then returns to the first', async () => {
    const f = await card();
    withFallback(f);
    f.euicc.state.profiles.push({ ...f.euicc.state.profiles[0], iccid: C, isdpAid: 'A0000005591010FFFFFFFF8900001F00', state: 'disabled', ecallIndication: true });
    await f.es10('ExecuteFallbackMechanismRequest', { refreshFlag: false });
    await f.es10('EnableEmergencyProfileRequest', { refreshFlag: false });
    assert.deepEqual(await unchanged(f, 'ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 7 });
    await f.es10('DisableEmergencyProfileRequest', { refreshFlag: false });
    assert.equal(enabledIccid(f), B);
    assert.deepEqual(await f.es10('ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 0 });
    assert.equal(enabledIccid(f), A);
  });

  it('returning when the replaced profile is gone disables the Fallback Profile', async () => {
    const f = await card();
    withFallback(f);
    await f.es10('ExecuteFallbackMechanismRequest', { refreshFlag: false });
    f.euicc.state.profiles = f.euicc.state.profiles.filter((p) => p.iccid !== A);
    assert.deepEqual(await f.es10('ReturnFromFallbackRequest', { refreshFlag: false }), { returnFromFallbackResult: 0 });
    assert.equal(enabledIccid(f), undefined);
  });
});

describe('EUICC-ES10-CONN-NOM-01 GetConnectivityParameters (BF5F)', () => {
  const c = codec('SGP32Definitions', 'v1.2');

  it('httpParams when provisioned', async () => {
    const f = await card();
    const httpParams = Buffer.from('3503000102', 'hex');
    f.euicc.state.connectivityParameters = toHex(c.encode('ConnectivityParameters', { httpParams }));
    const r = await f.es10('GetConnectivityParametersRequest', {});
    assert.deepEqual(Buffer.from(r.connectivityParameters.httpParams), httpParams);
  });

  it('parametersNotAvailable(1) when none are provisioned', async () => {
    const f = await card();
    assert.deepEqual(await unchanged(f, 'GetConnectivityParametersRequest', {}), { connectivityParametersError: 1 });
  });

  it('undefinedError(127) when the stored parameters are damaged', async () => {
    const f = await card();
    f.euicc.state.connectivityParameters = '3005810201';
    assert.deepEqual(await unchanged(f, 'GetConnectivityParametersRequest', {}), { connectivityParametersError: 127 });
  });
});

describe('EUICC-ES10-IPAE-NOM-01 IpaeActivation (BF42)', () => {
  it('activateIpae: ok and the IPAe is active', async () => {
    const f = await card();
    assert.deepEqual(await f.es10('IpaeActivationRequest', { ipaeOption: ['activateIpae'] }), { ipaeActivationResult: 0 });
    assert.equal(f.euicc.state.ipaeActive, true);
  });

  it('an empty ipaeOption activates nothing', async () => {
    const f = await card();
    assert.deepEqual(await unchanged(f, 'IpaeActivationRequest', { ipaeOption: [] }), { ipaeActivationResult: 0 });
    assert.equal(f.euicc.state.ipaeActive, false);
  });

  it('notSupported(1) on a card without IPAe', async () => {
    const f = await card({ capabilities: { ipaeSupported: false } });
    assert.deepEqual(await unchanged(f, 'IpaeActivationRequest', { ipaeOption: ['activateIpae'] }), { ipaeActivationResult: 1 });
  });
});

describe('v1.0 card: the v1.2-only IoT functions are not routed', () => {
  const commands: [string, unknown][] = [
    ['EnableEmergencyProfileRequest', { refreshFlag: false }], ['DisableEmergencyProfileRequest', { refreshFlag: false }],
    ['ExecuteFallbackMechanismRequest', { refreshFlag: false }], ['ReturnFromFallbackRequest', { refreshFlag: false }],
    ['GetConnectivityParametersRequest', {}], ['IpaeActivationRequest', { ipaeOption: ['activateIpae'] }],
  ];
  for (const [type, value] of commands) {
    it(`${type}: answered on v1.2, 6A88 on v1.0 with the card unchanged`, async () => {
      const g = await card();
      const bytes = g.encode(type, value);
      assert.ok((await g.raw(bytes)).length > 0);
      const f = await card({ version: 'v1.0' });
      const before = snapshot(f);
      await assert.rejects(f.raw(bytes), (e: CardStatusError) => e.sw === SW.REFERENCED_DATA_NOT_FOUND);
      assert.deepEqual(snapshot(f), before);
    });
  }
});
