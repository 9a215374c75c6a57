/** Initial conditions (Background / Given) of the eUICC suite. */
import { Given } from '@cucumber/cucumber';
import { Curve } from '../../src/crypto/curves';
import { HarnessWorld } from '../support/world';
import { bench } from './support';

Given('the eUICC is reset to a known state with no eIM and no operational profile', async function (this: HarnessWorld) {
  await (await bench(this)).reset();
});

Given('S_eIM is associated with the eUICC', async function (this: HarnessWorld) {
  await (await bench(this)).associate();
});

Given('S_eIM is associated with the eUICC on {euiccCurve}', async function (this: HarnessWorld, curve: Curve) {
  await (await bench(this)).associate({ curve });
});

Given('the eUICC holds profile(s) {string} downloaded from S_SM-DP+', async function (this: HarnessWorld, letters: string) {
  await (await bench(this)).install(letters);
});

Given('the eUICC holds profile(s) {string} downloaded from S_SM-DP+ on {euiccCurve}', async function (this: HarnessWorld, letters: string, curve: Curve) {
  await (await bench(this)).install(letters, curve);
});

Given('S_eIM has enabled profile {word} on the eUICC', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).enableForSetup(letter);
});

Given('S_eIM has enabled profile {word} with rollbackFlag on the eUICC', async function (this: HarnessWorld, letter: string) {
  await (await bench(this)).enableForSetup(letter, true);
});

Given('S_eIM has added the eIM {string} to the eUICC', async function (this: HarnessWorld, eimId: string) {
  await (await bench(this)).addEimForSetup(eimId);
});

Given('the eUICC is configured for immediate profile enabling', async function (this: HarnessWorld) {
  await (await bench(this)).configureImmediateEnable();
});

Given('S_IPA has saved the observable state of the eUICC', async function (this: HarnessWorld) {
  await (await bench(this)).saveState();
});
