/** Initial conditions: the S_eUICC associated with the eIM under test, its profiles, S_SM-DP+ deviations. */
import { Given } from '@cucumber/cucumber';
import { NOT_APPLICABLE } from '../../src/bench/applicability';
import { Curve } from '../../src/crypto/curves';
import { HarnessWorld } from '../support/world';
import { defaultCurve, eim } from './bench';

const CURVES: Record<string, Curve> = { NIST: 'nist', BRP: 'brp' };

Given('the eIM under test is associated with a fresh S_eUICC', async function (this: HarnessWorld) {
  await eim(this);
});

Given('the eIM under test is associated with a fresh S_eUICC on curve {word}', async function (this: HarnessWorld, name: string) {
  const curve = CURVES[name];
  if (!curve) throw new Error(`curve ${name}: use NIST or BRP`);
  if (!this.config.curves.includes(curve) || (this.config.iut.eim && defaultCurve(this) !== curve)) {
    this.attach(`${NOT_APPLICABLE} the eIM under test signs on ${defaultCurve(this)}, not ${curve}`, { mediaType: 'text/plain', fileName: 'applicability' });
    return 'skipped';
  }
  await eim(this, { curve });
  return undefined;
});

Given('the eIM under test and a second eIM {string} are associated with a fresh S_eUICC', async function (this: HarnessWorld, other: string) {
  await eim(this, { otherEims: [other] });
});

Given('S_eUICC holds a disabled profile {string}', async function (this: HarnessWorld, iccid: string) {
  await (await eim(this)).installProfile(iccid, false);
});

Given('S_eUICC holds a disabled profile {string} that may be the fallback profile', async function (this: HarnessWorld, iccid: string) {
  await (await eim(this)).installProfile(iccid, false, true);
});

Given('S_eUICC holds an enabled profile {string}', async function (this: HarnessWorld, iccid: string) {
  await (await eim(this)).installProfile(iccid, true);
});

Given('S_eUICC has accepted eUICC Packages from the eIM under test up to counterValue {int}', async function (this: HarnessWorld, counter: number) {
  (await eim(this)).setCardCounter(counter);
});

Given('S_SM-DP+ will corrupt its next {word}', async function (this: HarnessWorld, signature: string) {
  (await eim(this)).corruptSmdpSignature(signature);
});

Given('S_SM-DP+ will find its next download order expired', async function (this: HarnessWorld) {
  (await eim(this)).expireSmdpOrder();
});
