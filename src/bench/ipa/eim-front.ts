/**
 * S_eIM as the IPA under test reaches it: the ESipa endpoint in front of a SimEim. Every request and
 * answer crosses here and is recorded once in the scenario trace; a scenario can arm a fault for the
 * next request of one type (an HTTP status, a body SimEim would never send, a wrong Content-Type, no
 * answer at all, a dropped connection). Otherwise the request goes to SimEim unchanged over a
 * loopback connection of its own per IPA connection, so SimEim still sees which requests share one.
 */
import { request as httpRequest, Agent, createServer as createHttp, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { Codec } from '../../asn1';
import { ASN1_CONTENT_TYPE, ASN1_PATH, DEFAULT_ADMIN_PROTOCOL, maxVersionFor, TLS_GROUPS, TLS_MIN_VERSION, TlsCredential } from '../../transport/http';
import { credentialOptions } from '../../transport/http/tls';
import { TraceSink } from '../../transport/trace';

export type EimFault =
  /** Answer this HTTP status with no ESipa message. */
  | { kind: 'status'; status: number }
  /** Answer these bytes with this Content-Type instead of SimEim's answer (SimEim never sees the request). */
  | { kind: 'body'; body: Uint8Array; contentType?: string }
  /** Pass the request on, but label SimEim's answer with another Content-Type. */
  | { kind: 'content-type'; contentType: string }
  /** Never answer (the IPA must time out); the connection closes with the scenario. */
  | { kind: 'hang' }
  /** Pass the request on, then close the connection instead of answering (lost connectivity). */
  | { kind: 'drop' }
  /** Pass the request on and change SimEim's answer before it goes out. */
  | { kind: 'tamper'; change: (body: Buffer) => Buffer };

export interface EimFrontOptions {
  codec: Codec;
  /** TLS credential; absent: plain HTTP. */
  tls?: TlsCredential;
  host: string;
  port: number;
  trace: TraceSink;
  /** How long SimEim may take to answer one forwarded request. */
  timeoutMs: number;
}

interface Armed { type: string; fault: EimFault }

export class EimFront {
  private readonly armed: Armed[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly agents = new Map<Socket, Agent>();
  private target?: URL;

  private constructor(private readonly o: EimFrontOptions, private readonly server: Server, readonly port: number) {}

  static async start(o: EimFrontOptions): Promise<EimFront> {
    let front: EimFront | undefined;
    const handler = (req: IncomingMessage, res: ServerResponse) => void front!.serve(req, res).catch(() => req.socket.destroy());
    const server = o.tls
      ? createHttps({ ...credentialOptions(o.tls), minVersion: TLS_MIN_VERSION, maxVersion: maxVersionFor(o.tls), ecdhCurve: TLS_GROUPS }, handler)
      : createHttp(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => resolve());
    });
    front = new EimFront(o, server, (server.address() as AddressInfo).port);
    server.on('connection', (s: Socket) => {
      front!.sockets.add(s);
      s.once('close', () => {
        front!.sockets.delete(s);
        front!.agents.get(s)?.destroy();
        front!.agents.delete(s);
      });
    });
    return front;
  }

  /** `host:port`: the eimFqdn the card's eIM configuration names. */
  get hostPort(): string {
    return `${this.o.host}:${this.port}`;
  }
  get url(): string {
    return `${this.o.tls ? 'https' : 'http'}://${this.hostPort}`;
  }

  /** Where requests go when no fault is armed: SimEim's ESipa base URL. */
  forwardTo(url: string): void {
    this.target = new URL(ASN1_PATH, url);
  }

  /** The next request whose decoded type is `type` (e.g. GetEimPackageRequest) meets `fault`. */
  arm(type: string, fault: EimFault): void {
    this.armed.push({ type, fault });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    for (const a of this.agents.values()) a.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const endpoint = `${this.o.tls ? 'https' : 'http'} ${req.socket.remoteAddress}:${req.socket.remotePort} ${req.method} ${req.url}`;
    this.record('in', endpoint, body);
    const type = this.typeOf(body);
    const i = this.armed.findIndex((a) => a.type === type);
    const fault = i >= 0 ? this.armed.splice(i, 1)[0].fault : undefined;

    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') return this.answer(res, endpoint, fault.status, 'text/plain', Buffer.from(`S_eIM fault: HTTP ${fault.status}`));
    if (fault?.kind === 'body') return this.answer(res, endpoint, 200, fault.contentType ?? ASN1_CONTENT_TYPE, fault.body);
    const forwarded = await this.forward(req, body);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const contentType = fault?.kind === 'content-type' ? fault.contentType : forwarded.contentType;
    this.answer(res, endpoint, forwarded.status, contentType, fault?.kind === 'tamper' ? fault.change(forwarded.body) : forwarded.body);
  }

  private answer(res: ServerResponse, endpoint: string, status: number, contentType: string | undefined, body: Uint8Array): void {
    res.statusCode = status;
    res.setHeader('X-Admin-Protocol', DEFAULT_ADMIN_PROTOCOL);
    if (contentType) res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', body.length);
    this.record('out', endpoint, body);
    res.end(body);
  }

  /** SimEim's answer, over the loopback connection paired with the IPA's. */
  private forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; contentType?: string; body: Buffer }> {
    const target = this.target;
    if (!target) return Promise.resolve({ status: 503, contentType: 'text/plain', body: Buffer.from('S_eIM not ready') });
    let agent = this.agents.get(req.socket);
    if (!agent) this.agents.set(req.socket, (agent = new Agent({ keepAlive: true, maxSockets: 1 })));
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'x-admin-protocol', 'accept']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    return new Promise((resolve, reject) => {
      const out = httpRequest(target, { method: req.method, agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: this.o.timeoutMs }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, contentType: answer.headers['content-type'], body: Buffer.concat(parts) }));
        answer.on('error', reject);
      });
      out.on('timeout', () => out.destroy(new Error(`SimEim did not answer within ${this.o.timeoutMs} ms`)));
      out.on('error', reject);
      out.end(body);
    });
  }

  private typeOf(body: Uint8Array): string | undefined {
    try {
      return this.o.codec.identify(body)?.type;
    } catch {
      return undefined;
    }
  }

  private record(direction: 'in' | 'out', endpoint: string, bytes: Uint8Array): void {
    this.o.trace.record({ time: Date.now(), interface: 'esipa', direction, endpoint, bytes });
  }
}
