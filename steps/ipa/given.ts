/** Initial conditions of the ipa suite: S_eUICC's content, S_eIM's queue, S_eIM / S_SM-DP+ / S_eUICC deviations. */
import { Given } from '@cucumber/cucumber';
import { IpaBench } from '../../src/bench/ipa/bench';
import { eimFault, edrTagList, esipaAnswer, psmos, statusWordOn } from '../../src/bench/ipa/stimuli';
import { HarnessWorld } from '../support/world';

const bench = (w: HarnessWorld) => IpaBench.of(w);

Given('S_eUICC has no eIM configured', async function (this: HarnessWorld) {
  (await bench(this)).setup.virgin = true;
});

Given('S_eUICC holds {int} disabled profile(s) that ask(s) for {word} notifications', async function (this: HarnessWorld, count: number, event: string) {
  const b = await bench(this);
  b.setup.profiles = count;
  b.setup.notify = [event];
});

Given('S_eUICC holds {int} profiles, the first enabled', async function (this: HarnessWorld, count: number) {
  const b = await bench(this);
  b.setup.profiles = count;
  b.setup.enabledFirst = true;
});

Given('the eIM configuration on S_eUICC leaves the download route to the IPA', async function (this: HarnessWorld) {
  (await bench(this)).setup.indirect = false;
});

Given('S_SM-DP+ holds {word} credentials', async function (this: HarnessWorld, curve: string) {
  (await bench(this)).setup.smdpCurve = curve.toLowerCase() as 'nist' | 'brp';
});

Given('the IPA is given the AddInitialEimRequest of S_eIM', async function (this: HarnessWorld) {
  (await bench(this)).setup.needs.addInitialEim = true;
});

Given('the IPA advertises {word}', async function (this: HarnessWorld, capability: string) {
  const needs = (await bench(this)).setup.needs;
  if (capability === 'minimizeEsipaBytes') needs.compact = true;
  else if (capability === 'directRspServerCommunication') needs.direct = true;
  else throw new Error(`unknown IPA capability ${capability}`);
});

Given('S_eIM has no eIM Package for S_eUICC', async function (this: HarnessWorld) {
  await (await bench(this)).start();
});

Given('S_eIM has a PSMO {string} queued for S_eUICC', async function (this: HarnessWorld, what: string) {
  const b = await bench(this);
  await b.order({ type: 'psmo', psmos: psmos(what) });
});

Given('S_eIM has an eUICC data request for {string} queued for S_eUICC', async function (this: HarnessWorld, components: string) {
  const b = await bench(this);
  await b.order({ type: 'edr', tagList: edrTagList(b.version, components.split(/,\s*/)) });
});

Given('S_eIM has a profile download queued for S_eUICC', async function (this: HarnessWorld) {
  const b = await bench(this);
  const { activationCode } = await b.smdpOrder();
  await b.order({ type: 'download', activationCode, ...(b.setup.indirect ? {} : { indirect: false }) });
});

Given('S_eIM answers the next {word} with eimPackageError {word}', async function (this: HarnessWorld, _type: string, code: string) {
  (await (await bench(this)).eim()).hooks.answerEimPackageError(code as never);
});

Given('S_eIM answers the next {word} with {string}', async function (this: HarnessWorld, type: string, fault: string) {
  const b = await bench(this);
  await b.armEim(type, eimFault(fault));
});

Given('S_eIM answers the next {word} with the ESipa message {string}', async function (this: HarnessWorld, type: string, json: string) {
  const b = await bench(this);
  await b.armEim(type, { kind: 'body', body: esipaAnswer(b.version, JSON.parse(json)) });
});

Given('S_eIM signs the next eUICC Package with {string}', async function (this: HarnessWorld, defect: string) {
  const hooks = (await (await bench(this)).eim()).hooks;
  if (defect === 'a corrupted eimSignature') hooks.corruptSignature();
  else if (defect === 'a replayed counterValue') hooks.reuseCounter();
  else throw new Error(`unknown package defect '${defect}'`);
});

Given('S_SM-DP+ finds the download order expired', async function (this: HarnessWorld) {
  const b = await bench(this);
  (await b.start()).smdpp.hooks.expireOrder();
});

Given('S_eUICC answers the STORE DATA of the next {word} with status word {word}', async function (this: HarnessWorld, type: string, sw: string) {
  const b = await bench(this);
  const card = await b.card();
  card.card.uicc.hooks.statusWord(statusWordOn(b.version, type), parseInt(sw, 16), { times: 1 });
});
