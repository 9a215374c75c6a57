/**
 * PEDefinitions (eUICC Profile Package, version three): only the one type RSPDefinitions
 * imports from it, the UICCCapability bit string.
 */
import { ModuleDef, bits } from '../schema';

export const PEDefinitions: ModuleDef = {
  name: 'PEDefinitions',
  version: 'v3',
  automaticTags: true,
  extensibilityImplied: true,
  imports: [],
  types: {
    UICCCapability: bits({
      contactlessSupport: 0,
      usimSupport: 1,
      isimSupport: 2,
      csimSupport: 3,
      akaMilenage: 4,
      akaCave: 5,
      akaTuak128: 6,
      akaTuak256: 7,
      usimTestAlgorithm: 8,
      rfu2: 9,
      gbaAuthenUsim: 10,
      gbaAuthenISim: 11,
      mbmsAuthenUsim: 12,
      eapClient: 13,
      javacard: 14,
      multos: 15,
      multipleUsimSupport: 16,
      multipleIsimSupport: 17,
      multipleCsimSupport: 18,
      berTlvFileSupport: 19,
      dfLinkSupport: 20,
      catTp: 21,
      getIdentity: 22,
      'profile-a-x25519': 23,
      'profile-b-p256': 24,
      suciCalculatorApi: 25,
      'dns-resolution': 26,
      scp11ac: 27,
      'scp11c-authorization-mechanism': 28,
      s16mode: 29,
      eaka: 30,
      iotminimal: 31,
    }),
  },
};
