/** The scenario trace names each message from its bytes and its direction, as the report shows it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec } from '../../src/asn1';
import { ScenarioTrace } from '../../src/bench/trace';

const c = codec();
const EID = Buffer.from('89049032123451234512345678901235', 'hex');

describe('ScenarioTrace', () => {
  it('names ESipa bodies by their type and keeps hex and decoded JSON, sender and receiver', () => {
    const t = new ScenarioTrace();
    const ipa = t.sink('S_IPA', 'eIM (IUT)');
    ipa.record({ time: 1, interface: 'esipa', direction: 'out', endpoint: 'https://eim', bytes: c.encode('GetEimPackageRequest', { eidValue: EID }) });
    ipa.record({ time: 2, interface: 'esipa', direction: 'in', endpoint: 'https://eim', bytes: c.encode('GetEimPackageResponse', { eimPackageError: 1 }) });
    assert.deepEqual(t.messages.map((m) => [m.seq, m.from, m.to, m.title]), [
      [1, 'S_IPA', 'eIM (IUT)', 'GetEimPackageRequest'], [2, 'eIM (IUT)', 'S_IPA', 'GetEimPackageResponse']]);
    assert.equal(t.messages[0].hex.toUpperCase(), `BF4F125A10${EID.toString('hex').toUpperCase()}`);
    assert.deepEqual(t.messages[1].decoded, { eimPackageError: 1 });
  });
  it('tells an APDU command from its response by the recorder side, so a shared tag decodes as the right type', () => {
    const t = new ScenarioTrace();
    const card = t.sink('S_eUICC', 'IPA (IUT)', 'card');
    const request = Buffer.from('BF2000', 'hex');
    card.record({ time: 1, interface: 'apdu', direction: 'in', endpoint: 'tcp', bytes: Buffer.concat([Buffer.from('80E2910003', 'hex'), request]) });
    const info1 = c.encode('EUICCInfo1', { svn: Buffer.from('020300', 'hex'), euiccCiPKIdListForVerification: [], euiccCiPKIdListForSigning: [] });
    card.record({ time: 2, interface: 'apdu', direction: 'out', endpoint: 'tcp', bytes: Buffer.concat([info1, Buffer.from('9000', 'hex')]) });
    assert.equal(t.messages[0].title, 'C-APDU STORE DATA: GetEuiccInfo1Request');
    assert.equal(t.messages[0].from, 'IPA (IUT)');
    assert.equal(t.messages[1].title, 'R-APDU 9000: EUICCInfo1');
    assert.deepEqual(t.messages[1].decoded, { svn: '020300', euiccCiPKIdListForVerification: [], euiccCiPKIdListForSigning: [] });
  });
  it('shows JSON bodies decoded and undecodable bytes as such; since(mark) gives what came later', () => {
    const t = new ScenarioTrace();
    const s = t.sink('S_IPA', 'SM-DP+ (IUT)');
    s.record({ time: 1, interface: 'es9plus', direction: 'out', endpoint: 'u', bytes: Buffer.from('{"a":1}') });
    const mark = t.mark();
    s.record({ time: 2, interface: 'es9plus', direction: 'in', endpoint: 'u', bytes: Buffer.from('0102', 'hex') });
    assert.deepEqual(t.messages[0].decoded, { a: 1 });
    assert.deepEqual(t.since(mark).map((m) => m.title), ['bytes (not decodable)']);
  });
});
