/**
 * The ipa conformance suite against a third-party IPAd (SGP32_IPAD_BIN, e.g. onomondo-ipa's build,
 * which speaks SGP.32 v1.0): `sgp32 run --iut ipa` with a configuration that launches the IPAd per
 * poll cycle as a client of a private pcscd (nsenter into its mount namespace), S_eUICC inserted in
 * pcscd's vpcd reader, S_eIM over plain HTTP (-S: the IPAd has no trust anchor for the test CI). The
 * test asserts that the run completes and prints every scenario's verdict; which ones pass is the
 * interoperability finding, not a property of the harness. Without SGP32_IPAD_BIN it skips, on CI
 * too (the project never builds third-party code).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcscSkip, PrivatePcscd, probePcsc, requirePcsc } from '../transport/card/pcscd';

const IPAD = process.env.SGP32_IPAD_BIN;
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const RUN_MS = 600_000;

const word = (w: string) => (/^[\w@%+=:,./{}-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

describe('ipa suite against a third-party IPAd over PC/SC (SGP.32 v1.0)', () => {
  const setup = probePcsc();
  const skip = IPAD ? pcscSkip(setup) : 'SGP32_IPAD_BIN is not set (the path of an IPAd binary, e.g. onomondo-ipa\'s build/src/ipa/ipa; the project never builds third-party code)';
  let dir: string | undefined;
  let pcscd: PrivatePcscd | undefined;

  after(async () => {
    await pcscd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('INTEROP-IPAD-SUITE-01 sgp32 run --iut ipa completes against the IPAd', { skip, timeout: RUN_MS + 30_000 }, async (t) => {
    requirePcsc(setup);
    assert.ok(existsSync(IPAD!), `SGP32_IPAD_BIN: no file ${IPAD}`);
    dir = mkdtempSync(join(tmpdir(), 'sgp32-interop-ipa-suite-'));
    pcscd = await PrivatePcscd.start(setup);
    // Each launch runs in the scenario's work directory, with its own nvstate file.
    const command = pcscd.clientArgv([IPAD!, '-r', '0', '-n', '{workDir}/nvstate.bin', '-S', '-y', '0', '{options}'], '{workDir}').map(word).join(' ');
    const config = join(dir, 'onomondo-ipa.yaml');
    writeFileSync(config, [
      'version: v1.0',
      'features: { O_I_ADD_INITIAL_EIM: true, O_I_STATE_CHANGE: false, O_I_COMPACT: false, O_I_DIRECT_DOWNLOAD: false, O_I_INJECTION: false }',
      'timeouts: { exchange: 10000, step: 60000, iut: 40000 }',
      'iut:',
      '  ipa:',
      '    identity: third-party IPAd (SGP32_IPAD_BIN)',
      '    insecureHttp: true',
      `    card: { vpcd: "127.0.0.1:${pcscd.port}" }`,
      '    launch:',
      `      command: ${JSON.stringify(command)}`,
      '      options: { addInitialEim: "-f {addInitialEim}" }',
      '',
    ].join('\n'));

    const { code, output, timedOut } = await new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'run', '--iut', 'ipa', '--no-html', '--reports', join(dir!, 'reports'), '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let killed = false;
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, RUN_MS);
      child.once('error', reject);
      child.once('close', (c) => { clearTimeout(timer); resolve({ code: c, output: out, timedOut: killed }); });
    });
    assert.ok(!timedOut, `sgp32 run did not finish within ${RUN_MS} ms\n${output}`);
    assert.ok(code === 0 || code === 1, `sgp32 run ended with ${code}\n${output}`);
    const verdicts = output.split('\n').filter((l) => /^(pass|FAIL|skip) {2}/.test(l));
    assert.ok(verdicts.length >= 24, `only ${verdicts.length} scenarios reported\n${output}`);
    assert.match(output, /^ipa +\d+ +\d+ +\d+$/m, output);
    t.diagnostic(output);
  });
});
