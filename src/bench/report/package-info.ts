/**
 * The harness's own identity for evidence: its package root, version and git commit. An
 * out-of-tree build (`tsc --outDir elsewhere`) has no package.json above it but links the
 * checkout's node_modules, so the root is also found through that link. An installed copy with no
 * checkout (the container image) carries the commit it was built from in `build-info.json`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = 'sgp32-harness';
/** Written by docker/Dockerfile: `{ "commit": "<sha>", "modified": <bool> }` of the build context. */
export const BUILD_INFO = 'build-info.json';

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
  cached ??= identityAt(packageRoot(__dirname));
  return cached;
}

/** The identity of the harness copy at `root`: version from package.json, commit from git or the build record. */
export function identityAt(root: string | undefined): HarnessIdentity {
  if (!root) return { version: 'unknown', commit: 'unknown' };
  const version = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown');
  const commit = git(root, ['rev-parse', 'HEAD']);
  if (!commit) return { root, version, ...builtFrom(root) };
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return { root, version, commit, ...(status !== undefined ? { modified: status !== '' } : {}) };
}

/** The commit recorded at image build time, or 'unknown'. */
function builtFrom(root: string): Pick<HarnessIdentity, 'commit' | 'modified'> {
  try {
    const info = JSON.parse(readFileSync(join(root, BUILD_INFO), 'utf8')) as { commit?: unknown; modified?: unknown };
    if (typeof info.commit === 'string' && /^[0-9a-f]{40}$/.test(info.commit)) {
      return { commit: info.commit, ...(typeof info.modified === 'boolean' ? { modified: info.modified } : {}) };
    }
  } catch {
    // No record: a copy that is neither a checkout nor a built image.
  }
  return { commit: 'unknown' };
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
