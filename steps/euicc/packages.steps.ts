/** eUICC Packages S_eIM sends through S_IPA (ES10b.LoadEuiccPackage), and the checks of their results. */
import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { pkg } from '../../src/bench/euicc/packages';
import { tr_code, tr_errorSigned, tr_errorUnsigned, tr_resultSigned, tr_sizeOverflow } from '../../src/bench/euicc/templates';
import { HarnessWorld } from '../support/world';
import { bench } from './support';

/** A test EID of the same EIN as the card's but another card (valid check digits). */
const OTHER_EID = '89049032123451234512345678901243';

When('S_eIM sends a package to enable profile {word}', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.enable(letter));
});

When('S_eIM sends a package to enable profile {word} with rollbackFlag', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.enable(letter, true));
});

When('S_eIM sends a package to disable profile {word}', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.disable(letter));
});

When('S_eIM sends a package to delete profile {word}', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.delete(letter));
});

When('S_eIM sends a package to set the fallback attribute on profile {word}', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.setFallbackAttribute(letter));
});

When('S_eIM sends a package to enable profile {word} with a corrupted eimSignature', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.enable(letter), { corruptSignature: true });
});

When('S_eIM sends a package to enable profile {word} for another EID', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).sendPackage(pkg.enable(letter), { eid: OTHER_EID });
});

When('S_eIM sends a package to disable profile {word} with the counterValue of its last package', async function (this: HarnessWorld, letter: string) {
  const b = await bench(this);
  await b.sendPackage(pkg.disable(letter), { counterValue: b.eimNamed().counter });
});

When('S_eIM sends a package to enable profile {word} with counterValue {int}', async function (this: HarnessWorld, letter: string, counterValue: number) {
  await (await bench(this)).sendPackage(pkg.enable(letter), { counterValue });
});

When('S_eIM sends a package to enable profile {word} as the unknown eIM {string}', async function (this: HarnessWorld, letter: string, eimId: string) {
  const b = await bench(this);
  await b.sendPackage(pkg.enable(letter), { eim: b.eim.configuration({ eimId, curve: b.eimNamed().curve }).eim });
});

When('S_eIM sends a package of {int} listProfileInfo operations then an enable of profile {word}', async function (this: HarnessWorld, count: number, letter: string) {
  await (await bench(this)).sendPackage(pkg.oversized(count, letter));
});

When('S_eIM sends an addEim eCO for the eIM {string}', async function (this: HarnessWorld, eimId: string) {
  await (await bench(this)).addEim(eimId);
});

When('S_eIM sends an updateEim eCO of its own configuration with counterValue {int}', async function (this: HarnessWorld, counterValue: number) {
  const b = await bench(this);
  const eim = b.eimNamed();
  const { data } = b.eim.configuration({ eimId: eim.eimId, curve: eim.curve, counterValue, token: false });
  await b.sendPackage(pkg.updateEim(data));
  eim.counter = counterValue;
});

When('S_eIM sends a listEim eCO', async function (this: HarnessWorld) {
  await (await bench(this)).sendPackage(pkg.listEim());
});

When('S_eIM sends a deleteEim eCO for the eIM {string}', async function (this: HarnessWorld, eimId: string) {
  await (await bench(this)).sendPackage(pkg.deleteEim(eimId));
});

When('S_eIM sends a deleteEim eCO for itself', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.sendPackage(pkg.deleteEim(b.eimNamed().eimId));
});

Then(/^the eUICC answers a signed eUICC Package Result with ([\w.]+) = (\w+)\((\d+)\)$/, async function (this: HarnessWorld, field: string, _name: string, code: string) {
  const b = await bench(this);
  const x = b.exchange!;
  b.expectLast(tr_resultSigned(x.eim, x.counterValue, x.eimTransactionId, [tr_code(field, Number(code))]));
  assert.ok(x.result.signatureValid, 'euiccSignEPR verifies with the eUICC certificate over the result data and the association token');
});

Then('the eUICC answers a signed eUICC Package Result with an association token for the added eIM', async function (this: HarnessWorld) {
  const b = await bench(this);
  const x = b.exchange!;
  b.expectLast(tr_resultSigned(x.eim, x.counterValue, x.eimTransactionId, [{ addEimResult: { associationToken: (v: unknown) => Number(v) > 0 } }]));
  assert.ok(x.result.signatureValid, 'euiccSignEPR verifies');
});

Then('the eUICC answers a signed eUICC Package Result listing the eIMs {string}', async function (this: HarnessWorld, eimIds: string) {
  const b = await bench(this);
  const x = b.exchange!;
  const list = eimIds.split(/[ ,]+/).filter(Boolean).map((eimId) => ({ eimId }));
  b.expectLast(tr_resultSigned(x.eim, x.counterValue, x.eimTransactionId, [{ listEimResult: { eimIdList: list } }]));
  assert.ok(x.result.signatureValid, 'euiccSignEPR verifies');
});

Then(/^the eUICC answers a signed eUICC Package Error with euiccPackageErrorCode = (\w+)\((\d+)\)$/, async function (this: HarnessWorld, _name: string, code: string) {
  const b = await bench(this);
  const x = b.exchange!;
  b.expectLast(tr_errorSigned(x.eim, x.counterValue, x.eimTransactionId, Number(code)));
  assert.ok(x.result.signatureValid, 'euiccSignEPE verifies with the eUICC certificate');
});

Then('the eUICC answers an unsigned eUICC Package Error naming S_eIM and its association token', async function (this: HarnessWorld) {
  const b = await bench(this);
  const x = b.exchange!;
  b.expectLast(tr_errorUnsigned(x.eim.eimId, x.eimTransactionId, x.eim.associationToken));
});

Then('the eUICC answers an unsigned eUICC Package Error naming the eIM {string}', async function (this: HarnessWorld, eimId: string) {
  const b = await bench(this);
  b.expectLast(tr_errorUnsigned(eimId, b.exchange!.eimTransactionId));
});

Then('the eUICC answers a signed eUICC Package Result cut short by its size', async function (this: HarnessWorld) {
  const b = await bench(this);
  b.expectLast(tr_sizeOverflow);
  assert.ok(b.exchange!.result.signatureValid, 'the result is signed by the eUICC');
});

Then('the eUICC answers ProfileRollback ok with a signed rollbackResult = ok\\(0) for S_eIM\'s package', async function (this: HarnessWorld) {
  const b = await bench(this);
  const x = b.exchange!;
  b.expectLast({ cmdResult: 0, eUICCPackageResult: tr_resultSigned(x.eim, x.counterValue, x.eimTransactionId, [{ rollbackResult: 0 }]) });
  assert.ok((await b.openEmbeddedResult('eUICCPackageResult')).signatureValid, 'the rollback result verifies with the eUICC certificate');
});

Then('the eUICC lists the last eUICC Package Result among its stored results', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.expectStoredResult(true);
});

Then('the eUICC no longer lists the last eUICC Package Result', async function (this: HarnessWorld) {
  const b = await bench(this);
  await b.expectStoredResult(false);
});

When('S_IPA removes the last eUICC Package Result from the notification list', async function (this: HarnessWorld) {
  await (await bench(this)).removeLastResult();
});

When('S_IPA sends RetrieveNotificationsList for eUICC Package Results', async function (this: HarnessWorld) {
  await (await bench(this)).ask('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } });
});

Then('the eUICC answers an empty euiccPackageResultList', async function (this: HarnessWorld) {
  (await bench(this)).expectLast({ euiccPackageResultList: [] });
});
