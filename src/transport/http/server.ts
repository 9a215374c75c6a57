/**
 * The HTTPS server every binding runs on: routes by (method, path), the transport checks of the
 * RSP bindings with the statuses the public peers use, bounded bodies, and one trace event per
 * request body and per response body.
 *
 * Checks, in this order (the first failing one answers; the body is still read and traced):
 *   unknown path 404, wrong method 405, binding declared unsupported 501, X-Admin-Protocol missing
 *   or wrong 400, Content-Type not the binding's 415, body over the limit 413; then the route
 *   itself answers 400 for a body it cannot decode, and 500 if its handler throws. Nothing a
 *   request does stops the server.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttp, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AddressInfo, isIPv6, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { TraceInterface, TraceSink } from '../trace';
import { HttpConfigError } from './errors';
import { ADMIN_PROTOCOL_PREFIX, DEFAULT_ADMIN_PROTOCOL, mediaType, TEXT_CONTENT_TYPE } from './headers';
import { credentialOptions, maxVersionFor, pemOf, TLS_GROUPS, TLS_MIN_VERSION, TlsCredential, TrustedCert } from './tls';

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /**
   * Numbers the connections that carried requests, from 1. Requests with the same id came over the same
   * connection (SGP.32 procedures keep one connection, and the TTCN eIM suite checks it).
   */
  readonly connectionId: number;
  /** `address:port` of the client. */
  readonly remote: string;
  /** The client's certificate under mutual TLS. */
  readonly clientCertificate?: X509Certificate;
  /** Negotiated TLS version, e.g. `TLSv1.2` (absent on plain HTTP). */
  readonly tlsProtocol?: string;
  /** The request body as received: verifiers slice signed data objects from it, never from a re-encoding. */
  readonly body: Uint8Array;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType?: string;
  readonly body?: Uint8Array;
}

export interface Route {
  readonly method: string;
  readonly path: string;
  /** Accepted request media types, lower case, without parameters. */
  readonly contentTypes: readonly string[];
  /** A binding the server declares unsupported: every request is answered 501. */
  readonly unsupported?: boolean;
  handle(body: Buffer, ctx: RequestContext): Promise<HttpAnswer>;
}

/** Thrown by a route for a request it refuses (undecodable body: 400); answered with `reason` as text. */
export class RequestRejected extends Error {
  override readonly name = 'RequestRejected';
  constructor(readonly status: number, readonly reason: string, override readonly cause?: unknown) {
    super(`${status}: ${reason}`);
  }
}

export type AdminProtocolCheck = 'exact' | 'prefix' | 'none';

export interface ServerTls {
  readonly credential: TlsCredential;
  /** Mutual TLS: clients must present a certificate chaining to one of these (ES2+). */
  readonly clientCas?: readonly TrustedCert[];
}

export interface HttpServerOptions {
  readonly interface: TraceInterface;
  readonly routes: readonly Route[];
  readonly tls?: ServerTls;
  /** Plain HTTP; only with this explicit flag and no `tls`. */
  readonly insecureHttp?: boolean;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port, reported in `port` and `url`. */
  readonly port?: number;
  /** Sent on every answer and required on every request (default DEFAULT_ADMIN_PROTOCOL). */
  readonly adminProtocol?: string;
  /** `exact` (default, as onomondo-eim), `prefix` (`gsma/rsp/v…`, as osmo-smdpp) or `none`. */
  readonly adminProtocolCheck?: AdminProtocolCheck;
  /** Largest request body accepted (default 4 MiB: a BPP is well below). */
  readonly maxBodyBytes?: number;
  /** How long an idle kept-alive connection stays open (default 30 s: an IPA may pause between requests of a procedure). */
  readonly keepAliveTimeoutMs?: number;
  readonly trace?: TraceSink;
  /** Every refused or failed request, and TLS handshakes that failed, with the reason. */
  readonly log?: (note: ServerNote) => void;
}

export interface ServerNote {
  /** The HTTP status answered; 0 for a TLS handshake that failed before any request. */
  readonly status: number;
  readonly remote: string;
  readonly method?: string;
  readonly path?: string;
  readonly reason: string;
  readonly error?: unknown;
}

export interface HttpServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Connections accepted and requests received so far. */
  readonly stats: { readonly connections: number; readonly requests: number };
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function hostPort(host: string | undefined, port: number | undefined): string {
  return `${host && isIPv6(host) ? `[${host}]` : host ?? '?'}:${port ?? '?'}`;
}

function text(status: number, reason: string): HttpAnswer {
  return { status, contentType: TEXT_CONTENT_TYPE, body: Buffer.from(reason, 'utf8') };
}

/** Reads at most `limit` bytes; `complete` is false when the body is larger (the rest is left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; complete: boolean }> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve({ body: Buffer.alloc(0), complete: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) { chunks.push(chunk); return; }
      req.off('data', onData).off('end', onEnd).pause();
      resolve({ body: Buffer.concat(chunks), complete: false });
    };
    const onEnd = (): void => resolve({ body: Buffer.concat(chunks), complete: true });
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

export function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { tls } = options;
  if (!tls && !options.insecureHttp) throw new HttpConfigError('tls', 'a TLS credential is required (plain HTTP only with insecureHttp: true)');
  if (tls && options.insecureHttp) throw new HttpConfigError('insecureHttp', 'cannot be combined with tls');
  const scheme = tls ? 'https' : 'http';
  const adminProtocol = options.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL;
  const check = options.adminProtocolCheck ?? 'exact';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => undefined);
  const stats = { connections: 0, requests: 0 };
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  let lastConnectionId = 0;

  const adminProtocolProblem = (got: string | undefined): string | undefined => {
    if (check === 'none') return undefined;
    const ok = got !== undefined && (check === 'exact' ? got === adminProtocol : got.startsWith(ADMIN_PROTOCOL_PREFIX));
    if (ok) return undefined;
    const wanted = check === 'exact' ? `'${adminProtocol}'` : `a value starting with '${ADMIN_PROTOCOL_PREFIX}'`;
    return `X-Admin-Protocol ${got === undefined ? 'missing' : `'${got}'`}: expected ${wanted}`;
  };

  /** The first transport check `req` fails, as [status, reason]; the route when all pass. */
  const route = (req: IncomingMessage, path: string, res: ServerResponse): Route | [number, string] => {
    const atPath = options.routes.filter((r) => r.path === path);
    if (atPath.length === 0) return [404, `no function at ${path}`];
    const r = atPath.find((x) => x.method === req.method);
    if (!r) {
      res.setHeader('Allow', atPath.map((x) => x.method).join(', '));
      return [405, `${req.method} not allowed on ${path} (${atPath.map((x) => x.method).join(', ')})`];
    }
    if (r.unsupported) return [501, `${path}: binding not supported by this server`];
    const header = req.headers['x-admin-protocol'];
    const admin = adminProtocolProblem(Array.isArray(header) ? header.join(',') : header);
    if (admin) return [400, admin];
    const type = mediaType(req.headers['content-type']);
    if (!r.contentTypes.includes(type)) return [415, `Content-Type '${req.headers['content-type'] ?? ''}' not accepted on ${path} (${r.contentTypes.join(', ')})`];
    return r;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    const socket = req.socket;
    const remote = hostPort(socket.remoteAddress, socket.remotePort);
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const endpoint = `${scheme} ${remote} ${req.method} ${path}`;
    const connectionId = connectionIds.get(socket) ?? connectionIds.set(socket, ++lastConnectionId).get(socket)!;
    const found = route(req, path, res);
    const { body, complete } = await readBody(req, maxBody);
    options.trace?.record({ time: Date.now(), interface: options.interface, direction: 'in', endpoint, bytes: body });
    const ctx: RequestContext = {
      method: req.method ?? '', path, headers: req.headers, remote, connectionId, body,
      ...(socket instanceof TLSSocket ? { clientCertificate: socket.getPeerX509Certificate(), tlsProtocol: socket.getProtocol() ?? undefined } : {}),
    };

    let answer: HttpAnswer;
    let error: unknown;
    if (Array.isArray(found)) answer = text(...found);
    else if (!complete) answer = text(413, `request body over ${maxBody} bytes`);
    else {
      try {
        answer = await found.handle(body, ctx);
      } catch (e) {
        // A refused request is logged with what refused it, e.g. the AsnDecodeError with path and offset.
        error = e instanceof RequestRejected && e.cause !== undefined ? e.cause : e;
        answer = e instanceof RequestRejected ? text(e.status, e.reason) : text(500, `handler failed: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    if (answer.status >= 400) log({ status: answer.status, remote, method: req.method, path, reason: Buffer.from(answer.body ?? []).toString('utf8'), error });

    const out = answer.body ?? new Uint8Array(0);
    res.statusCode = answer.status;
    res.setHeader('X-Admin-Protocol', adminProtocol);
    if (answer.contentType) res.setHeader('Content-Type', answer.contentType);
    res.setHeader('Content-Length', out.length);
    // An unread body leaves the connection unusable: node closes it after an answer marked so.
    if (!complete) res.setHeader('Connection', 'close');
    options.trace?.record({ time: Date.now(), interface: options.interface, direction: 'out', endpoint, bytes: out });
    res.end(out);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch((e: unknown) => {
      // Only a failure of the socket itself gets here; the answer cannot be sent any more.
      log({ status: 500, remote: hostPort(req.socket.remoteAddress, req.socket.remotePort), reason: 'request failed', error: e });
      req.socket.destroy();
    });
  };

  const server: Server = tls
    ? createHttps({
      ...credentialOptions(tls.credential),
      minVersion: TLS_MIN_VERSION,
      maxVersion: maxVersionFor(tls.credential),
      ecdhCurve: TLS_GROUPS,
      ...(tls.clientCas ? { requestCert: true, rejectUnauthorized: true, ca: tls.clientCas.map(pemOf) } : {}),
    }, handler)
    : createHttp(handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 30_000;
  server.on('connection', (socket: Socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
    // Node checks client chains after the handshake and just drops the connection; the reason is here.
    const refused = socket.authorizationError ? `client certificate refused (${String(socket.authorizationError)})` : `TLS handshake failed (${error.code ?? error.message})`;
    log({ status: 0, remote: hostPort(socket.remoteAddress, socket.remotePort), reason: refused, error });
  });

  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      server.on('error', (error) => log({ status: 0, remote: '', reason: 'server error', error }));
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://${hostPort(host, port)}`,
        host,
        port,
        stats,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        }),
      });
    });
  });
}
