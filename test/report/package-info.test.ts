/** The harness identity written into evidence: from the checkout, or from an image's build record. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_INFO, harnessIdentity, identityAt } from '../../src/bench/report/package-info';

function installedCopy(buildInfo?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'sgp32-identity-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'sgp32-harness', version: '9.8.7' }));
  if (buildInfo !== undefined) writeFileSync(join(root, BUILD_INFO), buildInfo);
  return root;
}

describe('harness identity', () => {
  it('a checkout names its git commit', () => {
    const me = harnessIdentity();
    assert.match(me.commit, /^[0-9a-f]{40}$/);
    assert.equal(typeof me.modified, 'boolean');
  });

  it('a copy without git takes the commit and modified flag of its build record', () => {
    const sha = 'a'.repeat(40);
    const root = installedCopy(JSON.stringify({ commit: sha, modified: true }));
    try {
      assert.deepEqual(identityAt(root), { root, version: '9.8.7', commit: sha, modified: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a missing or malformed build record gives commit unknown, never a made-up one', () => {
    for (const record of [undefined, '{"commit":"main"}', 'not json']) {
      const root = installedCopy(record);
      try {
        assert.deepEqual(identityAt(root), { root, version: '9.8.7', commit: 'unknown' }, String(record));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    assert.deepEqual(identityAt(undefined), { version: 'unknown', commit: 'unknown' });
  });
});
