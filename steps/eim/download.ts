/** Indirect profile download: S_IPA's ESipa download functions through the eIM, the ES9+' relay to S_SM-DP+, and their checks. */
import { Then, When } from '@cucumber/cucumber';
import { tr_authenticateOk, tr_bppOk, tr_downloadTrigger, tr_error, tr_initiateOk } from '../../src/bench/eim/templates';
import { HarnessWorld } from '../support/world';
import { eim } from './bench';

When('S_IPA initiates authentication with the parameters of the trigger', async function (this: HarnessWorld) {
  await (await eim(this)).initiateAuthentication();
});

When('S_IPA initiates authentication with a wrong eimTransactionId', async function (this: HarnessWorld) {
  await (await eim(this)).initiateAuthentication({ eimTransactionId: 'wrong' });
});

When('S_IPA initiates authentication with SM-DP+ address {string}', async function (this: HarnessWorld, smdpAddress: string) {
  await (await eim(this)).initiateAuthentication({ smdpAddress });
});

When('S_IPA authenticates S_eUICC through the eIM', async function (this: HarnessWorld) {
  await (await eim(this)).authenticateClient();
});

When('S_IPA requests the Bound Profile Package through the eIM', async function (this: HarnessWorld) {
  await (await eim(this)).getBoundProfilePackage();
});

When('S_IPA installs the Bound Profile Package on S_eUICC', async function (this: HarnessWorld) {
  await (await eim(this)).installBoundProfilePackage();
});

When('S_IPA sends the Profile Installation Result to the eIM', async function (this: HarnessWorld) {
  await (await eim(this)).sendPir();
});

When('S_IPA cancels the RSP session with reason postponed', async function (this: HarnessWorld) {
  await (await eim(this)).cancelSession(1);
});

When('S_IPA runs the indirect profile download', async function (this: HarnessWorld) {
  await (await eim(this)).indirectDownload();
});

When('S_IPA initiates authentication and waits for the eIM', async function (this: HarnessWorld) {
  const b = await eim(this);
  await b.timed(() => b.initiateAuthentication());
});

Then('the eIM answers with a profile download trigger carrying the activation code of the order', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectPackageResponse(tr_downloadTrigger(b.orderedActivationCode()));
  b.takeDownloadTrigger();
});

Then('the eIM relays the InitiateAuthentication answer of S_SM-DP+', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectInitiateAnswer(tr_initiateOk(b.sentChallengeHex(), b.t.smdp.address));
});

Then('the eIM answers InitiateAuthentication with error {word}', async function (this: HarnessWorld, code: string) {
  (await eim(this)).expectInitiateAnswer(tr_error('initiateAuthenticationErrorEsipa', code));
});

Then('the eIM relays the AuthenticateClient answer of S_SM-DP+', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectAuthenticateAnswer(tr_authenticateOk(b.transactionIdHex()));
});

Then('the eIM answers AuthenticateClient with an error', async function (this: HarnessWorld) {
  (await eim(this)).expectAuthenticateAnswer(tr_error('authenticateClientErrorEsipa'));
});

Then('the eIM relays the Bound Profile Package of S_SM-DP+', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectBppAnswer(tr_bppOk(b.transactionIdHex()));
});

Then('the eIM answers GetBoundProfilePackage with error {word}', async function (this: HarnessWorld, code: string) {
  (await eim(this)).expectBppAnswer(tr_error('getBoundProfilePackageErrorEsipa', code));
});

Then('the eIM answers GetBoundProfilePackage with an error', async function (this: HarnessWorld) {
  (await eim(this)).expectBppAnswer(tr_error('getBoundProfilePackageErrorEsipa'));
});

Then('the eIM answers CancelSession with cancelSessionOk', async function (this: HarnessWorld) {
  (await eim(this)).expectCancelAnswer({ cancelSessionOk: {} });
});

Then('S_SM-DP+ received the Profile Installation Result through the eIM', async function (this: HarnessWorld) {
  (await eim(this)).expectSmdpNotification({ kind: 'profileInstallationResult', signatureValid: true, success: true });
});

Then('S_SM-DP+ received a signed {word} notification through the eIM', async function (this: HarnessWorld, event: string) {
  (await eim(this)).expectSmdpNotification({ kind: 'otherSignedNotification', signatureValid: true, event });
});

Then('S_SM-DP+ saw the RSP session cancelled and its order released again', async function (this: HarnessWorld) {
  (await eim(this)).expectSmdpOrderState('released');
});

Then('S_SM-DP+ marked its order installed', async function (this: HarnessWorld) {
  (await eim(this)).expectSmdpOrderState('installed');
});

Then('the eIM answered S_IPA with an error within the exchange timeout', async function (this: HarnessWorld) {
  (await eim(this)).expectTimedError(tr_error('initiateAuthenticationErrorEsipa'));
});
