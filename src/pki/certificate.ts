/**
 * A certificate read once into the facts chain validation and the store need. Parsing is strict
 * about structure and says where it breaks: the TLV layer (via the harness codec, which reports
 * the offset), the RFC 5280 skeleton, then each extension this module interprets.
 */
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier, BasicConstraints, Certificate, CertificatePolicies, ExtendedKeyUsage, KeyUsage, Name, NameConstraints,
  SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { AsnDecodeError, codec, tlvSpans, TlvSpan } from '../asn1';
import { Curve, curveOfKey, UnsupportedCurveError } from '../crypto/curves';
import { MalformedCertificateError } from './errors';
import { attributeOf, nameText } from './names';
import { OID } from './oids';
import { fromPem, isPem } from './pem';

/** A certificate as PEM text, DER bytes or a node:crypto X509Certificate. */
export type CertInput = string | Uint8Array | X509Certificate;

export interface CertInfo {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  readonly cert: Certificate;
  readonly subject: Name;
  readonly issuer: Name;
  readonly subjectText: string;
  readonly issuerText: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signatureAlgorithm: string;
  /** The key's RSP curve, or undefined with `keyDescription` saying what it is instead. */
  readonly curve: Curve | undefined;
  readonly keyDescription: string;
  readonly policies: readonly string[];
  /** KeyUsageFlags bits, undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  readonly extKeyUsage: readonly string[] | undefined;
  readonly ca: boolean;
  readonly pathLen: number | undefined;
  readonly subjectKeyId: Buffer | undefined;
  readonly authorityKeyId: Buffer | undefined;
  readonly nameConstraints: NameConstraints | undefined;
  /** The subject serialNumber attribute: the EID in an eUICC certificate. */
  readonly subjectSerialNumber: string | undefined;
}

function derOf(input: CertInput, source: string): Buffer {
  if (input instanceof X509Certificate) return input.raw;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input.buffer, input.byteOffset, input.length);
  if (!isPem(bytes)) return bytes;
  const [der] = fromPem(bytes.toString('latin1'), 'CERTIFICATE');
  if (!der) throw new MalformedCertificateError(source, 0, 'PEM text without a CERTIFICATE block');
  return der;
}

/** Checks the TLV tags of a SEQUENCE's components against a pattern (`?` marks optional tags). */
function expectTags(der: Buffer, source: string, what: string, parent: TlvSpan, pattern: readonly string[]): TlvSpan[] {
  const spans = tlvSpans(der, what, parent.start, parent.end);
  let i = 0;
  for (const p of pattern) {
    const optional = p.endsWith('?'), tag = parseInt(p, 16);
    if (spans[i]?.tag === tag) { i++; continue; }
    if (optional) continue;
    const at = spans[i]?.offset ?? parent.end;
    throw new MalformedCertificateError(source, at, `${what}: expected tag ${p.toUpperCase()} here, found ${spans[i] ? spans[i].tag.toString(16).toUpperCase() : 'the end of the SEQUENCE'}`);
  }
  if (i < spans.length) throw new MalformedCertificateError(source, spans[i].offset, `${what}: unexpected component with tag ${spans[i].tag.toString(16).toUpperCase()}`);
  return spans;
}

/** RFC 5280 §4.1 layout, checked before the typed parse so that errors carry an offset. */
function checkSkeleton(der: Buffer, source: string): Map<string, number> {
  try {
    codec('PKIX1Explicit88').decode('Certificate', der);
  } catch (e) {
    if (e instanceof AsnDecodeError) throw new MalformedCertificateError(source, e.offset, e.detail);
    throw e;
  }
  const [outer] = tlvSpans(der, 'Certificate');
  const [tbs] = expectTags(der, source, 'Certificate', outer, ['30', '30', '03']);
  const fields = expectTags(der, source, 'TBSCertificate', tbs, ['a0?', '02', '30', '30', '30', '30', '30', '81?', '82?', 'a1?', 'a2?', 'a3?']);
  // Where each extension starts, so that a bad extension value is reported at its own offset.
  const offsets = new Map<string, number>();
  const exts = fields[fields.length - 1];
  if (exts.tag === 0xa3) {
    const [list] = tlvSpans(der, 'Extensions', exts.start, exts.end);
    if (!list) throw new MalformedCertificateError(source, exts.offset, 'extensions [3] is empty');
    for (const ext of tlvSpans(der, 'Extension', list.start, list.end)) {
      const [oid] = tlvSpans(der, 'Extension', ext.start, ext.end);
      if (!oid) throw new MalformedCertificateError(source, ext.offset, 'an extension is empty');
      offsets.set(oidText(der.subarray(oid.start, oid.end)), ext.offset);
    }
  }
  return offsets;
}

function oidText(b: Uint8Array): string {
  const parts: number[] = [];
  let n = 0;
  for (const byte of b) {
    n = n * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
    else parts.push(n);
    n = 0;
  }
  return parts.join('.');
}

export function parseCertificate(input: CertInput, source = 'certificate'): CertInfo {
  const der = derOf(input, source);
  const extOffsets = checkSkeleton(der, source);
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (e) {
    throw new MalformedCertificateError(source, 0, `not an RFC 5280 Certificate: ${(e as Error).message}`);
  }
  let x509: X509Certificate;
  try {
    x509 = input instanceof X509Certificate ? input : new X509Certificate(der);
    // OpenSSL reads the key lazily: a key it cannot load is part of the certificate being malformed.
    void x509.publicKey;
  } catch (e) {
    throw new MalformedCertificateError(source, 0, `OpenSSL refuses it: ${(e as Error).message}`);
  }
  const tbs = cert.tbsCertificate;
  const ext = <T>(id: string, type: new () => T): T | undefined => {
    const e = tbs.extensions?.find((x) => x.extnID === id);
    if (!e) return undefined;
    try {
      return AsnConvert.parse(e.extnValue.buffer, type);
    } catch (err) {
      throw new MalformedCertificateError(source, extOffsets.get(id) ?? 0, `extension ${id}: ${(err as Error).message}`);
    }
  };
  let curve: Curve | undefined, keyDescription: string;
  try {
    curve = curveOfKey(x509.publicKey);
    keyDescription = curve;
  } catch (e) {
    if (!(e instanceof UnsupportedCurveError)) throw e;
    curve = undefined;
    keyDescription = x509.publicKey.asymmetricKeyDetails?.namedCurve ?? e.found;
  }
  const bc = ext(OID.basicConstraints, BasicConstraints);
  const ski = ext(OID.subjectKeyIdentifier, SubjectKeyIdentifier);
  const aki = ext(OID.authorityKeyIdentifier, AuthorityKeyIdentifier);
  return {
    der,
    x509,
    cert,
    subject: tbs.subject,
    issuer: tbs.issuer,
    subjectText: nameText(tbs.subject),
    issuerText: nameText(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    signatureAlgorithm: cert.signatureAlgorithm.algorithm,
    curve,
    keyDescription,
    policies: Array.from(ext(OID.certificatePolicies, CertificatePolicies) ?? [], (p) => p.policyIdentifier),
    keyUsage: ext(OID.keyUsage, KeyUsage)?.toNumber(),
    extKeyUsage: ((e) => e && Array.from(e))(ext(OID.extKeyUsage, ExtendedKeyUsage)),
    ca: bc?.cA ?? false,
    pathLen: bc?.pathLenConstraint,
    subjectKeyId: ski && Buffer.from(ski.buffer),
    authorityKeyId: aki?.keyIdentifier && Buffer.from(aki.keyIdentifier.buffer),
    nameConstraints: ext(OID.nameConstraints, NameConstraints),
    subjectSerialNumber: attributeOf(tbs.subject, OID.serialNumber),
  };
}
