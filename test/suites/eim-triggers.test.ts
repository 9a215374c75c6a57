/**
 * The eIM trigger adapters against local fake northbound APIs: onomondo-eim's REST facilities, a
 * templated vendor REST API, shell commands, and the manual adapter with and without a terminal.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpTrigger } from '../../src/bench/eim/triggers/http';
import { ManualTrigger, Terminal } from '../../src/bench/eim/triggers/manual';
import { failureIn, OnomondoTrigger, rawIccid } from '../../src/bench/eim/triggers/onomondo';
import { ShellTrigger } from '../../src/bench/eim/triggers/shell';
import { SimRestTrigger } from '../../src/bench/eim/triggers/sim-rest';
import { TriggerError } from '../../src/bench/eim/triggers/trigger';

const EID = '89049032123451234512345678901235';

interface Seen { method?: string; url?: string; body: string; headers: IncomingMessage['headers'] }

/** An HTTP server answering with `handle`, remembering every request. */
async function fake(handle: (req: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const s = { method: req.method, url: req.url, body, headers: req.headers };
      seen.push(s);
      handle(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}
const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => {
  s.close(r);
  s.closeAllConnections();
}))));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('onomondo adapter', () => {
  it('creates on /<facility>/create with {eidValue, order}, ICCIDs raw, and reads the resourceId from the redirect', async () => {
    let lookups = 0;
    const api = await fake((req, res) => {
      if (req.url === '/psmo/create') return json(res, 303, {}, { Location: '/psmo/lookup/8a901bd9-f203-4eae-bcba-12dee32f4444' });
      if (req.url?.startsWith('/psmo/lookup/')) {
        return json(res, 200, ++lookups < 2 ? { status: 'work' } : { status: 'done', outcome: [{ enableResult: 'ok' }] });
      }
      if (req.url?.startsWith('/psmo/delete/')) return json(res, 200, { status: 'deleted' });
      json(res, 404, {});
    });
    const t = new OnomondoTrigger(api.url, { timeoutMs: 2_000 });
    const h = await t.create({ kind: 'psmo', eid: EID, operations: [{ enable: { iccid: '89049911000000000017' } }] });
    assert.equal(h.id, '8a901bd9-f203-4eae-bcba-12dee32f4444');
    assert.deepEqual(JSON.parse(api.seen[0].body), { eidValue: EID, order: { psmo: [{ enable: { iccid: '98409911000000000071', rollback: false } }] } });
    const o = await t.lookup(h, 5_000);
    assert.equal(o.state, 'done');
    assert.deepEqual(o.results, [{ enableResult: 'ok' }]);
    await t.remove(h);
    assert.equal(api.seen.at(-1)!.url, `/psmo/delete/${h.id}`);
  });

  it('download, eco and edr orders use their facilities; a resourceId may come as JSON', async () => {
    const api = await fake((req, res) => json(res, 200, { resourceId: `id-${req.url!.split('/')[1]}` }));
    const t = new OnomondoTrigger(api.url, { timeoutMs: 2_000 });
    assert.equal((await t.create({ kind: 'download', eid: EID, activationCode: '1$rsp.example.com$X' })).id, 'id-download');
    assert.deepEqual(JSON.parse(api.seen[0].body).order, { download: { activationCode: '1$rsp.example.com$X' } });
    assert.equal((await t.create({ kind: 'edr', eid: EID, tagList: '80BF20' })).id, 'id-edr');
    assert.deepEqual(JSON.parse(api.seen[1].body).order, { edr: { tagList: '80BF20' } });
    assert.equal((await t.create({ kind: 'eco', eid: EID, operations: [{ listEim: {} }] })).id, 'id-eco');
  });

  it('done is not success: error codes in the outcome make the order failed; absent is aborted', async () => {
    assert.equal(failureIn([{ enableResult: 'ok' }]), undefined);
    assert.equal(failureIn([{ profileInstallationResult: { finalResult: 'successResult', iccid: '98' } }]), undefined);
    assert.equal(failureIn([{ enableResult: 'profileNotInDisabledState' }]), 'profileNotInDisabledState');
    assert.equal(failureIn([{ procedureError: 'abortedOrder' }]), 'abortedOrder');
    assert.equal(failureIn([{ euiccDataResult: { edrResult: 'undefinedError' } }]), 'undefinedError');
    const api = await fake((req, res) => json(res, 200, req.url!.endsWith('/gone') ? { status: 'absent' } : { status: 'done', outcome: [{ deleteResult: 'profileNotInDisabledState' }] }));
    const t = new OnomondoTrigger(api.url, { timeoutMs: 2_000 });
    assert.deepEqual(await t.lookup({ id: 'x', kind: 'psmo' }).then((o) => [o.state, o.reason]), ['failed', 'profileNotInDisabledState']);
    assert.equal((await t.lookup({ id: 'gone', kind: 'psmo' })).state, 'aborted');
  });

  it('a create refused or without a resourceId is a TriggerError naming the adapter', async () => {
    const api = await fake((_req, res) => json(res, 400, { error: 'bad eidValue' }));
    await assert.rejects(new OnomondoTrigger(api.url, { timeoutMs: 2_000 }).create({ kind: 'edr', eid: EID, tagList: '80' }), (e: unknown) => e instanceof TriggerError && /onomondo.*create.*400/.test(e.message));
  });

  it('rawIccid swaps nibbles and pads with F', () => {
    // onomondo-eim's doc/examples.md lists 989444999999990920F3 for ICCID 8949449999999990023.
    assert.equal(rawIccid('8949449999999990023'), '989444999999990920F3');
    assert.equal(rawIccid('89049911000000000017'), '98409911000000000071');
  });
});

describe('sim-rest adapter', () => {
  it('posts S_eIM order JSON and maps the order status', async () => {
    const api = await fake((req, res) => {
      if (req.method === 'POST') return json(res, 201, { id: 'o1', status: 'queued' });
      if (req.method === 'DELETE') return json(res, 200, { id: 'o1', status: 'aborted' });
      json(res, 200, { id: 'o1', status: 'failed', outcome: { reason: 'replayError' } });
    });
    const t = new SimRestTrigger(`${api.url}/api/v1`, { timeoutMs: 2_000, token: 'secret' });
    const h = await t.create({ kind: 'eco', eid: EID, operations: [{ deleteEim: { eimId: 'x' } }] });
    assert.deepEqual(JSON.parse(api.seen[0].body), { eid: EID, type: 'eco', ecos: [{ deleteEim: { eimId: 'x' } }] });
    assert.equal(api.seen[0].headers.authorization, 'Bearer secret');
    assert.deepEqual(await t.lookup(h, 1_500).then((o) => [o.state, o.reason]), ['failed', 'replayError']);
    assert.equal(api.seen[1].url, '/api/v1/orders/o1?wait=1500');
    await t.remove(h);
    assert.equal(api.seen[2].method, 'DELETE');
  });

  it('an eIM that cannot be reached is a TriggerError naming why (the cause fetch hides)', async () => {
    const t = new SimRestTrigger('http://eim.invalid/api/v1', { timeoutMs: 5_000 });
    await assert.rejects(t.create({ kind: 'edr', eid: EID, tagList: '80' }),
      (e: Error) => e instanceof TriggerError && /POST http:\/\/eim\.invalid\/api\/v1\/orders: fetch failed \(getaddrinfo (ENOTFOUND|EAI_AGAIN) eim\.invalid\)/.test(e.message));
  });
});

describe('http adapter', () => {
  it('fills {{placeholders}} in URL, body and headers; reads the id and the outcome', async () => {
    const api = await fake((req, res) => (req.method === 'POST' ? json(res, 200, { orderId: 42 }) : json(res, 200, { status: 'completed', results: [{ enableResult: 'ok' }] })));
    const t = new HttpTrigger({
      create: { url: `${api.url}/devices/{{eid}}/orders`, body: '{"op":"{{operation}}","iccid":"{{iccid}}"}', headers: { 'X-Kind': '{{kind}}' } },
      lookup: { url: `${api.url}/orders/{{orderId}}` }, headers: { Authorization: 'Token t' }, timeoutMs: 2_000,
    });
    const h = await t.create({ kind: 'psmo', eid: EID, operations: [{ enable: { iccid: '89049911000000000017' } }] });
    assert.equal(h.id, '42');
    assert.equal(api.seen[0].url, `/devices/${EID}/orders`);
    assert.deepEqual(JSON.parse(api.seen[0].body), { op: 'enable', iccid: '89049911000000000017' });
    assert.equal(api.seen[0].headers['x-kind'], 'psmo');
    assert.equal(api.seen[0].headers.authorization, 'Token t');
    const o = await t.lookup(h);
    assert.deepEqual([o.state, o.results], ['done', [{ enableResult: 'ok' }]]);
    assert.equal(api.seen[1].url, '/orders/42');
  });

  it('without a lookup template the outcome cannot be read: TriggerError', async () => {
    const t = new HttpTrigger({ create: { url: 'http://127.0.0.1:1/x' }, timeoutMs: 500 });
    assert.throws(() => t.lookup({ id: '1', kind: 'edr' }), TriggerError);
  });
});

describe('shell adapter', () => {
  const node = JSON.stringify(process.execPath);
  it('passes the order in SGP32_* variables and parses the lookup JSON', async () => {
    const t = new ShellTrigger({
      create: `${node} -e "process.stdout.write(process.env.SGP32_KIND + '-' + process.env.SGP32_EID.slice(-4) + '-' + JSON.parse(process.env.SGP32_ORDER).tagList)"`,
      lookup: `${node} -e "console.log(JSON.stringify({status: 'failed', reason: 'r-' + process.env.SGP32_ORDER_ID}))"`,
      timeoutMs: 5_000,
    });
    const h = await t.create({ kind: 'edr', eid: EID, tagList: 'BF20' });
    assert.equal(h.id, 'edr-1235-BF20');
    assert.deepEqual(await t.lookup(h).then((o) => [o.state, o.reason]), ['failed', 'r-edr-1235-BF20']);
  });

  it('a failing or hanging command is a TriggerError', async () => {
    await assert.rejects(new ShellTrigger({ create: `${node} -e "process.exit(3)"`, timeoutMs: 5_000 }).create({ kind: 'edr', eid: EID, tagList: '80' }), /exited 3/);
    await assert.rejects(new ShellTrigger({ create: `${node} -e "setTimeout(() => {}, 10000)"`, timeoutMs: 300 }).create({ kind: 'edr', eid: EID, tagList: '80' }), /still running after 300 ms/);
  });
});

describe('manual adapter', () => {
  it('without a terminal it fails at once with the reason', async () => {
    const t = new ManualTrigger({ timeoutMs: 60_000, terminal: { isTTY: false, ask: () => new Promise(() => undefined) } });
    const start = Date.now();
    await assert.rejects(t.create({ kind: 'edr', eid: EID, tagList: '80' }), (e: unknown) => e instanceof TriggerError && /stdin is not a terminal/.test(e.message));
    assert.ok(Date.now() - start < 1_000);
  });

  it('with a terminal it shows the order, waits for Enter and reads the outcome typed in', async () => {
    const prompts: string[] = [];
    const answers = ['', 'failed invalidEid'];
    const terminal: Terminal = { isTTY: true, ask: async (p) => (prompts.push(p), answers.shift()!) };
    const notes: string[] = [];
    const t = new ManualTrigger({ timeoutMs: 1_000, terminal, note: (n) => notes.push(n) });
    const h = await t.create({ kind: 'psmo', eid: EID, operations: [{ getRAT: {} }] });
    assert.match(prompts[0], /getRAT/);
    assert.equal(notes.length, 1);
    assert.deepEqual(await t.lookup(h).then((o) => [o.state, o.reason]), ['failed', 'invalidEid']);
  });
});
