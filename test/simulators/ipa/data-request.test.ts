/** S_IPA answering ipaEuiccDataRequest (catalogue IPAD-ESIPA-EDR-*; TTCN TC_proc_euicc_data_req). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex, X509Value } from '../../../src/asn1';
import { ts_psmoList, ts_psmoListProfileInfo } from '../../../simulators/eim/packages';
import { ICCIDS } from '../euicc/eim-helpers';
import { benches } from './setup';

const bench = benches();

describe('S_IPA ipaEuiccDataRequest', () => {
  it('IPAD-ESIPA-EDR-NOM-01 every v1.2 tag: card data from BF3C, BF20, BF22, BF55, BF56, BF2B in that order, IPA data, eimTransactionId echoed', async () => {
    const b = await bench({ profiles: [{ iccid: ICCIDS[0] }], ipa: { directDownload: true } });
    // A stored package result, so euiccPackageResultList has something in it.
    b.eim.queue('getEimPackage', { euiccPackageRequest: b.sign(ts_psmoList(ts_psmoListProfileInfo())).value });
    assert.equal((await b.ipa.pollOnce()).ok, true);
    const tagList = fromHex('A081A2BF20BF228384A5A6A8A9');
    b.eim.queue('getEimPackage', { ipaEuiccDataRequest: { tagList, eimTransactionId: fromHex('01020304') } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.dataResponse, 'ipaEuiccData');
    assert.deepEqual(r.es10.map((e) => e.command).slice(3), ['BF3C', 'BF20', 'BF22', 'BF55', 'BF56', 'BF2B', 'BF2B']);
    const [provided] = b.eim.requests('provideEimPackageResult').slice(-1);
    const data = provided.value.eimPackageResult.ipaEuiccDataResponse.ipaEuiccData;
    const cred = b.f.config.credentials[0];
    assert.deepEqual((data.eumCertificate as X509Value).der, new Uint8Array(cred.eum.raw));
    assert.deepEqual((data.euiccCertificate as X509Value).der, new Uint8Array(cred.euicc.raw));
    assert.deepEqual(data.euiccInfo2.iotSpecificInfo.iotVersion.length, 1, 'SGP.32 EUICCInfo2 fields made it through');
    assert.ok(data.euiccInfo1.euiccCiPKIdListForVerification.length >= 1);
    assert.equal(data.rootSmdsAddress, b.f.euicc.state.rootSmdsAddress);
    assert.equal(data.defaultSmdpAddress, undefined, 'the card has no default SM-DP+ address');
    assert.equal(data.associationToken, b.te.associationToken);
    assert.deepEqual(data.notificationsList, []);
    assert.equal(data.euiccPackageResultList.length, 1);
    assert.deepEqual(data.ipaCapabilities, { ipaFeatures: ['directRspServerCommunication', 'indirectRspServerCommunication'], ipaSupportedProtocols: ['ipaRetrieveHttps'] });
    assert.deepEqual(toHex(data.deviceInfo.tac), '35290611');
    assert.equal(toHex(data.eimTransactionId), '01020304');
  });

  it('IPAD-ESIPA-EDR-ERR-01 a tag IpaEuiccData does not have (v1.2 BF2B): incorrectTagList with the eimTransactionId', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', { ipaEuiccDataRequest: { tagList: fromHex('BF20BF2B'), eimTransactionId: fromHex('AA') } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    assert.equal(r.dataResponse, 'incorrectTagList');
    const [provided] = b.eim.requests('provideEimPackageResult');
    assert.deepEqual(provided.value.eimPackageResult.ipaEuiccDataResponse, {
      ipaEuiccDataResponseError: { eimTransactionId: fromHex('AA'), ipaEuiccDataErrorCode: 1 },
    });
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B'], 'nothing asked of the card');
  });

  it('IPAD-ESIPA-EDR-ERR-02 an unknown CI: euiccCiPKIdNotFound', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', { ipaEuiccDataRequest: { tagList: fromHex('A5'), euiccCiPKIdentifierToBeUsed: Buffer.alloc(20, 7) } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.dataResponse, 'euiccCiPKIdNotFound');
    assert.deepEqual(b.eim.requests('provideEimPackageResult')[0].value.eimPackageResult.ipaEuiccDataResponse, {
      ipaEuiccDataResponseError: { ipaEuiccDataErrorCode: 5 },
    });
  });

  it('IPAD-ESIPA-EDR-NOM-02 v1.0 layout with the TTCN eIM suite\'s tagList (88 for A8, BF2B notifications)', async () => {
    const b = await bench({ version: 'v1.0' });
    b.eim.queue('getEimPackage', { ipaEuiccDataRequest: { tagList: fromHex('80BF20BF228384A5A688A9BF2B') } });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.dataResponse, 'ipaEuiccData');
    const data = b.eim.requests('provideEimPackageResult')[0].value.ipaEuiccDataResponse.ipaEuiccData;
    assert.deepEqual(Object.keys(data).sort(), [
      'associationToken', 'deviceInfo', 'euiccCertificate', 'euiccInfo1', 'euiccInfo2', 'eumCertificate', 'ipaCapabilities', 'notificationsList', 'rootSmdsAddress',
    ].concat(data.defaultSmdpAddress !== undefined ? ['defaultSmdpAddress'] : []).sort());
    assert.deepEqual(data.notificationsList, { notificationList: [] });
  });
});
