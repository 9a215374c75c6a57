/**
 * eIM Package injection (catalogue IPAD-ESIPA-INJECT-NOM-01): the eIM POSTs transferEimPackageRequest
 * to S_IPA over HTTPS, the IPA executes the package on the card in a turn of its own and answers
 * transferEimPackageResponse.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../../../src/asn1';
import { EsipaInjectClient } from '../../../src/transport/http';
import { openEuiccPackageResult, ts_psmoDisable, ts_psmoList } from '../../../simulators/eim/packages';
import { SimIpa } from '../../../simulators/ipa/ipa';
import { ICCIDS } from '../euicc/eim-helpers';
import { fixturePki } from '../euicc/fixture';
import { benches } from './setup';

const bench = benches();
const { pki } = fixturePki();

describe('S_IPA injection', () => {
  it('IPAD-ESIPA-INJECT-NOM-01 an injected PSMO runs on the card; ePRAndNotifications answers; injected acks remove', async () => {
    const b = await bench({ profiles: [{ iccid: ICCIDS[0], enabled: true, notify: ['notificationDisable'] }] });
    // The IPA has no TLS role of its own in the test PKI: the eimTls credential serves for the test.
    const server = await b.ipa.serveInjection({ tls: { credential: pki.get('eimTls', 'nist') } });
    const client = new EsipaInjectClient({ baseUrl: server.url, trust: pki.trustedCis('nist') });
    const pkg = b.sign(ts_psmoList(ts_psmoDisable(ICCIDS[0])));
    const answer = await client.transferEimPackage({ euiccPackageRequest: pkg.value });
    assert.ok(answer.ePRAndNotifications, JSON.stringify(Object.keys(answer)));
    const epr = b.ipa.codec.encode('EuiccPackageResult', answer.ePRAndNotifications.euiccPackageResult);
    const opened = openEuiccPackageResult(epr, { euiccCertificate: b.f.config.credentials[0].euicc, associationToken: b.te.associationToken });
    assert.equal(opened.signatureValid, true);
    const data = opened.value.euiccPackageResultSigned.euiccPackageResultDataSigned;
    assert.deepEqual(data.euiccResult, [{ disableResult: 0 }]);
    const listed = answer.ePRAndNotifications.notificationList.map((n: any) => n.otherSignedNotification.tbsOtherNotification.seqNumber);
    assert.equal(listed.length, 1);
    assert.equal(b.f.euicc.state.profiles[0].state, 'disabled');

    const acks = [data.seqNumber, ...listed];
    assert.deepEqual(await client.transferEimPackage({ eimAcknowledgements: acks }), { eimPackageReceived: null });
    assert.deepEqual(b.f.euicc.state.notifications, []);

    const data2 = await client.transferEimPackage({ ipaEuiccDataRequest: { tagList: fromHex('A8'), eimTransactionId: fromHex('77') } });
    assert.deepEqual(data2.ipaEuiccDataResponse.ipaEuiccData.ipaCapabilities.ipaSupportedProtocols, ['ipaRetrieveHttps', 'ipaInjectHttps']);
    await client.close();

    assert.deepEqual(b.ipa.injections.map((r) => [r.trigger, r.package, r.ok]), [
      ['injection', 'euiccPackageRequest', true], ['injection', 'eimAcknowledgements', true], ['injection', 'ipaEuiccDataRequest', true],
    ]);
    assert.deepEqual(b.ipa.injections[1].notifications.removed, acks);
    assert.equal(b.eim.received.length, 0, 'injection needs no poll');
  });

  it('IPAD-ESIPA-INJECT-ERR-01 injection without TLS needs insecureHttp; a poll and an injection take turns on the card', async () => {
    const b = await bench();
    await assert.rejects(b.ipa.serveInjection(), /HttpConfigError|insecureHttp|tls/i);
    const ipa = new SimIpa({ ...b.ipa.options, insecureHttp: true, eimUrl: b.eim.url });
    const server = await ipa.serveInjection();
    assert.match(server.url, /^http:/);
    const client = new EsipaInjectClient({ baseUrl: server.url });
    const [poll, injected] = await Promise.all([
      ipa.pollOnce(),
      client.transferEimPackage({ eimAcknowledgements: [99] }),
    ]);
    await client.close();
    await ipa.close();
    assert.equal(poll.ok, true, poll.error?.message);
    assert.deepEqual(injected, { eimPackageReceived: null });
    assert.deepEqual(ipa.injections[0].notifications.removed, [], 'nothing numbered 99 on the card');
    assert.deepEqual(ipa.injections[0].acknowledged, [99]);
  });
});
