/** Shared by the HTTP binding tests: a written-out test PKI, a trace recorder and a raw HTTPS poster. */
import { mkdtempSync } from 'node:fs';
import { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Curve } from '../../../src/crypto/curves';
import { generatePki, PkiStore, writePki } from '../../../src/pki';
import { TraceEvent, TraceSink } from '../../../src/transport/trace';
import { TLS_GROUPS, TlsCredential } from '../../../src/transport/http';

export const CURVES: readonly Curve[] = ['nist', 'brp'];

function written(now?: Date): PkiStore {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-http-pki-'));
  writePki(dir, generatePki({ now }));
  return PkiStore.fromManifest(dir);
}

let pki: PkiStore | undefined;
/** generatePki -> writePki -> PkiStore, once per test process. */
export function testPki(): PkiStore {
  return (pki ??= written());
}

let old: PkiStore | undefined;
/**
 * A PKI issued three years ago: its TLS certificates (2-year lifetime) have expired while its CIs
 * (35 years) are still valid. The defect variants have no TLS certificate; this is the same
 * generator with an earlier clock.
 */
export function expiredTlsPki(): PkiStore {
  return (old ??= written(new Date(Date.now() - 3 * 365 * 86_400_000)));
}

let other: PkiStore | undefined;
/** A second, unrelated PKI: its certificates chain to CIs the first one does not trust. */
export function otherPki(): PkiStore {
  return (other ??= written());
}

export class TraceLog implements TraceSink {
  readonly events: TraceEvent[] = [];
  record(event: TraceEvent): void {
    this.events.push(event);
  }
  /** `interface direction text-or-hex` of each event; bodies that are UTF-8 JSON or text shown as text. */
  lines(): string[] {
    return this.events.map((e) => `${e.interface} ${e.direction} ${Buffer.from(e.bytes).toString('utf8')}`);
  }
}

export interface RawAnswer { status: number; headers: IncomingHttpHeaders; body: Buffer }

export interface RawOptions {
  readonly headers?: Record<string, string>;
  /** Trusted CA PEMs for the server's certificate. */
  readonly ca: readonly string[];
  /** Default false: a new connection; a keep-alive agent reuses one. */
  readonly agent?: Agent | false;
  readonly method?: string;
  readonly clientCredential?: TlsCredential;
}

/** One request with exactly the headers given (Content-Length added unless chunked). */
export function rawPost(url: string, body: Uint8Array | string, o: RawOptions): Promise<RawAnswer> {
  const headers = o.headers ?? {};
  const length = headers['Transfer-Encoding'] ? {} : { 'Content-Length': Buffer.byteLength(body) };
  const cred = o.clientCredential ? { cert: o.clientCredential.cert.toString(), key: o.clientCredential.key.export({ type: 'pkcs8', format: 'pem' }) } : {};
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'POST', headers: { ...headers, ...length }, ca: [...o.ca], ecdhCurve: TLS_GROUPS, agent: o.agent ?? false, ...cred }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function pems(store: PkiStore, curve?: Curve): string[] {
  return store.trustedCis(curve).map((c) => c.toString());
}

/** Rejects with whatever `work` throws; fails when it resolves. */
export async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}
