/**
 * The evidence manifest: SHA-256 and size of every result file of a run (`allure-results/**` and
 * `junit.xml`), so an auditor can show later that the evidence is what the run wrote. The HTML
 * report is left out: it is derived from the results and can be re-rendered (`sgp32 report html`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { harnessIdentity } from './package-info';

export const MANIFEST_NAME = 'manifest.json';
export const REPORT_MANIFEST_FORMAT = 'sgp32-harness-report/1';
const COVERED = ['allure-results', 'junit.xml'];

export interface ManifestFile { path: string; sha256: string; size: number }
export interface ReportManifest {
  format: typeof REPORT_MANIFEST_FORMAT;
  created: string;
  harness: { version: string; commit: string };
  files: ManifestFile[];
}

export type ManifestProblem =
  | { kind: 'changed'; path: string; expected: string; actual: string }
  | { kind: 'missing'; path: string }
  | { kind: 'extra'; path: string }
  | { kind: 'unreadable'; path: string; detail: string };

/** The manifest is missing or is not one this harness wrote. */
export class ManifestError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'ManifestError';
  }
}

export function writeManifest(dir: string): { path: string; files: number } {
  const { version, commit } = harnessIdentity();
  const manifest: ReportManifest = {
    format: REPORT_MANIFEST_FORMAT,
    created: new Date().toISOString(),
    harness: { version, commit },
    files: coveredFiles(dir).map((path) => digest(dir, path)),
  };
  const file = join(dir, MANIFEST_NAME);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { path: file, files: manifest.files.length };
}

export function readReportManifest(dir: string): ReportManifest {
  const file = join(dir, MANIFEST_NAME);
  let m: ReportManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ReportManifest;
  } catch (e) {
    throw new ManifestError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no manifest (was this written by sgp32 run?)' : (e as Error).message);
  }
  if (m?.format !== REPORT_MANIFEST_FORMAT || !Array.isArray(m.files)) throw new ManifestError(file, `not a ${REPORT_MANIFEST_FORMAT} manifest`);
  return m;
}

/** Every difference between the manifest and the files now in `dir`; empty when the evidence is intact. */
export function verifyManifest(dir: string): ManifestProblem[] {
  const m = readReportManifest(dir);
  const listed = new Set(m.files.map((f) => f.path));
  const problems: ManifestProblem[] = [];
  for (const f of m.files) {
    if (!existsSync(join(dir, f.path))) {
      problems.push({ kind: 'missing', path: f.path });
      continue;
    }
    try {
      const now = digest(dir, f.path);
      if (now.sha256 !== f.sha256 || now.size !== f.size) problems.push({ kind: 'changed', path: f.path, expected: f.sha256, actual: now.sha256 });
    } catch (e) {
      problems.push({ kind: 'unreadable', path: f.path, detail: (e as Error).message });
    }
  }
  for (const path of coveredFiles(dir)) if (!listed.has(path)) problems.push({ kind: 'extra', path });
  return problems;
}

export function describeProblem(p: ManifestProblem): string {
  switch (p.kind) {
    case 'changed': return `changed: ${p.path} (manifest sha256 ${p.expected}, now ${p.actual})`;
    case 'missing': return `missing: ${p.path}`;
    case 'extra': return `not in the manifest: ${p.path}`;
    case 'unreadable': return `unreadable: ${p.path} (${p.detail})`;
  }
}

/** Paths relative to `dir`, with '/' separators, sorted so the manifest is stable. */
function coveredFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (abs: string) => {
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const e of readdirSync(abs)) walk(join(abs, e));
    else found.push(relative(dir, abs).split(sep).join('/'));
  };
  for (const c of COVERED) walk(join(dir, c));
  return found.sort();
}

function digest(dir: string, path: string): ManifestFile {
  const bytes = readFileSync(join(dir, path));
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}
