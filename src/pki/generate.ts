/**
 * Generates the test PKI in memory: per curve a CI, the EUM and eUICC under it, the SM-DP+,
 * eIM and operator certificates, an unknown CI, and the defective variants of variants.ts.
 * Fresh keys every time; nothing here touches the disk (manifest.ts writes it out).
 */
import { KeyObject } from 'node:crypto';
import { Name } from '@peculiar/asn1-x509';
import { Curve } from '../crypto/curves';
import { generateKeyPair, issueCertificate, KeyPair } from './builder';
import { assertEid, DEFAULT_EIN, generateEid } from './eid';
import { buildName, NameSpec, nameText } from './names';
import { EUM_COUNTRY, EUM_ORGANIZATION, ExtensionOverrides, PROFILES, profileExtensions, Role, ROLES } from './profiles';
import { Defect, Variant, VARIANTS } from './variants';

export interface GeneratedCert {
  /** `<curve>/<name>` for the valid set, `<curve>/defects/<name>` for variants. */
  readonly id: string;
  readonly role: Role;
  readonly curve: Curve;
  readonly der: Buffer;
  readonly subject: string;
  readonly keys: KeyPair;
  /** Id of the issuing certificate; null for self-signed roots. */
  readonly issuer: string | null;
  /** Ids of the certificates between this one and its root, issuer first. */
  readonly chain: readonly string[];
  /** Id of the self-signed root the path ends at (itself for a root). */
  readonly root: string;
  readonly defect: Defect | null;
  readonly reason: string | null;
  /** The role policy the certificate carries. */
  readonly policy: string;
  readonly eid?: string;
  /** False for certificates that exist only inside another one's chain (a defective EUM). */
  readonly presented: boolean;
}

export interface GeneratedPki {
  readonly generatedAt: Date;
  readonly eid: string;
  /** The EUM's EID prefix (its nameConstraints serialNumber). */
  readonly ein: string;
  readonly curves: readonly Curve[];
  readonly certs: readonly GeneratedCert[];
}

export interface GenerateOptions {
  readonly curves?: readonly Curve[];
  /** The eUICC's EID; its first 8 digits become the EUM's EIN. A fresh one when absent. */
  readonly eid?: string;
  /** The issuance time every validity period is counted from. */
  readonly now?: Date;
  /** Further host names or IP addresses of the TLS certificates (besides localhost and 127.0.0.1). */
  readonly tlsNames?: readonly string[];
}

/** SGP.26's EIN (serialNumber=89049032): "89", country code, issuer identifier. */
const EIN_DIGITS = 8;
/** RFC 5280 §4.1.2.5: GeneralizedTime 99991231235959Z means "no well-defined expiration date". */
const UNBOUNDED = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

function years(from: Date, n: number): Date {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return d;
}

/** A different EIN of the same length: the last digit moved on by one. */
function otherEin(ein: string): string {
  return ein.slice(0, -1) + String((Number(ein.at(-1)) + 1) % 10);
}

interface Made { readonly gen: GeneratedCert; readonly name: Name }

interface MakeOptions {
  readonly subject?: NameSpec;
  readonly validity?: readonly [Date, Date];
  readonly overrides?: ExtensionOverrides;
  readonly signatureKey?: KeyObject;
  readonly defect?: Variant;
  readonly presented?: boolean;
}

function generateCurve(curve: Curve, eid: string, ein: string, now: Date, tlsNames: readonly string[]): GeneratedCert[] {
  const out: GeneratedCert[] = [];
  const make = (id: string, role: Role, issuer: Made | 'self', o: MakeOptions = {}): Made => {
    const profile = PROFILES[role];
    const keys = generateKeyPair(curve);
    const name = buildName(o.subject ?? profile.subject({ curve, eid }));
    const [notBefore, notAfter] = o.validity ?? [
      profile.ca ? years(now, -5) : new Date(now.getTime() - 86_400_000),
      profile.lifetime === 'unbounded' ? UNBOUNDED : years(now, profile.lifetime),
    ];
    const up = issuer === 'self' ? undefined : issuer.gen;
    const der = issueCertificate(
      { subject: name, publicKey: keys.publicKey, notBefore, notAfter, extensions: profileExtensions(profile, keys.publicKey, up?.keys.publicKey, ein, { ...o.overrides, tlsNames }) },
      { name: issuer === 'self' ? name : issuer.name, privateKey: up?.keys.privateKey ?? keys.privateKey },
      { signatureKey: o.signatureKey },
    );
    const gen: GeneratedCert = {
      id, role, curve, der, subject: nameText(name), keys,
      issuer: up?.id ?? null,
      chain: !up || up.issuer === null ? [] : [up.id, ...up.chain],
      root: up?.root ?? id,
      defect: o.defect?.defect ?? null,
      reason: o.defect?.reason ?? null,
      policy: o.overrides?.policy ?? profile.policy,
      eid: role === 'euicc' ? (o.subject?.find(([a]) => a === 'serialNumber')?.[1] ?? eid) : undefined,
      presented: o.presented ?? true,
    };
    out.push(gen);
    return { gen, name };
  };

  const valid = new Map<Role, Made>();
  for (const role of ROLES) {
    const p = PROFILES[role];
    valid.set(role, make(`${curve}/${role}`, role, p.issuer === 'self' ? 'self' : valid.get(p.issuer)!));
  }
  const ci = valid.get('ci')!, eum = valid.get('eum')!;
  const unknownVariant = VARIANTS.find((v) => v.defect === 'unknown-ci' && v.role === 'ci')!;
  // Named like SGP.26's unknown CI, with the full CI profile: only its absence from the trust set is wrong.
  const unknownCi = make(`${curve}/defects/${unknownVariant.name}`, 'ci', 'self', {
    subject: [['C', 'XX'], ['O', 'Unknown CI'], ['CN', 'Unknown Certificate Issuer']], defect: unknownVariant,
  });

  const expired = [years(now, -3), years(now, -1)] as const;
  const notYetValid = [years(now, 1), years(now, 3)] as const;
  for (const v of VARIANTS) {
    if (v === unknownVariant) continue;
    const id = `${curve}/defects/${v.name}`;
    const defectOptions: MakeOptions = {
      defect: v,
      overrides: v.overrides,
      validity: v.defect === 'expired' ? expired : v.defect === 'not-yet-valid' ? notYetValid : undefined,
      signatureKey: v.defect === 'bad-signature' ? generateKeyPair(curve).privateKey : undefined,
      subject: v.defect === 'eid-mismatch'
        ? [['C', EUM_COUNTRY], ['O', 'Other Test EUM'], ['serialNumber', generateEid(otherEin(ein))], ['CN', 'Test eUICC']]
        : undefined,
    };
    const normalIssuer = PROFILES[v.role].issuer === 'eum' ? eum : ci;
    if (v.carrier === 'self') {
      make(id, v.role, v.defect === 'unknown-ci' ? unknownCi : normalIssuer, defectOptions);
      continue;
    }
    // The defect is in the EUM: generate one for this variant, then a sound eUICC under it.
    const badEum = make(`${curve}/defects/eum-${v.defect}`, 'eum', v.defect === 'unknown-ci' ? unknownCi : ci, {
      ...defectOptions,
      subject: [['C', EUM_COUNTRY], ['O', EUM_ORGANIZATION], ['CN', `EUM Test ${v.defect}`]],
      presented: false,
    });
    make(id, v.role, badEum, { defect: v });
  }
  return out;
}

export function generatePki(opts: GenerateOptions = {}): GeneratedPki {
  const eid = opts.eid === undefined ? generateEid(DEFAULT_EIN) : assertEid(opts.eid);
  const ein = eid.slice(0, EIN_DIGITS);
  // Certificate times have whole seconds.
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const curves = opts.curves ?? ['nist', 'brp'];
  return { generatedAt: now, eid, ein, curves, certs: curves.flatMap((c) => generateCurve(c, eid, ein, now, opts.tlsNames ?? [])) };
}
