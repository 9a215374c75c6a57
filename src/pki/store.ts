/**
 * The certificates and keys the simulators sign and serve with, whoever made them: our own
 * `pki init` output, an explicit list of files, or a directory laid out like the GSMA SGP.26
 * test certificate set. Every credential is checked on load: the file parses, the key is an EC
 * key on an RSP curve and is the private half of the certificate's key.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Curve, CURVES, curveOfKey, UnsupportedCurveError } from '../crypto/curves';
import { keysMatch, readPrivateKey } from './builder';
import { CertInfo, parseCertificate } from './certificate';
import { MalformedCertificateError, PkiInputError } from './errors';
import { readManifest } from './manifest';
import { fromPem, isPem } from './pem';
import { Role } from './profiles';
import { Defect } from './variants';

export interface PkiCredential {
  /** Manifest id, or the certificate's file path. */
  readonly id: string;
  readonly role: Role;
  readonly curve: Curve;
  readonly cert: X509Certificate;
  readonly info: CertInfo;
  /** The certificates between this one and the CI, issuer first. */
  readonly chain: readonly X509Certificate[];
  readonly key: KeyObject;
  /** Null for a sound credential; the variant's defect otherwise (manifest input only). */
  readonly defect: Defect | null;
  /** The subject serialNumber: the EID of an eUICC. */
  readonly eid?: string;
}

/** Files of one credential: PEM or DER certificate, PKCS#8 or SEC1 key (PEM or DER). */
export interface CredentialFiles {
  readonly cert: string;
  readonly key: string;
  /**
   * Issuer first, up to but excluding the CI. Absent: the certificates after the first one in
   * a PEM `cert` file.
   */
  readonly chain?: readonly string[];
}

export interface PkiFiles {
  /** Trusted CI certificate files (a PEM file may hold several). */
  readonly trust: readonly string[];
  readonly roles: Partial<Record<Role, CredentialFiles | readonly CredentialFiles[]>>;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new PkiInputError('missing-file', file, (e as Error).message);
  }
}

/** Every certificate in a PEM file, or the one in a DER file. */
function readCertificates(file: string): CertInfo[] {
  const bytes = readBytes(file);
  const ders = isPem(bytes) ? fromPem(bytes.toString('latin1'), 'CERTIFICATE') : [bytes];
  if (ders.length === 0) throw new PkiInputError('not-a-certificate', file, 'PEM without a CERTIFICATE block');
  return ders.map((der) => {
    try {
      return parseCertificate(der, file);
    } catch (e) {
      if (e instanceof MalformedCertificateError) throw new PkiInputError('not-a-certificate', file, `${e.detail} (offset ${e.offset})`);
      throw e;
    }
  });
}

function readKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = readPrivateKey(readBytes(file));
  } catch (e) {
    if (e instanceof PkiInputError) throw e;
    throw new PkiInputError('not-a-key', file, `no PKCS#8 or SEC1 private key: ${(e as Error).message}`);
  }
  try {
    curveOfKey(key);
  } catch (e) {
    if (e instanceof UnsupportedCurveError) throw new PkiInputError('unsupported-curve', file, e.message);
    throw e;
  }
  return key;
}

function loadCredential(id: string, role: Role, files: CredentialFiles, defect: Defect | null = null): PkiCredential {
  const [info, ...rest] = readCertificates(files.cert);
  if (!info.curve) throw new PkiInputError('unsupported-curve', files.cert, `the certificate's key is ${info.keyDescription}`);
  const key = readKey(files.key);
  if (!keysMatch(key, info.x509.publicKey)) {
    throw new PkiInputError('key-mismatch', files.key, `is not the private key of ${files.cert} ('${info.subjectText}')`);
  }
  const chain = files.chain ? files.chain.flatMap(readCertificates) : rest;
  return { id, role, curve: info.curve, cert: info.x509, info, chain: chain.map((c) => c.x509), key, defect, eid: info.subjectSerialNumber };
}

/** SGP.26 names each file by role and curve suffix; the CI key is optional (only trust needs the CI). */
const SGP26: ReadonlyArray<{ role: Role; certs: readonly string[]; key: string; chain?: string }> = [
  { role: 'ci', certs: ['CertificateIssuer/CERT_CI_ECDSA_%'], key: 'CertificateIssuer/SK_CI_ECDSA_%.pem' },
  { role: 'eum', certs: ['EUM/CERT_EUM_ECDSA_%'], key: 'EUM/SK_EUM_ECDSA_%.pem' },
  { role: 'euicc', certs: ['eUICC/CERT_EUICC_ECDSA_%'], key: 'eUICC/SK_EUICC_ECDSA_%.pem', chain: 'EUM/CERT_EUM_ECDSA_%' },
  { role: 'dpAuth', certs: ['DPauth/CERT_S_SM_DPauth_ECDSA_%'], key: 'DPauth/SK_S_SM_DPauth_ECDSA_%.pem' },
  { role: 'dpPb', certs: ['DPpb/CERT_S_SM_DPpb_ECDSA_%'], key: 'DPpb/SK_S_SM_DPpb_ECDSA_%.pem' },
  // The osmo-ttcn3-hacks copy ships the TLS certificate only as the "VARO" variant, same key.
  { role: 'dpTls', certs: ['DPtls/CERT_S_SM_DP_TLS_%', 'DPtls/CERT_S_SM_DP_VARO_TLS_%'], key: 'DPtls/SK_S_SM_DP_TLS_%.pem' },
];
const SGP26_SUFFIX: Record<Curve, string> = { nist: 'NIST', brp: 'BRP' };

export class PkiStore {
  private constructor(
    /** Where the material came from, for error messages. */
    readonly source: string,
    readonly credentials: readonly PkiCredential[],
    private readonly trust: readonly CertInfo[],
  ) {}

  /** The output of `sgp32 pki init`: every entry of `<dir>/manifest.json`, defective ones included. */
  static fromManifest(dir: string): PkiStore {
    const m = readManifest(dir);
    const creds = m.entries.map((e) => loadCredential(e.id, e.role, {
      cert: join(dir, e.cert), key: join(dir, e.key), chain: e.chain.map((c) => join(dir, c)),
    }, e.defect));
    for (const c of creds) {
      const entry = m.entries.find((e) => e.id === c.id)!;
      if (c.curve !== entry.curve) throw new PkiInputError('bad-manifest', join(dir, entry.cert), `key is on ${c.curve}, the manifest says ${entry.curve}`);
    }
    const trust = Object.values(m.trustAnchors).flatMap((id) => {
      const e = m.entries.find((x) => x.id === id);
      if (!e) throw new PkiInputError('bad-manifest', join(dir, 'manifest.json'), `trust anchor '${id}' is not an entry`);
      return readCertificates(join(dir, e.cert));
    });
    return new PkiStore(dir, creds, trust);
  }

  /** An explicit set of files, e.g. a vendor's own PKI. */
  static fromFiles(files: PkiFiles): PkiStore {
    const creds = Object.entries(files.roles).flatMap(([role, spec]) => {
      const list = Array.isArray(spec) ? spec as readonly CredentialFiles[] : [spec as CredentialFiles];
      return list.map((f) => loadCredential(f.cert, role as Role, f));
    });
    const trust = files.trust.flatMap((f) => readCertificates(f).map((t) => {
      if (!t.curve) throw new PkiInputError('unsupported-curve', f, `trusted CI '${t.subjectText}' has a ${t.keyDescription} key`);
      return t;
    }));
    return new PkiStore(files.trust.join(', '), creds, trust);
  }

  /**
   * A directory laid out like the GSMA SGP.26 set (`CertificateIssuer/`, `EUM/`, `eUICC/`,
   * `DPauth/`, `DPpb/`, `DPtls/` with `_NIST` / `_BRP` files, certificates as .der or .pem).
   * A curve is present when its CI certificate is; a role is loaded when its certificate is.
   */
  static fromSgp26(dir: string): PkiStore {
    const find = (pattern: string, curve: Curve) => {
      const base = join(dir, pattern.replace('%', SGP26_SUFFIX[curve]));
      return ['.der', '.pem'].map((ext) => base + ext).find((f) => existsSync(f));
    };
    const creds: PkiCredential[] = [];
    const trust: CertInfo[] = [];
    for (const curve of CURVES) {
      const ciFile = find(SGP26[0].certs[0], curve);
      if (!ciFile) continue;
      trust.push(...readCertificates(ciFile));
      for (const r of SGP26) {
        const cert = r.certs.map((p) => find(p, curve)).find((f) => f);
        const key = join(dir, r.key.replace('%', SGP26_SUFFIX[curve]));
        if (!cert || (r.role === 'ci' && !existsSync(key))) continue;
        const chain = r.chain ? find(r.chain, curve) : undefined;
        if (r.chain && !chain) throw new PkiInputError('missing-file', join(dir, r.chain.replace('%', SGP26_SUFFIX[curve])), `needed as the chain of ${cert}`);
        const c = loadCredential(cert, r.role, { cert, key, chain: chain ? [chain] : [] });
        if (c.curve !== curve) throw new PkiInputError('unsupported-curve', cert, `named ${SGP26_SUFFIX[curve]} but its key is on ${c.curve}`);
        creds.push(c);
      }
    }
    if (trust.length === 0) throw new PkiInputError('missing-role', dir, 'no CertificateIssuer/CERT_CI_ECDSA_NIST or _BRP certificate: not an SGP.26 layout');
    return new PkiStore(dir, creds, trust);
  }

  /** Curves with a trusted CI. */
  get curves(): Curve[] {
    return CURVES.filter((c) => this.trust.some((t) => t.curve === c));
  }

  /** Trusted CI certificates, of one curve or all. */
  trustedCis(curve?: Curve): X509Certificate[] {
    return this.trust.filter((t) => !curve || t.curve === curve).map((t) => t.x509);
  }

  /** The sound credential of a role on a curve. */
  get(role: Role, curve: Curve): PkiCredential {
    const c = this.credentials.find((x) => x.role === role && x.curve === curve && x.defect === null);
    if (!c) throw new PkiInputError('missing-role', this.source, `no ${role} certificate on ${curve}`);
    return c;
  }

  has(role: Role, curve: Curve): boolean {
    return this.credentials.some((x) => x.role === role && x.curve === curve && x.defect === null);
  }

  byId(id: string): PkiCredential | undefined {
    return this.credentials.find((c) => c.id === id);
  }

  /** Defective credentials, optionally of one role, curve or defect. */
  variants(filter: { role?: Role; curve?: Curve; defect?: Defect } = {}): PkiCredential[] {
    return this.credentials.filter((c) => c.defect !== null
      && (!filter.role || c.role === filter.role) && (!filter.curve || c.curve === filter.curve) && (!filter.defect || c.defect === filter.defect));
  }
}
