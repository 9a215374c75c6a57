/**
 * S_eIM speaking SGP.32 v1.0, as onomondo's IPAd does: ProvideEimPackageResult is a bare CHOICE with no
 * eidValue, so results are matched by their transactionId, and what carries none (eimPackageError,
 * v1.0 eUICC data) by the connection that fetched the package; results are signed over the
 * package's eimSignature; the answer is a SEQUENCE with optional acknowledgements.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../src/asn1';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, cycle, EimBench, load, order, poll, provide } from './bench';

const bench = benches();

async function managed(): Promise<EimBench> {
  const b = await bench({ version: 'v1.0' });
  installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }]);
  return b;
}

describe('S_eIM, SGP.32 v1.0', () => {
  it('EIM-ESEP-ENABLE-NOM-01 (v1.0): package with transactionId, result signed over eimSignature, acknowledged in the SEQUENCE answer', async () => {
    const b = await managed();
    const o = order(b, { type: 'psmo', psmos: [{ enable: { iccid: ICCIDS[1] } }] });
    const r = await cycle(b);
    assert.equal(toHex(r.pkg.euiccPackageSigned.transactionId), toHex(o.sent!.eimTransactionId));
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
    assert.deepEqual(o.outcome!.results, [{ enableResult: 'ok' }]);
    assert.deepEqual(r.answer, { eimAcknowledgements: [o.outcome!.seqNumber] });
  });

  it('a result provided over a new connection is still matched by its transactionId', async () => {
    const b = await managed();
    const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const der = await load(b, (await poll(b)).euiccPackageRequest);
    await b.ipa.close();
    await provide(b, { euiccPackageResult: b.c.decode('EuiccPackageResult', der) });
    assert.equal(o.status, 'done');
  });

  it('a bare eimPackageError is matched by the connection that fetched the package → order failed with its name', async () => {
    const b = await managed();
    const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    await poll(b);
    assert.deepEqual(await provide(b, { eimPackageError: 1 }), {});
    assert.equal(o.outcome!.reason, 'invalidPackageFormat');
  });

  it('eUICC data (no transaction id in v1.0) is matched by EID and connection', async () => {
    const b = await managed();
    const o = order(b, { type: 'edr', tagList: 'BF20' });
    const { ipaEuiccDataRequest } = await poll(b);
    assert.equal(ipaEuiccDataRequest.eimTransactionId, undefined);
    const euiccInfo1 = await b.f.es10('GetEuiccInfo1Request', {});
    assert.deepEqual(await provide(b, { ipaEuiccDataResponse: { ipaEuiccData: { euiccInfo1 } } }), {});
    assert.equal(o.status, 'done');
    assert.deepEqual(o.outcome!.learnt, ['euiccInfo1']);
  });
});
