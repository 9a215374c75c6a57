/**
 * The messages S_IPA assembles around relayed card answers are exactly what the codec would encode
 * for the same values (property tests over schema-drawn answers, both versions), and the small
 * parsers (activation codes, tagLists) take and refuse what they should.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arbitraryFor, codec, fromHex, SpecVersion, toHex } from '../../../src/asn1';
import { parseActivationCode } from '../../../simulators/ipa/activation-code';
import { parseTagList } from '../../../simulators/ipa/data-request';
import { Cycle } from '../../../simulators/ipa/cycle';
import { packageResult, provideEimPackageResultDer } from '../../../simulators/ipa/eim-result';
import { choiceFrom, sequenceFrom, transactionRequest } from '../../../simulators/ipa/relay';

const RUNS = 25;
const rsp = codec('RSPDefinitions');

/** Values of `type` drawn from its schema. */
const values = (version: SpecVersion, type: string) => arbitraryFor(codec('SGP32Definitions', version).node(type)) as fc.Arbitrary<Record<string, any>>;

describe('S_IPA relayed messages equal the codec\'s encoding', () => {
  const tid = fromHex('0102030405060708');

  it('AuthenticateClientRequest(Esipa), GetBoundProfilePackageRequest(Esipa), CancelSessionRequest(Esipa|Es9)', () => {
    const c = codec('SGP32Definitions', 'v1.2');
    const cases: [string, string, string, string][] = [
      ['AuthenticateClientRequestEsipa', 'authenticateServerResponse', 'AuthenticateServerResponse', 'SGP32'],
      ['GetBoundProfilePackageRequestEsipa', 'prepareDownloadResponse', 'PrepareDownloadResponse', 'SGP32'],
      ['CancelSessionRequestEsipa', 'cancelSessionResponse', 'CancelSessionResponse', 'SGP32'],
      ['AuthenticateClientRequest', 'authenticateServerResponse', 'AuthenticateServerResponse', 'RSP'],
      ['GetBoundProfilePackageRequest', 'prepareDownloadResponse', 'PrepareDownloadResponse', 'RSP'],
      ['CancelSessionRequestEs9', 'cancelSessionResponse', 'CancelSessionResponse', 'RSP'],
    ];
    for (const [type, member, answerType, module] of cases) {
      const m = module === 'RSP' ? rsp : c;
      fc.assert(fc.property(arbitraryFor(m.node(answerType)) as fc.Arbitrary<Record<string, any>>, (answer) => {
        const built = transactionRequest(m, type, tid, member, m.encode(answerType, answer));
        assert.equal(toHex(built), toHex(m.encode(type, { transactionId: tid, [member]: answer })), type);
      }), { numRuns: RUNS, seed: 7 });
    }
  });

  for (const version of ['v1.2', 'v1.0'] as const) {
    it(`${version}: handleNotificationEsipa and ES9+ HandleNotification around a PendingNotification`, () => {
      const c = codec('SGP32Definitions', version);
      fc.assert(fc.property(values(version, 'PendingNotification'), (n) => {
        const whole = c.encode('PendingNotification', n);
        assert.equal(toHex(choiceFrom(c.node('HandleNotificationEsipa'), 'pendingNotification', whole)), toHex(c.encode('HandleNotificationEsipa', { pendingNotification: n })));
        if (!n.profileInstallationResult && !n.otherSignedNotification) return;
        assert.equal(toHex(sequenceFrom(rsp.node('HandleNotification'), { pendingNotification: whole })), toHex(rsp.encode('HandleNotification', { pendingNotification: n })));
      }), { numRuns: RUNS, seed: 11 });
    });

    it(`${version}: ProvideEimPackageResult with ePRAndNotifications from the card's answers`, () => {
      const c = codec('SGP32Definitions', version);
      const eid = fromHex('89049032123451234512345678901235');
      const cycle = { codec: c, version, eid, options: {}, log: () => undefined } as unknown as Cycle;
      fc.assert(fc.property(values(version, 'EuiccPackageResult'), fc.array(values(version, 'PendingNotification'), { maxLength: 3 }), (epr, list) => {
        const bytes = c.encode('RetrieveNotificationsListResponse', { notificationList: list });
        const result = packageResult(cycle, c.encode('EuiccPackageResult', epr), { value: { notificationList: list }, bytes });
        assert.equal(result.alternative, 'ePRAndNotifications');
        const built = provideEimPackageResultDer(cycle, result.alternative, result.whole);
        const alternative = { ePRAndNotifications: { euiccPackageResult: epr, notificationList: version === 'v1.2' ? list : { notificationList: list } } };
        const expected = version === 'v1.2' ? { eidValue: eid, eimPackageResult: alternative } : alternative;
        assert.equal(toHex(built), toHex(c.encode('ProvideEimPackageResult', expected)));
      }), { numRuns: RUNS, seed: 13 });
    });
  }
});

describe('S_IPA parsers', () => {
  it('activation codes: fields, optional OID and confirmation code flag; malformed ones refused', () => {
    assert.deepEqual(parseActivationCode('1$smdp.example.com$ABC-123'), { smdpAddress: 'smdp.example.com', matchingId: 'ABC-123', confirmationCodeRequired: false });
    assert.deepEqual(parseActivationCode('1$smdp.example.com$$1.2.3$1'), { smdpAddress: 'smdp.example.com', smdpOid: '1.2.3', confirmationCodeRequired: true });
    for (const bad of ['2$smdp$x', '1$$x', '1$smdp', '1$a$b$c$2', '1$a$b$c$1$extra']) assert.throws(() => parseActivationCode(bad), /activationCode/, bad);
  });

  it('tagLists: one- to three-byte tags, the constructed bit not compared, truncation refused', () => {
    assert.deepEqual(parseTagList(fromHex('80A8BF2288DF8F01')), ['80', '88', '9F22', '88', 'DF8F01']);
    assert.deepEqual(parseTagList(new Uint8Array(0)), []);
    assert.throws(() => parseTagList(fromHex('BF')));
    assert.throws(() => parseTagList(fromHex('9F81')));
  });
});
