/**
 * S_IPA's deliberately wrong requests (no X-Admin-Protocol, wrong Content-Type, bytes that are not
 * DER) on one kept-alive HTTPS connection, each recorded in the trace like any other message; the
 * answer's status comes back whatever it is, with whether the connection was the same as before.
 */
import { Agent, request } from 'node:https';
import { TraceSink } from '../../transport/trace';
import { pemOf, TLS_GROUPS, TLS_MIN_VERSION, TrustedCert } from '../../transport/http/tls';
import { DEFAULT_ADMIN_PROTOCOL } from '../../transport/http/headers';

export interface RawAnswer {
  status: number;
  body: Buffer;
  /** The connection the answer came on had carried an earlier request of this poster. */
  reused: boolean;
}

export class RawEsipaPoster {
  private readonly agent: Agent;
  private seen = new WeakSet<object>();

  constructor(private readonly o: { baseUrl: string; trust: readonly TrustedCert[]; insecure: boolean; timeoutMs: number; trace: TraceSink }) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 1, ca: o.trust.map(pemOf), rejectUnauthorized: !o.insecure, minVersion: TLS_MIN_VERSION, ecdhCurve: TLS_GROUPS });
  }

  post(path: string, body: Uint8Array, headers: { contentType?: string; adminProtocol?: string | null } = {}): Promise<RawAnswer> {
    const url = `${new URL(this.o.baseUrl).origin}${path}`;
    const h: Record<string, string | number> = { 'Content-Length': body.length };
    if (headers.contentType !== undefined) h['Content-Type'] = headers.contentType;
    if (headers.adminProtocol !== null) h['X-Admin-Protocol'] = headers.adminProtocol ?? DEFAULT_ADMIN_PROTOCOL;
    const record = (direction: 'in' | 'out', bytes: Uint8Array) => this.o.trace.record({ time: Date.now(), interface: 'esipa', direction, endpoint: url, bytes });
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: h, agent: this.agent, timeout: this.o.timeoutMs }, (res) => {
        const socket = res.socket;
        const reused = this.seen.has(socket);
        this.seen.add(socket);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          const answer = Buffer.concat(chunks);
          record('in', answer);
          resolve({ status: res.statusCode ?? 0, body: answer, reused });
        });
      });
      req.once('timeout', () => req.destroy(new Error(`${url}: no answer within ${this.o.timeoutMs} ms`)));
      req.once('error', reject);
      record('out', body);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
