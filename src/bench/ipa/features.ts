/** Optional features of the ipa suite (mnemonics used in `@optional:` tags). */
import { OptionalFeature } from '../applicability';

export const FEATURES: readonly OptionalFeature[] = [
  { id: 'O_I_ADD_INITIAL_EIM', iut: 'ipa', description: 'the IPAd configures a virgin eUICC with ES10b.AddInitialEim from a given AddInitialEimRequest' },
  { id: 'O_I_STATE_CHANGE', iut: 'ipa', description: 'the IPAd can be told of a local state change and reports it with notifyStateChange' },
  { id: 'O_I_COMPACT', iut: 'ipa', description: 'IPA capability minimizeEsipaBytes: compact ESipa forms' },
  { id: 'O_I_DIRECT_DOWNLOAD', iut: 'ipa', description: 'IPA capability directRspServerCommunication: profile download over ES9+' },
  { id: 'O_I_INJECTION', iut: 'ipa', description: 'ipaInjectHttps: the IPAd serves ESipa TransferEimPackage' },
];
