/** The launched-IPA command line: shell-style words, placeholders, the options a scenario needs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IpaAdapterError } from '../../src/bench/ipa/adapter';
import { launchArgv, splitCommand } from '../../src/bench/ipa/launch';

describe('ipa suite: launch command line', () => {
  it('splits like a shell: quotes, escapes, no expansion', () => {
    assert.deepEqual(splitCommand(`ipa -n "my state.bin" -x '{a} b' c\\ d ""`), ['ipa', '-n', 'my state.bin', '-x', '{a} b', 'c d', '']);
    assert.throws(() => splitCommand('ipa "open'), IpaAdapterError);
  });

  it('fills placeholders and puts the needed options where {options} stands', () => {
    const launch = { command: 'ipa -c {card} {options} -y 0', options: { addInitialEim: '-f {addInitialEim}', stateChange: '--sc {stateChange}' } };
    const values = { card: 'vpcd:127.0.0.1:4000', addInitialEim: '/tmp/w/eim.der' };
    assert.deepEqual(launchArgv(launch, values, {}), ['ipa', '-c', 'vpcd:127.0.0.1:4000', '-y', '0']);
    assert.deepEqual(launchArgv(launch, values, { addInitialEim: true, stateChange: 'reset' }), ['ipa', '-c', 'vpcd:127.0.0.1:4000', '-f', '/tmp/w/eim.der', '--sc', 'reset', '-y', '0']);
  });

  it('names what is missing: an option the config does not give, a placeholder without value', () => {
    assert.throws(() => launchArgv({ command: 'ipa' }, {}, { compact: true }), /option 'compact'/);
    assert.throws(() => launchArgv({ command: 'ipa {nope}' }, { card: 'x' }, {}), /\{nope\}/);
  });
});
