/**
 * `pki init` output: PEM files under `<dir>/<curve>/` and `<dir>/manifest.json` listing every one.
 *
 * Layout: `<id>.pem` is a certificate, `<id>.key.pem` its PKCS#8 private key; ids are
 * `<curve>/<role>` for the valid set and `<curve>/defects/<variant>` for the defective ones.
 * Certificates that exist only inside another certificate's chain (the defective EUMs) are listed
 * under `chainOnly` and have no key file.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Curve, CURVES } from '../crypto/curves';
import { privateKeyPem } from './builder';
import { PkiInputError } from './errors';
import { GeneratedPki } from './generate';
import { toPem } from './pem';
import { isRole, Role } from './profiles';
import { Defect, DEFECTS } from './variants';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'sgp32-harness-pki/1';

export interface ManifestEntry {
  readonly id: string;
  readonly role: Role;
  readonly curve: Curve;
  /** Paths relative to the manifest's directory. */
  readonly cert: string;
  readonly key: string;
  /** Id of the issuing certificate, null for a self-signed root. */
  readonly issuer: string | null;
  /** True when the certificate and its chain must be accepted. */
  readonly valid: boolean;
  readonly defect: Defect | null;
  /** Why it must be rejected (null when valid). */
  readonly reason: string | null;
  /** The role policy OID the certificate carries. */
  readonly policy: string;
  /** Certificate paths between this certificate and its root, issuer first (for `-untrusted`). */
  readonly chain: readonly string[];
  /** Id of the self-signed root the chain ends at. */
  readonly root: string;
  readonly subject: string;
  readonly eid?: string;
}

export interface ChainOnlyEntry {
  readonly id: string;
  readonly role: Role;
  readonly curve: Curve;
  readonly cert: string;
  readonly issuer: string | null;
  readonly defect: Defect | null;
  readonly subject: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly generatedAt: string;
  readonly eid: string;
  readonly ein: string;
  readonly curves: readonly Curve[];
  /** The trusted CI of each curve, by id. */
  readonly trustAnchors: Readonly<Partial<Record<Curve, string>>>;
  readonly entries: readonly ManifestEntry[];
  readonly chainOnly: readonly ChainOnlyEntry[];
}

/** Writes the PEM files and manifest.json; returns the manifest. Replaces an earlier `pki init` in `dir`. */
export function writePki(dir: string, pki: GeneratedPki): Manifest {
  // Only a directory an earlier `pki init` wrote is cleared, never somebody else's files.
  if (existsSync(join(dir, MANIFEST_FILE))) {
    readManifest(dir);
    for (const c of CURVES) rmSync(join(dir, c), { recursive: true, force: true });
  }
  const certPath = (id: string) => `${id}.pem`;
  const write = (rel: string, text: string, mode?: number) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text, { mode });
  };
  const entries: ManifestEntry[] = [], chainOnly: ChainOnlyEntry[] = [];
  for (const c of pki.certs) {
    write(certPath(c.id), toPem('CERTIFICATE', c.der));
    const subject = c.subject;
    if (!c.presented) {
      chainOnly.push({ id: c.id, role: c.role, curve: c.curve, cert: certPath(c.id), issuer: c.issuer, defect: c.defect, subject });
      continue;
    }
    const key = `${c.id}.key.pem`;
    write(key, privateKeyPem(c.keys.privateKey), 0o600);
    entries.push({
      id: c.id, role: c.role, curve: c.curve, cert: certPath(c.id), key, issuer: c.issuer, valid: c.defect === null,
      defect: c.defect, reason: c.reason, policy: c.policy, chain: c.chain.map(certPath), root: c.root, subject,
      ...(c.eid ? { eid: c.eid } : {}),
    });
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    generatedAt: pki.generatedAt.toISOString(),
    eid: pki.eid,
    ein: pki.ein,
    curves: pki.curves,
    trustAnchors: Object.fromEntries(pki.curves.map((c) => [c, `${c}/ci`])),
    entries,
    chainOnly,
  };
  write(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks `<dir>/manifest.json` (shape only; the files are read by PkiStore). */
export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PkiInputError(missing ? 'missing-file' : 'bad-manifest', file, missing ? 'no manifest (run sgp32 pki init)' : (e as Error).message);
  }
  const bad = (detail: string): never => { throw new PkiInputError('bad-manifest', file, detail); };
  if (m?.format !== MANIFEST_FORMAT) bad(`format is ${JSON.stringify(m?.format)}, expected ${MANIFEST_FORMAT}`);
  if (!Array.isArray(m.entries)) bad('entries is not a list');
  m.entries.forEach((e, i) => {
    if (typeof e?.cert !== 'string' || typeof e.key !== 'string') bad(`entries[${i}] lacks cert or key`);
    if (!isRole(e.role)) bad(`entries[${i}].role '${e.role}' is not one of the PKI roles`);
    if (!(CURVES as readonly string[]).includes(e.curve)) bad(`entries[${i}].curve '${e.curve}' is not nist or brp`);
    if (e.defect !== null && !(DEFECTS as readonly string[]).includes(e.defect)) bad(`entries[${i}].defect '${e.defect}' is unknown`);
  });
  return m;
}
