/**
 * Acceptance of the ipa suite with a separate-process IUT: `sgp32 run --iut ipa` once with the
 * embedded S_IPA and once with `sgp32 sim ipa --once` launched per poll cycle on a TCP card link.
 * Every scenario must get the same verdict, except those the launched configuration declares an
 * optional feature unsupported for (eIM Package injection needs an IPA that stays up), which skip.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runSgp32 } from './sgp32-process';

const RUN_MS = 240_000;

describe('ipa suite: embedded S_IPA and `sgp32 sim ipa` launched per cycle agree', () => {
  it('gives every scenario the same verdict', { timeout: RUN_MS + 10_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-ipa-suite-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const config = join(dir, 'launched.yaml');
    const command = [process.execPath, CLI, 'sim', 'ipa', '--card', '{card}', '--pki', '{pkiDir}', '--version', '{version}', '--once', '--dp', '{smdpAddress}={smdpUrl}', '{options}']
      .map((w) => JSON.stringify(w).slice(1, -1).replace(/ /g, '\\ ')).join(' ');
    writeFileSync(config, [
      'version: v1.2',
      'features: { O_I_ADD_INITIAL_EIM: true, O_I_STATE_CHANGE: true, O_I_COMPACT: true, O_I_DIRECT_DOWNLOAD: true, O_I_INJECTION: false }',
      'iut:',
      '  ipa:',
      '    identity: sgp32 sim ipa (separate process)',
      '    card: { tcp: "127.0.0.1:0" }',
      '    launch:',
      `      command: ${JSON.stringify(command)}`,
      '      options: { addInitialEim: "--add-initial-eim {addInitialEim}", stateChange: "--state-change {stateChange}", compact: "--compact", direct: "--direct" }',
      '',
    ].join('\n'));

    const [embedded, launched] = await Promise.all([
      runSgp32(['run', '--iut', 'ipa', '--no-html', '--reports', join(dir, 'embedded')], RUN_MS),
      runSgp32(['run', '--iut', 'ipa', '--no-html', '--reports', join(dir, 'launched'), '--config', config], RUN_MS),
    ]);
    assert.equal(embedded.code, 0, embedded.output);
    assert.equal(launched.code, 0, launched.output);
    assert.ok(embedded.verdicts.size >= 24, `only ${embedded.verdicts.size} scenarios ran\n${embedded.output}`);
    assert.deepEqual([...launched.verdicts.keys()].sort(), [...embedded.verdicts.keys()].sort());
    const differ: string[] = [];
    for (const [id, e] of embedded.verdicts) {
      const l = launched.verdicts.get(id)!;
      const undeclared = l.verdict === 'skip' && /optional feature O_I_INJECTION/.test(l.line);
      if (l.verdict !== e.verdict && !undeclared) differ.push(`${id}: embedded ${e.verdict}, launched ${l.verdict}\n  ${l.line}`);
    }
    assert.deepEqual(differ, [], `${differ.join('\n')}\n\nlaunched run:\n${launched.output}`);
    t.diagnostic([...launched.verdicts.values()].map((v) => v.line).join('\n'));
  });
});
