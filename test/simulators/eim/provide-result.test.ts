/**
 * What S_eIM does with the results an IPA provides (catalogue §1.4 EIM-ESIPA-PROVRES-ERR-01..06,
 * EIM-E2E-ENABLE-ERR-01): every mismatch or refusal fails the order with a reason naming it, never
 * success; the eUICC's error codes resynchronise the counter; the v1.2 error codes of
 * ProvideEimPackageResultResponse are each reachable. Results a real card would not produce (a wrong
 * counter under a valid signature) are signed here with the test eUICC's key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tlv, toHex } from '../../../src/asn1';
import { associationTokenTlv, signRsp } from '../../../src/crypto/rsp-signatures';
import { eidCheckDigits } from '../../../src/pki';
import { AsnValue } from '../../../src/transport/http';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, cycle, EimBench, load, order, poll, provide } from './bench';

const bench = benches();
/** Valid EIDs other than the card's. */
const eid30 = (n: string) => `89049032${n.padStart(22, '0')}`;
const OTHER_EID = `${eid30('7')}${eidCheckDigits(eid30('7'))}`;
const UNMANAGED_EID = `${eid30('8')}${eidCheckDigits(eid30('8'))}`;

async function managed(o: Parameters<typeof bench>[0] = {}): Promise<EimBench> {
  const b = await bench(o);
  installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }]);
  return b;
}

/** A getRAT order fetched and executed by the card; the result not yet provided. */
async function executed(b: EimBench) {
  const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
  const pkg = (await poll(b)).euiccPackageRequest;
  const der = await load(b, pkg);
  return { o, pkg, der, result: b.c.decode('EuiccPackageResult', der) as AsnValue };
}

/** A signed result of the test eUICC with `data` (as a misbehaving card would sign it). */
function forged(b: EimBench, data: Record<string, unknown>): AsnValue {
  const signed = b.c.encode('EuiccPackageResultDataSigned', data);
  const euiccSignEPR = signRsp('euiccSignEPR', b.f.pki.get('euicc', 'nist').key, { euiccPackageResultDataSigned: signed, associationToken: associationTokenTlv(1) });
  return { euiccPackageResultSigned: { euiccPackageResultDataSigned: data, euiccSignEPR } };
}

describe('S_eIM ProvideEimPackageResult checks', () => {
  it('EIM-ESIPA-PROVRES-ERR-01: the result comes with another managed EID → eidNotFound(2), order failed eidMismatch', async () => {
    const b = await managed();
    b.eim.updateEuicc(OTHER_EID, {});
    const { o, result } = await executed(b);
    assert.deepEqual(await provide(b, { euiccPackageResult: result }, { eid: Buffer.from(OTHER_EID, 'hex') }), { provideEimPackageResultError: 2 });
    assert.equal(o.status, 'failed');
    assert.equal(o.outcome!.reason, 'eidMismatch');
    assert.match(String(o.outcome!.detail), new RegExp(OTHER_EID));
  });

  it('EIM-E2E-ENABLE-ERR-01: the result comes with an EID the eIM does not manage → eidNotFound(2), the order still awaits its result', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    assert.deepEqual(await provide(b, { euiccPackageResult: result }, { eid: Buffer.from(UNMANAGED_EID, 'hex') }), { provideEimPackageResultError: 2 });
    assert.equal(o.status, 'sent');
    assert.equal((await provide(b, { euiccPackageResult: result }))!.eimAcknowledgements.length, 1);
    assert.equal(o.status, 'done');
  });

  it('EIM-ESIPA-PROVRES-ERR-01 invalidEid(3): an eidValue of 15 bytes, or 16 bytes with wrong check digits', async () => {
    const b = await managed();
    const { o, der } = await executed(b);
    for (const eid of [Buffer.alloc(15, 0x89), Buffer.from('89049032123451234512345678901299', 'hex')]) {
      const body = tlv(0xbf50, Buffer.concat([tlv(0x5a, eid), der]));
      assert.deepEqual(await b.ipa.provideEimPackageResult(body), { provideEimPackageResultError: 3 });
    }
    assert.equal(o.status, 'sent');
  });

  it('ProvideEimPackageResult without eidValue: matched by eimTransactionId; unmatched → missingEid(4)', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    const answer = await provide(b, { euiccPackageResult: result }, { eid: null });
    assert.equal(o.status, 'done');
    assert.deepEqual(answer, { eimAcknowledgements: [o.outcome!.seqNumber] });
    const stray = forged(b, { eimId: 'testeim1.example.com', counterValue: 99, eimTransactionId: Buffer.of(1, 2, 3), seqNumber: 77, euiccResult: [] });
    assert.deepEqual(await provide(b, { euiccPackageResult: stray }, { eid: null }), { provideEimPackageResultError: 4 });
  });

  it('EIM-ESIPA-PROVRES-ERR-02: counterValue, eimTransactionId or eimId not the package\'s (validly signed) → failed, never done, not acknowledged', async () => {
    for (const [change, reason] of [
      [{ counterValue: 7 }, 'counterValueMismatch'],
      [{ eimTransactionId: Buffer.of(0xde, 0xad) }, 'eimTransactionIdMismatch'],
      [{ eimId: 'other-eim.example.com' }, 'eimIdMismatch'],
    ] as const) {
      const b = await managed();
      const { o, pkg } = await executed(b);
      const signed = pkg.euiccPackageSigned;
      const data = Object.assign({ eimId: signed.eimId, counterValue: signed.counterValue, eimTransactionId: signed.eimTransactionId, seqNumber: 5, euiccResult: [] }, change);
      // A changed transaction id finds no order: the only package awaited is the one it answers.
      const answer = await provide(b, { euiccPackageResult: forged(b, data) });
      assert.deepEqual(answer, { emptyResponse: {} }, reason);
      assert.equal(o.status, 'failed', reason);
      assert.equal(o.outcome!.reason, reason);
    }
  });

  it('EIM-ESIPA-PROVRES-ERR-03: corrupted euiccSignEPR → failed euiccSignatureInvalid, not acknowledged', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    const bad = structuredClone(result);
    bad.euiccPackageResultSigned.euiccSignEPR[5] ^= 0x01;
    assert.deepEqual(await provide(b, { euiccPackageResult: bad }), { emptyResponse: {} });
    assert.equal(o.status, 'failed');
    assert.equal(o.outcome!.reason, 'euiccSignatureInvalid');
    assert.deepEqual(b.eim.euiccs.get(b.f.config.eid)!.acknowledged, []);
  });

  it('EIM-ESIPA-PROVRES-ERR-04 replayError: a replayed counter fails the order and the next package is accepted', async () => {
    const b = await managed();
    order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    await cycle(b);
    b.eim.hooks.reuseCounter();
    const replay = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const r = await cycle(b);
    assert.equal(r.pkg.euiccPackageSigned.counterValue, 1);
    assert.ok(r.result.euiccPackageErrorSigned);
    assert.equal(replay.status, 'failed');
    assert.equal(replay.outcome!.reason, 'replayError');
    const next = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const n = await cycle(b);
    assert.equal(n.pkg.euiccPackageSigned.counterValue, 2, 'the counter moved past the refused value, no resend of the same one');
    assert.equal(next.status, 'done');
  });

  it('EIM-ESIPA-PROVRES-ERR-04 counterValueOutOfRange: the counter goes back to the last accepted value, the next package is accepted', async () => {
    const b = await managed({ card: { limits: { maxCounterValue: 50 } } });
    order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    await cycle(b);
    b.eim.hooks.shiftCounter(100);
    const far = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const r = await cycle(b);
    assert.equal(r.pkg.euiccPackageSigned.counterValue, 101);
    assert.equal(far.status, 'failed');
    assert.equal(far.outcome!.reason, 'counterValueOutOfRange');
    const next = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const n = await cycle(b);
    assert.equal(n.pkg.euiccPackageSigned.counterValue, 2);
    assert.equal(next.status, 'done');
  });

  it('EIM-ESIPA-PROVRES-ERR-05: euiccPackageErrorUnsigned (card refused a corrupted eimSignature) → associationProblem, token reported, no signature check', async () => {
    const b = await managed();
    b.eim.hooks.corruptSignature();
    const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const r = await cycle(b);
    assert.ok(r.result.euiccPackageErrorUnsigned);
    assert.equal(o.status, 'failed');
    assert.equal(o.outcome!.reason, 'associationProblem');
    assert.equal(o.outcome!.associationToken, 1);
    assert.equal(b.eim.euiccs.get(b.f.config.eid)!.reportedAssociationToken, 1);
  });

  it('EIM-ESIPA-PROVRES-ERR-06: eimPackageResultResponseError invalidPackageFormat(1) / unknownPackage(2) → failed with that reason', async () => {
    for (const [code, reason] of [[1, 'invalidPackageFormat'], [2, 'unknownPackage']] as const) {
      const b = await managed();
      const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
      const pkg = (await poll(b)).euiccPackageRequest;
      const answer = await provide(b, { eimPackageResultResponseError: { eimTransactionId: pkg.euiccPackageSigned.eimTransactionId, eimPackageResultErrorCode: code } });
      assert.deepEqual(answer, { emptyResponse: {} });
      assert.equal(o.status, 'failed');
      assert.equal(o.outcome!.reason, reason);
      assert.equal(o.outcome!.source, 'ipa');
    }
  });

  it('a result provided twice is accepted once and acknowledged both times (the first acknowledgement was lost)', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    const first = await provide(b, { euiccPackageResult: result });
    const outcome = structuredClone(o.outcome);
    const updated = o.updated;
    const second = await provide(b, { euiccPackageResult: result });
    assert.deepEqual(second, first);
    assert.deepEqual(o.outcome, outcome);
    assert.equal(o.updated, updated);
  });

  it('a result of an order deleted meanwhile is not accepted; the order stays aborted', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    b.eim.orders.remove(o.id);
    assert.deepEqual(await provide(b, { euiccPackageResult: result }), { emptyResponse: {} });
    assert.equal(o.status, 'aborted');
  });

  it('no eUICC certificate known → failed euiccCertificateUnknown', async () => {
    const b = await managed();
    b.eim.euiccs.get(b.f.config.eid)!.certificates.length = 0;
    const { o, result } = await executed(b);
    await provide(b, { euiccPackageResult: result });
    assert.equal(o.outcome!.reason, 'euiccCertificateUnknown');
  });

  it('hook answerProvideResultError: provideEimPackageResultError undefinedError(127), the result left unprocessed', async () => {
    const b = await managed();
    const { o, result } = await executed(b);
    b.eim.hooks.answerProvideResultError('undefinedError');
    assert.deepEqual(await provide(b, { euiccPackageResult: result }), { provideEimPackageResultError: 127 });
    assert.equal(o.status, 'sent');
  });

  it('a HandleNotification carrying the result: accepted, its acknowledgement rides on the next answer', async () => {
    const b = await managed();
    const { o, result, pkg } = await executed(b);
    await b.ipa.handleNotification({ provideEimPackageResult: { eidValue: b.eid, eimPackageResult: { euiccPackageResult: result } } });
    assert.equal(o.status, 'done');
    const seq = o.outcome!.seqNumber as number;
    assert.deepEqual(b.eim.euiccs.get(b.f.config.eid)!.pendingAcks, [seq]);
    const next = await executed(b);
    const answer = await provide(b, { euiccPackageResult: next.result });
    assert.deepEqual(answer, { eimAcknowledgements: [seq, next.o.outcome!.seqNumber] });
    assert.notEqual(toHex(pkg.euiccPackageSigned.eimTransactionId), toHex(next.pkg.euiccPackageSigned.eimTransactionId));
  });
});
