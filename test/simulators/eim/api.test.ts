/**
 * S_eIM's northbound API over real HTTP(S): orders created, read, listed, long-polled and deleted,
 * eUICC records registered and read, and every refusal answered with a status and `{ error, field }`
 * naming what is wrong (README "S_eIM northbound API").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { codec, fromHex } from '../../../src/asn1';
import { eidCheckDigits } from '../../../src/pki';
import { SimEim } from '../../../simulators/eim/eim';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { api, benches, cycle } from './bench';

const bench = benches();

describe('S_eIM northbound API', () => {
  it('POST an order → 201 queued; the IPA fetches it; GET ?wait returns it done with the decoded outcome; list and filters', async () => {
    const b = await bench();
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }]);
    const eid = b.f.config.eid;
    const created = await api(b.urls.api, 'POST', '/api/v1/orders', { eid, type: 'psmo', psmos: [{ enable: { iccid: ICCIDS[1], rollback: true } }, { listProfileInfo: {} }] });
    assert.equal(created.status, 201);
    assert.equal(created.json.status, 'queued');
    assert.equal(created.json.eid, eid);
    const id = created.json.id as string;
    const waiting = api(b.urls.api, 'GET', `/api/v1/orders/${id}?wait=5000`);
    await cycle(b);
    const done = await waiting;
    assert.equal(done.status, 200);
    assert.equal(done.json.status, 'done');
    assert.equal(done.json.counterValue, 1);
    assert.deepEqual(done.json.outcome.results[0], { enableResult: 'ok' });
    assert.deepEqual(done.json.outcome.results[1].listProfileInfoResult.profileInfoListOk.map((p: any) => [p.iccid, p.profileState]), [[ICCIDS[0], 'disabled'], [ICCIDS[1], 'enabled']]);
    assert.equal((await api(b.urls.api, 'GET', `/api/v1/orders?eid=${eid}`)).json.orders.length, 1);
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/orders?status=queued')).json.orders.length, 0);
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/orders?status=done')).json.orders[0].id, id);
  });

  it('DELETE: a queued order is aborted and gone; a finished one is removed as it was; 404 after', async () => {
    const b = await bench();
    const eid = b.f.config.eid;
    const { json } = await api(b.urls.api, 'POST', '/api/v1/orders', { eid, type: 'eco', ecos: [{ listEim: {} }] });
    const del = await api(b.urls.api, 'DELETE', `/api/v1/orders/${json.id}`);
    assert.equal(del.status, 200);
    assert.equal(del.json.status, 'aborted');
    assert.equal((await api(b.urls.api, 'GET', `/api/v1/orders/${json.id}`)).status, 404);
    assert.equal((await api(b.urls.api, 'DELETE', `/api/v1/orders/${json.id}`)).status, 404);
    assert.deepEqual((await api(b.urls.api, 'GET', '/api/v1/orders')).json.orders, []);
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }]);
    const finished = await api(b.urls.api, 'POST', '/api/v1/orders', { eid, type: 'psmo', psmos: [{ getRAT: {} }] });
    await cycle(b);
    const removed = await api(b.urls.api, 'DELETE', `/api/v1/orders/${finished.json.id}`);
    assert.equal(removed.json.status, 'done');
    assert.ok(removed.json.outcome.results);
  });

  it('refusals: 400 with the member at fault, 404, 405, 415, undecodable JSON', async () => {
    const b = await bench();
    const eid = b.f.config.eid;
    const refused = async (body: unknown, field: string) => {
      const r = await api(b.urls.api, 'POST', '/api/v1/orders', body);
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.equal(r.json.field, field, JSON.stringify(r.json));
      assert.equal(typeof r.json.error, 'string');
    };
    await refused({ type: 'psmo', psmos: [{ getRAT: {} }] }, 'eid');
    await refused({ eid: `${eid.slice(0, 30)}00`, type: 'psmo', psmos: [{ getRAT: {} }] }, 'eid');
    await refused({ eid, type: 'reboot' }, 'type');
    await refused({ eid, type: 'psmo', psmos: [] }, 'psmos');
    await refused({ eid, type: 'psmo', psmos: [{ enable: { iccid: '12AB' } }] }, 'psmos[0].enable.iccid');
    await refused({ eid, type: 'psmo', psmos: [{ getRAT: {}, enable: {} }] }, 'psmos[0]');
    await refused({ eid, type: 'psmo', psmos: [{ enable: { iccid: ICCIDS[0], rollbak: true } }] }, 'psmos[0].enable.rollbak');
    await refused({ eid, type: 'psmo', psmos: [{ getRAT: {} }], delivery: 'carrier-pigeon' }, 'delivery');
    await refused({ eid, type: 'psmo', psmo: [] }, 'psmo');
    await refused({ eid, type: 'eco', ecos: [{ addEim: { eimId: 'x', eimCertificate: 'not a cert' } }] }, 'ecos[0].addEim.eimCertificate');
    await refused({ eid, type: 'eco', ecos: [{ addEim: { eimId: 'x'.repeat(129) } }] }, 'ecos[0].addEim.eimId');
    await refused({ eid, type: 'download', activationCode: 'LPA:1$x' }, 'activationCode');
    await refused({ eid, type: 'download', activationCode: '1$a$b', contactDefaultSmdp: true }, 'activationCode');
    await refused({ eid, type: 'edr' }, 'tagList');
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/orders/o999')).status, 404);
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/nothing')).status, 404);
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/orders?status=lost')).json.field, 'status');
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/orders/o1?wait=forever')).status, 404);
    const put = await api(b.urls.api, 'PUT', '/api/v1/orders', {});
    assert.equal(put.status, 405);
    assert.equal((await api(b.urls.api, 'POST', '/api/v1/orders', '{"eid": ', 'application/json')).status, 400);
    assert.equal((await api(b.urls.api, 'POST', '/api/v1/orders', 'eid=1', 'text/plain')).status, 415);
  });

  it('a v1.0 eIM refuses v1.2-only PSMOs, naming the member', async () => {
    const b = await bench({ version: 'v1.0' });
    const r = await api(b.urls.api, 'POST', '/api/v1/orders', { eid: b.f.config.eid, type: 'psmo', psmos: [{ getRAT: {} }, { setFallbackAttribute: { iccid: ICCIDS[0] } }] });
    assert.equal(r.status, 400);
    assert.match(r.json.field, /^psmos\[1\]/);
  });

  it('eUICC records: PUT registers (201) and updates (200), GET shows counter, state changes, notifications; DELETE state-changes clears them', async () => {
    const b = await bench();
    const first30 = '890490320000000000000000000099';
    const eid = `${first30}${eidCheckDigits(first30)}`;
    const cert = b.f.pki.get('euicc', 'nist').cert.toString();
    const created = await api(b.urls.api, 'PUT', `/api/v1/euiccs/${eid}`, { injectUrl: 'https://127.0.0.1:9', associationToken: 7, euiccCertificate: cert, counterValue: 40 });
    assert.equal(created.status, 201);
    assert.deepEqual([created.json.counterValue, created.json.associationToken, created.json.injectUrl, created.json.certificates.length], [40, 7, 'https://127.0.0.1:9', 1]);
    const updated = await api(b.urls.api, 'PUT', `/api/v1/euiccs/${eid}`, { associationToken: null });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.associationToken, undefined);
    assert.equal((await api(b.urls.api, 'PUT', `/api/v1/euiccs/${eid}`, { counterValue: -1 })).json.field, 'counterValue');
    assert.equal((await api(b.urls.api, 'PUT', `/api/v1/euiccs/${eid}`, { injectUrl: 'ftp://x' })).json.field, 'injectUrl');
    assert.equal((await api(b.urls.api, 'PUT', '/api/v1/euiccs/1234', {})).json.field, 'eid');
    assert.equal((await api(b.urls.api, 'GET', '/api/v1/euiccs/89049032000000000000000000000000')).status, 404);
    assert.deepEqual((await api(b.urls.api, 'GET', '/api/v1/euiccs')).json.euiccs.map((e: any) => e.eid).sort(), [b.f.config.eid, eid].sort());
    await b.ipa.getEimPackage({ eidValue: b.eid, notifyStateChange: null, stateChangeCause: 1 });
    const seen = await api(b.urls.api, 'GET', `/api/v1/euiccs/${b.f.config.eid}`);
    assert.deepEqual(seen.json.stateChanges.map((s: any) => s.cause), ['fallback']);
    const cleared = await api(b.urls.api, 'DELETE', `/api/v1/euiccs/${b.f.config.eid}/state-changes`);
    assert.deepEqual(cleared.json.stateChanges, []);
  });

  it('GET /api/v1: identity and the AddInitialEimRequest of this eIM, whose eimFqdn is where ESipa listens', async () => {
    const b = await bench();
    const { json } = await api(b.urls.api, 'GET', '/api/v1');
    assert.deepEqual([json.eimId, json.version, json.curve, json.indirectDownload], ['testeim1.example.com', 'v1.2', 'nist', true]);
    const req = codec('SGP32Definitions').decode('AddInitialEimRequest', fromHex(json.addInitialEimRequest));
    const cfg = req.eimConfigurationDataList[0];
    assert.equal(`https://${cfg.eimFqdn}`, b.urls.esipa);
    assert.deepEqual([cfg.counterValue, cfg.associationToken, cfg.indirectProfileDownload, cfg.eimIdType], [0, 1, null, 2]);
    assert.deepEqual(cfg.eimSupportedProtocol, ['eimRetrieveHttps', 'eimInjectHttps']);
    assert.ok(cfg.eimPublicKeyData.eimCertificate);
    assert.ok(cfg.trustedPublicKeyDataTls.trustedCertificateTls);
  });

  it('the API over HTTPS with the eIM\'s TLS certificate', async () => {
    const b = await bench();
    const eim2 = new SimEim({ pki: b.f.pki, curve: 'nist' });
    const urls = await eim2.start({ apiHttps: true });
    try {
      assert.match(urls.api, /^https:/);
      const body = await new Promise<string>((resolve, reject) => {
        request(`${urls.api}/api/v1/orders`, { ca: b.f.pki.trustedCis().map((c) => c.toString()) }, (res) => {
          let s = '';
          res.on('data', (c) => { s += c; });
          res.on('end', () => resolve(s));
        }).on('error', reject).end();
      });
      assert.deepEqual(JSON.parse(body), { orders: [] });
    } finally {
      await eim2.close();
    }
  });
});
