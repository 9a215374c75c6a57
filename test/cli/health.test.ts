/** `sgp32 health` against live HTTPS, HTTP and TCP listeners, and against ones that are gone. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AddressInfo, createServer as createTcp, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePki, readManifest, writePki } from '../../src/pki';
import { runSgp32 } from '../suites/sgp32-process';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('sgp32 health', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-health-'));
  const pki = join(dir, 'pki'), other = join(dir, 'other');
  const servers: Server[] = [];
  let https = 0, http = 0, tcp = 0, closed = 0, silent = 0;

  before(async () => {
    writePki(pki, generatePki({ curves: ['nist'] }));
    writePki(other, generatePki({ curves: ['nist'] }));
    const tls = readManifest(pki).entries.find((e) => e.role === 'dpTls' && e.valid)!;
    const h2 = createHttps({ cert: readFileSync(join(pki, tls.cert)), key: readFileSync(join(pki, tls.key)) }, (_q, r) => r.writeHead(404).end());
    const h1 = createHttp((_q, r) => r.writeHead(503).end());
    const t = createTcp((s) => s.destroy());
    const gone = createTcp();
    const mute = createTcp(() => undefined);
    servers.push(h2, h1, t, mute);
    [https, http, tcp, closed, silent] = await Promise.all([h2, h1, t, gone, mute].map(listen));
    await new Promise((done) => gone.close(done));
  });

  after(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 when every target answers, whatever the HTTP status', async () => {
    const r = await runSgp32(['health', '--pki', pki, `https://localhost:${https}/`, `http://127.0.0.1:${http}/x`, `tcp:127.0.0.1:${tcp}`], 20_000);
    assert.equal(r.code, 0, r.output);
  });

  it('exits 1 naming each target that is down, untrusted or silent, within the timeout', async () => {
    const t0 = Date.now();
    const r = await runSgp32(['health', '--pki', other, '--timeout', '800', `https://localhost:${https}/`, `tcp:127.0.0.1:${closed}`,
      `http://127.0.0.1:${silent}/`, `http://127.0.0.1:${http}/`], 20_000);
    assert.equal(r.code, 1, r.output);
    assert.match(r.output, new RegExp(`https://localhost:${https}/: .*(certificate|issuer)`));
    assert.match(r.output, new RegExp(`tcp:127.0.0.1:${closed}: .*ECONNREFUSED`));
    assert.match(r.output, new RegExp(`http://127.0.0.1:${silent}/: no answer within 800 ms`));
    assert.doesNotMatch(r.output, new RegExp(`127.0.0.1:${http}/:`));
    assert.ok(Date.now() - t0 < 10_000);
  });

  it('usage errors exit 2', async () => {
    for (const [args, msg] of [
      [[], /needs at least one TARGET/],
      [['ftp://x'], /'ftp:\/\/x' is neither an http\(s\) URL nor tcp:HOST:PORT/],
      [['tcp:127.0.0.1:1', '--timeout', '0'], /--timeout: '0'/],
      [['tcp:127.0.0.1:1', '--pki', join(dir, 'none')], /--pki: /],
    ] as [string[], RegExp][]) {
      const r = await runSgp32(['health', ...args], 20_000);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.output}`);
      assert.match(r.output, msg);
    }
  });
});
