/**
 * ESipa over real HTTPS on both curves and both bindings: every function carries schema-drawn
 * messages unchanged both ways, the bytes on the wire are the documented ones, injection runs the
 * other way, and the SGP.32 version selects the codec.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, codec, SpecVersion } from '../../../src/asn1';
import { ChoiceNode } from '../../../src/asn1/nodes';
import {
  AsnValue, ESIPA_FUNCTIONS, EsipaClient, EsipaFunction, EsipaHandler, EsipaInjectClient, esipaInjectServer, esipaServer,
  HttpServer, HttpStatusError,
} from '../../../src/transport/http';
import { CURVES, failure, pems, rawPost, testPki, TraceLog } from './fixture';

const RUNS = 4;

/** `n` schema-drawn values of one alternative of a CHOICE type. */
function sample(version: SpecVersion, choiceType: string, alternative: string, n: number, seed: number): AsnValue[] {
  const node = codec('SGP32Definitions', version).node(choiceType) as ChoiceNode;
  return fc.sample(arbitraryFor(node.byName.get(alternative)!.node), { numRuns: n, seed }) as AsnValue[];
}

/** A server whose handlers record each request and answer whatever the test queued. */
function recorder() {
  const received: AsnValue[] = [];
  const queued: (AsnValue | undefined)[] = [];
  const handler: EsipaHandler = (request) => {
    received.push(request);
    return queued.shift();
  };
  return { received, queued, handler };
}

describe('ESipa, IPA -> eIM, every function', () => {
  const servers = new Map<string, HttpServer>();
  const rec = recorder();
  const trace = new TraceLog();
  before(async () => {
    const handlers = Object.fromEntries(Object.keys(ESIPA_FUNCTIONS).map((fn) => [fn, rec.handler]));
    for (const curve of CURVES) servers.set(curve, await esipaServer({ tls: { credential: testPki().get('eimTls', curve) }, handlers, trace }));
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });

  for (const curve of CURVES) {
    for (const binding of ['asn1', 'json'] as const) {
      it(`${curve}, ${binding}: requests and answers arrive unchanged`, async () => {
        const client = new EsipaClient({ baseUrl: servers.get(curve)!.url, trust: testPki().trustedCis(curve), binding });
        let seed = 1;
        for (const [fn, spec] of Object.entries(ESIPA_FUNCTIONS) as [EsipaFunction, { request: string; response?: string }][]) {
          const requests = sample('v1.2', 'EsipaMessageFromIpaToEim', spec.request, RUNS, seed++);
          const answers = spec.response ? sample('v1.2', 'EsipaMessageFromEimToIpa', spec.response, RUNS, seed++) : [];
          for (let i = 0; i < RUNS; i++) {
            rec.received.length = 0;
            rec.queued.push(answers[i]);
            const got = await (client[fn] as (r: AsnValue) => Promise<AsnValue | undefined | void>).call(client, requests[i]);
            assert.deepStrictEqual(rec.received, [requests[i]], `${fn} request ${i}`);
            assert.deepStrictEqual(got, answers[i], `${fn} answer ${i}`);
          }
        }
        await client.close();
      });
    }
  }

  it('puts the DER of the alternative itself on the wire (ASN.1) and answers HandleNotification with 204', async () => {
    trace.events.length = 0;
    const client = new EsipaClient({ baseUrl: servers.get('nist')!.url, trust: testPki().trustedCis('nist') });
    rec.queued.push({ eimPackageError: 1 });
    await client.getEimPackage({ eidValue: Buffer.alloc(16, 0x89) });
    await client.handleNotification(sample('v1.2', 'EsipaMessageFromIpaToEim', 'handleNotificationEsipa', 1, 9)[0]);
    await client.close();
    const server = trace.events.filter((e) => e.endpoint.startsWith('https '));
    assert.equal(Buffer.from(server[0].bytes).toString('hex').toUpperCase(), `BF4F125A10${'89'.repeat(16)}`);
    assert.equal(Buffer.from(server[1].bytes).toString('hex').toUpperCase(), 'BF4F03020101');
    assert.equal(Buffer.from(server[2].bytes).subarray(0, 2).toString('hex').toUpperCase(), 'BF3D');
    assert.equal(server[3].bytes.length, 0, 'no content');
  });

  it('JSON: the body is the codec rendering of the alternative, answered the same way', async () => {
    const eid = '89049032123451234512345678901235';
    rec.queued.push({ eimPackageError: 1 });
    const r = await rawPost(`${servers.get('nist')!.url}/gsma/rsp2/esipa/getEimPackage`, JSON.stringify({ eidValue: eid, notifyStateChange: null }),
      { headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' }, ca: pems(testPki(), 'nist') });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(r.body.toString()), { eimPackageError: 1 });
    assert.deepEqual(rec.received.at(-1), { eidValue: new Uint8Array(Buffer.from(eid, 'hex')), notifyStateChange: null });

    const bad = await rawPost(`${servers.get('nist')!.url}/gsma/rsp2/esipa/getEimPackage`, JSON.stringify({ eidValue: 'zz' }),
      { headers: { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' }, ca: pems(testPki(), 'nist') });
    assert.equal(bad.status, 400);
    assert.match(bad.body.toString(), /getEimPackageRequest\.eidValue/);
  });
});

describe('ESipa servers without a function or a binding', () => {
  it('answer 400 to a function not served and 501 to a binding switched off, which the client reports as HttpStatusError', async () => {
    const server = await esipaServer({ tls: { credential: testPki().get('eimTls', 'nist') }, handlers: { getEimPackage: () => ({ eimPackageError: 1 }) }, bindings: { json: false } });
    try {
      const asn1 = new EsipaClient({ baseUrl: server.url, trust: testPki().trustedCis('nist') });
      const json = new EsipaClient({ baseUrl: server.url, trust: testPki().trustedCis('nist'), binding: 'json' });
      const missing = await failure(asn1.handleNotification(sample('v1.2', 'EsipaMessageFromIpaToEim', 'handleNotificationEsipa', 1, 2)[0]));
      assert.ok(missing instanceof HttpStatusError && missing.status === 400, String(missing));
      assert.match(missing.body.toString(), /handleNotificationEsipa: function not served here/);
      const off = await failure(json.getEimPackage({ eidValue: Buffer.alloc(16) }));
      assert.ok(off instanceof HttpStatusError && off.status === 501, String(off));
      await asn1.close();
      await json.close();
    } finally {
      await server.close();
    }
  });
});

describe('ESipa injection, eIM -> IPA', () => {
  for (const binding of ['asn1', 'json'] as const) {
    it(`${binding}: TransferEimPackage requests reach the IPA and its answers come back`, async () => {
      const rec = recorder();
      const ipa = await esipaInjectServer({ tls: { credential: testPki().get('eimTls', 'brp') }, handlers: { transferEimPackage: rec.handler } });
      try {
        const eim = new EsipaInjectClient({ baseUrl: ipa.url, trust: testPki().trustedCis('brp'), binding });
        const requests = sample('v1.2', 'EsipaMessageFromEimToIpa', 'transferEimPackageRequest', RUNS, 5);
        const answers = sample('v1.2', 'EsipaMessageFromIpaToEim', 'transferEimPackageResponse', RUNS, 6);
        for (let i = 0; i < RUNS; i++) {
          rec.queued.push(answers[i]);
          assert.deepStrictEqual(await eim.transferEimPackage(requests[i]), answers[i]);
          assert.deepStrictEqual(rec.received.at(-1), requests[i]);
        }
        await eim.close();
      } finally {
        await ipa.close();
      }
    });
  }
});

describe('SGP.32 version', () => {
  it('v1.0 peers exchange v1.0 messages; a v1.2-only shape is refused by a v1.0 server', async () => {
    const rec = recorder();
    const server = await esipaServer({ version: 'v1.0', tls: { credential: testPki().get('eimTls', 'nist') }, handlers: { provideEimPackageResult: rec.handler, getEimPackage: rec.handler } });
    try {
      const v10 = new EsipaClient({ baseUrl: server.url, trust: testPki().trustedCis('nist'), version: 'v1.0' });
      const [request] = sample('v1.0', 'EsipaMessageFromIpaToEim', 'provideEimPackageResult', 1, 11);
      const [answer] = sample('v1.0', 'EsipaMessageFromEimToIpa', 'provideEimPackageResultResponse', 1, 12);
      rec.queued.push(answer);
      assert.deepStrictEqual(await v10.provideEimPackageResult(request), answer);
      assert.deepStrictEqual(rec.received.at(-1), request);
      await v10.close();

      const v12 = new EsipaClient({ baseUrl: server.url, trust: testPki().trustedCis('nist') });
      const e = await failure(v12.getEimPackage({ eidValue: Buffer.alloc(16), stateChangeCause: 1 }));
      assert.ok(e instanceof HttpStatusError && e.status === 400, String(e));
      assert.match(e.body.toString(), /GetEimPackageRequest|getEimPackageRequest/);
      await v12.close();
    } finally {
      await server.close();
    }
  });
});
