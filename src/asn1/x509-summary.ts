/** A readable digest of X.509 values for JSON renderings (reports, CLI); the DER stays the truth. */
import type { Name, Time } from '@peculiar/asn1-x509';
import { toHex } from './hex';
import type { X509Value } from './x509';

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST',
  '2.5.4.10': 'O', '2.5.4.11': 'OU',
};
const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'prime256v1', '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
};

function nameText(name: Name): string {
  return name.map((rdn) => rdn.map((a) => `${ATTRIBUTE_NAMES[a.type] ?? a.type}=${a.value.toString()}`).join('+')).join(', ');
}
function timeText(t: Time | undefined): string | undefined {
  return t?.getTime().toISOString();
}
function curveOf(params: ArrayBuffer | null | undefined): string | undefined {
  const b = params && new Uint8Array(params);
  if (!b || b[0] !== 0x06) return undefined;
  let oid = '', n = 0;
  for (let i = 2; i < b.length; i++) {
    n = n * 128 + (b[i] & 0x7f);
    if (b[i] & 0x80) continue;
    oid += oid ? `.${n}` : n < 80 ? `${Math.floor(n / 40)}.${n % 40}` : `2.${n - 80}`;
    n = 0;
  }
  return CURVES[oid] ?? oid;
}

export function summarizeX509(v: X509Value): Record<string, unknown> {
  try {
    if (v.kind === 'Certificate') {
      const tbs = (v as X509Value<'Certificate'>).parsed.tbsCertificate;
      return {
        serialNumber: toHex(new Uint8Array(tbs.serialNumber)),
        issuer: nameText(tbs.issuer),
        subject: nameText(tbs.subject),
        notBefore: timeText(tbs.validity.notBefore),
        notAfter: timeText(tbs.validity.notAfter),
        curve: curveOf(tbs.subjectPublicKeyInfo.algorithm.parameters),
      };
    }
    if (v.kind === 'SubjectPublicKeyInfo') {
      const spki = (v as X509Value<'SubjectPublicKeyInfo'>).parsed;
      return { algorithm: spki.algorithm.algorithm, curve: curveOf(spki.algorithm.parameters), publicKey: toHex(new Uint8Array(spki.subjectPublicKey)) };
    }
    const tbs = (v as X509Value<'CertificateList'>).parsed.tbsCertList;
    return { issuer: nameText(tbs.issuer), thisUpdate: timeText(tbs.thisUpdate), nextUpdate: timeText(tbs.nextUpdate) };
  } catch (e) {
    return { error: `not a valid ${v.kind}: ${(e as Error).message}` };
  }
}
