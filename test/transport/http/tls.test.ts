/**
 * TLS on loopback with the test PKI's certificates: the brainpoolP256r1 settings tls.ts documents,
 * both curves end to end, and the client's certificate checks failing with typed errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:https';
import { AddressInfo } from 'node:net';
import { SecureVersion } from 'node:tls';
import {
  EsipaClient, esipaServer, HttpConfigError, HttpServer, HttpTlsError, RequestContext, startHttpServer, TLS_GROUPS,
} from '../../../src/transport/http';
import { CURVES, expiredTlsPki, failure, otherPki, pems, testPki } from './fixture';

const EID = Buffer.from('89049032123451234512345678901235', 'hex');
const OPENSSL_3_0 = process.versions.openssl.startsWith('3.0.');

/** One GET with raw node:https settings on both sides: 'ok <protocol>' or the client's error code. */
async function handshake(curve: 'nist' | 'brp', server: { maxVersion?: SecureVersion; ecdhCurve?: string }, client: { maxVersion?: SecureVersion; ecdhCurve?: string }): Promise<string> {
  const cred = testPki().get('eimTls', curve);
  const srv = createServer({ cert: cred.cert.toString(), key: cred.key.export({ type: 'pkcs8', format: 'pem' }), ...server }, (_req, res) => res.end());
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    return await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: (srv.address() as AddressInfo).port, ca: pems(testPki(), curve), agent: false, ...client }, (res) => {
        const protocol = (res.socket as import('node:tls').TLSSocket).getProtocol();
        res.resume().on('end', () => resolve(`ok ${protocol}`));
      });
      req.on('error', (e: Error & { code?: string }) => resolve(e.code ?? e.message));
      req.end();
    });
  } finally {
    srv.close();
  }
}

describe('brainpoolP256r1 TLS with Node 20 / OpenSSL 3.0', { skip: !OPENSSL_3_0 && `OpenSSL ${process.versions.openssl}: the facts below are about 3.0` }, () => {
  it('fails with default settings, or with only one side fixed', async () => {
    assert.notEqual(await handshake('brp', {}, {}), 'ok TLSv1.3', 'default client and server');
    assert.match(await handshake('brp', { maxVersion: 'TLSv1.2', ecdhCurve: TLS_GROUPS }, {}), /EPROTO/, 'client without brainpool in its groups');
    assert.match(await handshake('brp', { ecdhCurve: TLS_GROUPS }, { ecdhCurve: TLS_GROUPS }), /EPROTO/, 'server with a brainpool certificate allowing TLS 1.3');
  });
  it('works on TLS 1.2 with brainpoolP256r1 in both sides\' groups', async () => {
    assert.equal(await handshake('brp', { maxVersion: 'TLSv1.2', ecdhCurve: TLS_GROUPS }, { ecdhCurve: TLS_GROUPS }), 'ok TLSv1.2');
  });
  it('leaves P-256 on TLS 1.3 with the same groups', async () => {
    assert.equal(await handshake('nist', { ecdhCurve: TLS_GROUPS }, { ecdhCurve: TLS_GROUPS }), 'ok TLSv1.3');
  });
});

describe('HTTPS servers and clients on both curves', () => {
  const servers = new Map<string, HttpServer>();
  const seen: RequestContext[] = [];
  before(async () => {
    const handlers = { getEimPackage: (_req: unknown, ctx: RequestContext) => { seen.push(ctx); return { eimPackageError: 1 }; } };
    for (const curve of CURVES) {
      servers.set(curve, await esipaServer({ tls: { credential: testPki().get('eimTls', curve) }, handlers }));
      servers.set(`${curve}-expired`, await esipaServer({ tls: { credential: expiredTlsPki().get('eimTls', curve) }, handlers }));
    }
  });
  after(async () => {
    for (const s of servers.values()) await s.close();
  });
  const ask = (client: EsipaClient) => client.getEimPackage({ eidValue: EID }).finally(() => client.close());

  for (const curve of CURVES) {
    it(`${curve}: completes a request, on TLS ${curve === 'brp' ? '1.2' : '1.3'}, trusting the PKI's CI`, async () => {
      const answer = await ask(new EsipaClient({ baseUrl: servers.get(curve)!.url, trust: testPki().trustedCis(curve) }));
      assert.deepEqual(answer, { eimPackageError: 1 });
      assert.equal(seen.at(-1)!.tlsProtocol, curve === 'brp' ? 'TLSv1.2' : 'TLSv1.3');
    });

    it(`${curve}: reaches the certificate's FQDN through the resolve table`, async () => {
      const { port } = servers.get(curve)!;
      const answer = await ask(new EsipaClient({ baseUrl: `https://testeim1.example.com:${port}`, resolve: { 'testeim1.example.com': '127.0.0.1' }, trust: testPki().trustedCis(curve) }));
      assert.deepEqual(answer, { eimPackageError: 1 });
      assert.equal(seen.at(-1)!.headers.host, `testeim1.example.com:${port}`);
    });

    it(`${curve}: refuses a server whose chain ends at an unknown CA`, async () => {
      const e = await failure(ask(new EsipaClient({ baseUrl: servers.get(curve)!.url, trust: otherPki().trustedCis(curve) })));
      assert.ok(e instanceof HttpTlsError, String(e));
      assert.equal(e.reason, 'unknown-ca');
      assert.equal(e.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it(`${curve}: refuses an expired TLS certificate`, async () => {
      const e = await failure(ask(new EsipaClient({ baseUrl: servers.get(`${curve}-expired`)!.url, trust: expiredTlsPki().trustedCis(curve) })));
      assert.ok(e instanceof HttpTlsError, String(e));
      assert.equal(e.reason, 'expired');
    });

    it(`${curve}: refuses a certificate for another host`, async () => {
      const { port } = servers.get(curve)!;
      const e = await failure(ask(new EsipaClient({ baseUrl: `https://wrong.example.com:${port}`, resolve: { 'wrong.example.com': '127.0.0.1' }, trust: testPki().trustedCis(curve) })));
      assert.ok(e instanceof HttpTlsError, String(e));
      assert.equal(e.reason, 'wrong-host');
    });
  }

  it('uses the default roots when given no trust, and so refuses the test CI', async () => {
    const e = await failure(ask(new EsipaClient({ baseUrl: servers.get('nist')!.url })));
    assert.ok(e instanceof HttpTlsError && e.reason === 'unknown-ca', String(e));
  });

  it('skips the checks only when told to', async () => {
    const answer = await ask(new EsipaClient({ baseUrl: servers.get('brp-expired')!.url, insecureSkipVerify: true }));
    assert.deepEqual(answer, { eimPackageError: 1 });
  });
});

describe('plain HTTP', () => {
  it('needs insecureHttp: true, and then serves http:// clients', async () => {
    assert.throws(() => startHttpServer({ interface: 'esipa', routes: [] }), HttpConfigError);
    assert.throws(() => startHttpServer({ interface: 'esipa', routes: [], insecureHttp: true, tls: { credential: testPki().get('eimTls', 'nist') } }), HttpConfigError);
    const server = await esipaServer({ insecureHttp: true, handlers: { getEimPackage: () => ({ eimPackageError: 127 }) } });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new EsipaClient({ baseUrl: server.url });
      assert.deepEqual(await client.getEimPackage({ eidValue: EID }), { eimPackageError: 127 });
      await client.close();
    } finally {
      await server.close();
    }
  });
});
