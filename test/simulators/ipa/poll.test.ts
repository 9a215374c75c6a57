/**
 * S_IPA poll cycles against a scripted S_eIM over real HTTPS and an S_eUICC behind real APDUs
 * (catalogue §2: the TTCN IPAd suite's cases and the additional IPAd scenarios).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec, fromHex, toHex } from '../../../src/asn1';
import { dataObjects } from '../../../src/crypto/rsp-signatures';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import {
  eimConfigurationData, openEuiccPackageResult, ts_addInitialEimRequest, ts_psmoDelete, ts_psmoEnable, ts_psmoList, ts_psmoListProfileInfo,
} from '../../../simulators/eim/packages';
import { SimIpa } from '../../../simulators/ipa/ipa';
import { ICCIDS, iccidHex } from '../euicc/eim-helpers';
import { fixturePki } from '../euicc/fixture';
import { benches, Bench } from './setup';
import { HANG } from './eim-stand-in';

const bench = benches();
const v12 = codec('SGP32Definitions', 'v1.2');

/** The EuiccPackageResult inside a ProvideEimPackageResult body (ePRAndNotifications or alone), as sent. */
function sentResult(body: Uint8Array): Uint8Array {
  const top = dataObjects(body, 'ProvideEimPackageResult', 0xbf50);
  return top.get(0xbf51) ?? dataObjects(body, 'ProvideEimPackageResult', 0xbf50, 0x30).get(0xbf51)!;
}

function opened(b: Bench, epr: Uint8Array) {
  return openEuiccPackageResult(epr, { euiccCertificate: b.f.config.credentials[0].euicc, associationToken: b.te.associationToken, version: b.f.config.version });
}

describe('S_IPA poll cycle', () => {
  it('IPAD-ESIPA-GETPKG-NOM-02 noEimPackageAvailable: start-up sequence, one GetEimPackageRequest, channel closed', async () => {
    const b = await bench();
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    assert.equal(r.package, 'eimPackageError');
    assert.equal(r.eimPackageError, 'noEimPackageAvailable');
    assert.equal(r.eid, b.f.config.eid);
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B']);
    assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage']);
    assert.deepEqual(toHex(b.eim.received[0].value.eidValue), b.f.config.eid);
    assert.equal(b.eim.received[0].value.notifyStateChange, undefined);
    const apdus = b.apdus.commands();
    assert.equal(apdus[0], '80AA000005A903830107', 'TERMINAL CAPABILITY first');
    assert.match(apdus[1], /^00700000/, 'MANAGE CHANNEL open');
    assert.match(apdus[2], /^01A40400/, 'SELECT on channel 1');
    assert.ok(apdus.includes('81E2910006BF3E035C015A'), 'GetEID as the TTCN suite expects it');
    assert.match(apdus.at(-1)!, /^00708001/, 'MANAGE CHANNEL close last');
  });

  it('IPAD-ESIPA-GETPKG-NOM-03 run: polls again at once after a package, waits the interval otherwise, stops on abort', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', { euiccPackageRequest: b.sign(ts_psmoList(ts_psmoListProfileInfo())).value });
    const stop = new AbortController();
    const reports: { package?: string; at: number }[] = [];
    await b.ipa.run({
      intervalMs: 150, signal: stop.signal,
      onReport: (r) => {
        reports.push({ package: r.package, at: Date.now() });
        if (reports.length === 3) stop.abort();
      },
    });
    assert.deepEqual(reports.map((r) => r.package), ['euiccPackageRequest', 'eimPackageError', 'eimPackageError']);
    assert.ok(reports[2].at - reports[1].at >= 140, 'the interval between empty polls');
    assert.equal(b.eim.requests('getEimPackage').length, 3);
  });

  it('IPAD-ESIPA-GETPKG-ERR-01 eimPackageError undefinedError: the cycle ends cleanly, nothing more is sent', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', { eimPackageError: 127 });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true);
    assert.equal(r.eimPackageError, 'undefinedError');
    assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage']);
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B']);
    assert.match(b.apdus.commands().at(-1)!, /^00708001/);
  });

  it('IPAD-ESIPA-PSMO-NOM-01 enable PSMO: LoadEuiccPackage with the bytes sent, ePRAndNotifications, acknowledged ones removed', async () => {
    const notify = ['notificationEnable', 'notificationDisable'];
    const b = await bench({ profiles: [{ iccid: ICCIDS[0], enabled: true, notify }, { iccid: ICCIDS[1], notify }] });
    const pkg = b.sign(ts_psmoList(ts_psmoEnable(ICCIDS[1])));
    let acked: number[] = [];
    b.eim.queue('getEimPackage', { euiccPackageRequest: pkg.value });
    b.eim.queue('provideEimPackageResult', (req, ctx) => {
      const epr = sentResult(ctx.body);
      const result = opened(b, epr);
      assert.equal(result.signatureValid, true, 'euiccSignEPR verifies over the bytes relayed');
      const data = result.value.euiccPackageResultSigned.euiccPackageResultDataSigned;
      const listed = req.eimPackageResult.ePRAndNotifications.notificationList as any[];
      acked = [data.seqNumber, ...listed.map((n) => n.otherSignedNotification.tbsOtherNotification.seqNumber)];
      return { eimAcknowledgements: acked };
    });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.package, 'euiccPackageRequest');
    assert.equal(r.euiccPackageResult, 'euiccPackageResultSigned');
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B', 'BF51', 'BF2B', 'BF30', 'BF30', 'BF30']);
    // The card got exactly the eIM's bytes (the signature would not verify otherwise, but check the APDUs too).
    const sent = b.apdus.commands().filter((c) => /^81E2(11|91)/.test(c)).map((c) => c.slice(10)).join('');
    assert.ok(sent.includes(toHex(pkg.bytes)), 'the package went to the card byte for byte');
    assert.equal(acked.length, 3);
    assert.deepEqual(r.acknowledged, acked);
    assert.deepEqual(r.notifications.removed, acked);
    assert.deepEqual(b.f.euicc.state.notifications, [], 'nothing left on the card');
    assert.equal(b.f.euicc.state.profiles.find((p) => p.iccid === iccidHex(ICCIDS[1]))!.state, 'enabled');
    assert.equal(new Set(b.eim.received.map((x) => x.connectionId)).size, 1, 'one connection per cycle');
  });

  it('IPAD-ESIPA-PSMO-RTY-01 lost connectivity after an enable with rollbackFlag: ProfileRollback, then the rollback result', async () => {
    const b = await bench({ profiles: [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }], ipa: { timeouts: { httpMs: 400 } } });
    const pkg = b.sign(ts_psmoList(ts_psmoEnable(ICCIDS[1], { rollback: true })));
    b.eim.queue('getEimPackage', { euiccPackageRequest: pkg.value });
    let retried: Record<string, any> | undefined;
    b.eim.queue('provideEimPackageResult', HANG, (_req, ctx) => {
      const result = opened(b, sentResult(ctx.body));
      assert.equal(result.signatureValid, true);
      retried = result.value.euiccPackageResultSigned.euiccPackageResultDataSigned;
      return { eimAcknowledgements: [retried!.seqNumber] };
    });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.stack);
    assert.equal(r.rollback, 'ok');
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B', 'BF51', 'BF2B', 'BF58', 'BF2B', 'BF30']);
    assert.deepEqual(retried!.euiccResult, [{ rollbackResult: 0 }], 'the rollback\'s own EuiccPackageResult');
    assert.equal(retried!.counterValue, b.te.counter);
    assert.equal(b.f.euicc.state.profiles.find((p) => p.iccid === iccidHex(ICCIDS[0]))!.state, 'enabled', 'back on the first profile');
    const provides = b.eim.requests('provideEimPackageResult');
    assert.equal(provides.length, 2);
    assert.notEqual(provides[0].connectionId, provides[1].connectionId, 'the retry opened a new connection');
  });

  it('IPAD-ESIPA-PSMO-NOM-02 the same loss without rollbackFlag ends the cycle with the timeout, no ProfileRollback', async () => {
    const b = await bench({ profiles: [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }], ipa: { timeouts: { httpMs: 300 } } });
    b.eim.queue('getEimPackage', { euiccPackageRequest: b.sign(ts_psmoList(ts_psmoEnable(ICCIDS[1]))).value });
    b.eim.queue('provideEimPackageResult', HANG);
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, false);
    assert.equal(r.error?.name, 'HttpTimeoutError');
    assert.equal(r.rollback, undefined);
    assert.ok(!r.es10.some((e) => e.command === 'BF58'));
  });

  it('IPAD-ESIPA-PSMO-ERR-01 a replayed package: the card\'s euiccPackageErrorSigned is relayed unchanged', async () => {
    const b = await bench({ profiles: [{ iccid: ICCIDS[0] }] });
    const pkg = b.sign(ts_psmoList(ts_psmoListProfileInfo()));
    b.eim.queue('getEimPackage', { euiccPackageRequest: pkg.value }, { euiccPackageRequest: pkg.value });
    const first = await b.ipa.pollOnce();
    assert.equal(first.euiccPackageResult, 'euiccPackageResultSigned');
    const second = await b.ipa.pollOnce();
    assert.equal(second.ok, true, second.error?.message);
    assert.equal(second.euiccPackageResult, 'euiccPackageErrorSigned');
    const result = opened(b, sentResult(b.eim.requests('provideEimPackageResult')[1].body));
    assert.equal(result.signatureValid, true);
    assert.equal(result.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 4, 'replayError');
  });

  it('IPAD-ES10-CHAIN-NOM-01 a package over 255 bytes goes in chained STORE DATA blocks (P1 11 then 91, P2 counting)', async () => {
    const b = await bench();
    const unknown = Array.from({ length: 14 }, (_, i) => `8900012345678901${String(1000 + i)}`);
    const pkg = b.sign(ts_psmoList(...unknown.map((iccid) => ts_psmoDelete(iccid))));
    assert.ok(pkg.bytes.length > 255, `${pkg.bytes.length} bytes`);
    b.eim.queue('getEimPackage', { euiccPackageRequest: pkg.value });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    const blocks = b.apdus.commands().filter((c) => /^81E2/.test(c));
    const packageBlocks = blocks.slice(blocks.findIndex((c) => c.slice(10, 14) === 'BF51'));
    assert.equal(packageBlocks[0].slice(4, 8), '1100');
    assert.equal(packageBlocks[1].slice(4, 8), '9101');
    const results = v12.decode<any>('EuiccPackageResult', sentResult(b.eim.requests('provideEimPackageResult')[0].body));
    assert.equal(results.euiccPackageResultSigned.euiccPackageResultDataSigned.euiccResult.length, 14);
  });

  it('IPAD-ES10-SW-ERR-01 the card answers LoadEuiccPackage with 6A80: the cycle aborts, no result to the eIM, channel closed', async () => {
    const b = await bench();
    b.f.card.uicc.hooks.statusWord(({ apdu }) => apdu?.ins === 0xe2 && toHex(apdu.data.subarray(0, 2)) === 'BF51', SW.INCORRECT_DATA);
    b.eim.queue('getEimPackage', { euiccPackageRequest: b.sign(ts_psmoList(ts_psmoListProfileInfo())).value });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof CardStatusError, String(r.error));
    assert.equal((r.error as CardStatusError).sw, 0x6a80);
    assert.deepEqual(r.es10.at(-1), { name: 'LoadEuiccPackage', command: 'BF51', sw: '6A80' });
    assert.deepEqual(b.eim.received.map((x) => x.fn), ['getEimPackage']);
    assert.match(b.apdus.commands().at(-1)!, /^00708001/);
  });

  it('IPAD-ESIPA-STATE-NOM-01 a local state change is signalled once, with its cause', async () => {
    const b = await bench();
    b.ipa.notifyStateChange('fallback');
    const first = await b.ipa.pollOnce();
    const second = await b.ipa.pollOnce();
    assert.equal(first.stateChange, 'fallback');
    assert.equal(second.stateChange, undefined);
    const [a, c] = b.eim.requests('getEimPackage');
    assert.equal(a.value.notifyStateChange, null);
    assert.equal(a.value.stateChangeCause, 1);
    assert.equal(c.value.notifyStateChange, undefined);
    assert.equal(c.value.stateChangeCause, undefined);
  });

  it('IPAD-ESIPA-STATE-NOM-02 v1.0: notifyStateChange without a cause', async () => {
    const b = await bench({ version: 'v1.0' });
    b.ipa.notifyStateChange('reset');
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    assert.equal(r.stateChange, 'notifyStateChange');
    assert.deepEqual(b.eim.requests('getEimPackage')[0].value, { eidValue: fromHex(b.f.config.eid), notifyStateChange: null });
  });

  it('IPAD-ES10-INIT-NOM-01 a virgin card gets the configured AddInitialEim, then the eIM it names is polled', async () => {
    const b = await bench({ virgin: true });
    const { pki } = fixturePki();
    const request = v12.encode('AddInitialEimRequest', ts_addInitialEimRequest(eimConfigurationData({
      eimId: 'eim.example.com', fqdn: b.eim.fqdn, eimPublicKey: pki.get('eimSign', 'nist').key, counterValue: 1,
    })));
    const ipa = new SimIpa({ ...b.ipa.options, addInitialEim: request });
    const r = await ipa.pollOnce();
    assert.equal(r.ok, true, r.error?.message);
    assert.equal(r.addInitialEim, 'addInitialEimOk');
    assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF57', 'BF55', 'BF2B']);
    assert.equal(r.eimUrl, `${b.eim.url}/gsma/rsp2/asn1`);
    assert.equal(b.f.euicc.state.eims.length, 1);
    const again = await ipa.pollOnce();
    assert.equal(again.addInitialEim, undefined, 'only a card without eIM is configured');
  });
});
