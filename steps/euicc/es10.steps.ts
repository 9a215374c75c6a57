/** ES10 commands S_IPA sends to the eUICC under test (MTD_ steps) and the checks of their answers. */
import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { Curve } from '../../src/crypto/curves';
import { iccidBcd } from '../../src/bench/euicc/profiles';
import { isErrorStatus } from '../../src/bench/euicc/s-ipa';
import { tr_addInitialEimOk, tr_addInitialEimToken, tr_certs, tr_code, tr_connectivity, tr_euiccInfo2Iot, tr_pirSuccess } from '../../src/bench/euicc/templates';
import { HarnessWorld } from '../support/world';
import { bench } from './support';

When('S_IPA sends GetCerts for the {euiccCurve} CI', async function (this: HarnessWorld, curve: Curve) {
  const b = await bench(this);
  await b.ask('GetCertsRequest', { euiccCiPKId: b.ciPkId(curve) });
});

When('S_IPA sends GetCerts without euiccCiPKId', async function (this: HarnessWorld) {
  await (await bench(this)).ask('GetCertsRequest', {});
});

When('S_IPA sends GetCerts with an unknown euiccCiPKId', async function (this: HarnessWorld) {
  await (await bench(this)).ask('GetCertsRequest', { euiccCiPKId: Buffer.alloc(20, 0xee) });
});

Then('the eUICC answers certificates chaining to the {euiccCurve} CI', async function (this: HarnessWorld, curve: Curve) {
  const b = await bench(this);
  b.expectLast(tr_certs);
  const chain = b.checkCertificates((b.last!.value as any).certs, curve);
  assert.ok(chain.ok, `eUICC certificate chain: ${chain.ok ? '' : chain.message}`);
});

When('S_IPA sends AddInitialEim for S_eIM on {euiccCurve}', async function (this: HarnessWorld, curve: Curve) {
  await (await bench(this)).addInitialEim({ curve });
});

When('S_IPA sends AddInitialEim for S_eIM', async function (this: HarnessWorld) {
  await (await bench(this)).addInitialEim();
});

When('S_IPA sends AddInitialEim for S_eIM without an association token', async function (this: HarnessWorld) {
  await (await bench(this)).addInitialEim({ token: false });
});

When('S_IPA sends AddInitialEim for the eIM {string}', async function (this: HarnessWorld, eimId: string) {
  await (await bench(this)).addInitialEim({ eimId });
});

When('S_IPA sends AddInitialEim with an unknown euiccCiPKId', async function (this: HarnessWorld) {
  await (await bench(this)).addInitialEim({ euiccCiPKId: Buffer.alloc(20, 0xee) });
});

When('S_IPA sends AddInitialEim with counterValue {int}', async function (this: HarnessWorld, counterValue: number) {
  await (await bench(this)).addInitialEim({ counterValue });
});

Then('the eUICC answers AddInitialEim with an association token', async function (this: HarnessWorld) {
  (await bench(this)).expectLast(tr_addInitialEimToken);
});

Then('the eUICC answers AddInitialEim with addOk', async function (this: HarnessWorld) {
  (await bench(this)).expectLast(tr_addInitialEimOk);
});

Then(/^the eUICC answers ([\w.]+) = (\w+)\((\d+)\)$/, async function (this: HarnessWorld, field: string, _name: string, code: string) {
  (await bench(this)).expectLast(tr_code(field, Number(code)));
});

When('S_IPA sends GetEimConfigurationData', async function (this: HarnessWorld) {
  await (await bench(this)).ask('GetEimConfigurationDataRequest', {});
});

When('S_IPA sends GetEimConfigurationData for the eIM {string}', async function (this: HarnessWorld, eimId: string) {
  await (await bench(this)).ask('GetEimConfigurationDataRequest', { searchCriteria: { eimId } });
});

Then('the eUICC answers the eIM configurations {string}', async function (this: HarnessWorld, eimIds: string) {
  (await bench(this)).expectLast({ eimConfigurationDataList: eimIds.split(/[ ,]+/).filter(Boolean).map((eimId) => ({ eimId })) });
});

Then('the eUICC answers no eIM configuration', async function (this: HarnessWorld) {
  (await bench(this)).expectLast({ eimConfigurationDataList: [] });
});

Then('the eIM configuration of the eUICC lists {string}', async function (this: HarnessWorld, eimIds: string) {
  const b = await bench(this);
  await b.ask('GetEimConfigurationDataRequest', {});
  b.expectLast({ eimConfigurationDataList: eimIds.split(/[ ,]+/).filter(Boolean).map((eimId) => ({ eimId })) });
});

Then('the eIM configuration of the eUICC is empty', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.ask('GetEimConfigurationDataRequest', {});
  b.expectLast({ eimConfigurationDataList: [] });
});

Then('the eUICC reports S_eIM with the counterValue of its last package', async function (this: HarnessWorld) {
  const b = await bench(this);
  const eim = b.eimNamed();
  await b.ask('GetEimConfigurationDataRequest', { searchCriteria: { eimId: eim.eimId } });
  b.expectLast({ eimConfigurationDataList: [{ eimId: eim.eimId, counterValue: eim.counter }] });
});

When('S_IPA sends GetEUICCInfo2', async function (this: HarnessWorld) {
  await (await bench(this)).ask('GetEuiccInfo2Request', {});
});

Then('the eUICC answers EUICCInfo2 with ipaMode and iotSpecificInfo', async function (this: HarnessWorld) {
  (await bench(this)).expectLast(tr_euiccInfo2Iot);
});

When('S_IPA sends GetConnectivityParameters', async function (this: HarnessWorld) {
  await (await bench(this)).ask('GetConnectivityParametersRequest', {});
});

Then('the eUICC answers connectivity parameters or parametersNotAvailable', async function (this: HarnessWorld) {
  (await bench(this)).expectLast(tr_connectivity);
});

When('S_IPA sends eUICCMemoryReset with {word}', async function (this: HarnessWorld, option: string) {
  await (await bench(this)).ask('EuiccMemoryResetRequest', { resetOptions: [option] });
});

When('S_IPA sends ExecuteFallbackMechanism', async function (this: HarnessWorld) {
  await (await bench(this)).ask('ExecuteFallbackMechanismRequest', { refreshFlag: false });
});

When('S_IPA sends ReturnFromFallback', async function (this: HarnessWorld) {
  await (await bench(this)).ask('ReturnFromFallbackRequest', { refreshFlag: false });
});

When('S_IPA sends EnableEmergencyProfile', async function (this: HarnessWorld) {
  await (await bench(this)).ask('EnableEmergencyProfileRequest', { refreshFlag: false });
});

When('S_IPA sends DisableEmergencyProfile', async function (this: HarnessWorld) {
  await (await bench(this)).ask('DisableEmergencyProfileRequest', { refreshFlag: false });
});

When('S_IPA sends ConfigureImmediateProfileEnabling', async function (this: HarnessWorld) {
  await (await bench(this)).ask('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null });
});

When('S_IPA sends ImmediateEnable', async function (this: HarnessWorld) {
  await (await bench(this)).ask('ImmediateEnableRequest', { refreshFlag: false });
});

When('S_IPA sends ProfileRollback', async function (this: HarnessWorld) {
  await (await bench(this)).ask('ProfileRollbackRequest', { refreshFlag: false });
});

When('S_IPA downloads profile {word} from S_SM-DP+', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).download(letter);
});

When('S_IPA downloads profile {word} from S_SM-DP+ on {euiccCurve}', async function (this: HarnessWorld, letter: string, curve: Curve) {
  await (await bench(this)).download(letter, curve);
});

Then('the eUICC answers a successful ProfileInstallationResult for profile {word} signed with its {euiccCurve} certificate', async function (this: HarnessWorld, letter: string, curve: Curve) {
  const b = await bench(this);
  b.expectLast(tr_pirSuccess(iccidBcd(letter)));
  assert.equal(b.installation?.curve, curve, 'the download ran on the curve named');
  assert.ok(b.installation?.signatureValid, `euiccSignPIR verifies with the ${curve} eUICC certificate`);
});

When('S_IPA sends a STORE DATA sequence starting at block 01', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.lastApdu = await b.storeDataOutOfSequence();
});

When('S_IPA sends a last STORE DATA block with a truncated TLV', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.lastApdu = await b.storeDataTruncated();
});

Then('the eUICC answers an ISO 7816 error status word', async function (this: HarnessWorld) {
  const sw = (await bench(this)).lastApdu?.sw;
  assert.ok(sw !== undefined && isErrorStatus(sw), `expected an error status word, got ${sw?.toString(16).toUpperCase()}`);
});

Then('the observable state of the eUICC is unchanged', async function (this: HarnessWorld) {
  await (await bench(this)).expectStateUnchanged();
});
