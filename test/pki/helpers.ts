/** Shared by the PKI tests: the CLI, openssl, and one generated PKI per process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneratedCert, GeneratedPki, generatePki } from '../../src/pki';

/** The compiled CLI next to this compiled test, whatever the outDir. */
export const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
export const EID = '89049032123451234512345678901235';

export function sgp32(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function tempDir(prefix = 'sgp32-pki-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const HAVE_OPENSSL = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;

export interface OpensslResult { readonly code: number | null; readonly ok: boolean; readonly errors: { error: number; depth: number; text: string }[]; readonly output: string }

/** `openssl verify …`, with every `error N at D depth lookup: text` line it printed. */
export function opensslVerify(args: readonly string[]): OpensslResult {
  const r = spawnSync('openssl', ['verify', ...args], { encoding: 'utf8', timeout: 30_000 });
  const output = `${r.stdout}${r.stderr}`;
  const errors = [...output.matchAll(/error (\d+) at (\d+) depth lookup: ?(.*)/g)].map((m) => ({ error: Number(m[1]), depth: Number(m[2]), text: m[3] }));
  return { code: r.status, ok: r.status === 0 && /: OK\s*$/.test(r.stdout), errors, output };
}

let shared: GeneratedPki | undefined;
/** One in-memory PKI for the unit tests of a process (generation takes ~0.1 s). */
export function sharedPki(): GeneratedPki {
  return (shared ??= generatePki({ eid: EID }));
}

export function certOf(pki: GeneratedPki, id: string): GeneratedCert {
  const c = pki.certs.find((x) => x.id === id);
  if (!c) throw new Error(`no certificate ${id} in the generated PKI`);
  return c;
}
