/**
 * eUICC data requests (catalogue EIM-ESIPA-EDR-NOM-01 / -ERR-01): S_eIM sends ipaEuiccDataRequest
 * with an eimTransactionId, the IPA answers with data it read from the S_eUICC card (or an error),
 * and the eIM keeps what it needs: the eUICC certificate (only one that chains to a trusted CI and
 * names the EID), the association token, EUICCInfo1.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, X509Value } from '../../../src/asn1';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, cycle, EimBench, order, poll, provide } from './bench';

const bench = benches();

/** The IpaEuiccData an IPA assembles from ES10 calls (GetEUICCInfo1, GetCerts, GetEimConfigurationData). */
async function euiccData(b: EimBench, eimTransactionId: Uint8Array) {
  const euiccInfo1 = await b.f.es10('GetEuiccInfo1Request', {});
  const { certs } = await b.f.es10('GetCertsRequest', {});
  const { eimConfigurationDataList } = await b.f.es10('GetEimConfigurationDataRequest', {});
  return { euiccInfo1, eumCertificate: certs.eumCertificate, euiccCertificate: certs.euiccCertificate, associationToken: eimConfigurationDataList[0].associationToken, eimTransactionId };
}

describe('S_eIM eUICC data requests', () => {
  it('EIM-ESIPA-EDR-NOM-01: ipaEuiccDataRequest with the tagList and an eimTransactionId; the data is the outcome and teaches the eIM the certificate', async () => {
    const b = await bench();
    const record = b.eim.euiccs.get(b.f.config.eid)!;
    record.certificates.length = 0;
    delete record.associationToken;
    const o = order(b, { type: 'edr', tagList: 'BF20A5A684' });
    const { ipaEuiccDataRequest: req } = await poll(b);
    assert.equal(toHex(req.tagList), 'BF20A5A684');
    assert.equal(toHex(req.eimTransactionId), toHex(o.sent!.eimTransactionId));
    const answer = await provide(b, { ipaEuiccDataResponse: { ipaEuiccData: await euiccData(b, req.eimTransactionId) } });
    assert.deepEqual(answer, { emptyResponse: {} });
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
    assert.deepEqual(o.outcome!.learnt, ['euiccCertificate', 'associationToken', 'euiccInfo1']);
    const data = o.outcome!.data as Record<string, any>;
    assert.equal(data.associationToken, 1);
    assert.match(data.euiccCertificate.der, /^30/);
    assert.equal(record.certificates[0].fingerprint256, b.f.pki.get('euicc', 'nist').cert.fingerprint256);
    assert.equal(record.associationToken, 1);
    assert.ok(record.euiccInfo1);
    // What it learnt checks the next result.
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }]);
    const next = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    await cycle(b);
    assert.equal(next.status, 'done');
  });

  it('EIM-ESIPA-EDR-ERR-01: ipaEuiccDataResponseError undefinedError → acknowledged (empty answer), outcome reports undefinedError', async () => {
    const b = await bench();
    const o = order(b, { type: 'edr', tagList: '80BF20BF22' });
    const { ipaEuiccDataRequest: req } = await poll(b);
    const answer = await provide(b, { ipaEuiccDataResponse: { ipaEuiccDataResponseError: { eimTransactionId: req.eimTransactionId, ipaEuiccDataErrorCode: 127 } } });
    assert.deepEqual(answer, { emptyResponse: {} });
    assert.equal(o.status, 'failed');
    assert.equal(o.outcome!.reason, 'undefinedError');
  });

  it('a certificate that is no eUICC certificate of the EID is not learnt', async () => {
    const b = await bench();
    const record = b.eim.euiccs.get(b.f.config.eid)!;
    record.certificates.length = 0;
    const o = order(b, { type: 'edr', tagList: 'A6' });
    const { ipaEuiccDataRequest: req } = await poll(b);
    const other = b.f.pki.get('eum', 'nist').cert; // an EUM certificate is no eUICC certificate either
    await provide(b, { ipaEuiccDataResponse: { ipaEuiccData: { euiccCertificate: new X509Value('Certificate', other.raw), eimTransactionId: req.eimTransactionId } } });
    assert.equal(o.status, 'done');
    assert.equal(o.outcome!.learnt, undefined);
    assert.equal(record.certificates.length, 0);
  });

  it('v1.2 order members the version lacks, or a bad tagList, are refused with the member named', () => {
    return bench().then((b) => {
      assert.throws(() => order(b, { type: 'edr', tagList: 'BF20', searchCriteria: { seqNumber: 1 } }), (e: any) => e.field === 'searchCriteria');
      assert.throws(() => order(b, { type: 'edr' }), (e: any) => e.field === 'tagList');
      assert.throws(() => order(b, { type: 'edr', tagList: 'BF2' }), (e: any) => e.field === 'tagList');
    });
  });
});
