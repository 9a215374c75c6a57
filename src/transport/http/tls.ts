/**
 * TLS settings shared by the servers and clients. SGP.32 asks for TLS 1.2 at least; RSP certificates
 * are on NIST P-256 or brainpoolP256r1 (SGP.22 §2.6.5). With Node 20 / OpenSSL 3.0, brainpoolP256r1
 * needs two things, found by trying every combination on loopback (test/transport/http/tls.test.ts):
 *  - TLS 1.2 only. OpenSSL 3.0 has no TLS 1.3 signature scheme for brainpool keys, and a server
 *    holding a brainpool certificate that accepts TLS 1.3 fails the handshake
 *    (ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM) instead of falling back to 1.2. Servers with a
 *    brainpool certificate and clients presenting one therefore cap at TLS 1.2.
 *  - brainpoolP256r1 in the client's supported_groups. In TLS 1.2 that list also bounds the curves
 *    of ECDSA certificates the server may use (RFC 8422 §5.1.1); Node's default list lacks
 *    brainpool, so the server finds no usable certificate (ERR_SSL_NO_SHARED_CIPHER). Both sides
 *    set `ecdhCurve` to TLS_GROUPS.
 */
import { X509Certificate, KeyObject } from 'node:crypto';
import type { SecureVersion } from 'node:tls';
import { Curve } from '../../crypto/curves';

/** Key exchange groups offered and accepted: the usual two, then brainpoolP256r1 for RSP certificates. */
export const TLS_GROUPS = 'X25519:prime256v1:brainpoolP256r1';
export const TLS_MIN_VERSION: SecureVersion = 'TLSv1.2';

/** A certificate with its private key, e.g. a PkiCredential (roles eimTls, dpTls, es2plusClient). */
export interface TlsCredential {
  readonly cert: X509Certificate;
  readonly key: KeyObject;
  readonly curve: Curve;
  /** Issuer first, up to but excluding the trust anchor; sent after the certificate. */
  readonly chain?: readonly X509Certificate[];
}

/** A trusted certificate: an X509Certificate, or PEM text / bytes. */
export type TrustedCert = X509Certificate | string | Uint8Array;

export function pemOf(cert: TrustedCert): string {
  if (cert instanceof X509Certificate) return cert.toString();
  return typeof cert === 'string' ? cert : Buffer.from(cert).toString('latin1');
}

/** The highest version a party holding `credential` can complete a handshake with. */
export function maxVersionFor(credential: TlsCredential | undefined): SecureVersion {
  return credential?.curve === 'brp' ? 'TLSv1.2' : 'TLSv1.3';
}

/** `cert` / `key` options of node:tls for a credential: the certificate then its chain, PKCS#8 PEM. */
export function credentialOptions(credential: TlsCredential): { cert: string; key: string } {
  return {
    cert: [credential.cert, ...(credential.chain ?? [])].map(pemOf).join(''),
    key: credential.key.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
