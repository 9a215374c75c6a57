/**
 * S_IPA: the ES10 commands the suite sends to the eUICC under test, encoded and decoded with the
 * versioned SGP32Definitions codec (which holds RSPDefinitions' types), plus raw APDUs for the
 * APDU-level negative cases. Every APDU goes through the traced connector of the card link.
 */
import { codec, Codec, SpecVersion } from '../../asn1';
import { claForChannel, CommandApdu, encodeCommandApdu, parseResponseApdu, ResponseApdu } from '../../transport/apdu';
import { CardLink } from './card-link';

/** The response type of each ES10 request type the suite sends. */
const RESPONSES: Readonly<Record<string, string>> = {
  GetCertsRequest: 'GetCertsResponse',
  AddInitialEimRequest: 'AddInitialEimResponse',
  GetEimConfigurationDataRequest: 'GetEimConfigurationDataResponse',
  EuiccPackageRequest: 'EuiccPackageResult',
  ProfileRollbackRequest: 'ProfileRollbackResponse',
  ProfileInfoListRequest: 'ProfileInfoListResponse',
  RetrieveNotificationsListRequest: 'RetrieveNotificationsListResponse',
  NotificationSentRequest: 'NotificationSentResponse',
  ListNotificationRequest: 'ListNotificationResponse',
  EuiccMemoryResetRequest: 'EuiccMemoryResetResponse',
  GetEuiccInfo1Request: 'EUICCInfo1',
  GetEuiccInfo2Request: 'EUICCInfo2',
  GetEuiccChallengeRequest: 'GetEuiccChallengeResponse',
  GetEuiccDataRequest: 'GetEuiccDataResponse',
  GetConnectivityParametersRequest: 'GetConnectivityParametersResponse',
  ConfigureImmediateProfileEnablingRequest: 'ConfigureImmediateProfileEnablingResponse',
  ImmediateEnableRequest: 'ImmediateEnableResponse',
  EnableEmergencyProfileRequest: 'EnableEmergencyProfileResponse',
  DisableEmergencyProfileRequest: 'DisableEmergencyProfileResponse',
  ExecuteFallbackMechanismRequest: 'ExecuteFallbackMechanismResponse',
  ReturnFromFallbackRequest: 'ReturnFromFallbackResponse',
};

export class SIpa {
  readonly codec: Codec;

  constructor(readonly link: CardLink, version: SpecVersion) {
    this.codec = codec('SGP32Definitions', version);
  }

  /** One ES10 command: `value` encoded as `request`, the answer decoded as its response type. */
  async es10<T = any>(request: string, value: unknown): Promise<T> {
    const response = RESPONSES[request];
    if (!response) throw new Error(`S_IPA has no response type for ${request}`);
    return this.codec.decode<T>(response, await this.send(this.codec.encode(request, value)));
  }

  /** ES10 bytes through STORE DATA; resolves with the card's whole answer. */
  send(command: Uint8Array): Promise<Uint8Array> {
    return this.link.session.send(command);
  }

  /** One command APDU on the session's channel, answered as is (no GET RESPONSE, no status check). */
  async apdu(command: Omit<CommandApdu, 'cla'> & { cla?: number }): Promise<ResponseApdu> {
    const cla = command.cla ?? claForChannel(this.link.session.channel, 'proprietary');
    return parseResponseApdu(await this.link.connector.transmit(encodeCommandApdu({ ...command, cla })));
  }
}

/** ISO 7816-4 status words of an error (not 9000, 61xx, 6Cxx or a warning 62xx/63xx). */
export function isErrorStatus(sw: number): boolean {
  return [0x64, 0x65, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6d, 0x6e, 0x6f].includes(sw >> 8);
}
