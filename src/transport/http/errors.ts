/**
 * Typed failures of the HTTPS bindings, client side: each names the URL and what went wrong, so a
 * test verdict can tell a refused certificate from a slow peer from a peer that broke the binding.
 */

/** No complete answer within the per-request time limit. */
export class HttpTimeoutError extends Error {
  override readonly name = 'HttpTimeoutError';
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`${url}: no answer within ${timeoutMs} ms`);
  }
}

/** The peer answered with an HTTP status the binding does not expect. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(readonly url: string, readonly status: number, readonly body: Buffer) {
    const text = body.subarray(0, 200).toString('utf8').replace(/[^\x20-\x7e]/g, '.');
    super(`${url}: HTTP ${status}${text ? `: ${text}` : ''}`);
  }
}

/** The answer arrived but breaks the binding: wrong Content-Type, undecodable body, wrong message. */
export class HttpProtocolError extends Error {
  override readonly name = 'HttpProtocolError';
  constructor(readonly url: string, readonly detail: string, override readonly cause?: unknown) {
    super(`${url}: ${detail}`);
  }
}

/**
 * Why a TLS session was not established:
 *  - `unknown-ca`: the chain does not end at a trusted certificate (or a signature in it is wrong)
 *  - `expired` / `not-yet-valid`: a certificate outside its validity period
 *  - `wrong-host`: the certificate does not name the host asked for (RFC 6125)
 *  - `refused-by-peer`: the peer sent a TLS alert, e.g. it refused our client certificate
 *  - `handshake`: no common protocol version, curve or signature algorithm, or another failure
 */
export type TlsFailure = 'unknown-ca' | 'expired' | 'not-yet-valid' | 'wrong-host' | 'refused-by-peer' | 'handshake';

export class HttpTlsError extends Error {
  override readonly name = 'HttpTlsError';
  constructor(readonly url: string, readonly reason: TlsFailure, readonly code: string, detail: string) {
    super(`${url}: TLS ${reason} (${code}): ${detail}`);
  }
}

/** The connection could not be made or broke without a TLS reason (refused, reset, closed early). */
export class HttpConnectionError extends Error {
  override readonly name = 'HttpConnectionError';
  constructor(
    readonly url: string,
    readonly code: string,
    detail: string,
    /** The request went out on a kept-alive connection that earlier requests had used. */
    readonly reusedConnection = false,
  ) {
    super(`${url}: connection failed (${code}): ${detail}`);
  }
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED',
]);

/** Sorts a node:https / OpenSSL error into the typed client errors above. */
export function classifyTransportError(url: string, error: Error & { code?: string }, reusedConnection = false): Error {
  const code = error.code ?? 'UNKNOWN';
  if (UNKNOWN_CA.has(code)) return new HttpTlsError(url, 'unknown-ca', code, error.message);
  if (code === 'CERT_HAS_EXPIRED') return new HttpTlsError(url, 'expired', code, error.message);
  if (code === 'CERT_NOT_YET_VALID') return new HttpTlsError(url, 'not-yet-valid', code, error.message);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new HttpTlsError(url, 'wrong-host', code, error.message);
  // OpenSSL reports a received alert as "... alert <description> ... SSL alert number N".
  if (/alert/i.test(error.message) || /_ALERT_/.test(code)) return new HttpTlsError(url, 'refused-by-peer', code, error.message);
  // A peer that drops the connection mid-handshake without an alert (node's TLS server does that to
  // a client certificate it does not trust) refused the session too.
  if (code === 'ECONNRESET' && /before secure TLS connection/.test(error.message)) return new HttpTlsError(url, 'refused-by-peer', code, error.message);
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) return new HttpTlsError(url, 'handshake', code, error.message);
  return new HttpConnectionError(url, code, error.message, reusedConnection);
}

/** Server or client options that cannot work, e.g. neither TLS nor an explicit `insecureHttp`. */
export class HttpConfigError extends Error {
  override readonly name = 'HttpConfigError';
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
  }
}
