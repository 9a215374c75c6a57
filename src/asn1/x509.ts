/**
 * X.509 values inside RSP messages (certificates, public keys, CRLs). The codec keeps their DER
 * exactly as received — they are signed, so re-encoding must not change a bit — and hands out the
 * typed structure from @peculiar/asn1-x509 on demand, so messages that carry certificates decode
 * at TLV speed and only the callers that look inside pay for the X.509 parse.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { Certificate, CertificateList, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { X509Kind } from './schema';

const CLASSES = { Certificate, SubjectPublicKeyInfo, CertificateList } as const;
type Parsed<K extends X509Kind> = InstanceType<(typeof CLASSES)[K]>;

/** Parsed structures, kept off the value so that two values with the same DER stay deep-equal. */
const parsedCache = new WeakMap<X509Value, unknown>();

export class X509Value<K extends X509Kind = X509Kind> {
  /** `der` is the complete DER encoding, starting with the SEQUENCE tag 30. */
  constructor(readonly kind: K, readonly der: Uint8Array) {}

  /** The typed structure; throws if the DER is not a valid `kind`. */
  get parsed(): Parsed<K> {
    let p = parsedCache.get(this) as Parsed<K> | undefined;
    if (!p) parsedCache.set(this, (p = AsnParser.parse(this.der, CLASSES[this.kind] as never) as Parsed<K>));
    return p;
  }
}
