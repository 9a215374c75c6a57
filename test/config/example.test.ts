/**
 * The example of `sgp32 config init`: valid as written, valid with every IUT block uncommented (and
 * each alternative in turn), and the commented form is the enabled form with `# ` inserted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig } from '../../src/bench/config';
import { configExample, exampleBlocks } from '../../src/bench/config-example';
import { OPTIONAL_FEATURES } from '../../src/bench/optional-features';
import { ALL_ON, exampleDir, load } from './helpers';


/** Removes the `# ` a disabled block inserts at its indentation. */
const uncomment = (line: string): string => line.replace(/^(\s*)# ?/, '$1');

describe('config example', () => {
  it('validates as written and resolves to the defaults (every role simulated)', () => {
    const { config } = load(configExample());
    assert.deepEqual(config, defaultConfig());
  });

  it('validates with every block uncommented, given the files it names', () => {
    const dir = exampleDir();
    const { config } = load(configExample(ALL_ON), dir);
    assert.deepEqual(Object.keys(config.iut).sort(), ['eim', 'euicc', 'ipa', 'smdpp']);
    assert.equal(config.pki, join(dir, 'pki'));
    assert.deepEqual(config.iut.smdpp?.es2Tls?.trust, [join(dir, 'certs/dp-tls-ca.pem')]);
    assert.equal(config.iut.ipa?.launch?.timeout, 30_000);
    assert.deepEqual(Object.keys(config.features).sort(), OPTIONAL_FEATURES.map((f) => f.id).sort());
  });

  for (const [role, defaults, alternatives] of [
    ['eim', ['eim.trigger.sim-rest'], ['eim.trigger.onomondo', 'eim.trigger.http', 'eim.trigger.shell', 'eim.trigger.manual']],
    ['ipa', ['ipa.launch'], ['ipa.running']],
    ['ipa', ['ipa.card.tcp'], ['ipa.card.vpcd']],
    ['euicc', ['euicc.card.tcp'], ['euicc.card.pcsc']],
  ] as const) {
    for (const alt of alternatives) {
      it(`validates with ${alt} in place of ${defaults.join(', ')}`, () => {
        const choice = { [role]: true, ...Object.fromEntries(defaults.map((d) => [d, false])), [alt]: true };
        const { config } = load(configExample(choice), exampleDir());
        assert.ok(config.iut[role]);
      });
    }
  }

  it('each disabled block is its enabled text with `# ` inserted, so uncommenting it is all a user does', () => {
    const ids = exampleBlocks().map((b) => b.id);
    for (const { id, on } of exampleBlocks()) {
      // A nested block is compared with its enclosing blocks on, as a user uncomments them first.
      const outer = Object.fromEntries(ids.filter((o) => id.startsWith(`${o}.`)).map((o) => [o, true]));
      const enabled = configExample({ ...outer, [id]: true }).split('\n');
      const disabled = configExample({ ...outer, [id]: false }).split('\n');
      assert.equal(enabled.length, disabled.length, id);
      const changed = enabled.filter((l, i) => l !== disabled[i]);
      assert.ok(changed.length > 0, id);
      enabled.forEach((l, i) => { if (l !== disabled[i]) assert.equal(uncomment(disabled[i]), l, `${id}: line ${i + 1}`); });
      assert.equal(configExample(), configExample({ [id]: on }));
    }
  });

  it('declares every known optional feature with its description, and explains every trigger adapter', () => {
    const text = configExample();
    for (const f of OPTIONAL_FEATURES) assert.ok(text.includes(`# ${f.id}: true`) && text.includes(f.description), f.id);
    for (const adapter of ['sim-rest', 'onomondo', 'http', 'shell', 'manual']) assert.match(text, new RegExp(`adapter: ${adapter}\\b`));
  });
});
