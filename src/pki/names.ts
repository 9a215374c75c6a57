/** Distinguished names: building them like SGP.26 does, printing them, and matching them. */
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { OID } from './oids';

export type AttrName = 'C' | 'O' | 'OU' | 'CN' | 'serialNumber';
/** RDNs in order, one attribute each (all SGP.26 names are built so). */
export type NameSpec = ReadonlyArray<readonly [AttrName, string]>;

const TYPE: Record<AttrName, string> = {
  C: OID.countryName, O: OID.organizationName, OU: OID.organizationalUnitName, CN: OID.commonName, serialNumber: OID.serialNumber,
};
const SHORT = new Map<string, string>(Object.entries(TYPE).map(([k, v]) => [v, k]));

/** X.520 makes countryName and serialNumber PrintableString; SGP.26 uses UTF8String elsewhere. */
export function buildName(spec: NameSpec): Name {
  return new Name(spec.map(([attr, value]) => new RelativeDistinguishedName([
    new AttributeTypeAndValue({
      type: TYPE[attr],
      value: new AttributeValue(attr === 'C' || attr === 'serialNumber' ? { printableString: value } : { utf8String: value }),
    }),
  ])));
}

export interface NameAttr { readonly type: string; readonly value: string }

export function rdnsOf(name: Name): NameAttr[][] {
  return name.map((rdn) => rdn.map((a) => ({ type: a.type, value: a.value.toString() })));
}

/** `C=ES, O=RSP Test EUM, CN=EUM Test` (multi-valued RDNs joined with `+`). */
export function nameText(name: Name): string {
  return rdnsOf(name).map((rdn) => rdn.map((a) => `${SHORT.get(a.type) ?? a.type}=${a.value}`).join('+')).join(', ');
}

/** The first value of attribute `type` (an OID), e.g. the EID in an eUICC subject's serialNumber. */
export function attributeOf(name: Name, type: string): string | undefined {
  for (const rdn of rdnsOf(name)) for (const a of rdn) if (a.type === type) return a.value;
  return undefined;
}

/** Comparison form of a value: RFC 5280 §7.1 case folding and space folding, as OpenSSL does. */
const fold = (v: string): string => v.trim().replace(/\s+/g, ' ').toLowerCase();

function rdnEqual(a: readonly NameAttr[], b: readonly NameAttr[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => y.type === x.type && fold(y.value) === fold(x.value)));
}

export function namesEqual(a: Name, b: Name): boolean {
  const ra = rdnsOf(a), rb = rdnsOf(b);
  return ra.length === rb.length && ra.every((rdn, i) => rdnEqual(rdn, rb[i]));
}

/**
 * RFC 5280 §4.2.1.10 directoryName constraint: `base`'s RDNs are the first RDNs of `subject`,
 * whole RDN by whole RDN. This is all OpenSSL checks.
 */
export function withinDirectorySubtree(subject: Name, base: Name): boolean {
  const rs = rdnsOf(subject), rb = rdnsOf(base);
  return rb.length <= rs.length && rb.every((rdn, i) => rdnEqual(rdn, rs[i]));
}

/**
 * The SGP.22 reading of an EUM's directoryName constraint (§4.5.2.1, EUM certificate): every
 * attribute of the base appears in the eUICC subject with the same value, except serialNumber,
 * which the eUICC's EID (its subject serialNumber) must start with.
 */
export function withinEinSubtree(subject: Name, base: Name): boolean {
  const subjectAttrs = rdnsOf(subject).flat();
  return rdnsOf(base).flat().every((b) => {
    if (b.type === OID.serialNumber) {
      const eid = subjectAttrs.find((s) => s.type === OID.serialNumber)?.value;
      return eid !== undefined && eid.startsWith(b.value.trim());
    }
    return subjectAttrs.some((s) => s.type === b.type && fold(s.value) === fold(b.value));
  });
}
