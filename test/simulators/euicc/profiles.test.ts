/** ES10c local profile management through APDUs, on profiles installed by real downloads. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../src/asn1';
import { iccidToSwappedBcd } from '../../../src/profile';
import { loadState, saveState } from '../../../simulators/euicc/state';
import { downloadProfile, euiccFixture, EuiccFixture, EuiccFixtureOptions, fixtureCards } from './fixture';

const card = fixtureCards();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sgp32-euicc-state-'));
  dirs.push(d);
  return d;
}

const FIRST = '89001000000000000010';
const SECOND = '89001000000000000028';
const bcd = (iccid: string) => Buffer.from(iccidToSwappedBcd(iccid));
const byIccid = (iccid: string) => ({ iccid: bcd(iccid) });

/** A card with two disabled profiles; the first asks for enable/disable/delete notifications. */
async function twoProfiles(o: EuiccFixtureOptions = {}): Promise<EuiccFixture> {
  const f = await card(o);
  const notificationConfigurationInfo = [{ profileManagementOperation: ['notificationEnable', 'notificationDisable', 'notificationDelete'], notificationAddress: 'notify.example.com' }];
  await downloadProfile(f, { profile: { iccid: FIRST }, notificationConfigurationInfo });
  await downloadProfile(f, { profile: { iccid: SECOND } });
  return f;
}

async function list(f: EuiccFixture, request: Record<string, unknown> = {}): Promise<any[]> {
  const r = await f.es10('ProfileInfoListRequest', request);
  assert.ok(r.profileInfoListOk, JSON.stringify(r));
  return r.profileInfoListOk;
}

const states = async (f: EuiccFixture) => (await list(f, { tagList: Buffer.from('5A9F70', 'hex') })).map((p) => [toHex(p.iccid), p.profileState]);

describe('ES10c.GetProfilesInfo (BF2D)', () => {
  it('EUICC-ES10-PROFILES-NOM-01 an empty card answers an empty list', async () => {
    const f = await card();
    assert.deepEqual(await list(f), []);
  });

  it('EUICC-ES10-PROFILES-NOM-02 every profile, with the SGP.32 v1.2 fields', async () => {
    const f = await twoProfiles();
    const all = await list(f);
    assert.deepEqual(all.map((p) => toHex(p.iccid)), [toHex(bcd(FIRST)), toHex(bcd(SECOND))]);
    assert.deepEqual(all.map((p) => toHex(p.isdpAid)), ['A0000005591010FFFFFFFF8900001000', 'A0000005591010FFFFFFFF8900001100']);
    assert.deepEqual(all[0].notificationConfigurationInfo, [{ profileManagementOperation: ['notificationEnable', 'notificationDisable', 'notificationDelete'], notificationAddress: 'notify.example.com' }]);
    assert.equal(all[1].notificationConfigurationInfo, undefined);
    for (const p of all) assert.deepEqual([p.ecallIndication, p.fallbackAttribute, p.fallbackAllowed], [false, false, false]);
    f.euicc.state.profiles[1].fallbackAttribute = true;
    f.euicc.state.profiles[1].fallbackAllowed = true;
    f.euicc.state.profiles[1].ecallIndication = true;
    const second = (await list(f, { searchCriteria: byIccid(SECOND) }))[0];
    assert.deepEqual([second.ecallIndication, second.fallbackAttribute, second.fallbackAllowed], [true, true, true]);
  });

  it('EUICC-ES10-PROFILES-NOM-03 search by ICCID, ISD-P AID and profile class', async () => {
    const f = await twoProfiles();
    assert.deepEqual((await list(f, { searchCriteria: byIccid(SECOND) })).map((p) => toHex(p.iccid)), [toHex(bcd(SECOND))]);
    const aid = Buffer.from('A0000005591010FFFFFFFF8900001000', 'hex');
    assert.deepEqual((await list(f, { searchCriteria: { isdpAid: aid } })).map((p) => toHex(p.iccid)), [toHex(bcd(FIRST))]);
    assert.equal((await list(f, { searchCriteria: { profileClass: 2 } })).length, 2);
    assert.deepEqual(await list(f, { searchCriteria: { profileClass: 0 } }), []);
    assert.deepEqual(await list(f, { searchCriteria: byIccid('89001000000000000036') }), []);
  });

  it('EUICC-ES10-PROFILES-NOM-04 a tagList picks the fields, SGP.32 tags included', async () => {
    const f = await twoProfiles();
    // On the wire: ProfileInfo E3 holding the ICCID alone (fallbackAttribute decodes to its DEFAULT below).
    const answer = await f.raw(f.encode('ProfileInfoListRequest', { searchCriteria: byIccid(FIRST), tagList: Buffer.from('5A', 'hex') }));
    assert.equal(toHex(answer), `BF2D10A00EE30C5A0A${toHex(bcd(FIRST))}`);
    const keys = (p: object) => Object.keys(p).filter((k) => k !== 'fallbackAttribute');
    assert.deepEqual(keys((await list(f, { tagList: Buffer.from('9F7092', 'hex') }))[0]), ['profileState', 'profileName']);
    // fallbackAttribute is DEFAULT FALSE: asked for, it is absent on the wire and decodes as its default.
    const iot = (await list(f, { tagList: Buffer.from('9F7B9F269F67', 'hex') }))[0];
    assert.deepEqual(iot, { ecallIndication: false, fallbackAttribute: false, fallbackAllowed: false });
  });

  it('EUICC-ES10-PROFILES-NOM-05 v1.0: ProfileInfo has no SGP.32 v1.2 fields', async () => {
    const f = await card({ version: 'v1.0' });
    await downloadProfile(f);
    const [p] = await list(f);
    assert.equal(p.ecallIndication, undefined);
    assert.equal(p.fallbackAllowed, undefined);
    assert.equal(p.profileState, 0);
  });

  it('EUICC-ES10-PROFILES-ERR-01 a tagList ending inside a tag: profileInfoListError incorrectInputValues(1)', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('ProfileInfoListRequest', { tagList: Buffer.from('5A9F', 'hex') }), { profileInfoListError: 1 });
  });
});

describe('ES10c.EnableProfile (BF31) / DisableProfile (BF32)', () => {
  it('EUICC-ES10-ENABLE-NOM-01 enable by ICCID, then by ISD-P AID swaps the enabled profile; notifications follow the metadata', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false }), { enableResult: 0 });
    assert.deepEqual(await states(f), [[toHex(bcd(FIRST)), 1], [toHex(bcd(SECOND)), 0]]);
    const enable = f.euicc.state.notifications.at(-1)!;
    assert.deepEqual([enable.kind, enable.event, enable.notificationAddress], ['otherSignedNotification', 'notificationEnable', 'notify.example.com']);
    const aid = Buffer.from('A0000005591010FFFFFFFF8900001100', 'hex');
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: { isdpAid: aid }, refreshFlag: true }), { enableResult: 0 });
    assert.deepEqual(await states(f), [[toHex(bcd(FIRST)), 0], [toHex(bcd(SECOND)), 1]]);
    assert.equal(f.euicc.state.notifications.at(-1)!.event, 'notificationDisable');
  });

  it('EUICC-ES10-ENABLE-ERR-01 unknown ICCID: iccidOrAidNotFound(1); already enabled: profileNotInDisabledState(2)', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: byIccid('89001000000000000036'), refreshFlag: false }), { enableResult: 1 });
    await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false });
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false }), { enableResult: 2 });
  });

  it('EUICC-ES10-ENABLE-ERR-02 the enabled profile has PPR1: disallowedByPolicy(3), nothing changes', async () => {
    const f = await twoProfiles();
    await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false });
    f.euicc.state.profiles[0].ppr = ['ppr1'];
    assert.deepEqual(await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(SECOND), refreshFlag: false }), { enableResult: 3 });
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false }), { disableResult: 3 });
    assert.deepEqual(await states(f), [[toHex(bcd(FIRST)), 1], [toHex(bcd(SECOND)), 0]]);
  });

  it('EUICC-ES10-DISABLE-NOM-01 disable the enabled profile', async () => {
    const f = await twoProfiles();
    await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(SECOND), refreshFlag: false });
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: byIccid(SECOND), refreshFlag: false }), { disableResult: 0 });
    assert.deepEqual(await states(f), [[toHex(bcd(FIRST)), 0], [toHex(bcd(SECOND)), 0]]);
  });

  it('EUICC-ES10-DISABLE-ERR-01 a disabled profile: profileNotInEnabledState(2); unknown: iccidOrAidNotFound(1)', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false }), { disableResult: 2 });
    assert.deepEqual(await f.es10('DisableProfileRequest', { profileIdentifier: byIccid('89001000000000000036'), refreshFlag: false }), { disableResult: 1 });
  });
});

describe('ES10c.DeleteProfile (BF33)', () => {
  it('EUICC-ES10-DELETE-NOM-01 a disabled profile goes, with its delete notification; its memory comes back', async () => {
    const f = await twoProfiles();
    const free = async () => (await f.es10('GetEuiccInfo2Request', {})).extCardResource;
    const before = toHex(await free());
    assert.deepEqual(await f.es10('DeleteProfileRequest', byIccid(FIRST)), { deleteResult: 0 });
    assert.deepEqual((await list(f)).map((p) => toHex(p.iccid)), [toHex(bcd(SECOND))]);
    assert.equal(f.euicc.state.notifications.at(-1)!.event, 'notificationDelete');
    assert.notEqual(toHex(await free()), before);
  });

  it('EUICC-ES10-DELETE-ERR-01 the enabled profile: profileNotInDisabledState(2); unknown: 1; PPR2: disallowedByPolicy(3)', async () => {
    const f = await twoProfiles();
    await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(FIRST), refreshFlag: false });
    assert.deepEqual(await f.es10('DeleteProfileRequest', byIccid(FIRST)), { deleteResult: 2 });
    assert.deepEqual(await f.es10('DeleteProfileRequest', byIccid('89001000000000000036')), { deleteResult: 1 });
    f.euicc.state.profiles[1].ppr = ['ppr2'];
    assert.deepEqual(await f.es10('DeleteProfileRequest', { isdpAid: Buffer.from(f.euicc.state.profiles[1].isdpAid, 'hex') }), { deleteResult: 3 });
    assert.equal((await list(f)).length, 2);
  });
});

describe('ES10c.SetNickname (BF29)', () => {
  it('EUICC-ES10-NICKNAME-NOM-01 the nickname shows in GetProfilesInfo', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('SetNicknameRequest', { iccid: bcd(SECOND), profileNickname: 'tracker eSIM' }), { setNicknameResult: 0 });
    assert.equal((await list(f, { searchCriteria: byIccid(SECOND) }))[0].profileNickname, 'tracker eSIM');
  });

  it('EUICC-ES10-NICKNAME-ERR-01 unknown ICCID: iccidNotFound(1)', async () => {
    const f = await twoProfiles();
    assert.deepEqual(await f.es10('SetNicknameRequest', { iccid: bcd('89001000000000000036'), profileNickname: 'x' }), { setNicknameResult: 1 });
  });
});

describe('state save and load', () => {
  it('EUICC-STATE-NOM-01 a card restored from its saved state answers as before', async () => {
    const f = await twoProfiles();
    await f.es10('EnableProfileRequest', { profileIdentifier: byIccid(SECOND), refreshFlag: false });
    await f.es10('SetNicknameRequest', { iccid: bcd(FIRST), profileNickname: 'spare' });
    await f.es10('SetDefaultDpAddressRequest', { defaultDpAddress: 'smdp.example.com' });
    const file = join(tempDir(), 'state.json');
    f.euicc.save(file);
    const g = await card({ state: loadState(file, f.config.eid) });
    for (const [type, value] of [
      ['ProfileInfoListRequest', {}], ['GetEuiccInfo2Request', {}], ['EuiccConfiguredAddressesRequest', {}], ['GetEuiccInfo1Request', {}],
    ] as const) {
      assert.deepEqual(toHex(await g.raw(g.encode(type, value))), toHex(await f.raw(f.encode(type, value))), type);
    }
    assert.deepEqual(g.euicc.state, f.euicc.state);
  });

  it('EUICC-STATE-ERR-01 a state of another EID or format is refused with the field named', async () => {
    const f = await card();
    const file = join(tempDir(), 'state.json');
    saveState(file, { ...f.euicc.state, eid: '89049032123451234512345678901235'.replace(/35$/, '08') });
    assert.throws(() => loadState(file, f.config.eid), /eid: state belongs to EID/);
    saveState(file, { ...f.euicc.state, format: 'other' as never });
    assert.throws(() => loadState(file), /format: expected/);
  });
});
