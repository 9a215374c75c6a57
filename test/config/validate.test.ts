/** loadConfig: each kind of problem with its line, column and field path; all of them at once. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/bench/config-file';
import { OPTIONAL_FEATURES } from '../../src/bench/optional-features';
import { MANIFEST, PEM, problemAt, problems, tempDir, writeTree } from './helpers';

describe('config problems', () => {
  it('YAML that does not parse names its line and column', () => {
    const p = problems('version: v1.2\ncurves: [nist\n');
    assert.equal(p[0].path, 'YAML');
    assert.equal(p[0].line, 3);
  });

  it('a duplicate key is a YAML problem at the second key', () => {
    problemAt(problems('version: v1.2\nversion: v1.0\n'), 'YAML', 2, 1, /unique/);
  });

  it('unknown keys, at any depth, list the known ones', () => {
    const p = problems('verison: v1.2\ntimeouts:\n  stepp: 5s\niut:\n  smdp: {}\n');
    problemAt(p, 'verison', 1, 1, /unknown key \(expected one of version, curves, pki/);
    problemAt(p, 'timeouts.stepp', 3, 3, /expected one of exchange, step, iut/);
    problemAt(p, 'iut.smdp', 5, 3, /expected one of eim, ipa, euicc, smdpp/);
  });

  it('wrong types', () => {
    const p = problems('curves: nist\ntimeouts: 5\nsimulators:\n  host: [a]\nfeatures: [O_X]\n');
    problemAt(p, 'curves', 1, 9, /got "nist" \(expected a list\)/);
    problemAt(p, 'timeouts', 2, 11, /got 5 \(expected a map with keys exchange, step, iut\)/);
    problemAt(p, 'simulators.host', 4, 9, /got a list \(expected a host or address\)/);
    problemAt(p, 'features', 5, 11, /expected a map/);
  });

  it('bad enums: version, curves, bindings, trigger adapter', () => {
    const p = problems([
      'version: v1.3',
      'curves: [nist, p384]',
      'iut:',
      '  eim:',
      '    esipa: { url: "https://e.example", binding: xml }',
      '    trigger: { adapter: soap }',
      '  smdpp: { es9: "https://dp.example", binding: der }',
    ].join('\n'));
    problemAt(p, 'version', 1, 10, /got "v1.3" \(expected 'v1.2' or 'v1.0'\)/);
    problemAt(p, 'curves[1]', 2, 16, /expected 'nist' or 'brp'/);
    problemAt(p, 'iut.eim.esipa.binding', 5, 49, /expected 'asn1' or 'json'/);
    problemAt(p, 'iut.eim.trigger.adapter', 6, 25, /expected 'sim-rest', 'onomondo', 'http', 'shell' or 'manual'/);
    problemAt(p, 'iut.smdpp.binding', 7, 48, /expected 'json' or 'asn1'/);
  });

  it('URLs: not a URL, a scheme not allowed there (ES9+ and ES2+ need https)', () => {
    const p = problems([
      'iut:',
      '  eim:',
      '    esipa: { url: "eim.example.com" }',
      '    trigger: { adapter: sim-rest, url: "ftp://x.example" }',
      '  smdpp:',
      '    es9: http://dp.example',
      '    es2: https://dp.example:9443',
    ].join('\n'));
    problemAt(p, 'iut.eim.esipa.url', 3, 19, /not a URL \(expected an https:\/\/ URL or an http:\/\/ URL\)/);
    problemAt(p, 'iut.eim.trigger.url', 4, 40, /uses ftp:/);
    problemAt(p, 'iut.smdpp.es9', 6, 10, /uses http:\/\/ \(expected an https:\/\/ URL\)/);
    assert.equal(p.length, 3);
  });

  it('ports 0..65535, host:port endpoints and card addresses', () => {
    const p = problems([
      'simulators: { eimPort: 65536, smdppPort: -1, cardPort: 1.5 }',
      'iut:',
      '  ipa: { running: true, card: { tcp: "localhost" } }',
      '  euicc: { card: "usb:1" }',
    ].join('\n'));
    problemAt(p, 'simulators.eimPort', 1, 24, /got 65536 \(expected a TCP port, 0..65535\)/);
    problemAt(p, 'simulators.smdppPort', 1, 42, /TCP port/);
    problemAt(p, 'simulators.cardPort', 1, 56, /TCP port/);
    problemAt(p, 'iut.ipa.card.tcp', 3, 38, /expected HOST:PORT/);
    problemAt(p, 'iut.euicc.card', 4, 18, /expected tcp:HOST:PORT or pcsc:READER NAME/);
  });

  it('durations: milliseconds or a number with a unit', () => {
    const { config } = load('timeouts: { exchange: 500ms, step: 2m, iut: 1500 }\n');
    assert.deepEqual(config.timeouts, { exchange: 500, step: 120_000, iut: 1500 });
    assert.equal(load('timeouts: { step: 1.5s }\n').config.timeouts.step, 1500);
    const p = problems('timeouts:\n  exchange: 10 sec\n  step: 0\n  iut: -5s\n');
    problemAt(p, 'timeouts.exchange', 2, 13, /got "10 sec" \(expected a duration: milliseconds, or a number with ms, s, m or h/);
    problemAt(p, 'timeouts.step', 3, 9, /duration/);
    problemAt(p, 'timeouts.iut', 4, 8, /duration/);
  });

  it('files that must exist: the PKI directory with its manifest, PEM files, a working directory', () => {
    const dir = writeTree(tempDir(), { 'empty/x': '', 'not-pem.pem': 'hello', 'ca.pem': PEM });
    const p = problems([
      'pki: empty',
      'iut:',
      '  eim:',
      '    esipa: { url: "https://e.example", tls: { trust: [ca.pem, not-pem.pem, gone.pem] } }',
      '    trigger: { adapter: manual }',
      '  ipa: { launch: { command: ./ipa, cwd: ca.pem }, card: { vpcd: 127.0.0.1 } }',
    ].join('\n'), dir);
    problemAt(p, 'pki', 1, 6, /'empty' \(.*empty\) has no usable manifest.json: .*no manifest/);
    problemAt(p, 'iut.eim.esipa.tls.trust[1]', 4, 63, /holds no PEM block; expected a PEM file, relative to the config file's directory/);
    problemAt(p, 'iut.eim.esipa.tls.trust[2]', 4, 76, /'gone.pem' \(.*gone.pem\) does not exist/);
    problemAt(p, 'iut.ipa.launch.cwd', 6, 41, /is not a directory/);
    assert.equal(p.length, 4);
  });

  it('optional-feature mnemonics', () => {
    const known = OPTIONAL_FEATURES[0]?.id ?? 'O_ANY_FEATURE';
    const p = problems(`features:\n  ${known}: true\n  not-a-feature: true\n  O_NO_SUCH_FEATURE: yes\n`);
    problemAt(p, 'features.not-a-feature', 3, 3, /optional.feature/);
    if (OPTIONAL_FEATURES.length) problemAt(p, 'features.O_NO_SUCH_FEATURE', 4, 3, new RegExp(`unknown optional feature 'O_NO_SUCH_FEATURE' \\(expected one of ${known}`));
    assert.equal(load(`features:\n  ${known}: false\n`).config.features[known], false);
  });

  it('booleans are YAML 1.2 booleans (yes is text)', () => {
    problemAt(problems('iut:\n  ipa: { running: yes, card: { tcp: "h:1" } }\n'), 'iut.ipa.running', 2, 19, /got "yes" \(expected true or false\)/);
  });

  it('missing required fields and contradicting ones', () => {
    const dir = writeTree(tempDir(), { 'c.pem': PEM });
    const p = problems([
      'iut:',
      '  eim:',
      '    esipa: { binding: json }',
      '  ipa:',
      '    card: { tcp: "h:1", vpcd: "h" }',
      '  smdpp:',
      '    es9: https://dp.example',
      '    tls: { cert: c.pem, keyPassphrase: s3cret }',
      '  euicc: {}',
    ].join('\n'), dir);
    problemAt(p, 'iut.eim.esipa.url', 3, 5, /is missing \(required\)/);
    problemAt(p, 'iut.eim.trigger', 2, 3, /is missing/);
    problemAt(p, 'iut.ipa.card', 5, 5, /expected exactly one of vpcd, tcp/);
    problemAt(p, 'iut.smdpp.tls.key', 8, 5, /needs both cert and key/);
    problemAt(p, 'iut.smdpp.tls.keyPassphrase', 8, 25, /without key/);
    problemAt(p, 'iut.euicc.card', 9, 3, /is missing/);
  });

  it("the eIM's signing curve must be one of curves", () => {
    problemAt(problems('curves: [brp]\niut:\n  eim:\n    esipa: { url: "https://e.example" }\n    trigger: { adapter: manual }\n    curve: nist\n'), 'iut.eim.curve', 2, 1, /'nist' is not among curves \(expected one of brp\)/);
  });

  it('ES2+ TLS without ES2+', () => {
    problemAt(problems('iut:\n  smdpp:\n    es9: https://dp.example\n    es2Tls: { insecure: true }\n'), 'iut.smdpp.es2Tls', 4, 5, /is given without es2/);
  });

  it('an IPA needs launch or running, not both', () => {
    problemAt(problems('iut:\n  ipa:\n    card: { tcp: "h:1" }\n'), 'iut.ipa', 2, 3, /expected launch: \{command: …\} or running: true/);
    problemAt(problems('iut:\n  ipa:\n    card: { tcp: "h:1" }\n    launch: { command: x }\n    running: true\n'), 'iut.ipa.running', 5, 5, /while launch is given/);
  });

  it('collects every problem and prints each as FILE:LINE:COL: path: message', () => {
    const dir = tempDir();
    const file = join(dir, 'sgp32.yaml');
    writeTree(dir, { 'sgp32.yaml': 'version: 1.2\ncurves: []\nsimulators: { host: "", eimPort: x }\n' });
    assert.throws(() => loadConfig(file), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const lines = e.message.split('\n');
      assert.equal(lines[0], `${file}: 4 problems in the configuration`);
      assert.deepEqual(lines.slice(1).map((l) => l.slice(file.length)), [
        `:1:10: version: got 1.2 (expected 'v1.2' or 'v1.0')`,
        ':2:9: curves: the list is empty (expected at least 1 item)',
        ':3:21: simulators.host: got "" (expected a host or address)',
        ':3:34: simulators.eimPort: got "x" (expected a TCP port, 0..65535)',
      ]);
      return true;
    });
  });

  it('a file that cannot be read is a ConfigError naming it', () => {
    assert.throws(() => loadConfig('/no/such/sgp32.yaml'), (e: unknown) => e instanceof ConfigError && /\/no\/such\/sgp32.yaml:1:1: \(file\): cannot be read \(ENOENT\)/.test(e.message));
  });

  it('the PKI directory check accepts a real manifest', () => {
    const dir = writeTree(tempDir(), { 'pki/manifest.json': MANIFEST });
    assert.equal(load('pki: pki\n', dir).config.pki, join(dir, 'pki'));
  });
});

function load(yaml: string, dir = tempDir()) {
  writeTree(dir, { 'sgp32.yaml': yaml });
  return loadConfig(join(dir, 'sgp32.yaml'));
}
