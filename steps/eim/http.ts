/** HTTP-level behaviour of the eIM's ESipa endpoint: bodies and headers built wrong on purpose, the JSON binding. */
import { Then, When } from '@cucumber/cucumber';
import { ANY } from '../../src/bench/matchers';
import { HarnessWorld } from '../support/world';
import { eim } from './bench';

When('S_IPA posts bytes that are not DER to the eIM\'s ESipa ASN.1 endpoint', async function (this: HarnessWorld) {
  await (await eim(this)).postAsn1('not DER');
});

When('S_IPA posts a GetEimPackageRequest with Content-Type {string}', async function (this: HarnessWorld, contentType: string) {
  await (await eim(this)).postAsn1('GetEimPackageRequest', { contentType });
});

When('S_IPA posts a GetEimPackageRequest without X-Admin-Protocol', async function (this: HarnessWorld) {
  await (await eim(this)).postAsn1('GetEimPackageRequest', { adminProtocol: null });
});

When('S_IPA posts a well-formed GetEimPackageRequest to the eIM', async function (this: HarnessWorld) {
  await (await eim(this)).postAsn1('GetEimPackageRequest');
});

Then('the eIM answers HTTP {int}', async function (this: HarnessWorld, status: number) {
  (await eim(this)).expectHttpStatus(status);
});

Then('the eIM answers HTTP 200 with a GetEimPackageResponse', async function (this: HarnessWorld) {
  const b = await eim(this);
  b.expectHttpStatus(200);
  b.expectAnswerDecodes('EsipaMessageFromEimToIpa', { getEimPackageResponse: ANY });
});
