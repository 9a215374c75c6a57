/**
 * ES2+ over real HTTPS with mutual TLS: operator certificates accepted on both curves (and across
 * them), refused without one or from an unknown CA; every function, its header, its failures and
 * the checks of mandatory members.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Es2PlusClient, Es2PlusContext, es2plusServer, FunctionFailedError, FunctionFailure, HttpConnectionError, HttpServer, HttpTlsError,
  ServerNote,
} from '../../../src/transport/http';
import { CURVES, failure, otherPki, pems, rawPost, testPki, TraceLog } from './fixture';

const ICCID = '89000123456789012341';
const EID = '89049032123451234512345678901235';

describe('ES2+ with mutual TLS', () => {
  const servers = new Map<string, HttpServer>();
  const calls: { fn: string; request: unknown; ctx: Es2PlusContext }[] = [];
  const notes: ServerNote[] = [];
  const trace = new TraceLog();
  let failNext: FunctionFailure | undefined;
  const answer = <T>(fn: string, result: T) => (request: unknown, ctx: Es2PlusContext): T | FunctionFailure => {
    calls.push({ fn, request, ctx });
    const f = failNext;
    failNext = undefined;
    return f ?? result;
  };

  before(async () => {
    for (const curve of CURVES) {
      servers.set(curve, await es2plusServer({
        tls: { credential: testPki().get('dpTls', curve), clientCas: testPki().trustedCis() },
        log: (n) => notes.push(n),
        trace,
        handlers: {
          downloadOrder: answer('downloadOrder', { iccid: ICCID }),
          confirmOrder: answer('confirmOrder', { eid: EID, matchingId: 'MATCHING-1', smdpAddress: 'testsmdpplus1.example.com' }),
          cancelOrder: answer('cancelOrder', undefined),
          releaseProfile: answer('releaseProfile', {}),
          handleDownloadProgressInfo: answer('handleDownloadProgressInfo', undefined),
        },
      }));
    }
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });
  const client = (server: 'nist' | 'brp', cert: 'nist' | 'brp' | null, store = testPki()) => new Es2PlusClient({
    baseUrl: servers.get(server)!.url, trust: testPki().trustedCis(server), functionRequesterIdentifier: 'test-mno',
    ...(cert ? { clientCredential: store.get('es2plusClient', cert) } : {}),
  });

  for (const server of CURVES) {
    for (const cert of CURVES) {
      it(`${server} server, ${cert} operator certificate: every function`, async () => {
        calls.length = 0;
        const cl = client(server, cert);
        assert.deepEqual(await cl.downloadOrder({ eid: EID, profileType: 'test' }), { iccid: ICCID });
        assert.deepEqual(await cl.confirmOrder({ iccid: ICCID, matchingId: 'MATCHING-1', releaseFlag: true }),
          { eid: EID, matchingId: 'MATCHING-1', smdpAddress: 'testsmdpplus1.example.com' });
        assert.equal(await cl.cancelOrder({ iccid: ICCID, finalProfileStatusIndicator: 'Available' }), undefined);
        assert.equal(await cl.releaseProfile({ iccid: ICCID }), undefined);
        assert.equal(await cl.handleDownloadProgressInfo({
          iccid: ICCID, profileType: 'test', timestamp: '2025-01-01T00:00:00Z', notificationPointId: 1,
          notificationPointStatus: { status: 'Executed-Success' },
        }), undefined);
        await cl.close();
        assert.deepEqual(calls.map((x) => x.fn), ['downloadOrder', 'confirmOrder', 'cancelOrder', 'releaseProfile', 'handleDownloadProgressInfo']);
        assert.deepEqual(calls[1].request, { iccid: ICCID, matchingId: 'MATCHING-1', releaseFlag: true }, 'the header is not part of the request');
        assert.ok(calls.every((x) => x.ctx.header.functionRequesterIdentifier === 'test-mno'));
        assert.equal(new Set(calls.map((x) => x.ctx.header.functionCallIdentifier)).size, 5, 'a new call identifier per call');
        assert.match(calls[0].ctx.clientCertificate!.subject, /CN=testmno1\.example\.com/);
      });
    }
  }

  it('HandleDownloadProgressInfo answers 204; the others answer their header', () => {
    const outs = trace.events.filter((e) => e.direction === 'out').slice(-5).map((e) => Buffer.from(e.bytes).toString());
    assert.deepEqual(JSON.parse(outs[0]), { header: { functionExecutionStatus: { status: 'Executed-Success' } }, iccid: ICCID });
    assert.deepEqual(JSON.parse(outs[2]), { header: { functionExecutionStatus: { status: 'Executed-Success' } } });
    assert.equal(outs[4], '');
  });

  it('a failure comes back as FunctionFailedError with its status code', async () => {
    failNext = { subjectCode: '8.2.1', reasonCode: '3.9', subjectIdentifier: ICCID, message: 'Profile ICCID unknown' };
    const e = await failure(client('nist', 'nist').releaseProfile({ iccid: ICCID }));
    assert.ok(e instanceof FunctionFailedError, String(e));
    assert.equal(e.fn, 'releaseProfile');
    assert.deepEqual(e.statusCodeData, { subjectCode: '8.2.1', reasonCode: '3.9', subjectIdentifier: ICCID, message: 'Profile ICCID unknown' });
  });

  it('refuses a request without the header, or without a mandatory member, with 400', async () => {
    const url = `${servers.get('nist')!.url}/gsma/rsp2/es2plus/confirmOrder`;
    const post = async (json: object) => {
      const r = await rawPost(url, JSON.stringify(json), {
        headers: { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' }, ca: pems(testPki(), 'nist'),
        clientCredential: testPki().get('es2plusClient', 'nist'),
      });
      return { status: r.status, body: r.body.toString() };
    };
    const header = { functionRequesterIdentifier: 'x', functionCallIdentifier: 'y' };
    const noHeader = await post({ iccid: ICCID, releaseFlag: true });
    assert.equal(noHeader.status, 400);
    assert.match(noHeader.body, /functionRequesterIdentifier, functionCallIdentifier/);
    const noFlag = await post({ header, iccid: ICCID });
    assert.equal(noFlag.status, 400);
    assert.match(noFlag.body, /releaseFlag: mandatory member missing/);
    const wrongKind = await post({ header, iccid: ICCID, releaseFlag: 'yes' });
    assert.equal(wrongKind.status, 400);
    assert.match(wrongKind.body, /releaseFlag: expected a boolean/);
  });

  it('refuses a client without a certificate during the handshake', async () => {
    for (const curve of CURVES) {
      const e = await failure(client(curve, null).releaseProfile({ iccid: ICCID }));
      assert.ok(e instanceof HttpTlsError, String(e));
      assert.equal(e.reason, 'refused-by-peer');
    }
    const plain = await failure(rawPost(`${servers.get('nist')!.url}/gsma/rsp2/es2plus/releaseProfile`, '{}', { ca: pems(testPki(), 'nist') }));
    assert.match(String((plain as { code?: string }).code), /CERTIFICATE_REQUIRED|ECONNRESET|EPROTO/);
  });

  it('refuses an operator certificate from an unknown CA, and says why in its log', async () => {
    for (const curve of CURVES) {
      notes.length = 0;
      const e = await failure(client(curve, curve, otherPki()).releaseProfile({ iccid: ICCID }));
      // Node's TLS server checks the chain after the handshake and drops the connection without an
      // alert: during the handshake (TLS 1.2) that is a TLS refusal, after it (TLS 1.3) a reset.
      assert.ok(e instanceof HttpTlsError || e instanceof HttpConnectionError, String(e));
      assert.ok(notes.some((n) => n.status === 0 && /client certificate refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/.test(n.reason)), JSON.stringify(notes.map((n) => n.reason)));
    }
  });
});
