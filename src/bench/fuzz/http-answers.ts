/**
 * What the HTTP-based fuzz targets (eIM, IPA injection, SM-DP+) share when they turn an exchange
 * into an Answer: every status comes back to be classified, a failed exchange is broken, and a body
 * is summarised in one printable line.
 */
import { HttpConnectionError, HttpTimeoutError } from '../../transport/http';
import type { Answer } from './target';

/** `expect` for HttpClient.post: every status is an answer; the target's classification decides. */
export const EVERY_STATUS: readonly number[] = Array.from({ length: 500 }, (_, i) => i + 100);

/** No answer in time, or a connection that failed or dropped. */
export function failedExchange(e: Error): Answer {
  if (e instanceof HttpTimeoutError) return { kind: 'broken', summary: `no answer: ${e.message}` };
  // The race every keep-alive client knows: the peer may close a kept-alive connection while a request is on its way.
  const staleConnection = e instanceof HttpConnectionError && e.reusedConnection && e.code === 'ECONNRESET';
  return { kind: 'broken', summary: `connection failed: ${e.message}`, ...(staleConnection && { staleConnection }) };
}

/** The first 120 bytes of a body as one printable line. */
export function excerpt(body: Uint8Array): string {
  return Buffer.from(body.subarray(0, 120)).toString('utf8').replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '.');
}
