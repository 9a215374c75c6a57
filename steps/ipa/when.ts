/** The IPA's procedures as the ipa suite triggers them: its poll cycles, and an eIM Package injected by S_eIM. */
import { When } from '@cucumber/cucumber';
import { IpaBench } from '../../src/bench/ipa/bench';
import { psmos } from '../../src/bench/ipa/stimuli';
import { StateChangeCause } from '../../simulators/ipa/options';
import { HarnessWorld } from '../support/world';

When('the IPA runs a poll cycle', async function (this: HarnessWorld) {
  await (await IpaBench.of(this)).pollCycle();
});

When('the IPA runs another poll cycle', async function (this: HarnessWorld) {
  await (await IpaBench.of(this)).pollCycle();
});

When('the IPA runs a poll cycle after a local state change {word}', async function (this: HarnessWorld, cause: string) {
  await (await IpaBench.of(this)).pollCycle({ stateChange: cause as StateChangeCause });
});

When('S_eIM injects the PSMO {string} to the IPA', async function (this: HarnessWorld, what: string) {
  await (await IpaBench.of(this)).inject({ type: 'psmo', psmos: psmos(what) });
});
