/**
 * S_eIM's GetEimPackage answers and the transport around ESipa (catalogue §1.1 EIM-ESIPA-GETPKG-NOM-01,
 * §1.2, §1.4): each eimPackageError code, the state change causes recorded, HTTP refusals of the
 * generic server, the JSON binding, and the hooks an IPA test arms.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { tlv } from '../../../src/asn1';
import { eidCheckDigits } from '../../../src/pki';
import { ASN1_CONTENT_TYPE, DEFAULT_ADMIN_PROTOCOL, HttpClient, HttpStatusError, HttpTimeoutError } from '../../../src/transport/http';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, cycle, EimBench, order, poll } from './bench';

const bench = benches();
const unmanaged = () => {
  const first30 = '890490320000000000000000000042';
  return `${first30}${eidCheckDigits(first30)}`;
};

/** POSTs raw bytes to the eIM's ASN.1 path with the given headers; resolves with status and body. */
function rawPost(b: EimBench, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${b.urls.esipa}/gsma/rsp2/asn1`, { method: 'POST', ca: b.f.pki.trustedCis().map((c) => c.toString()), headers: { ...headers, 'Content-Length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const http = (b: EimBench) => new HttpClient({ baseUrl: b.urls.esipa, interface: 'esipa', trust: b.f.pki.trustedCis() });

describe('S_eIM GetEimPackage', () => {
  it('EIM-ESIPA-GETPKG-NOM-02: a managed EID with nothing queued → noEimPackageAvailable(1)', async () => {
    const b = await bench();
    assert.deepEqual(await poll(b), { eimPackageError: 1 });
  });

  it('EIM-ESIPA-GETPKG-NOM-01: notifyStateChange with stateChangeCause deviceChange(6) → noEimPackageAvailable, cause recorded against the EID', async () => {
    const b = await bench();
    assert.deepEqual(await poll(b, { notifyStateChange: null, stateChangeCause: 6 }), { eimPackageError: 1 });
    assert.deepEqual(b.eim.euiccs.get(b.f.config.eid)!.stateChanges.map((s) => s.cause), ['deviceChange']);
  });

  it('EIM-ESIPA-GETPKG-ERR-01: an EID the eIM does not manage → eidNotFound(2)', async () => {
    const b = await bench();
    assert.deepEqual(await b.ipa.getEimPackage({ eidValue: Buffer.from(unmanaged(), 'hex') }), { eimPackageError: 2 });
  });

  it('EIM-ESIPA-GETPKG-ERR-02: eidValue of the wrong length, or 16 bytes that are no EID → invalidEid(3)', async () => {
    const b = await bench();
    for (const eid of [Buffer.alloc(15, 0x89), Buffer.alloc(17, 0x89), Buffer.from('89049032123451234512345678901299', 'hex'), Buffer.alloc(16, 0xab)]) {
      assert.deepEqual(await b.ipa.getEimPackage(tlv(0xbf4f, tlv(0x5a, eid))), { eimPackageError: 3 }, eid.toString('hex'));
    }
  });

  it('EIM-ESIPA-GETPKG-ERR-03: no eidValue (BF4F with no 5A, or only notifyStateChange) → missingEid(4), not an HTTP rejection', async () => {
    const b = await bench();
    assert.deepEqual(await b.ipa.getEimPackage(tlv(0xbf4f, Buffer.alloc(0))), { eimPackageError: 4 });
    assert.deepEqual(await b.ipa.getEimPackage(tlv(0xbf4f, tlv(0x80, Buffer.alloc(0)))), { eimPackageError: 4 });
  });

  it('hook answerEimPackageError: undefinedError(127) whatever is queued, then the queued package', async () => {
    const b = await bench();
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }]);
    order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    b.eim.hooks.answerEimPackageError('undefinedError');
    assert.deepEqual(await poll(b), { eimPackageError: 127 });
    assert.ok((await poll(b)).euiccPackageRequest);
  });

  it('orders are fetched oldest first, one package per GetEimPackage', async () => {
    const b = await bench();
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }]);
    const first = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const second = order(b, { type: 'eco', ecos: [{ listEim: {} }] });
    await cycle(b);
    assert.equal(first.status, 'done');
    assert.equal(second.status, 'queued');
    await cycle(b);
    assert.equal(second.status, 'done');
  });
});

describe('S_eIM ESipa transport', () => {
  it('EIM-HTTP-HDR-ERR-01: no X-Admin-Protocol → HTTP 400', async () => {
    const b = await bench();
    const res = await rawPost(b, tlv(0xbf4f, tlv(0x5a, b.eid)), { 'Content-Type': ASN1_CONTENT_TYPE });
    assert.equal(res.status, 400);
    assert.match(res.body.toString(), /X-Admin-Protocol missing/);
  });

  it('EIM-HTTP-CT-ERR-01: wrong Content-Type → HTTP 415', async () => {
    const b = await bench();
    const res = await rawPost(b, tlv(0xbf4f, tlv(0x5a, b.eid)), { 'Content-Type': 'application/octet-stream', 'X-Admin-Protocol': DEFAULT_ADMIN_PROTOCOL });
    assert.equal(res.status, 415);
  });

  it('EIM-ESIPA-ASN1-ERR-01: undecodable DER or an unknown outer tag → HTTP 400, and so does a function the eIM does not serve; the connection stays usable', async () => {
    const b = await bench();
    const client = http(b);
    for (const [body, status] of [[Buffer.from('BF4F10', 'hex'), 400], [Buffer.from('BF7F00', 'hex'), 400], [Buffer.from('BF4E020500', 'hex'), 400]] as const) {
      const e = await client.post('/gsma/rsp2/asn1', ASN1_CONTENT_TYPE, body).then(() => assert.fail('refused'), (x: unknown) => x);
      assert.ok(e instanceof HttpStatusError && e.status === status, String(e));
    }
    const ok = await client.post('/gsma/rsp2/asn1', ASN1_CONTENT_TYPE, tlv(0xbf4f, tlv(0x5a, b.eid)));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString('hex').toUpperCase(), 'BF4F03020101');
    await client.close();
  });

  it('EIM-ESIPA-JSON-NOM-01: the JSON binding serves a whole PSMO cycle; an EID that is not hex → invalidEid(3)', async () => {
    const b = await bench({ client: { binding: 'json' } });
    installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }]);
    const o = order(b, { type: 'psmo', psmos: [{ getRAT: {} }] });
    const r = await cycle(b);
    assert.equal(o.status, 'done');
    assert.deepEqual(r.acks, [o.outcome!.seqNumber]);
    const client = http(b);
    const res = await client.post('/gsma/rsp2/esipa/getEimPackage', 'application/json', Buffer.from(JSON.stringify({ eidValue: 'zz' })));
    assert.deepEqual(JSON.parse(res.body.toString()), { eimPackageError: 3 });
    const missing = await client.post('/gsma/rsp2/esipa/getEimPackage', 'application/json', Buffer.from('{}'));
    assert.deepEqual(JSON.parse(missing.body.toString()), { eimPackageError: 4 });
    await client.close();
  });

  it('hooks delay and httpStatus: the IPA times out, then gets HTTP 500, then a normal answer', async () => {
    const b = await bench({ client: { timeoutMs: 150 } });
    b.eim.hooks.delay('getEimPackage', 400).httpStatus('getEimPackage', 500);
    await assert.rejects(poll(b), HttpTimeoutError);
    await b.ipa.close();
    await assert.rejects(poll(b), (e) => e instanceof HttpStatusError && e.status === 500);
    assert.deepEqual(await poll(b), { eimPackageError: 1 });
  });

  it('one log line per exchange', async () => {
    const b = await bench();
    await poll(b);
    assert.ok(b.lines.some((l) => /^esipa getEimPackage \(connection \d+, asn1\) -> getEimPackageResponse eimPackageError noEimPackageAvailable$/.test(l)), b.lines.join('\n'));
  });
});

describe('S_eIM GetEimPackage, SGP.32 v1.0', () => {
  it('v1.0 has only codes 1 and 127: unknown, invalid or missing EID → undefinedError(127)', async () => {
    const b = await bench({ version: 'v1.0' });
    assert.deepEqual(await poll(b), { eimPackageError: 1 });
    assert.deepEqual(await b.ipa.getEimPackage({ eidValue: Buffer.from(unmanaged(), 'hex') }), { eimPackageError: 127 });
    assert.deepEqual(await b.ipa.getEimPackage(tlv(0xbf4f, tlv(0x5a, Buffer.alloc(15)))), { eimPackageError: 127 });
    assert.deepEqual(await b.ipa.getEimPackage(tlv(0xbf4f, Buffer.alloc(0))), { eimPackageError: 127 });
  });
});
