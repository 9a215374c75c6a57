/**
 * Issues X.509 v3 certificates: the structure comes from @peculiar/asn1-x509, the ECDSA
 * signature (SHA-256, DER Ecdsa-Sig-Value as RFC 5758 §3.2 wants) from node:crypto, which
 * signs on brainpoolP256r1 as well as on P-256.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, Certificate, Extension, Extensions, Name, SubjectPublicKeyInfo, TBSCertificate, Validity, Version,
} from '@peculiar/asn1-x509';
import { Curve, CURVE_INFO } from '../crypto/curves';
import { OID } from './oids';

export interface KeyPair { readonly privateKey: KeyObject; readonly publicKey: KeyObject }

export function generateKeyPair(curve: Curve): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: CURVE_INFO[curve].nodeName });
}

/** Each key is exported once: a chain names its issuer's key in every certificate below it. */
const spkiCache = new WeakMap<KeyObject, SubjectPublicKeyInfo>();

export function spkiOf(publicKey: KeyObject): SubjectPublicKeyInfo {
  let spki = spkiCache.get(publicKey);
  if (!spki) spkiCache.set(publicKey, (spki = AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo)));
  return spki;
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value (as `openssl ... hash`). */
export function keyIdOf(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(Buffer.from(spkiOf(publicKey).subjectPublicKey)).digest();
}

/** An extension with its value DER-encoded from a @peculiar object. */
export function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** Who signs: its subject becomes the issuer name, its key signs. */
export interface Issuer { readonly name: Name; readonly privateKey: KeyObject }

export interface CertificateTemplate {
  readonly subject: Name;
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Extension[];
  /** Positive, at most 20 octets (RFC 5280 §4.1.2.2); random 8 octets if absent. */
  readonly serialNumber?: Buffer;
}

export interface SignOptions {
  /**
   * Key that actually produces the signature, when it must differ from the issuer's (a
   * well-formed signature that does not verify under the issuer's key).
   */
  readonly signatureKey?: KeyObject;
}

function randomSerial(): Buffer {
  const s = randomBytes(8);
  s[0] = (s[0] & 0x7f) | 0x40; // positive and exactly 8 octets in minimal DER
  return s;
}

const ECDSA_SHA256 = new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 });

/** DER of the certificate `template` describes, signed by `issuer` (or by itself: pass its own name and key). */
export function issueCertificate(template: CertificateTemplate, issuer: Issuer, opts: SignOptions = {}): Buffer {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(template.serialNumber ?? randomSerial()).buffer,
    signature: ECDSA_SHA256,
    issuer: issuer.name,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: template.subject,
    subjectPublicKeyInfo: spkiOf(template.publicKey),
    extensions: new Extensions([...template.extensions]),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, opts.signatureKey ?? issuer.privateKey);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: ECDSA_SHA256, signatureValue: new Uint8Array(signature).buffer });
  const der = Buffer.from(AsnConvert.serialize(cert));
  // The signature covers tbsDer; the whole must contain exactly those bytes.
  if (!der.includes(tbsDer)) throw new Error('internal: certificate re-encoding changed the signed TBSCertificate');
  return der;
}

/** PKCS#8 PEM of a private key (the format `pki init` writes). */
export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** True if `privateKey` is the private half of `publicKey`. */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return a.equals(publicKey.export({ type: 'spki', format: 'der' }));
}

/** A private key from PEM (PKCS#8 or SEC1 "EC PRIVATE KEY") or DER (either); throws node's error otherwise. */
export function readPrivateKey(bytes: Buffer): KeyObject {
  if (bytes.includes('-----BEGIN ')) return createPrivateKey(bytes);
  try {
    return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: bytes, format: 'der', type: 'sec1' });
  }
}
