/**
 * S_eIM's northbound API: JSON over HTTP (HTTPS with the eIM's TLS certificate on request), the
 * "stimulus port" an operator's script or the bench uses to place orders and read their outcome.
 * SGP.32 standardises no such interface; this one follows onomondo-eim's REST facilities (orders of
 * type download / psmo / eco / edr, and eUICC records). The README section "S_eIM northbound API"
 * documents every resource; refusals are `{ error, field? }` with 400 (bad input, `field` names the
 * JSON member), 404 (no such order or eUICC), 405 (wrong method), 413 (body over 1 MiB) or 415
 * (a body that is not application/json).
 */
import { createServer as createHttp, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { toHex } from '../../src/asn1';
import { credentialOptions, maxVersionFor, TLS_GROUPS, TLS_MIN_VERSION, TlsCredential } from '../../src/transport/http/tls';
import type { SimEim } from './eim';
import { EimInputError } from './errors';
import { isFinal, ORDER_STATUSES, OrderStatus } from './orders';

export interface ApiOptions {
  host: string;
  port?: number;
  tls?: TlsCredential;
  log: (line: string) => void;
}

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_WAIT_MS = 60_000;

type Json = Record<string, unknown>;
type Answer = [status: number, body: Json | undefined];

/** A request the API refuses: status and the JSON it answers. */
class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(readonly status: number, readonly body: Json) {
    super(String(body.error));
  }
}

interface Request {
  match: RegExpExecArray;
  query: URLSearchParams;
  body: unknown;
}

type Route = { method: string; path: RegExp; handle: (eim: SimEim, r: Request) => Answer | Promise<Answer> };

const notFound = (what: string) => new ApiRefusal(404, { error: `no ${what}` });

function waitMs(query: URLSearchParams): number {
  const w = query.get('wait');
  if (w === null) return 0;
  const n = Number(w);
  if (!/^\d+$/.test(w) || n > MAX_WAIT_MS) throw new EimInputError('wait', `must be milliseconds from 0 to ${MAX_WAIT_MS}`);
  return n;
}

const ROUTES: readonly Route[] = [
  {
    method: 'GET', path: /^\/api\/v1\/?$/, handle: (eim) => [200, {
      eimId: eim.eimId, version: eim.version, curve: eim.curve, indirectDownload: eim.indirectDownload,
      addInitialEimRequest: toHex(eim.addInitialEimRequest()),
    }],
  },
  { method: 'POST', path: /^\/api\/v1\/orders$/, handle: (eim, r) => [201, eim.orderView(eim.createOrder(r.body).id)] },
  {
    method: 'GET', path: /^\/api\/v1\/orders$/, handle: (eim, { query }) => {
      const status = query.get('status') ?? undefined;
      if (status !== undefined && !ORDER_STATUSES.includes(status as OrderStatus)) throw new EimInputError('status', `must be one of ${ORDER_STATUSES.join(', ')}`);
      return [200, { orders: eim.listOrders({ eid: query.get('eid') ?? undefined, status: status as OrderStatus | undefined }) }];
    },
  },
  {
    method: 'GET', path: /^\/api\/v1\/orders\/([^/]+)$/, handle: async (eim, { match, query }) => {
      const id = match[1];
      const order = eim.orders.get(id);
      if (!order) throw notFound(`order ${id}`);
      const ms = waitMs(query);
      if (ms > 0 && !isFinal(order)) await eim.settled(id, ms).catch(() => undefined);
      return [200, eim.orderView(id) ?? { id, status: 'aborted' }];
    },
  },
  {
    method: 'DELETE', path: /^\/api\/v1\/orders\/([^/]+)$/, handle: (eim, { match }) => {
      const view = eim.orderView(match[1]);
      if (!view) throw notFound(`order ${match[1]}`);
      const removed = eim.orders.remove(match[1])!;
      return [200, { ...view, status: removed.status, updated: removed.updated.toISOString() }];
    },
  },
  { method: 'GET', path: /^\/api\/v1\/euiccs$/, handle: (eim) => [200, { euiccs: eim.euiccs.list().map((r) => eim.euiccView(r.eid)!) }] },
  {
    method: 'GET', path: /^\/api\/v1\/euiccs\/([^/]+)$/, handle: (eim, { match }) => {
      const view = eim.euiccView(match[1]);
      if (!view) throw notFound(`eUICC ${match[1]}`);
      return [200, view];
    },
  },
  {
    method: 'PUT', path: /^\/api\/v1\/euiccs\/([^/]+)$/, handle: (eim, { match, body }) => {
      const { record, created } = eim.updateEuicc(match[1], body);
      return [created ? 201 : 200, eim.euiccView(record.eid)];
    },
  },
  {
    method: 'DELETE', path: /^\/api\/v1\/euiccs\/([^/]+)\/state-changes$/, handle: (eim, { match }) => {
      const record = eim.euiccs.get(match[1]);
      if (!record) throw notFound(`eUICC ${match[1]}`);
      record.stateChanges.length = 0;
      return [200, eim.euiccView(record.eid)];
    },
  },
];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new ApiRefusal(413, { error: `body over ${MAX_BODY_BYTES} bytes` })) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

async function answer(eim: SimEim, req: IncomingMessage, res: ServerResponse): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://api');
  const atPath = ROUTES.filter((r) => r.path.test(url.pathname));
  if (!atPath.length) throw notFound(`resource at ${url.pathname}`);
  const route = atPath.find((r) => r.method === req.method);
  if (!route) {
    res.setHeader('Allow', atPath.map((r) => r.method).join(', '));
    throw new ApiRefusal(405, { error: `${req.method} not allowed on ${url.pathname} (${atPath.map((r) => r.method).join(', ')})` });
  }
  const raw = await readBody(req);
  let body: unknown;
  if (req.method === 'POST' || req.method === 'PUT') {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') throw new ApiRefusal(415, { error: `Content-Type '${req.headers['content-type'] ?? ''}': send application/json` });
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new ApiRefusal(400, { error: `undecodable JSON: ${(e as Error).message}` });
    }
  }
  return route.handle(eim, { match: route.path.exec(url.pathname)!, query: url.searchParams, body });
}

export function startApi(eim: SimEim, o: ApiOptions): Promise<ApiServer> {
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    answer(eim, req, res).catch((e: unknown): Answer => {
      if (e instanceof ApiRefusal) return [e.status, e.body];
      if (e instanceof EimInputError) return [400, { error: e.message, field: e.field }];
      return [500, { error: `internal: ${(e as Error).message}` }];
    }).then(([status, json]) => {
      const out = Buffer.from(JSON.stringify(json ?? {}), 'utf8');
      o.log(`api ${req.method} ${req.url} -> ${status}${json && typeof json.id === 'string' ? ` ${json.id} ${json.status}` : json?.error ? ` ${json.error}` : ''}`);
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': out.length });
      res.end(out);
    });
  };
  const server: Server = o.tls
    ? createHttps({ ...credentialOptions(o.tls), minVersion: TLS_MIN_VERSION, maxVersion: maxVersionFor(o.tls), ecdhCurve: TLS_GROUPS }, handler)
    : createHttp(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${o.tls ? 'https' : 'http'}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        }),
      });
    });
  });
}
