/**
 * Requests no conforming client sends, to see the SM-DP+ refuse them: an ES9+ POST with a wrong
 * Content-Type or X-Admin-Protocol (through the traced HTTP client), and TLS handshakes below
 * TLS 1.2 or with cipher suites outside SGP.22's list (no message is exchanged, so the outcome is
 * noted as evidence).
 */
import { connect, SecureVersion } from 'node:tls';
import { HttpClient, HttpResponse, TLS_GROUPS } from '../../transport/http';
import { pemOf } from '../../transport/http/tls';
import { ScenarioContext } from '../scenario';
import { SmdppTarget } from './target';

const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);

/** POSTs a JSON InitiateAuthentication body with the given Content-Type and X-Admin-Protocol. */
export function postWithHeaders(ctx: ScenarioContext, t: SmdppTarget, contentType: string, adminProtocol?: string): Promise<HttpResponse> {
  const client = new HttpClient({
    baseUrl: t.es9, interface: 'es9plus', trust: t.trust, insecureSkipVerify: t.insecure, timeoutMs: ctx.config.timeouts.exchange,
    keepAlive: 'per-request', trace: ctx.trace.sink('S_IPA', 'SM-DP+ (IUT)'), ...(adminProtocol !== undefined && { adminProtocol }),
  });
  const body = JSON.stringify({ smdpAddress: t.address, euiccChallenge: Buffer.alloc(16, 0x5a).toString('base64'), euiccInfo1: 'vyA=' });
  return client.post('/gsma/rsp2/es9plus/initiateAuthentication', contentType, Buffer.from(body), { expect: ANY_STATUS });
}

export interface HandshakeOptions {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

/** One TLS handshake with the ES9+ endpoint: 'ok <version> <suite>' or 'refused <code>'. */
export function handshake(ctx: ScenarioContext, t: SmdppTarget, o: HandshakeOptions): Promise<string> {
  const { hostname, port } = new URL(t.es9);
  return new Promise((resolve) => {
    const socket = connect({
      host: hostname, port: Number(port || 443), servername: /^[\d.]+$/.test(hostname) ? undefined : hostname, ecdhCurve: TLS_GROUPS,
      ca: t.trust?.map(pemOf), rejectUnauthorized: !t.insecure, ...o,
    }, () => {
      const outcome = `ok ${socket.getProtocol()} ${socket.getCipher().standardName}`;
      socket.end();
      resolve(outcome);
    });
    socket.setTimeout(ctx.config.timeouts.exchange, () => socket.destroy(new Error('handshake timed out')));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(`refused ${e.code ?? e.message}`));
  }).then((outcome) => {
    ctx.note(`TLS handshake ${JSON.stringify(o)} with ${t.es9}: ${outcome}`);
    return outcome as string;
  });
}
