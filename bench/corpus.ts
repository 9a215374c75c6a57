/**
 * The benchmark corpus: every ESipa alternative in both directions (v1.2 and v1.0) and every
 * SGP.32 ES10 command and response, with values drawn from the schema arbitraries under a fixed
 * seed, so the file is reproducible and covers what a fleet simulator really decodes.
 */
import fc from 'fast-check';
import { arbitraryFor, codec, SpecVersion, toHex } from '../src/asn1';
import { ChoiceNode } from '../src/asn1/nodes';

export interface CorpusLine { module: string; type: string; hex: string; asnVersion: string }

const ES10_SGP32 = [
  'EuiccPackageRequest', 'EuiccPackageResult', 'GetEimConfigurationDataRequest', 'GetEimConfigurationDataResponse',
  'GetCertsRequest', 'GetCertsResponse', 'AddInitialEimRequest', 'AddInitialEimResponse', 'ProfileRollbackRequest',
  'ProfileRollbackResponse', 'ImmediateEnableRequest', 'ImmediateEnableResponse', 'ConfigureImmediateProfileEnablingRequest',
  'ConfigureImmediateProfileEnablingResponse', 'EnableEmergencyProfileRequest', 'EnableEmergencyProfileResponse',
  'DisableEmergencyProfileRequest', 'DisableEmergencyProfileResponse', 'ExecuteFallbackMechanismRequest',
  'ExecuteFallbackMechanismResponse', 'ReturnFromFallbackRequest', 'ReturnFromFallbackResponse',
  'GetConnectivityParametersRequest', 'GetConnectivityParametersResponse', 'EuiccMemoryResetRequest', 'EuiccMemoryResetResponse',
  'RetrieveNotificationsListRequest', 'RetrieveNotificationsListResponse', 'IpaeActivationRequest', 'IpaeActivationResponse',
  'EUICCInfo2', 'ProfileInfoListResponse',
];

function sample(version: SpecVersion, type: string, arb: fc.Arbitrary<unknown>, n: number, seed: number): CorpusLine[] {
  const c = codec('SGP32Definitions', version);
  return fc.sample(arb, { seed, numRuns: n }).map((v) => ({ module: 'SGP32Definitions', type, hex: toHex(c.encode(type, v)), asnVersion: version }));
}

export function buildCorpus(perAlternative = 6): CorpusLine[] {
  const lines: CorpusLine[] = [];
  let seed = 32;
  for (const version of ['v1.2', 'v1.0'] as const) {
    const c = codec('SGP32Definitions', version);
    for (const wrapper of ['EsipaMessageFromIpaToEim', 'EsipaMessageFromEimToIpa']) {
      for (const alt of (c.node(wrapper) as ChoiceNode).alternatives) {
        const arb = arbitraryFor(alt.node).map((v) => ({ [alt.name]: v }));
        lines.push(...sample(version, wrapper, arb, perAlternative, seed++));
      }
    }
  }
  for (const type of ES10_SGP32) lines.push(...sample('v1.2', type, arbitraryFor(codec().node(type)), 2, seed++));
  return lines;
}
