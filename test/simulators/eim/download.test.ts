/**
 * Indirect profile download through S_eIM (catalogue EIM-E2E-INDDL-NOM-01/02, EIM-ESIPA-INDDL-ERR-01..03,
 * EIM-ES9P-TIMEOUT-ERR-01): a hand-driven IPA with an S_eUICC card talks ESipa to S_eIM over HTTPS,
 * S_eIM relays to a real S_SM-DP+ over ES9+' HTTPS. Both curves; the relayed SM-DP+ failures and the
 * eIM's own refusals each come back as their ESipa error code.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { AddressInfo, createServer as createTcp } from 'node:net';
import { toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { credentialOptions } from '../../../src/transport/http/tls';
import { luhnCheckDigit } from '../../../src/profile';
import { SimEimOptions } from '../../../simulators/eim/eim';
import { InventoryProfile } from '../../../simulators/smdpp/orders';
import { SimSmdpp } from '../../../simulators/smdpp/server';
import { downloadOverEs9 } from '../smdpp/ipa';
import { fixturePki } from '../euicc/fixture';
import { Es9PlusClient } from '../../../src/transport/http';
import { benches, BenchOptions, EimBench, order, poll, provide } from './bench';
import { authenticate, boundProfilePackage, cancel, indirectDownload, initiate, install, notify, trigger } from './download-ipa';

const bench = benches();
const PROFILES: InventoryProfile[] = Array.from({ length: 30 }, (_, i) => {
  const payload = `890049${String(i).padStart(12, '0')}2`;
  return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: 'Test' };
});

const dps = new Map<string, { sim: SimSmdpp; url: string }>();
after(async () => {
  for (const d of dps.values()) await d.sim.close();
});

/** S_SM-DP+ on `curve` with the fixture PKI of that curve (the card trusts its CI), per version. */
async function dp(curve: Curve = 'nist', version: 'v1.2' | 'v1.0' = 'v1.2'): Promise<{ sim: SimSmdpp; url: string }> {
  const key = `${curve}/${version}`;
  let d = dps.get(key);
  if (!d) {
    const sim = new SimSmdpp({ pki: fixturePki([curve]).pki, curve, profiles: PROFILES, version });
    d = { sim, url: (await sim.start()).es9 };
    dps.set(key, d);
  }
  return d;
}

/** A released order at the SM-DP+: its ICCID and activation code. */
function dpOrder(sim: SimSmdpp, o: { confirmationCode?: string } = {}): { iccid: string; activationCode: string } {
  const { iccid } = sim.orders.downloadOrder({ profileType: 'Test' });
  sim.orders.confirmOrder({ iccid, releaseFlag: true, ...o });
  return { iccid, activationCode: sim.activationCode(iccid) };
}

/** A bench whose eIM maps the SM-DP+'s address to the S_SM-DP+ of its curve. */
async function withDp(o: BenchOptions & { eim?: Partial<SimEimOptions> } = {}) {
  const d = await dp(o.curve, o.version);
  const b = await bench({ ...o, eim: { smdpUrls: { [d.sim.address]: d.url }, ...o.eim } });
  return { b, d };
}

const connections = (b: EimBench) => new Set(b.lines.filter((l) => l.startsWith('esipa ')).map((l) => /connection (\d+)/.exec(l)?.[1]).filter(Boolean));

describe('S_eIM indirect profile download', () => {
  for (const curve of ['nist', 'brp'] as const) {
    it(`EIM-E2E-INDDL-NOM-01 (${curve}): trigger, relayed mutual authentication and BPP, PIR forwarded; order done, SM-DP+ order installed`, async () => {
      const { b, d } = await withDp({ curve });
      const { iccid, activationCode } = dpOrder(d.sim);
      const o = order(b, { type: 'download', activationCode });
      const { t, transactionId } = await indirectDownload(b);
      assert.deepEqual(t.eimTransactionId, o.sent!.eimTransactionId);
      assert.equal(o.status, 'done', JSON.stringify(o.outcome));
      assert.equal(o.outcome!.iccid, iccid);
      assert.equal(o.outcome!.transactionId, toHex(transactionId));
      assert.equal(o.outcome!.forwarded, 'ok');
      assert.equal(d.sim.orders.get(iccid)!.state, 'installed');
      const pir = d.sim.notifications.find((n) => n.transactionId === toHex(transactionId))!;
      assert.equal(pir.kind, 'profileInstallationResult');
      assert.equal(pir.signatureValid, true);
      assert.equal(pir.success, true);
      const seen = b.eim.euiccs.get(b.f.config.eid)!.notifications.at(-1)!;
      assert.deepEqual([seen.kind, seen.signatureValid, seen.success, seen.via], ['profileInstallationResult', true, true, 'handleNotification']);
      assert.equal(connections(b).size, 1, 'the whole procedure on one connection');
      assert.equal(b.f.euicc.state.profiles.length, 1);
    });
  }

  it('EIM-E2E-INDDL-NOM-01 with an IPA that reconnects for every request (keepAlive per-request)', async () => {
    const { b, d } = await withDp({ client: { keepAlive: 'per-request' } });
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    await indirectDownload(b);
    assert.equal(o.status, 'done');
    assert.ok(connections(b).size > 1);
  });

  // Es9PlusClient (src/transport/http/es9plus.ts) posts a request given as DER without the A2
  // RemoteProfileProvisioningRequest wrapper, which the SM-DP+ refuses (HTTP 400); reported, not worked around.
  it('EIM-E2E-INDDL-NOM-01 over the ES9+ ASN.1 binding towards the SM-DP+', async () => {
    const { b, d } = await withDp({ eim: { es9Binding: 'asn1' } });
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    await indirectDownload(b);
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
  });

  it('EIM-E2E-INDDL-NOM-02: CancelSession relayed to the SM-DP+ (postponed: its order is released again); order finished', async () => {
    const { b, d } = await withDp();
    const { iccid, activationCode } = dpOrder(d.sim);
    const o = order(b, { type: 'download', activationCode });
    const t = await trigger(b);
    const { transactionId, answer } = await authenticate(b, t, await initiate(b, t));
    assert.ok(answer.authenticateClientOkDPEsipa);
    assert.deepEqual(await cancel(b, transactionId, 1), { cancelSessionOk: {} });
    assert.equal(o.status, 'failed');
    assert.equal(o.outcome!.reason, 'sessionCancelled');
    assert.equal(o.outcome!.cancelSessionReason, 'postponed');
    assert.equal(d.sim.orders.get(iccid)!.state, 'released');
    // The session is gone on both sides.
    assert.deepEqual(await cancel(b, transactionId, 1), { cancelSessionError: 1 });
  });

  it('SGP.32 v1.0: InitiateAuthentication without eimTransactionId is matched by its connection; whole download', async () => {
    const { b, d } = await withDp({ version: 'v1.0' });
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    await indirectDownload(b);
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
  });

  it('direct download: the IPA downloads from the SM-DP+ itself and reports ProfileDownloadTriggerResult; the PIR is checked', async () => {
    const { b, d } = await withDp({ eim: { indirectDownload: false } });
    const { iccid, activationCode } = dpOrder(d.sim);
    const o = order(b, { type: 'download', activationCode });
    const t = await trigger(b);
    const es9 = new Es9PlusClient({ baseUrl: d.url, trust: b.f.pki.trustedCis() });
    const { pir } = await downloadOverEs9(b.f, es9, { address: t.smdpAddress, matchingId: t.matchingId });
    await es9.close();
    const answer = await provide(b, { profileDownloadTriggerResult: { eimTransactionId: t.eimTransactionId, profileDownloadTriggerResultData: { profileInstallationResult: b.c.decode('ProfileInstallationResult', pir) } } });
    assert.deepEqual(answer, { emptyResponse: {} });
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
    assert.equal(o.outcome!.iccid, iccid);
    const refused = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    const t2 = await trigger(b);
    await provide(b, { profileDownloadTriggerResult: { eimTransactionId: t2.eimTransactionId, profileDownloadTriggerResultData: { profileDownloadError: { profileDownloadErrorReason: 127 } } } });
    assert.equal(refused.outcome!.reason, 'undefinedError');
  });
});

describe('S_eIM re-expands compact ESipa forms (IPA capability minimizeEsipaBytes)', () => {
  it('DP-ES9P-IOT-NOM-02: compact AuthenticateServerResponse, PrepareDownloadResponse and PIR; the SM-DP+ sees the eUICC\'s full signed forms', async () => {
    const { b, d } = await withDp();
    const { iccid, activationCode } = dpOrder(d.sim);
    const o = order(b, { type: 'download', activationCode });
    const { transactionId } = await indirectDownload(b, {});
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
    assert.equal(d.sim.orders.get(iccid)!.state, 'installed');
    const pir = d.sim.notifications.find((n) => n.transactionId === toHex(transactionId))!;
    assert.deepEqual([pir.signatureValid, pir.success, pir.iccid], [true, true, iccid]);
  });

  it('after a full download taught the eIM the certificates and EUICCInfo2, the IPA may leave them out (compactEuiccSigned1, no certificates)', async () => {
    const { b, d } = await withDp();
    order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    await indirectDownload(b);
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    await indirectDownload(b, { compactSignedData: true, omitCertificates: true });
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
  });

  it('a compact form the eIM cannot re-expand (EUICCInfo2 never seen) → undefinedError(127), order failed compactFormNotExpandable; a compact CancelSession is relayed', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    let t = await trigger(b);
    const refused = await authenticate(b, t, await initiate(b, t), { compactSignedData: true });
    assert.deepEqual(refused.answer, { authenticateClientErrorEsipa: 127 });
    assert.equal(o.outcome!.reason, 'compactFormNotExpandable');
    assert.match(String(o.outcome!.detail), /euiccInfo2/);
    const { iccid, activationCode } = dpOrder(d.sim);
    const cancelled = order(b, { type: 'download', activationCode });
    t = await trigger(b);
    const { transactionId } = await authenticate(b, t, await initiate(b, t));
    assert.deepEqual(await cancel(b, transactionId, 1, true), { cancelSessionOk: {} });
    assert.equal(cancelled.outcome!.cancelSessionReason, 'postponed');
    assert.equal(d.sim.orders.get(iccid)!.state, 'released');
  });
});

describe('S_eIM download refusals', () => {
  it('EIM-ESIPA-INDDL-ERR-01: an eimTransactionId no trigger carried → invalidEimTransactionId(52); the order goes on', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    const t = await trigger(b);
    assert.deepEqual(await initiate(b, t, { eimTransactionId: Buffer.from('0102030405060708', 'hex') }), { initiateAuthenticationErrorEsipa: 52 });
    assert.equal(o.status, 'sent');
  });

  it('EIM-ESIPA-INDDL-ERR-02: an SM-DP+ address other than the activation code\'s → smdpAddressMismatch(50), order failed', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    const t = await trigger(b);
    assert.deepEqual(await initiate(b, t, { smdpAddress: 'other.example.com' }), { initiateAuthenticationErrorEsipa: 50 });
    assert.equal(o.outcome!.reason, 'smdpAddressMismatch');
  });

  it('EIM-ESIPA-INDDL-ERR-03: profile metadata not the expected one → AuthenticateClient relayed, GetBoundProfilePackage metadataMismatch(50), then the IPA cancels', async () => {
    const { b, d } = await withDp();
    const { iccid, activationCode } = dpOrder(d.sim);
    const o = order(b, { type: 'download', activationCode, expectedMetadata: { iccid: PROFILES[29].iccid } });
    const t = await trigger(b);
    const { transactionId, answer } = await authenticate(b, t, await initiate(b, t));
    assert.ok(answer.authenticateClientOkDPEsipa);
    assert.deepEqual(await boundProfilePackage(b, transactionId, answer.authenticateClientOkDPEsipa), { getBoundProfilePackageErrorEsipa: 50 });
    assert.equal(o.outcome!.reason, 'metadataMismatch');
    assert.match(String(o.outcome!.detail), new RegExp(iccid));
    assert.deepEqual(await cancel(b, transactionId, 4), { cancelSessionOk: {} });
    assert.equal(d.sim.orders.get(iccid)!.state, 'error');
  });

  it('invalidDpAddress(1): from the eIM for an address that is no host name, relayed from the SM-DP+ for one it is not', async () => {
    const d = await dp();
    const b = await bench({ eim: { smdpUrls: { 'elsewhere.example.com': d.url } } });
    const local = order(b, { type: 'download', activationCode: '1$not a host$ABC' });
    assert.deepEqual(await initiate(b, await trigger(b)), { initiateAuthenticationErrorEsipa: 1 });
    assert.equal(local.outcome!.reason, 'invalidDpAddress');
    const relayed = order(b, { type: 'download', activationCode: '1$elsewhere.example.com$ABC' });
    assert.deepEqual(await initiate(b, await trigger(b)), { initiateAuthenticationErrorEsipa: 1 });
    assert.equal(relayed.outcome!.reason, 'invalidDpAddress');
    assert.equal(relayed.outcome!.subjectCode, '8.8.1');
  });

  it('initiateAuthentication: ciPKIdNotSupported(3) relayed from the SM-DP+\'s ciPKNotSupported (8.8.2 / 3.1)', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    const t = await trigger(b);
    const { euiccChallenge } = await b.f.es10('GetEuiccChallengeRequest', {});
    const unknown = [Buffer.alloc(20, 0x42)];
    const euiccInfo1 = { svn: Buffer.from('020300', 'hex'), euiccCiPKIdListForVerification: unknown, euiccCiPKIdListForSigning: unknown };
    assert.deepEqual(await b.ipa.initiateAuthentication({ euiccChallenge, smdpAddress: t.smdpAddress, euiccInfo1, eimTransactionId: t.eimTransactionId }), { initiateAuthenticationErrorEsipa: 3 });
    assert.deepEqual([o.outcome!.reason, o.outcome!.subjectCode], ['ciPKNotSupported', '8.8.2']);
  });

  it('authenticateClient: matchingIdRefused(6) relayed; invalidTransactionId(10) for an unknown RSP session', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: `1$${d.sim.address}$NO-SUCH-MATCHING-ID` });
    const t = await trigger(b);
    const { answer } = await authenticate(b, t, await initiate(b, t));
    assert.deepEqual(answer, { authenticateClientErrorEsipa: 6 });
    assert.deepEqual([o.outcome!.reason, o.outcome!.subjectCode, o.outcome!.reasonCode], ['matchingIdRefused', '8.2.6', '3.8']);
    const unknown = await b.ipa.authenticateClient({ transactionId: Buffer.of(1, 2, 3), authenticateServerResponse: { authenticateResponseError: { transactionId: Buffer.of(1, 2, 3), authenticateErrorCode: 127 } } });
    assert.deepEqual(unknown, { authenticateClientErrorEsipa: 10 });
  });

  it('getBoundProfilePackage: downloadOrderExpired(6) and confirmationCodeRefused(3) relayed; invalidTransactionId(95) for an unknown session', async () => {
    const { b, d } = await withDp();
    const expired = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    let t = await trigger(b);
    let auth = await authenticate(b, t, await initiate(b, t));
    d.sim.hooks.expireOrder();
    assert.deepEqual(await boundProfilePackage(b, auth.transactionId, auth.answer.authenticateClientOkDPEsipa), { getBoundProfilePackageErrorEsipa: 6 });
    assert.equal(expired.outcome!.reason, 'downloadOrderExpired');

    const cc = order(b, { type: 'download', activationCode: dpOrder(d.sim, { confirmationCode: '1234' }).activationCode });
    t = await trigger(b);
    auth = await authenticate(b, t, await initiate(b, t));
    assert.equal(auth.answer.authenticateClientOkDPEsipa.smdpSigned2.ccRequiredFlag, true);
    assert.deepEqual(await boundProfilePackage(b, auth.transactionId, auth.answer.authenticateClientOkDPEsipa, { confirmationCode: '9999' }), { getBoundProfilePackageErrorEsipa: 3 });
    assert.equal(cc.outcome!.reason, 'confirmationCodeRefused');

    const unknown = await b.ipa.getBoundProfilePackage({ transactionId: Buffer.of(9), prepareDownloadResponse: { downloadResponseError: { transactionId: Buffer.of(9), downloadErrorCode: 127 } } });
    assert.deepEqual(unknown, { getBoundProfilePackageErrorEsipa: 95 });
  });

  it('EIM-ES9P-TIMEOUT-ERR-01: an SM-DP+ that never answers → undefinedError(127) within the ES9+\' limit, order failed smdpTimeout', async () => {
    const pki = fixturePki(['nist']).pki;
    const silent = createServer({ ...credentialOptions(pki.get('dpTls', 'nist')) }, () => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const b = await bench({ eim: { smdpUrls: { 'testsmdpplus1.example.com': url }, es9TimeoutMs: 300 } });
      const o = order(b, { type: 'download', activationCode: '1$testsmdpplus1.example.com$ABC' });
      const t = await trigger(b);
      const started = Date.now();
      assert.deepEqual(await initiate(b, t), { initiateAuthenticationErrorEsipa: 127 });
      assert.ok(Date.now() - started < 3000);
      assert.equal(o.outcome!.reason, 'smdpTimeout');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('an SM-DP+ that cannot be reached → undefinedError(127), order failed smdpUnreachable; v1.0 (no undefinedError named) answers 127 too', async () => {
    const closed = createTcp();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    for (const version of ['v1.2', 'v1.0'] as const) {
      const b = await bench({ version, eim: { smdpUrls: { 'testsmdpplus1.example.com': url } } });
      const o = order(b, { type: 'download', activationCode: '1$testsmdpplus1.example.com$ABC' });
      const t = await trigger(b);
      assert.deepEqual(await initiate(b, t), { initiateAuthenticationErrorEsipa: 127 }, version);
      assert.equal(o.outcome!.reason, 'smdpUnreachable');
    }
  });

  it('cancelSession for an unknown RSP session → invalidTransactionId(1)', async () => {
    const b = await bench();
    const answer = await b.ipa.cancelSession({ transactionId: Buffer.of(7), cancelSessionResponse: { cancelSessionResponseError: 5 } });
    assert.deepEqual(answer, { cancelSessionError: 1 });
  });

  it('a PIR with errorResult: forwarded, the order fails installationFailed', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', activationCode: dpOrder(d.sim).activationCode });
    const t = await trigger(b);
    const { transactionId, answer } = await authenticate(b, t, await initiate(b, t));
    const bpp = await boundProfilePackage(b, transactionId, answer.authenticateClientOkDPEsipa);
    const der = Buffer.from(b.c.encode('BoundProfilePackage', bpp.getBoundProfilePackageOkEsipa.boundProfilePackage));
    der[der.length - 1] ^= 0x01;
    const pir = await install(b, b.c.decode('BoundProfilePackage', der));
    await notify(b, pir);
    assert.equal(o.outcome!.reason, 'installationFailed');
    assert.equal(o.outcome!.forwarded, 'ok');
    assert.equal(d.sim.notifications.find((n) => n.transactionId === toHex(transactionId))!.success, false);
  });

  it('an order for contactDefaultSmdp triggers with that, and the IPA names the SM-DP+', async () => {
    const { b, d } = await withDp();
    const o = order(b, { type: 'download', contactDefaultSmdp: true });
    const answer = await poll(b);
    assert.deepEqual(answer.profileDownloadTriggerRequest.profileDownloadData, { contactDefaultSmdp: null });
    const t = { eimTransactionId: Buffer.from(answer.profileDownloadTriggerRequest.eimTransactionId), smdpAddress: d.sim.address, matchingId: 'X' };
    const init = await initiate(b, t);
    assert.ok(init.initiateAuthenticationOkEsipa);
    assert.equal(o.status, 'sent');
  });
});
