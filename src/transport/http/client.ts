/**
 * The HTTPS client every binding uses. Certificates are checked unless `insecureSkipVerify` says
 * otherwise; trust is the CA certificates given (e.g. the PKI's CI), or Node's default roots when
 * none are. Each request has a time limit, and failures come back as the typed errors of errors.ts.
 *
 * Connection modes (reference §2.1: onomondo-eim expects one connection per procedure and the TTCN
 * eIM suite checks the client keeps it):
 *   'procedure'   one kept-alive connection carries every request until `close()` ends the
 *                 procedure; the next request then opens a new one
 *   'per-request' a new connection for every request, closed after the answer
 */
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIPv6, LookupFunction } from 'node:net';
import type { SecureVersion } from 'node:tls';
import { TraceInterface, TraceSink } from '../trace';
import { classifyTransportError, HttpConfigError, HttpStatusError, HttpTimeoutError } from './errors';
import { DEFAULT_ADMIN_PROTOCOL } from './headers';
import { credentialOptions, maxVersionFor, pemOf, TLS_GROUPS, TLS_MIN_VERSION, TlsCredential, TrustedCert } from './tls';

export type KeepAliveMode = 'procedure' | 'per-request';

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

export interface HttpClientOptions {
  /** `https://host:port` (plain `http://` only for a server started with insecureHttp). */
  readonly baseUrl: string;
  readonly interface: TraceInterface;
  /** CA certificates the server's chain must end at. */
  readonly trust?: readonly TrustedCert[];
  /** Accept any server certificate; only for deliberate tests of peers without a usable chain. */
  readonly insecureSkipVerify?: boolean;
  /** Client certificate for mutual TLS (ES2+: role es2plusClient). */
  readonly clientCredential?: TlsCredential;
  /** Sent on every request (default DEFAULT_ADMIN_PROTOCOL). */
  readonly adminProtocol?: string;
  /** Per-request limit for the whole exchange, connection included (default 10 s). */
  readonly timeoutMs?: number;
  /** Default 'procedure'. */
  readonly keepAlive?: KeepAliveMode;
  /**
   * Host name -> address to connect to, like curl's --resolve: the URL keeps the peer's FQDN
   * (Host header, SNI, certificate name check) while the connection goes to e.g. 127.0.0.1.
   */
  readonly resolve?: Readonly<Record<string, string>>;
  /** Cap on the TLS version (default: 1.3, or 1.2 with a brainpool client certificate). */
  readonly maxVersion?: SecureVersion;
  readonly userAgent?: string;
  readonly trace?: TraceSink;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface PostOptions {
  /** Statuses the binding accepts; any other is an HttpStatusError (default 200 and 204). */
  readonly expect?: readonly number[];
  readonly timeoutMs?: number;
}

function resolver(table: Readonly<Record<string, string>>): LookupFunction {
  return (hostname, options, callback) => {
    // Own keys only: a host name is input, and "constructor" is one.
    const address = Object.hasOwn(table, hostname) ? table[hostname] : undefined;
    if (address === undefined) return dnsLookup(hostname, options, callback);
    const family = isIPv6(address) ? 6 : 4;
    if (options.all) (callback as (e: null, all: LookupAddress[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly secure: boolean;
  private readonly timeoutMs: number;
  private readonly base: RequestOptions;
  private agent: HttpAgent | undefined;

  constructor(readonly options: HttpClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpConfigError('baseUrl', `'${options.baseUrl}' is not an http(s) URL`);
    this.secure = url.protocol === 'https:';
    if (!this.secure && options.clientCredential) throw new HttpConfigError('clientCredential', 'needs an https:// baseUrl');
    this.baseUrl = url.origin;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    const tls = this.secure ? {
      minVersion: TLS_MIN_VERSION,
      maxVersion: options.maxVersion ?? maxVersionFor(options.clientCredential),
      ecdhCurve: TLS_GROUPS,
      rejectUnauthorized: !options.insecureSkipVerify,
      ...(options.trust ? { ca: options.trust.map(pemOf) } : {}),
      ...(options.clientCredential ? credentialOptions(options.clientCredential) : {}),
    } : {};
    this.base = { ...tls, ...(options.resolve ? { lookup: resolver(options.resolve) } : {}) };
  }

  /** POSTs `body` to `path` and resolves with the whole answer. */
  post(path: string, contentType: string, body: Uint8Array, opts: PostOptions = {}): Promise<HttpResponse> {
    const url = `${this.baseUrl}${path}`;
    const expect = opts.expect ?? [200, 204];
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const perRequest = this.options.keepAlive === 'per-request';
    const headers: Record<string, string | number> = {
      'Content-Type': contentType,
      'Content-Length': body.length,
      'X-Admin-Protocol': this.options.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL,
      'User-Agent': this.options.userAgent ?? 'sgp32-harness',
    };
    if (perRequest) headers.Connection = 'close';
    const send = this.secure ? httpsRequest : httpRequest;
    const trace = (direction: 'in' | 'out', bytes: Uint8Array): void =>
      this.options.trace?.record({ time: Date.now(), interface: this.options.interface, direction, endpoint: url, bytes });

    return new Promise<HttpResponse>((resolve, reject) => {
      const req = send(url, { ...this.base, method: 'POST', headers, agent: perRequest ? false : this.procedureAgent() });
      const timer = setTimeout(() => req.destroy(new HttpTimeoutError(url, timeoutMs)), timeoutMs);
      const fail = (e: Error): void => {
        clearTimeout(timer);
        reject(e instanceof HttpTimeoutError ? e : classifyTransportError(url, e, req.reusedSocket));
      };
      req.on('error', fail);
      req.once('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.once('end', () => {
          clearTimeout(timer);
          const answer = Buffer.concat(chunks);
          trace('in', answer);
          const status = res.statusCode ?? 0;
          if (!expect.includes(status)) reject(new HttpStatusError(url, status, answer));
          else resolve({ url, status, headers: res.headers, body: answer });
        });
      });
      trace('out', body);
      req.end(body);
    });
  }

  /** Ends the procedure: the kept-alive connection is closed, the next request opens a new one. */
  async close(): Promise<void> {
    this.agent?.destroy();
    this.agent = undefined;
  }

  private procedureAgent(): HttpAgent {
    // One socket: requests of a procedure queue on the same connection instead of opening more.
    this.agent ??= this.secure ? new HttpsAgent({ keepAlive: true, maxSockets: 1 }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
    return this.agent;
  }
}
