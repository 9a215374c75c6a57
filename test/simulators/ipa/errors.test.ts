/**
 * S_IPA facing an eIM that misbehaves (catalogue IPAD-ESIPA-HTTP-*, -ASN1-*, -TIMEOUT-*, IPAD-TLS-*):
 * the cycle ends with the transport's typed error, nothing more goes to the card than the start-up
 * commands, the channel is closed, and the notifications stay on the card.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ASN1_CONTENT_TYPE, HttpAnswer, HttpProtocolError, HttpStatusError, HttpTimeoutError, HttpTlsError, RequestRejected } from '../../../src/transport/http';
import { SimIpa } from '../../../simulators/ipa/ipa';
import { fixturePki } from '../euicc/fixture';
import { HANG, rawEim } from './eim-stand-in';
import { benches, Bench } from './setup';

const bench = benches();

/** The start-up commands only, then MANAGE CHANNEL close. */
function cardUntouched(b: Bench, r: { es10: { command: string }[] }): void {
  assert.deepEqual(r.es10.map((e) => e.command), ['BF3E', 'BF55', 'BF2B']);
  assert.match(b.apdus.commands().at(-1)!, /^00708001/, 'channel closed');
}

async function againstRaw(answer: HttpAnswer) {
  const { pki } = fixturePki();
  const raw = await rawEim(pki, 'nist', answer);
  const b = await bench({ ipa: { eimUrl: raw.server.url } });
  try {
    return { b, r: await b.ipa.pollOnce(), hits: raw.hits };
  } finally {
    await raw.server.close();
  }
}

describe('S_IPA against a failing eIM', () => {
  it('IPAD-ESIPA-HTTP-ERR-01 HTTP 500: HttpStatusError, card untouched', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', () => { throw new Error('eIM crashed'); });
    const r = await b.ipa.pollOnce();
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof HttpStatusError, String(r.error));
    assert.equal((r.error as HttpStatusError).status, 500);
    cardUntouched(b, r);
  });

  it('IPAD-ESIPA-HTTP-ERR-01 HTTP 400: HttpStatusError, card untouched', async () => {
    const b = await bench();
    b.eim.queue('getEimPackage', () => { throw new RequestRejected(400, 'Unsupported Request'); });
    const r = await b.ipa.pollOnce();
    assert.ok(r.error instanceof HttpStatusError, String(r.error));
    assert.equal((r.error as HttpStatusError).status, 400);
    cardUntouched(b, r);
  });

  it('IPAD-ESIPA-HTTP-ERR-02 a text/plain answer: HttpProtocolError naming the Content-Type', async () => {
    const { b, r, hits } = await againstRaw({ status: 200, contentType: 'text/plain', body: Buffer.from('hello') });
    assert.equal(hits.length, 1);
    assert.ok(r.error instanceof HttpProtocolError, String(r.error));
    assert.match(r.error!.message, /Content-Type 'text\/plain'/);
    cardUntouched(b, r);
  });

  it('IPAD-ESIPA-ASN1-ERR-01 an undecodable ASN.1 answer: HttpProtocolError, no crash', async () => {
    const { b, r } = await againstRaw({ status: 200, contentType: ASN1_CONTENT_TYPE, body: Buffer.from('BF4F0302', 'hex') });
    assert.ok(r.error instanceof HttpProtocolError, String(r.error));
    assert.match(r.error!.message, /undecodable EsipaMessageFromEimToIpa/);
    cardUntouched(b, r);
  });

  it('IPAD-ESIPA-ASN1-ERR-02 a decodable answer of the wrong function: HttpProtocolError', async () => {
    const b = await bench();
    const { server } = await rawEim(fixturePki().pki, 'nist', {
      status: 200, contentType: ASN1_CONTENT_TYPE, body: b.ipa.codec.encode('EsipaMessageFromEimToIpa', { cancelSessionResponseEsipa: { cancelSessionOk: {} } }),
    });
    try {
      const ipa = new SimIpa({ ...b.ipa.options, eimUrl: server.url });
      const r = await ipa.pollOnce();
      assert.ok(r.error instanceof HttpProtocolError, String(r.error));
      assert.match(r.error!.message, /answered cancelSessionResponseEsipa, expected getEimPackageResponse/);
    } finally {
      await server.close();
    }
  });

  it('IPAD-ESIPA-TIMEOUT-ERR-01 an eIM that never answers: HttpTimeoutError within the limit, card untouched', async () => {
    const b = await bench({ ipa: { timeouts: { httpMs: 300 } } });
    b.eim.queue('getEimPackage', HANG);
    const started = Date.now();
    const r = await b.ipa.pollOnce();
    assert.ok(Date.now() - started < 3000);
    assert.ok(r.error instanceof HttpTimeoutError, String(r.error));
    cardUntouched(b, r);
  });

  it('IPAD-TLS-ERR-02 an eIM reached under a name its certificate does not have: wrong-host; under testeim1.example.com it works', async () => {
    const b = await bench();
    const port = new URL(b.eim.url).port;
    const wrong = new SimIpa({ ...b.ipa.options, eimUrl: `https://other.example.com:${port}`, resolve: { 'other.example.com': '127.0.0.1' } });
    const r = await wrong.pollOnce();
    assert.ok(r.error instanceof HttpTlsError, String(r.error));
    assert.equal((r.error as HttpTlsError).reason, 'wrong-host');
    const right = new SimIpa({ ...b.ipa.options, eimUrl: `https://testeim1.example.com:${port}`, resolve: { 'testeim1.example.com': '127.0.0.1' } });
    const ok = await right.pollOnce();
    assert.equal(ok.ok, true, ok.error?.message);
    assert.equal(b.eim.received.length, 1);
  });

  it('IPAD-TLS-ERR-01 an eIM certificate from a CI the IPA does not trust: HttpTlsError unknown-ca, no ESipa data', async () => {
    const b = await bench({ ipa: { trust: fixturePki(['nist']).pki.trustedCis('nist') } });
    const r = await b.ipa.pollOnce();
    assert.ok(r.error instanceof HttpTlsError, String(r.error));
    assert.equal((r.error as HttpTlsError).reason, 'unknown-ca');
    assert.equal(b.eim.received.length, 0);
  });
});
