/**
 * The generic server's transport checks (404/405/501/400/415/413, undecodable body 400, handler
 * failure 500) on one kept-alive connection that keeps serving, its trace, and the client's
 * connection modes, time limits and typed errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, AddressInfo } from 'node:net';
import { AsnDecodeError, codec } from '../../../src/asn1';
import {
  ASN1_CONTENT_TYPE, ASN1_PATH, credentialOptions, EsipaClient, esipaServer, HttpClient, HttpConnectionError, HttpProtocolError, HttpServer, HttpStatusError,
  HttpTimeoutError, RequestContext, ServerNote, startHttpServer,
} from '../../../src/transport/http';
import { failure, pems, rawPost, testPki, TraceLog } from './fixture';

const EID = Buffer.from('89049032123451234512345678901235', 'hex');
const c = codec('SGP32Definitions', 'v1.2');
const getEimPackage = Buffer.from(c.encode('EsipaMessageFromIpaToEim', { getEimPackageRequest: { eidValue: EID } }));
const provideResult = Buffer.from(c.encode('EsipaMessageFromIpaToEim', { provideEimPackageResult: { eimPackageResult: { eimPackageResultResponseError: { eimPackageResultErrorCode: 1 } } } }));
const ASN1 = { 'Content-Type': ASN1_CONTENT_TYPE, 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' };

describe('server checks, each answered and survived', () => {
  let server: HttpServer;
  const trace = new TraceLog();
  const notes: ServerNote[] = [];
  const contexts: RequestContext[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ca = () => pems(testPki(), 'nist');
  const post = (path: string, headers: Record<string, string>, body: Uint8Array | string, method = 'POST') => rawPost(`${server.url}${path}`, body, { headers, ca: ca(), agent, method });
  const works = async () => {
    const r = await post(ASN1_PATH, ASN1, getEimPackage);
    assert.equal(r.status, 200);
    assert.deepEqual(c.decode('EsipaMessageFromEimToIpa', r.body), { getEimPackageResponse: { eimPackageError: 1 } });
  };

  before(async () => {
    server = await esipaServer({
      tls: { credential: testPki().get('eimTls', 'nist') },
      maxBodyBytes: 1024,
      trace,
      log: (n) => notes.push(n),
      bindings: { json: false },
      handlers: {
        getEimPackage: (_req, ctx) => { contexts.push(ctx); return { eimPackageError: 1 }; },
        provideEimPackageResult: () => { throw new Error('boom'); },
      },
    });
  });
  after(async () => {
    agent.destroy();
    await server.close();
  });

  const cases: [string, () => ReturnType<typeof post>, number, RegExp][] = [
    ['unknown path', () => post('/gsma/rsp2/nowhere', ASN1, getEimPackage), 404, /no function at \/gsma\/rsp2\/nowhere/],
    ['wrong method', () => post(ASN1_PATH, ASN1, '', 'PUT'), 405, /PUT not allowed/],
    ['binding declared unsupported', () => post('/gsma/rsp2/esipa/getEimPackage', { ...ASN1, 'Content-Type': 'application/json' }, '{}'), 501, /not supported/],
    ['X-Admin-Protocol missing', () => post(ASN1_PATH, { 'Content-Type': ASN1_CONTENT_TYPE }, getEimPackage), 400, /X-Admin-Protocol missing: expected 'gsma\/rsp\/v2\.1\.0'/],
    ['X-Admin-Protocol another version', () => post(ASN1_PATH, { ...ASN1, 'X-Admin-Protocol': 'gsma/rsp/v2.5.0' }, getEimPackage), 400, /'gsma\/rsp\/v2\.5\.0'/],
    ['wrong Content-Type', () => post(ASN1_PATH, { ...ASN1, 'Content-Type': 'application/json' }, getEimPackage), 415, /Content-Type 'application\/json' not accepted/],
    ['missing Content-Type', () => post(ASN1_PATH, { 'X-Admin-Protocol': 'gsma/rsp/v2.1.0' }, getEimPackage), 415, /Content-Type '' not accepted/],
    ['undecodable DER', () => post(ASN1_PATH, ASN1, Buffer.from('BF4F0A5A0489049032', 'hex')), 400, /undecodable EsipaMessageFromIpaToEim: .*offset \d+ \(truncated\)/],
    ['wrong message', () => post(ASN1_PATH, ASN1, Buffer.from('BF20035A0101', 'hex')), 400, /undecodable EsipaMessageFromIpaToEim: .*tag BF20 is not EsipaMessageFromIpaToEim .*at offset 0 \(wrong-tag\)/],
    ['handler throws', () => post(ASN1_PATH, ASN1, provideResult), 500, /handler failed: boom/],
  ];
  for (const [what, send, status, reason] of cases) {
    it(`${what}: ${status}, then serves the next request on the same connection`, async () => {
      const r = await send();
      assert.equal(r.status, status, r.body.toString());
      assert.match(r.body.toString(), reason);
      assert.equal(r.headers['x-admin-protocol'], 'gsma/rsp/v2.1.0');
      if (status === 405) assert.equal(r.headers.allow, 'POST');
      await works();
    });
  }

  it('kept one connection for all of the above', () => {
    assert.equal(server.stats.connections, 1);
    assert.equal(new Set(contexts.map((x) => x.connectionId)).size, 1);
  });

  it('logs the decoder error with its path and offset, and the handler error', () => {
    const decode = notes.find((n) => n.error instanceof AsnDecodeError);
    assert.ok(decode, 'an AsnDecodeError was logged');
    const e = decode.error as AsnDecodeError;
    assert.match(e.path, /^EsipaMessageFromIpaToEim/);
    assert.equal(typeof e.offset, 'number');
    assert.ok(notes.some((n) => n.status === 500 && (n.error as Error).message === 'boom'));
  });

  it('traces every request body in and every response body out, once each, naming the client', () => {
    assert.equal(trace.events.length, 2 * server.stats.requests);
    assert.ok(trace.events.every((e, i) => e.interface === 'esipa' && e.direction === (i % 2 ? 'out' : 'in')));
    assert.match(trace.events[0].endpoint, /^https 127\.0\.0\.1:\d+ POST \/gsma\/rsp2\/nowhere$/);
    assert.deepEqual(Buffer.from(trace.events[0].bytes), getEimPackage);
    assert.ok(trace.lines().includes('esipa out handler failed: boom'), 'the 500 note is in the trace');
  });

  it('answers 413 to a body over the limit, closes that connection, and keeps serving', async () => {
    const before = server.stats.connections;
    const big = Buffer.alloc(4096, 0x30);
    const r = await post(ASN1_PATH, ASN1, big);
    assert.equal(r.status, 413);
    assert.equal(r.headers.connection, 'close');
    await works();
    assert.equal(server.stats.connections, before + 1, 'a new connection after the 413');
    const chunked = await rawPost(`${server.url}${ASN1_PATH}`, big, { headers: { ...ASN1, 'Transfer-Encoding': 'chunked' }, ca: ca() });
    assert.equal(chunked.status, 413, 'a body without Content-Length is cut at the limit too');
    await works();
  });
});

describe('X-Admin-Protocol settings', () => {
  const start = (adminProtocol: string | undefined, adminProtocolCheck: 'exact' | 'prefix' | 'none') =>
    esipaServer({ tls: { credential: testPki().get('eimTls', 'nist') }, adminProtocol, adminProtocolCheck, handlers: { getEimPackage: () => ({ eimPackageError: 1 }) } });
  const statusWith = async (server: HttpServer, value: string | undefined) => {
    const headers: Record<string, string> = { 'Content-Type': ASN1_CONTENT_TYPE };
    if (value !== undefined) headers['X-Admin-Protocol'] = value;
    const r = await rawPost(`${server.url}${ASN1_PATH}`, getEimPackage, { headers, ca: pems(testPki(), 'nist') });
    return [r.status, r.headers['x-admin-protocol']];
  };

  it('exact: only the configured value, which the server also sends', async () => {
    const s = await start('gsma/rsp/v1.0.0', 'exact');
    try {
      assert.deepEqual(await statusWith(s, 'gsma/rsp/v1.0.0'), [200, 'gsma/rsp/v1.0.0']);
      assert.deepEqual(await statusWith(s, 'gsma/rsp/v2.1.0'), [400, 'gsma/rsp/v1.0.0']);
    } finally {
      await s.close();
    }
  });
  it('prefix: any gsma/rsp/v… (as osmo-smdpp); none: anything, even nothing', async () => {
    const p = await start(undefined, 'prefix');
    const n = await start(undefined, 'none');
    try {
      assert.deepEqual(await statusWith(p, 'gsma/rsp/v2.5.0'), [200, 'gsma/rsp/v2.1.0']);
      assert.deepEqual(await statusWith(p, 'rsp/2'), [400, 'gsma/rsp/v2.1.0']);
      assert.deepEqual(await statusWith(n, undefined), [200, 'gsma/rsp/v2.1.0']);
    } finally {
      await p.close();
      await n.close();
    }
  });
});

describe('client connection modes, time limits and typed errors', () => {
  let server: HttpServer;
  const ids: number[] = [];
  before(async () => {
    server = await esipaServer({
      tls: { credential: testPki().get('eimTls', 'brp') },
      handlers: {
        getEimPackage: (_req, ctx) => { ids.push(ctx.connectionId); return { eimPackageError: 1 }; },
        provideEimPackageResult: async () => { await new Promise((r) => setTimeout(r, 1000)); return { emptyResponse: {} }; },
      },
    });
  });
  after(() => server.close());
  const client = (extra: object = {}) => new EsipaClient({ baseUrl: server.url, trust: testPki().trustedCis('brp'), ...extra });
  const ask = (cl: EsipaClient) => cl.getEimPackage({ eidValue: EID });

  it("'procedure' keeps one connection until close(), then opens a new one", async () => {
    const cl = client({ keepAlive: 'procedure' });
    const before = server.stats.connections;
    ids.length = 0;
    for (let i = 0; i < 3; i++) await ask(cl);
    assert.equal(server.stats.connections - before, 1);
    assert.equal(new Set(ids).size, 1);
    await cl.close();
    await ask(cl);
    assert.equal(server.stats.connections - before, 2);
    assert.notEqual(ids.at(-1), ids[0]);
    await cl.close();
  });

  it("'per-request' opens a connection for every request", async () => {
    const cl = client({ keepAlive: 'per-request' });
    const before = server.stats.connections;
    ids.length = 0;
    for (let i = 0; i < 3; i++) await ask(cl);
    assert.equal(server.stats.connections - before, 3);
    assert.equal(new Set(ids).size, 3);
  });

  it('gives up after the time limit with HttpTimeoutError, and the server keeps serving', async () => {
    const cl = client({ timeoutMs: 100 });
    const t0 = Date.now();
    const e = await failure(cl.provideEimPackageResult({ eimPackageResult: { eimPackageResultResponseError: { eimPackageResultErrorCode: 1 } } }));
    const elapsed = Date.now() - t0;
    assert.ok(e instanceof HttpTimeoutError, String(e));
    assert.equal(e.timeoutMs, 100);
    assert.ok(elapsed >= 100 && elapsed < 800, `${elapsed} ms: the client did not wait for the handler`);
    assert.deepEqual(await ask(cl), { eimPackageError: 1 });
    await cl.close();
  });

  it('times out a peer that accepts but never completes the handshake', async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as AddressInfo;
      const e = await failure(ask(new EsipaClient({ baseUrl: `https://127.0.0.1:${port}`, trust: testPki().trustedCis('brp'), timeoutMs: 150, keepAlive: 'per-request' })));
      assert.ok(e instanceof HttpTimeoutError, String(e));
    } finally {
      silent.close();
    }
  });

  it('HttpStatusError carries the status and the body', async () => {
    const e = await failure(ask(client({ adminProtocol: 'gsma/rsp/v1.0.0' })));
    assert.ok(e instanceof HttpStatusError, String(e));
    assert.equal(e.status, 400);
    assert.match(e.body.toString(), /X-Admin-Protocol 'gsma\/rsp\/v1\.0\.0'/);
  });

  it('HttpConnectionError when nobody listens', async () => {
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const e = await failure(ask(new EsipaClient({ baseUrl: `https://127.0.0.1:${port}`, trust: testPki().trustedCis('brp') })));
    assert.ok(e instanceof HttpConnectionError, String(e));
    assert.equal(e.code, 'ECONNREFUSED');
  });

  it('HttpConnectionError says whether the dropped request went out on a reused kept-alive connection', async () => {
    // A peer that serves the first request of each connection and drops the connection on the second.
    const peer = createHttpsServer(credentialOptions(testPki().get('eimTls', 'nist')), (req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) socket.destroy();
      else req.resume().on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    const { port } = peer.address() as AddressInfo;
    const cl = new HttpClient({ baseUrl: `https://127.0.0.1:${port}`, interface: 'esipa', trust: testPki().trustedCis('nist') });
    try {
      assert.equal((await cl.post('/', 'text/plain', Buffer.from('1'))).body.toString(), 'ok');
      const e = await failure(cl.post('/', 'text/plain', Buffer.from('2')));
      assert.ok(e instanceof HttpConnectionError, String(e));
      assert.equal(e.code, 'ECONNRESET');
      assert.equal(e.reusedConnection, true);
      assert.equal((await cl.post('/', 'text/plain', Buffer.from('3'))).body.toString(), 'ok', 'the next request opens a new connection');
    } finally {
      await cl.close();
      peer.close();
    }
  });

  it('HttpProtocolError for an answer that breaks the binding', async () => {
    const answers = [
      { status: 200, contentType: 'text/plain', body: Buffer.from('hello') },
      { status: 200, contentType: ASN1_CONTENT_TYPE, body: Buffer.from('BF4F02', 'hex') },
      { status: 200, contentType: ASN1_CONTENT_TYPE, body: c.encode('EsipaMessageFromEimToIpa', { provideEimPackageResultResponse: { emptyResponse: {} } }) },
    ];
    const odd = await startHttpServer({
      interface: 'esipa', tls: { credential: testPki().get('eimTls', 'nist') },
      routes: [{ method: 'POST', path: ASN1_PATH, contentTypes: [ASN1_CONTENT_TYPE], handle: async () => answers.shift()! }],
    });
    try {
      const cl = new EsipaClient({ baseUrl: odd.url, trust: testPki().trustedCis('nist') });
      for (const detail of [/Content-Type 'text\/plain'/, /undecodable EsipaMessageFromEimToIpa/, /answered provideEimPackageResultResponse, expected getEimPackageResponse/]) {
        const e = await failure(ask(cl));
        assert.ok(e instanceof HttpProtocolError, String(e));
        assert.match(e.message, detail);
      }
      await cl.close();
    } finally {
      await odd.close();
    }
  });
});
