/** Checks of the eUICC's profile state as S_IPA reads it (ES10c.GetProfilesInfo). */
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { HarnessWorld } from '../support/world';
import { bench } from './support';

Then(/^profile (\w) is (enabled|disabled) on the eUICC$/, async function (this: HarnessWorld, letter: string, state: string) {
  assert.equal(await (await bench(this)).profileState(letter), state, `state of profile ${letter}`);
});

Then('profile {word} is not on the eUICC', async function (this: HarnessWorld, letter: string) {
  assert.equal(await (await bench(this)).profileState(letter), 'absent', `profile ${letter}`);
});
