/** Every optional feature the suites know, per IUT (the harness's Optional Features Table). */
import { OptionalFeature } from './applicability';
import { FEATURES as EIM } from './eim/features';
import { FEATURES as EUICC } from './euicc/features';
import { FEATURES as IPA } from './ipa/features';
import { FEATURES as SMDPP } from './smdpp/features';

export const OPTIONAL_FEATURES: readonly OptionalFeature[] = [...EIM, ...IPA, ...EUICC, ...SMDPP];
