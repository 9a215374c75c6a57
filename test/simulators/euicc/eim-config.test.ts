/**
 * ES10b.AddInitialEim (BF57) and ES10b.GetEimConfigurationData (BF55) through APDUs
 * (catalogue rows EUICC-ES10-ADDINIT-*, EUICC-ES10-GETEIMCFG-NOM-01).
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Value } from '../../../src/asn1';
import { eimConfigurationData, ts_addInitialEimRequest, ts_psmoGetRAT, ts_psmoList } from '../../../simulators/eim/packages';
import { EuiccFixture, euiccFixture, EuiccFixtureOptions } from './fixture';
import { resultData, TestEim } from './eim-helpers';

let fixture: EuiccFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function card(opts: EuiccFixtureOptions = {}): Promise<EuiccFixture> {
  return (fixture = await euiccFixture({ curves: ['nist'], ...opts }));
}

const eimKey = (f: EuiccFixture) => f.pki.get('eimSign', 'nist').key;
const addInitial = (f: EuiccFixture, ...cfgs: Record<string, unknown>[]) => f.es10('AddInitialEimRequest', ts_addInitialEimRequest(...cfgs));

describe('EUICC-ES10-ADDINIT', () => {
  it('EUICC-ES10-ADDINIT-NOM-01: a virgin card takes the list; a token for each eIM that asks, addOk for the others', async () => {
    const f = await card();
    const res = await addInitial(f,
      eimConfigurationData({ eimId: 'eim-a', eimPublicKey: eimKey(f), counterValue: 3, associationToken: -1, fqdn: 'eim-a.example.com' }),
      eimConfigurationData({ eimId: 'eim-b', eimPublicKey: eimKey(f) }),
      eimConfigurationData({ eimId: 'eim-c', eimPublicKey: eimKey(f), associationToken: 0 }));
    assert.deepEqual(res, { addInitialEimOk: [{ associationToken: 1 }, { addOk: null }, { associationToken: 2 }] });
    assert.deepEqual(f.euicc.state.eims.map((e) => [e.eimId, e.counterValue, e.associationToken]), [['eim-a', 3, 1], ['eim-b', 0, undefined], ['eim-c', 0, 2]]);
  });

  it('EUICC-ES10-ADDINIT-NOM-01: the eIM is identified by its certificate as well as by a bare key, and its packages verify', async () => {
    const f = await card();
    const cred = f.pki.get('eimSign', 'nist');
    const res = await addInitial(f, eimConfigurationData({ eimId: 'eim-cert', eimCertificate: cred.cert, associationToken: -1 }));
    const eim = new TestEim(f, 'eim-cert', cred.key, res.addInitialEimOk[0].associationToken, 0);
    const sent = await eim.send(ts_psmoList(ts_psmoGetRAT()));
    assert.equal(sent.signatureValid, true);
    assert.equal(resultData(sent).counterValue, 1);
  });

  it('an eIM proposing its own token gets it; a token taken or beyond the card\'s range → invalidAssociationToken(5)', async () => {
    const f = await card();
    const cfg = (id: string, associationToken: number | bigint) => eimConfigurationData({ eimId: id, eimPublicKey: eimKey(f), associationToken: associationToken as number });
    assert.deepEqual(await addInitial(f, cfg('x', 2 ** 40)), { addInitialEimError: 5 });
    assert.deepEqual(await addInitial(f, cfg('x', 7), cfg('y', 7)), { addInitialEimError: 5 });
    assert.deepEqual(f.euicc.state.eims, []);
    assert.deepEqual(await addInitial(f, cfg('x', 0), cfg('y', 1), cfg('z', 7)), { addInitialEimOk: [{ associationToken: 2 }, { associationToken: 1 }, { associationToken: 7 }] });
  });

  it('EUICC-ES10-ADDINIT-ERR-01: once an eIM is associated → associatedEimAlreadyExists(2), nothing added', async () => {
    const f = await card();
    await addInitial(f, eimConfigurationData({ eimId: 'first', eimPublicKey: eimKey(f) }));
    const before = structuredClone(f.euicc.state);
    assert.deepEqual(await addInitial(f, eimConfigurationData({ eimId: 'second', eimPublicKey: eimKey(f) })), { addInitialEimError: 2 });
    assert.deepEqual(f.euicc.state, before);
  });

  it('EUICC-ES10-ADDINIT-ERR-02: unknown euiccCiPKId → ciPKUnknown(3); counterValue out of range → counterValueOutOfRange(6)', async () => {
    const f = await card({ limits: { maxCounterValue: 1000 } });
    const base = { eimId: 'eim', eimPublicKey: eimKey(f) };
    assert.deepEqual(await addInitial(f, eimConfigurationData({ ...base, euiccCiPKId: Buffer.alloc(20, 0xab) })), { addInitialEimError: 3 });
    assert.deepEqual(await addInitial(f, eimConfigurationData({ ...base, counterValue: 1001 })), { addInitialEimError: 6 });
    assert.deepEqual(await addInitial(f, eimConfigurationData({ ...base, counterValue: -5 })), { addInitialEimError: 6 });
    assert.deepEqual(f.euicc.state.eims, []);
    // The card's own CI is accepted, and then signs this eIM's results with that credential.
    const ciPkId = Buffer.from(f.config.credentials[0].ciPkId, 'hex');
    assert.deepEqual(await addInitial(f, eimConfigurationData({ ...base, euiccCiPKId: ciPkId, counterValue: 1000 })), { addInitialEimOk: [{ addOk: null }] });
  });

  it('more eIMs than the card holds → insufficientMemory(1); no key, an empty list or a repeated eimId → commandError(7)', async () => {
    const f = await card({ limits: { maxEims: 1 } });
    const cfg = (id: string) => eimConfigurationData({ eimId: id, eimPublicKey: eimKey(f) });
    assert.deepEqual(await addInitial(f, cfg('a'), cfg('b')), { addInitialEimError: 1 });
    assert.deepEqual(await addInitial(f, { eimId: 'no-key' }), { addInitialEimError: 7 });
    assert.deepEqual(await addInitial(f), { addInitialEimError: 7 });
    assert.deepEqual(await addInitial(f, cfg('a'), cfg('a')), { addInitialEimError: 7 });
    const notAKey = { eimId: 'bad-key', eimPublicKeyData: { eimPublicKey: new X509Value('SubjectPublicKeyInfo', Buffer.from('3003020100', 'hex')) } };
    assert.deepEqual(await addInitial(f, notAKey), { addInitialEimError: 7 });
    assert.deepEqual(f.euicc.state.eims, []);
  });

  it('v1.0 card: the same number 2 (unsignedEimConfigDisallowed); no commandError, undefinedError(127) instead', async () => {
    const f = await card({ version: 'v1.0' });
    assert.deepEqual(await addInitial(f, { eimId: 'no-key' }), { addInitialEimError: 127 });
    assert.deepEqual(await addInitial(f, eimConfigurationData({ eimId: 'eim', eimPublicKey: eimKey(f), associationToken: -1 })), { addInitialEimOk: [{ associationToken: 1 }] });
    assert.deepEqual(await addInitial(f, eimConfigurationData({ eimId: 'again', eimPublicKey: eimKey(f) })), { addInitialEimError: 2 });
  });
});

describe('EUICC-ES10-GETEIMCFG', () => {
  it('EUICC-ES10-GETEIMCFG-NOM-01: all eIMs, or the one named; current counter and issued token', async () => {
    const f = await card();
    assert.deepEqual(await f.es10('GetEimConfigurationDataRequest', {}), { eimConfigurationDataList: [] });
    const key = eimKey(f);
    await addInitial(f,
      eimConfigurationData({ eimId: 'eim-a', eimPublicKey: key, counterValue: 3, associationToken: -1, fqdn: 'eim-a.example.com', eimSupportedProtocol: ['eimRetrieveHttps'] }),
      eimConfigurationData({ eimId: 'eim-b', eimPublicKey: key, eimIdType: 'eimIdTypeProprietary' }));
    const eim = new TestEim(f, 'eim-a', key, 1, 3);
    await eim.send(ts_psmoList(ts_psmoGetRAT()), { counterValue: 9 });

    const all = (await f.es10('GetEimConfigurationDataRequest', {})).eimConfigurationDataList;
    assert.deepEqual(all.map((c: any) => c.eimId), ['eim-a', 'eim-b']);
    const [a, b] = all;
    assert.equal(a.counterValue, 9);
    assert.equal(a.associationToken, 1);
    assert.equal(a.eimFqdn, 'eim-a.example.com');
    assert.deepEqual(a.eimSupportedProtocol, ['eimRetrieveHttps']);
    assert.ok(a.eimPublicKeyData.eimPublicKey instanceof X509Value);
    assert.equal(b.counterValue, 0);
    assert.equal(b.associationToken, undefined);
    assert.equal(b.eimIdType, 3);

    const one = await f.es10('GetEimConfigurationDataRequest', { searchCriteria: { eimId: 'eim-b' } });
    assert.deepEqual(one.eimConfigurationDataList, [b]);
    assert.deepEqual(await f.es10('GetEimConfigurationDataRequest', { searchCriteria: { eimId: 'nobody' } }), { eimConfigurationDataList: [] });
  });

  it('EUICC-ES10-GETEIMCFG-NOM-01 (v1.0): the request has no search criteria; every eIM is listed', async () => {
    const f = await card({ version: 'v1.0' });
    await addInitial(f, eimConfigurationData({ eimId: 'eim-a', eimPublicKey: eimKey(f) }));
    assert.deepEqual((await f.es10('GetEimConfigurationDataRequest', {})).eimConfigurationDataList.map((c: any) => c.eimId), ['eim-a']);
    assert.deepEqual([...f.encode('GetEimConfigurationDataRequest', {})], [0xbf, 0x55, 0x00]);
  });
});
