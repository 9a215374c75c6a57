/** S_IPA's ESipa exchanges with the eIM under test (GetEimPackage, ProvideEimPackageResult, HandleNotification) and their checks. */
import { Then, When } from '@cucumber/cucumber';
import { ANY } from '../../src/bench/matchers';
import { EidVariant, ResultVariant } from '../../src/bench/eim/bench';
import {
  tr_acknowledged, tr_eco, tr_ecoList, tr_eimPackageError, tr_euiccPackageRequest, tr_allAcknowledged, tr_ipaEuiccDataRequest, tr_provideResultError, tr_psmo,
  tr_psmoList,
} from '../../src/bench/eim/templates';
import { HarnessWorld } from '../support/world';
import { eim } from './bench';

const EIDS: Record<string, EidVariant> = { 'for the S_eUICC': 'own', 'for an unknown EID': 'unknown', 'with a malformed EID': 'malformed', 'without an EID': 'absent' };
const RESULTS: Record<string, ResultVariant> = {
  '': 'result', ' with the pending notifications': 'result with notifications', ' with a corrupted eUICC signature': 'corrupted signature',
  ' for another EID': 'other EID', ' of the first eUICC Package': 'previous result',
};

When(/^S_IPA requests an eIM Package (for the S_eUICC|for an unknown EID|with a malformed EID|without an EID)$/, async function (this: HarnessWorld, which: string) {
  await (await eim(this)).getEimPackage({ eid: EIDS[which] });
});

When('S_IPA requests an eIM Package notifying the state change {string}', async function (this: HarnessWorld, cause: string) {
  await (await eim(this)).getEimPackage({ stateChangeCause: cause });
});

When('S_IPA requests an eIM Package over the JSON binding', async function (this: HarnessWorld) {
  await (await eim(this)).getEimPackageJson();
});

When('S_IPA loads the eUICC Package on S_eUICC', async function (this: HarnessWorld) {
  await (await eim(this)).loadPackageOnCard();
});

When('S_IPA loads the eUICC Package on S_eUICC with its eimSignature corrupted', async function (this: HarnessWorld) {
  await (await eim(this)).loadPackageOnCard({ corruptEimSignature: true });
});

When(/^S_IPA provides the eUICC Package Result( with the pending notifications| with a corrupted eUICC signature| for another EID| of the first eUICC Package)?$/, async function (this: HarnessWorld, variant?: string) {
  await (await eim(this)).provideResult(RESULTS[variant ?? '']);
});

When('S_IPA reports the eIM Package error {word}', async function (this: HarnessWorld, code: 'invalidPackageFormat' | 'unknownPackage') {
  await (await eim(this)).provideResult(code);
});

When('S_IPA sends the eUICC Package Result in HandleNotification', async function (this: HarnessWorld) {
  await (await eim(this)).resultInHandleNotification();
});

When('S_IPA runs the eUICC Package procedure', async function (this: HarnessWorld) {
  await (await eim(this)).packageCycle();
});

When('S_IPA provides the eUICC data', async function (this: HarnessWorld) {
  await (await eim(this)).provideEuiccData();
});

When('S_IPA reports the eUICC data error undefinedError', async function (this: HarnessWorld) {
  await (await eim(this)).provideEuiccData(127);
});

Then('the eIM answers eimPackageError {word}', async function (this: HarnessWorld, name: string) {
  (await eim(this)).expectPackageResponse(tr_eimPackageError(name));
});

Then('the eIM answers with an eUICC Package holding PSMO {word}', async function (this: HarnessWorld, psmo: string) {
  const b = await eim(this);
  b.expectPackageResponse(tr_euiccPackageRequest(b.eid, b.t.eimId, tr_psmoList(tr_psmo(psmo)), b.t.version));
});

Then('the eIM answers with an eUICC Package holding PSMO {word} for profile {string}', async function (this: HarnessWorld, psmo: string, iccid: string) {
  const b = await eim(this);
  b.expectPackageResponse(tr_euiccPackageRequest(b.eid, b.t.eimId, tr_psmoList(tr_psmo(psmo, iccid)), b.t.version));
});

Then('the eIM answers with an eUICC Package holding PSMOs {word} and {word} for profile {string}', async function (this: HarnessWorld, first: string, second: string, iccid: string) {
  const b = await eim(this);
  b.expectPackageResponse(tr_euiccPackageRequest(b.eid, b.t.eimId, tr_psmoList(tr_psmo(first, iccid), tr_psmo(second, iccid)), b.t.version));
});

Then('the eIM answers with an eUICC Package holding eCO {word}', async function (this: HarnessWorld, eco: string) {
  const b = await eim(this);
  b.expectPackageResponse(tr_euiccPackageRequest(b.eid, b.t.eimId, tr_ecoList(tr_eco(eco)), b.t.version));
});

Then('the eIM answers with an eUICC Package holding eCO {word} for eIM {string}', async function (this: HarnessWorld, eco: string, eimId: string) {
  const b = await eim(this);
  b.expectPackageResponse(tr_euiccPackageRequest(b.eid, b.t.eimId, tr_ecoList(tr_eco(eco, eimId)), b.t.version));
});

Then('the eIM answers with an eUICC data request for tag list {string}', async function (this: HarnessWorld, tagList: string) {
  (await eim(this)).expectPackageResponse(tr_ipaEuiccDataRequest(tagList));
});

Then('S_eUICC accepts the eUICC Package with {word} {string}', async function (this: HarnessWorld, result: string, value: string) {
  (await eim(this)).expectCardResult({ euiccPackageResultSigned: { euiccPackageResultDataSigned: { euiccResult: [{ [result]: value }] } } });
});

Then('S_eUICC accepts the eUICC Package', async function (this: HarnessWorld) {
  (await eim(this)).expectCardResult({ euiccPackageResultSigned: ANY });
});

Then('the eimSignature verifies with the eIM public key configured in S_eUICC', async function (this: HarnessWorld) {
  (await eim(this)).expectEimSignatureValid();
});

Then('the second eUICC Package has a greater counterValue than the first', async function (this: HarnessWorld) {
  (await eim(this)).expectCounterRises();
});

Then('the eIM acknowledges the result', async function (this: HarnessWorld) {
  (await eim(this)).expectProvideAnswer(tr_acknowledged);
});

Then('the eIM acknowledges every sequence number S_IPA provided', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectProvideAnswer(tr_allAcknowledged(b.offeredSeqNumbers));
});

Then('the eIM answers provideEimPackageResultError {word}', async function (this: HarnessWorld, name: string) {
  (await eim(this)).expectProvideAnswer(tr_provideResultError(name));
});

Then('profile {string} is {word} on S_eUICC', async function (this: HarnessWorld, iccid: string, state: string) {
  (await eim(this)).expectProfileState(iccid, state);
});
