/** The operator's side: orders placed on the eIM through the trigger adapter, and their outcome as the eIM reports it. */
import { Then, When } from '@cucumber/cucumber';
import { tr_notDone, tr_outcomeDone, tr_outcomeFailed, tr_resultCode } from '../../src/bench/eim/templates';
import { HarnessWorld } from '../support/world';
import { eim } from './bench';

When('the eIM is ordered to {word} profile {string}', async function (this: HarnessWorld, psmo: string, iccid: string) {
  await (await eim(this)).orderPsmo({ [psmo]: { iccid } });
});

When('the eIM is ordered to disable and delete profile {string}', async function (this: HarnessWorld, iccid: string) {
  await (await eim(this)).orderPsmo({ disable: { iccid } }, { delete: { iccid } });
});

When('the eIM is ordered to list the profile information', async function (this: HarnessWorld) {
  await (await eim(this)).orderPsmo({ listProfileInfo: {} });
});

When('the eIM is ordered to get the rules authorisation table', async function (this: HarnessWorld) {
  await (await eim(this)).orderPsmo({ getRAT: {} });
});

When('the eIM is ordered to configure immediate profile enabling', async function (this: HarnessWorld) {
  await (await eim(this)).orderPsmo({ configureImmediateEnable: { immediateEnableFlag: true } });
});

When('the eIM is ordered to unset the fallback attribute', async function (this: HarnessWorld) {
  await (await eim(this)).orderPsmo({ unsetFallbackAttribute: {} });
});

When('the eIM is ordered to set the default SM-DP+ address {string}', async function (this: HarnessWorld, defaultDpAddress: string) {
  await (await eim(this)).orderPsmo({ setDefaultDpAddress: { defaultDpAddress } });
});

When('the eIM is ordered to add eIM {string}', async function (this: HarnessWorld, eimId: string) {
  const b = await eim(this);
  await b.orderEco({ addEim: b.otherEimOrder(eimId) });
});

When('the eIM is ordered to update eIM {string}', async function (this: HarnessWorld, eimId: string) {
  const b = await eim(this);
  await b.orderEco({ updateEim: b.otherEimOrder(eimId, 100) });
});

When('the eIM is ordered to delete eIM {string}', async function (this: HarnessWorld, eimId: string) {
  await (await eim(this)).orderEco({ deleteEim: { eimId } });
});

When('the eIM is ordered to list the eIMs', async function (this: HarnessWorld) {
  await (await eim(this)).orderEco({ listEim: {} });
});

When('the eIM is ordered to request eUICC data with tag list {string}', async function (this: HarnessWorld, tagList: string) {
  await (await eim(this)).order({ kind: 'edr', tagList });
});

When('the eIM is ordered to download a profile from S_SM-DP+', async function (this: HarnessWorld) {
  await (await eim(this)).orderDownload();
});

When('the eIM is ordered to download a profile from S_SM-DP+ with matchingId {string}', async function (this: HarnessWorld, matchingId: string) {
  await (await eim(this)).orderDownload({ matchingId });
});

When('the eIM is ordered to download a profile from an SM-DP+ that never answers', async function (this: HarnessWorld) {
  const b = await eim(this);
  await b.orderDownload({ smdpAddress: b.stalledSmdp() });
});

When('the eIM is ordered to download a profile from S_SM-DP+ expecting profile name {string}', async function (this: HarnessWorld, profileName: string) {
  await (await eim(this)).orderDownload({ expectedMetadata: { profileName } });
});

Then('the eIM reports the order done', async function (this: HarnessWorld) {
  await (await eim(this)).expectOutcome(tr_outcomeDone());
});

Then('the eIM reports the order done with {word} {string}', async function (this: HarnessWorld, result: string, value: string) {
  await (await eim(this)).expectOutcome(tr_outcomeDone(tr_resultCode(result, value)));
});

Then('the eIM reports the first order done', async function (this: HarnessWorld) {
  const b = await eim(this);
  await b.expectOutcome(tr_outcomeDone(), b.orders[0]);
});

Then('the eIM reports the order failed', async function (this: HarnessWorld) {
  await (await eim(this)).expectOutcome(tr_outcomeFailed());
});

Then('the eIM reports the order failed with reason {string}', async function (this: HarnessWorld, reason: string) {
  await (await eim(this)).expectOutcome(tr_outcomeFailed(reason));
});

Then('the eIM does not report the order done', async function (this: HarnessWorld) {
  await (await eim(this)).expectOutcomeNow(tr_notDone);
});

When('the eIM is ordered to enable the downloaded profile', async function (this: HarnessWorld) {
  const b = await eim(this);
  await b.orderPsmo({ enable: { iccid: b.downloadedIccid() } });
});
