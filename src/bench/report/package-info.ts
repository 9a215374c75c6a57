/**
 * The harness's own identity for evidence: its package root, version and git commit. An
 * out-of-tree build (`tsc --outDir elsewhere`) has no package.json above it but links the
 * checkout's node_modules, so the root is also found through that link.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = 'sgp32-harness';

export interface HarnessIdentity {
  root?: string;
  version: string;
  /** `git rev-parse HEAD` of the checkout, or 'unknown' when it is not one. */
  commit: string;
  /** True when tracked files differ from the commit (the evidence was made by unrecorded code). */
  modified?: boolean;
}

let cached: HarnessIdentity | undefined;

export function harnessIdentity(): HarnessIdentity {
  if (cached) return cached;
  const root = packageRoot(__dirname);
  if (!root) return (cached = { version: 'unknown', commit: 'unknown' });
  const version = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown');
  const commit = git(root, ['rev-parse', 'HEAD']);
  const status = commit ? git(root, ['status', '--porcelain', '--untracked-files=no']) : undefined;
  return (cached = { root, version, commit: commit ?? 'unknown', ...(status !== undefined ? { modified: status !== '' } : {}) });
}

function packageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isHarness(dir)) return dir;
    const modules = join(dir, 'node_modules');
    if (existsSync(modules)) {
      const linked = dirname(realpathSync(modules));
      if (isHarness(linked)) return linked;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function isHarness(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === NAME;
  } catch {
    return false;
  }
}

function git(cwd: string, args: string[]): string | undefined {
  if (!existsSync(join(cwd, '.git'))) return undefined;
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return undefined;
  }
}
