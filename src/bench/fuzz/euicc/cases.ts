/**
 * The eUICC fuzz cases: ES10 commands of every function the card has, as an IPA sends them (valid
 * values aimed at the card's real profile, eIM and session) and as the schema allows them
 * (arbitraryFor), then left alone (~10%), TLV-mutated (~40%), constraint-broken (~10%), made
 * semantically illegitimate (~25%: semantics.ts) or sent with a broken STORE DATA sequence (~15%).
 * Cases whose validity depends on the card (a fresh or replayed counter, a live seqNumber) are
 * built when fast-check generates them, from the model's current reading of the card.
 */
import fc, { Arbitrary } from 'fast-check';
import { applyTlvMutation, applyValueMutation, arbitraryFor, tlvMutation, valueMutation } from '../../../asn1';
import type { FuzzCase } from '../target';
import { iccidBcd } from '../../euicc/profiles';
import type { FuzzEim } from './eim';
import type { CardModel } from './model';
import { DEFAULT_BLOCK_SIZE, fuzzCase, type Es10Routes, type Route } from './routing';
import { semanticCases } from './semantics';
import { apduMutation, blockSize, plan, READ_ONLY_REQUESTS } from './store-data';

/** One unmutated command: its function, type and (when known) value. */
export interface Base {
  readonly route: Route;
  readonly bytes: Uint8Array;
  readonly value?: unknown;
}

/** Mutations that would need more STORE DATA blocks than P2 can number are not sent. */
const MAX_COMMAND = DEFAULT_BLOCK_SIZE * 256;

/** Valid values of the requests an IPA sends, aimed at the card's profile A and the fuzz eIM. */
function validValues(eim: FuzzEim, ciPkId: Uint8Array): [string, unknown][] {
  const iccid = iccidBcd('A');
  return [
    ['GetEuiccInfo1Request', {}], ['GetEuiccInfo2Request', {}], ['GetEuiccDataRequest', { tagList: Uint8Array.of(0x5a) }],
    ['EuiccConfiguredAddressesRequest', {}], ['SetDefaultDpAddressRequest', { defaultDpAddress: 'smdp.example.com' }],
    ['GetCertsRequest', { euiccCiPKId: ciPkId }], ['GetCertsRequest', {}], ['GetRatRequest', {}], ['GetEuiccChallengeRequest', {}],
    ['CancelSessionRequest', { transactionId: new Uint8Array(16).fill(0x42), reason: 0 }],
    ['ProfileInfoListRequest', {}], ['ProfileInfoListRequest', { searchCriteria: { iccid } }],
    ['EnableProfileRequest', { profileIdentifier: { iccid }, refreshFlag: false }], ['DisableProfileRequest', { profileIdentifier: { iccid }, refreshFlag: false }],
    ['DeleteProfileRequest', { iccid }], ['SetNicknameRequest', { iccid, profileNickname: 'fuzz' }],
    ['EuiccMemoryResetRequest', { resetOptions: ['deleteFieldLoadedTestProfiles'] }],
    ['ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpAddress: 'smdp.example.com' }],
    ['ImmediateEnableRequest', { refreshFlag: false }], ['ConfigureAutoProfileEnablingRequest', { autoEnableFlag: null }], ['EnableUsingDDRequest', {}],
    ['EnableEmergencyProfileRequest', { refreshFlag: false }], ['DisableEmergencyProfileRequest', { refreshFlag: false }],
    ['ExecuteFallbackMechanismRequest', { refreshFlag: false }], ['ReturnFromFallbackRequest', { refreshFlag: false }],
    ['GetConnectivityParametersRequest', {}], ['IpaeActivationRequest', { ipaeOption: [] }], ['ProfileRollbackRequest', { refreshFlag: false }],
    ['AddInitialEimRequest', eim.addInitialEimValue], ['GetEimConfigurationDataRequest', {}],
    ['GetEimConfigurationDataRequest', { searchCriteria: { eimId: eim.identity.eimId } }],
    ['ListNotificationRequest', {}], ['RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } }],
    ['RetrieveNotificationsListRequest', {}],
  ];
}

/** Every valid value that encodes at this version (the others name types or fields the version lacks). */
function staticBases(routes: Es10Routes, values: [string, unknown][]): Base[] {
  return values.flatMap(([type, value]) => {
    const route = routes.all.find((r) => r.request === type);
    if (!route) return [];
    try {
      return [{ route, value, bytes: route.codec.encode(type, value) }];
    } catch {
      return [];
    }
  });
}

export function euiccCases(routes: Es10Routes, eim: FuzzEim, model: CardModel, ciPkId: Uint8Array): Arbitrary<FuzzCase> {
  const statics = staticBases(routes, validValues(eim, ciPkId));
  const readOnly = statics.filter((b) => READ_ONLY_REQUESTS.has(b.route.request));
  const packageRoute = routes.byRequest('EuiccPackageRequest');
  const fresh = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.nat({ max: 1000 }));

  // A package the card must take: the next counters, one of the eIM's package contents.
  const validPackage: Arbitrary<Base> = fc.tuple(fc.nat({ max: eim.packages.length - 1 }), fresh).map(([i, k]) => {
    const counterValue = model.counter + 1 + k;
    return { route: packageRoute, bytes: eim.sign(eim.packages[i], { counterValue }) };
  });
  const sentRoute = routes.byRequest('NotificationSentRequest');
  const notificationSent: Arbitrary<Base> = fc.nat().map((k) => {
    const seqNumber = model.seqNumbers.length ? model.seqNumbers[k % model.seqNumbers.length] : 1 + (k % 8);
    return { route: sentRoute, value: { seqNumber }, bytes: sentRoute.codec.encode('NotificationSentRequest', { seqNumber }) };
  });
  const schema: Arbitrary<Base> = fc.oneof(...routes.all.map((route) => arbitraryFor(route.codec.node(route.request)).map((value) => {
    try {
      return { route, value, bytes: route.codec.encode(route.request, value) };
    } catch {
      return undefined;
    }
  }).filter((b): b is { route: Route; value: unknown; bytes: Uint8Array } => b !== undefined)));

  const base = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...statics) },
    { weight: 2, arbitrary: validPackage },
    { weight: 1, arbitrary: notificationSent },
    { weight: 3, arbitrary: schema },
  );
  const constrained = statics.filter((b) => applyValueMutation(b.route.codec.node(b.route.request), b.value, { at: 0, amount: 0 }));
  const withValue = fc.oneof(fc.constantFrom(...constrained), notificationSent, schema);

  const none = base.map((b) => fuzzCase(b.route, b.bytes, 'none', 'any'));
  const tlv = fc.tuple(base, tlvMutation).map(([b, m]) => {
    const r = applyTlvMutation(b.bytes, m);
    if (!r || r.bytes.length > MAX_COMMAND) return fuzzCase(b.route, b.bytes, 'none', 'any');
    return fuzzCase(b.route, r.bytes, `tlv ${r.description}`, routes.accepts(r.bytes) ? 'any' : 'reject');
  });
  const value = fc.tuple(withValue, valueMutation).map(([b, m]) => {
    const r = applyValueMutation(b.route.codec.node(b.route.request), b.value, m);
    let bytes: Uint8Array | undefined;
    try {
      bytes = r && b.route.codec.encode(b.route.request, r.value, { constraints: false });
    } catch {
      bytes = undefined;
    }
    if (!r || !bytes || bytes.length > MAX_COMMAND) return fuzzCase(b.route, b.bytes, 'none', 'any');
    return fuzzCase(b.route, bytes, `value ${r.description}`, routes.accepts(bytes) ? 'any' : 'reject');
  });
  // A stray block after the last must follow a command that changes nothing, whatever it answers.
  const apdu = fc.tuple(base, apduMutation, blockSize).map(([b, m, size]) => {
    const sent = m.kind === 'block-after-last' && !READ_ONLY_REQUESTS.has(b.route.request) ? readOnly[m.at % readOnly.length] : b;
    // P2 numbers at most 256 blocks.
    const fit = Math.max(size, Math.ceil(sent.bytes.length / 256));
    const { description } = plan(sent.bytes, 1, fit, m);
    return fuzzCase(sent.route, sent.bytes, `apdu ${m.kind}: ${description}`, 'reject', { blockSize: fit, apdu: m });
  });
  return fc.oneof(
    { weight: 10, arbitrary: none },
    { weight: 40, arbitrary: tlv },
    { weight: 10, arbitrary: value },
    { weight: 25, arbitrary: semanticCases(routes, eim, model) },
    { weight: 15, arbitrary: apdu },
  );
}
