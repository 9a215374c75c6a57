/** What S_eUICC says about itself, asked through APDUs: EUICCInfo1/2, EID, addresses, certificates, RAT. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../src/asn1';
import { parseCertificate, POLICY, validateChain } from '../../../src/pki';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import { downloadProfile, euiccFixture, EuiccFixture, FIXTURE_EID, fixtureCards } from './fixture';

const card = fixtureCards();

/** The TLVs of extCardResource (ETSI TS 102 226): tag → unsigned value. */
function cardResources(bytes: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < bytes.length;) {
    const tag = bytes[i], len = bytes[i + 1];
    out.set(tag, bytes.subarray(i + 2, i + 2 + len).reduce((n, b) => n * 256 + b, 0));
    i += 2 + len;
  }
  return out;
}

const ids = (f: EuiccFixture) => f.config.credentials.map((c) => c.ciPkId);

describe('ES10b.GetEUICCInfo1 (BF20)', () => {
  it('EUICC-ES10-INFO1-NOM-01 svn and the CI key ids of both curves, for verification and signing', async () => {
    const f = await card();
    const info = await f.es10('GetEuiccInfo1Request', {});
    assert.deepEqual([...info.svn], [2, 5, 0]);
    assert.deepEqual(info.euiccCiPKIdListForVerification.map(toHex), ids(f));
    assert.deepEqual(info.euiccCiPKIdListForSigning.map(toHex), ids(f));
    assert.equal(ids(f).length, 2);
  });

  it('EUICC-ES10-INFO1-NOM-02 a single-curve card lists only its CI', async () => {
    const f = await card({ curves: ['brp'] });
    const info = await f.es10('GetEuiccInfo1Request', {});
    const ski = parseCertificate(f.pki.trustedCis('brp')[0]).subjectKeyId!;
    assert.deepEqual(info.euiccCiPKIdListForSigning.map(toHex), [toHex(ski)]);
  });
});

describe('ES10b.GetEUICCInfo2 (BF22)', () => {
  it('EUICC-ES10-INFO2-NOM-01 v1.2: ipaMode and iotSpecificInfo with iotVersion, eCall and fallback support', async () => {
    const f = await card();
    const info = await f.es10('GetEuiccInfo2Request', {});
    assert.equal(info.ipaMode, 0);
    assert.deepEqual(info.iotSpecificInfo.iotVersion.map((v: Uint8Array) => [...v]), [[1, 2, 0]]);
    assert.equal(info.iotSpecificInfo.ecallSupported, null);
    assert.equal(info.iotSpecificInfo.fallbackSupported, null);
    assert.deepEqual([...info.svn], [2, 5, 0]);
    assert.equal(info.sasAcreditationNumber, 'SGP32-HARNESS-SIM');
    assert.deepEqual(info.euiccCiPKIdListForVerification.map(toHex), ids(f));
    assert.ok(info.rspCapability.includes('additionalProfile'));
    const res = cardResources(info.extCardResource);
    assert.deepEqual([...res.keys()], [0x81, 0x82, 0x83]);
    assert.equal(res.get(0x81), 0);
    assert.equal(res.get(0x82), f.config.limits.freeNonVolatileMemory);
    assert.equal(res.get(0x83), f.config.limits.freeVolatileMemory);
  });

  it('EUICC-ES10-INFO2-NOM-02 capabilities decide ipaMode and the optional IoT flags', async () => {
    const f = await card({ capabilities: { ipaMode: 'ipae', ecallSupported: false, fallbackSupported: false, iotVersions: ['1.0.0', '1.2.0'] } });
    const info = await f.es10('GetEuiccInfo2Request', {});
    assert.equal(info.ipaMode, 1);
    assert.deepEqual(Object.keys(info.iotSpecificInfo), ['iotVersion']);
    assert.deepEqual(info.iotSpecificInfo.iotVersion.map((v: Uint8Array) => [...v]), [[1, 0, 0], [1, 2, 0]]);
  });

  it('EUICC-ES10-INFO2-NOM-03 v1.0: iotSpecificInfo carries iotVersion only', async () => {
    const f = await card({ version: 'v1.0' });
    const info = await f.es10('GetEuiccInfo2Request', {});
    assert.deepEqual(Object.keys(info.iotSpecificInfo), ['iotVersion']);
    assert.equal(info.ipaMode, 0);
  });

  it('EUICC-ES10-INFO2-NOM-04 extCardResource follows the installed profiles', async () => {
    const f = await card();
    await downloadProfile(f);
    const res = cardResources((await f.es10('GetEuiccInfo2Request', {})).extCardResource);
    assert.equal(res.get(0x81), 1);
    assert.equal(res.get(0x82), f.config.limits.freeNonVolatileMemory - f.euicc.state.profiles[0].uppBytes);
    assert.ok(f.euicc.state.profiles[0].uppBytes > 100);
  });
});

describe('ES10c.GetEID (BF3E)', () => {
  it('EUICC-ES10-GETEID-NOM-01 tagList 5A answers the EID, byte for byte as real cards do', async () => {
    const f = await card();
    const answer = await f.raw(Buffer.from('BF3E035C015A', 'hex'));
    assert.equal(toHex(answer), `BF3E125A10${FIXTURE_EID}`);
    assert.equal(toHex((await f.es10('GetEuiccDataRequest', { tagList: Uint8Array.of(0x5a) })).eidValue), FIXTURE_EID);
  });

  it('EUICC-ES10-GETEID-ERR-01 any other tag: 6A88 referenced data not found', async () => {
    const f = await card();
    await assert.rejects(f.raw(Buffer.from('BF3E035C014F', 'hex')), (e: CardStatusError) => e.sw === SW.REFERENCED_DATA_NOT_FOUND);
  });
});

describe('ES10a.GetEuiccConfiguredAddresses (BF3C) and SetDefaultDpAddress (BF3F)', () => {
  for (const version of ['v1.2', 'v1.0'] as const) {
    it(`EUICC-ES10-ADDR-NOM-01 ${version}: no default SM-DP+ at first, then the one set`, async () => {
      const f = await card({ version });
      assert.deepEqual(await f.es10('EuiccConfiguredAddressesRequest', {}), { rootDsAddress: 'lpa.ds.gsma.com' });
      const command = f.encode('SetDefaultDpAddressRequest', { defaultDpAddress: 'smdp.example.com' });
      assert.equal(toHex(command.subarray(0, 2)), 'BF3F');
      assert.deepEqual(await f.es10('SetDefaultDpAddressRequest', { defaultDpAddress: 'smdp.example.com' }), { setDefaultDpAddressResult: 0 });
      assert.deepEqual(await f.es10('EuiccConfiguredAddressesRequest', {}), { defaultDpAddress: 'smdp.example.com', rootDsAddress: 'lpa.ds.gsma.com' });
      await f.es10('SetDefaultDpAddressRequest', { defaultDpAddress: '' });
      assert.deepEqual(await f.es10('EuiccConfiguredAddressesRequest', {}), { rootDsAddress: 'lpa.ds.gsma.com' });
    });
  }

  it('EUICC-ES10-ADDR-ERR-01 a malformed SetDefaultDpAddress (no address) is 6A80 and changes nothing', async () => {
    const f = await card();
    await assert.rejects(f.raw(Buffer.from('BF3F00', 'hex')), (e: CardStatusError) => e.sw === SW.INCORRECT_DATA);
    assert.equal(f.euicc.state.defaultSmdpAddress, '');
  });
});

describe('ES10b.GetCerts (BF56)', () => {
  it('EUICC-ES10-GETCERTS-NOM-01 without euiccCiPKId: the default credential; with one: that CI\'s, chaining to it', async () => {
    const f = await card();
    const def = await f.es10('GetCertsRequest', {});
    assert.deepEqual(Buffer.from(def.certs.euiccCertificate.der), f.config.credentials[0].euicc.raw);
    for (const c of f.config.credentials) {
      const r = await f.es10('GetCertsRequest', { euiccCiPKId: Buffer.from(c.ciPkId, 'hex') });
      assert.deepEqual(Buffer.from(r.certs.eumCertificate.der), c.eum.raw);
      const chain = validateChain({
        leaf: r.certs.euiccCertificate.der, intermediates: [r.certs.eumCertificate.der], trustAnchors: [c.ci],
        expectedPolicy: POLICY.euicc, expectedCurve: c.curve, expectedEid: FIXTURE_EID,
      });
      assert.equal(chain.ok, true, chain.ok ? '' : chain.message);
    }
  });

  it('EUICC-ES10-GETCERTS-ERR-01 an unknown CI PKId: getCertsError invalidCiPKId(1)', async () => {
    const f = await card();
    assert.deepEqual(await f.es10('GetCertsRequest', { euiccCiPKId: Buffer.alloc(20, 0x42) }), { getCertsError: 1 });
    const onlyNist = await card({ curves: ['nist'] });
    const brpId = f.config.credentials.find((c) => c.curve === 'brp')!.ciPkId;
    assert.deepEqual(await onlyNist.es10('GetCertsRequest', { euiccCiPKId: Buffer.from(brpId, 'hex') }), { getCertsError: 1 });
  });
});

describe('ES10b.GetRAT (BF43)', () => {
  it('EUICC-ES10-GETRAT-NOM-01 one rule: PPR1 and PPR2 for any operator, no consent', async () => {
    const f = await card();
    const { rat } = await f.es10('GetRatRequest', {});
    assert.equal(rat.length, 1);
    assert.deepEqual(rat[0].pprIds, ['ppr1', 'ppr2']);
    assert.equal(toHex(rat[0].allowedOperators[0].mccMnc), 'EEEEEE');
    assert.deepEqual(rat[0].pprFlags, []);
  });

  it('EUICC-ES10-GETRAT-ERR-01 a request whose length runs past its bytes is 6A80', async () => {
    const f = await card();
    await assert.rejects(f.raw(Buffer.from('BF4305', 'hex')), (e: CardStatusError) => e.sw === SW.INCORRECT_DATA);
  });
});
