/** Optional features of the euicc suite (mnemonics used in `@optional:` tags). */
import { OptionalFeature } from '../applicability';

export const FEATURES: readonly OptionalFeature[] = [
  { id: 'O_EUICC_FALLBACK', iut: 'euicc', description: 'the eUICC supports the Fallback Mechanism (IoTSpecificInfo fallbackSupported)' },
  { id: 'O_EUICC_ECALL', iut: 'euicc', description: 'the eUICC supports the Emergency Profile (IoTSpecificInfo ecallSupported)' },
];
