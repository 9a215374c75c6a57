/** The fuzz target of each IUT role. */
import type { IutRole } from '../config';
import type { ScenarioContext } from '../scenario';
import { eimFuzzTarget } from './eim';
import { euiccFuzzTarget } from './euicc';
import { ipaFuzzTarget } from './ipa';
import { smdppFuzzTarget } from './smdpp';
import type { FuzzTarget } from './target';

export const FUZZ_TARGETS: Record<IutRole, (ctx: ScenarioContext) => Promise<FuzzTarget>> = {
  eim: eimFuzzTarget,
  ipa: ipaFuzzTarget,
  euicc: euiccFuzzTarget,
  smdpp: smdppFuzzTarget,
};
