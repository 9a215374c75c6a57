/**
 * Acceptance of the eUICC suite against a card in another process: `sgp32 sim euicc --listen` serves
 * S_eUICC on the TCP APDU link with the run's PKI, `sgp32 run --iut euicc --config F` tests it as an
 * external IUT (state kept between scenarios, reset by the initial conditions), and every scenario must
 * get the verdict of the embedded run — all of them passed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePki, writePki } from '../../src/pki';
import { RunResult, runSgp32, startSgp32 } from './sgp32-process';

const TIMEOUT = 240_000;

/** Verdict per scenario title, to compare two runs. */
const verdictsOf = (r: RunResult) => Object.fromEntries([...r.verdicts].map(([name, v]) => [name, v.verdict]));

describe('eUICC suite against sgp32 sim euicc over TCP', { timeout: TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgp32-euicc-suite-'));
  const pkiDir = join(dir, 'pki');
  const started: ChildProcess[] = [];
  let endpoint = '';

  before(async () => {
    writePki(pkiDir, generatePki({ curves: ['nist', 'brp'] }));
    endpoint = await startSgp32(['sim', 'euicc', '--listen', '127.0.0.1:0', '--pki', pkiDir], started, (out) => /on tcp (\S+:\d+)/.exec(out)?.[1]);
  });
  after(() => {
    for (const c of started) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every scenario has the verdict of the embedded run', { timeout: TIMEOUT }, async () => {
    const config = join(dir, 'tcp.yaml');
    writeFileSync(config, [
      `pki: ${JSON.stringify(pkiDir)}`,
      'features: { O_EUICC_FALLBACK: true, O_EUICC_ECALL: true }',
      'iut:',
      '  euicc:',
      `    card: ${JSON.stringify(`tcp:${endpoint}`)}`,
      '    identity: sgp32 sim euicc (separate process)',
      '',
    ].join('\n'));
    // The two runs share nothing (the embedded one makes its own PKI and cards), so they run side by side.
    const [embedded, external] = await Promise.all([
      runSgp32(['run', '--iut', 'euicc', '--no-html', '--reports', join(dir, 'embedded')]),
      runSgp32(['run', '--iut', 'euicc', '--config', config, '--no-html', '--reports', join(dir, 'tcp')]),
    ]);
    assert.equal(embedded.code, 0, `the embedded run fails:\n${embedded.output}`);
    assert.ok(embedded.verdicts.size >= 34, `${embedded.verdicts.size} scenarios, expected at least 34`);
    assert.match(external.output, /configured IUT/);
    assert.deepEqual(verdictsOf(external), verdictsOf(embedded), external.output);
    assert.equal(external.code, 0, external.output);
  });

  it('a pcsc: card is refused with a clear error, not a hang', { timeout: 60_000 }, async () => {
    const config = join(dir, 'pcsc.yaml');
    writeFileSync(config, `pki: ${JSON.stringify(pkiDir)}\niut:\n  euicc:\n    card: "pcsc:Reader 0"\n`);
    const run = await runSgp32(['run', '--iut', 'euicc', '--config', config, '--no-html', '--reports', join(dir, 'pcsc'), '--tags', '@id:EUICC-ES10-INFO2-NOM-01']);
    assert.equal(run.code, 1);
    assert.match(run.output, /FAIL {2}EUICC-ES10-INFO2-NOM-01 .*CardAddressError: iut\.euicc\.card 'pcsc:Reader 0': PC\/SC readers are not available/);
  });
});
