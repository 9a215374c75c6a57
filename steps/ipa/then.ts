/** Expected results of the ipa suite, on what S_eUICC and S_eIM received from the IPA. */
import { DataTable, Then } from '@cucumber/cucumber';
import { IpaBench } from '../../src/bench/ipa/bench';
import * as expect from '../../src/bench/ipa/expect';
import { Observations } from '../../src/bench/ipa/observe';
import { expectMatch } from '../../src/bench/matchers';
import { HarnessWorld } from '../support/world';

const all = async (w: HarnessWorld): Promise<Observations> => (await IpaBench.of(w)).observe();
const lastCycle = async (w: HarnessWorld): Promise<Observations> => (await IpaBench.of(w)).observeLastCycle();
const rows = (t: DataTable): string[] => t.raw().map((r) => r[0]);
const vars = async (w: HarnessWorld) => ({ EID: (await (await IpaBench.of(w)).card()).eid });

Then('S_eUICC received these commands in this order:', async function (this: HarnessWorld, t: DataTable) {
  expect.commandsInOrder(await all(this), rows(t));
});

Then('S_eUICC received exactly these commands:', async function (this: HarnessWorld, t: DataTable) {
  expect.commandsExactly(await all(this), rows(t));
});

Then('S_eUICC received no {word}', async function (this: HarnessWorld, name: string) {
  expect.noCommand(await all(this), name);
});

Then('in the last poll cycle S_eUICC received these commands in this order:', async function (this: HarnessWorld, t: DataTable) {
  expect.commandsInOrder(await lastCycle(this), rows(t));
});

Then('the IPA sent nothing after S_eIM answered the {word}', async function (this: HarnessWorld, type: string) {
  expect.nothingAfter(await all(this), type);
});

Then('the IPA closed its logical channel on S_eUICC', async function (this: HarnessWorld) {
  expect.channelClosed(await all(this));
});

Then('S_eIM received exactly these ESipa requests:', async function (this: HarnessWorld, t: DataTable) {
  expect.requestsExactly(await all(this), rows(t));
});

Then('S_eIM received no {word}', async function (this: HarnessWorld, type: string) {
  expect.noRequest(await all(this), type);
});

Then('S_eIM received these ESipa requests in this order:', async function (this: HarnessWorld, t: DataTable) {
  expect.requestsInOrder(await all(this), rows(t));
});

Then('in the last poll cycle S_eIM received these ESipa requests in this order:', async function (this: HarnessWorld, t: DataTable) {
  expect.requestsInOrder(await lastCycle(this), rows(t));
});

Then('the {word} {word} S_eIM received matches:', async function (this: HarnessWorld, which: string, type: string, json: string) {
  expect.requestMatches(await all(this), which, type, expect.template(json, await vars(this)));
});

Then('in the last poll cycle the {word} {word} S_eIM received matches:', async function (this: HarnessWorld, which: string, type: string, json: string) {
  expect.requestMatches(await lastCycle(this), which, type, expect.template(json, await vars(this)));
});

Then('the {word} {word} S_eUICC received matches:', async function (this: HarnessWorld, which: string, type: string, json: string) {
  expect.commandMatches(await all(this), which, type, expect.template(json, await vars(this)));
});

Then('S_eIM received the answer of S_eUICC to {word} unchanged in {word}', async function (this: HarnessWorld, es10Type: string, esipaType: string) {
  expect.answerRelayed(await all(this), es10Type, esipaType);
});

Then('S_eUICC received the {word} exactly as S_eIM sent it', async function (this: HarnessWorld, type: string) {
  expect.commandFromEim(await all(this), type);
});

Then('S_eIM received in {word} at {string} what S_eUICC answered to {word} at {string}', async function (this: HarnessWorld, esipaType: string, path: string, es10Type: string, answerPath: string) {
  expect.carriedFromCard(await all(this), esipaType, path, es10Type, answerPath);
});

Then('S_eUICC received in {word} at {string} what S_eIM answered to {word} at {string}', async function (this: HarnessWorld, es10Type: string, path: string, esipaType: string, answerPath: string) {
  expect.carriedFromEim(await all(this), es10Type, path, esipaType, answerPath);
});

Then('S_eUICC received a NotificationSentRequest for every seqNumber S_eIM acknowledged', async function (this: HarnessWorld) {
  expect.acknowledgedRemoved(await all(this));
});

Then('S_eUICC received the {word} in chained STORE DATA blocks', async function (this: HarnessWorld, type: string) {
  expect.chained(await all(this), type);
});

Then('the IPA fetched the answer to {word} with GET RESPONSE', async function (this: HarnessWorld, type: string) {
  expect.fetchedWithGetResponse(await all(this), type);
});

Then('S_eUICC holds the eIM of S_eIM with an associationToken', async function (this: HarnessWorld) {
  const b = await IpaBench.of(this);
  const [card, eim] = [await b.card(), await b.eim()];
  expectMatch('the eIM configurations S_eUICC holds', card.euicc.state.eims, [{ eimId: eim.eimId, associationToken: (v: unknown) => typeof v === 'number' }]);
});

Then('S_eIM received the {word} of S_eUICC unchanged in {word}', async function (this: HarnessWorld, answerType: string, esipaType: string) {
  expect.answerTypeRelayed(await all(this), answerType, esipaType);
});

Then('S_eUICC received a NotificationSentRequest for the ProfileInstallationResult', async function (this: HarnessWorld) {
  expect.pirRemoved(await all(this));
});

Then('S_SM-DP+ received these ES9+ functions from the IPA in this order:', async function (this: HarnessWorld, t: DataTable) {
  expect.es9InOrder(await all(this), rows(t));
});

Then('the IPA answered the injected package with a TransferEimPackageResponse matching:', async function (this: HarnessWorld, json: string) {
  expect.injectionAnswered(await all(this), expect.template(json, await vars(this)));
});

Then('S_eUICC received the AddInitialEimRequest of S_eIM unchanged', async function (this: HarnessWorld) {
  const eim = await (await IpaBench.of(this)).eim();
  expect.commandBytes(await all(this), 'AddInitialEimRequest', Buffer.from(eim.addInitialEimRequest()).toString('hex'));
});
