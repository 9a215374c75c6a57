/** Optional features of the eim suite (mnemonics used in `@optional:` tags). */
import { OptionalFeature } from '../applicability';

export const FEATURES: readonly OptionalFeature[] = [
  { id: 'O_EIM_ESIPA_JSON', iut: 'eim', description: 'the eIM serves the ESipa JSON binding (/gsma/rsp2/esipa/…)' },
  { id: 'O_EIM_METADATA_CHECK', iut: 'eim', description: 'a download order can carry the expected profile metadata, checked against the SM-DP+\'s (eimProfileMetadataVerification)' },
  { id: 'O_EIM_ES9_TIMEOUT', iut: 'eim', description: 'the eIM maps iut.eim.es9Stall.address to the harness\'s silent SM-DP+ port, to show its ES9+\' timeout' },
];
