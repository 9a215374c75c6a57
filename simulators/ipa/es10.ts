/**
 * The IPA's ES10 side: one Es10Session (TERMINAL CAPABILITY, logical channel, SELECT ISD-R, STORE
 * DATA chaining, GET RESPONSE) per cycle, the versioned SGP.32 codec for commands and answers, one
 * log line and one report entry per command.
 */
import { Codec, tagHex, tlvAt } from '../../src/asn1';
import { CardStatusError, Es10Session, swHex } from '../../src/transport/apdu';
import { CardConnector } from '../../src/transport/card';
import { CardAnswerError } from './errors';

/** The ES10 commands the IPA issues: request and response types of SGP32Definitions (which holds RSPDefinitions'). */
export const ES10 = {
  getEid: { name: 'GetEID', request: 'GetEuiccDataRequest', response: 'GetEuiccDataResponse' },
  getEimConfigurationData: { name: 'GetEimConfigurationData', request: 'GetEimConfigurationDataRequest', response: 'GetEimConfigurationDataResponse' },
  addInitialEim: { name: 'AddInitialEim', request: 'AddInitialEimRequest', response: 'AddInitialEimResponse' },
  retrieveNotificationsList: { name: 'RetrieveNotificationsList', request: 'RetrieveNotificationsListRequest', response: 'RetrieveNotificationsListResponse' },
  removeNotificationFromList: { name: 'RemoveNotificationFromList', request: 'NotificationSentRequest', response: 'NotificationSentResponse' },
  loadEuiccPackage: { name: 'LoadEuiccPackage', request: 'EuiccPackageRequest', response: 'EuiccPackageResult' },
  profileRollback: { name: 'ProfileRollback', request: 'ProfileRollbackRequest', response: 'ProfileRollbackResponse' },
  getEuiccConfiguredAddresses: { name: 'GetEuiccConfiguredAddresses', request: 'EuiccConfiguredAddressesRequest', response: 'EuiccConfiguredAddressesResponse' },
  getEuiccInfo1: { name: 'GetEUICCInfo1', request: 'GetEuiccInfo1Request', response: 'EUICCInfo1' },
  getEuiccInfo2: { name: 'GetEUICCInfo2', request: 'GetEuiccInfo2Request', response: 'EUICCInfo2' },
  getCerts: { name: 'GetCerts', request: 'GetCertsRequest', response: 'GetCertsResponse' },
  getEuiccChallenge: { name: 'GetEUICCChallenge', request: 'GetEuiccChallengeRequest', response: 'GetEuiccChallengeResponse' },
  authenticateServer: { name: 'AuthenticateServer', request: 'AuthenticateServerRequest', response: 'AuthenticateServerResponse' },
  prepareDownload: { name: 'PrepareDownload', request: 'PrepareDownloadRequest', response: 'PrepareDownloadResponse' },
  cancelSession: { name: 'CancelSession', request: 'CancelSessionRequest', response: 'CancelSessionResponse' },
  immediateEnable: { name: 'ImmediateEnable', request: 'ImmediateEnableRequest', response: 'ImmediateEnableResponse' },
  /** v1.0 name of ImmediateEnable (same tag BF5A). */
  enableUsingDD: { name: 'EnableUsingDD', request: 'EnableUsingDDRequest', response: 'EnableUsingDDResponse' },
} as const;
export type Es10Command = (typeof ES10)[keyof typeof ES10];

/** One ES10 command as the cycle report shows it. */
export interface Es10Exchange {
  name: string;
  /** Outer tag of the command, e.g. 'BF3E'. */
  command: string;
  /** Outer tag of the answer ('' for an empty answer, e.g. a BPP segment before the last). */
  response?: string;
  /** Status word of a command the card refused, e.g. '6A80'. */
  sw?: string;
}

export interface CardAnswer<T = any> {
  value: T;
  /** The answer exactly as the card sent it. */
  bytes: Uint8Array;
}

/** The outer tag of a TLV for logs and reports ('?' when the bytes do not start with one). */
function outerTag(bytes: Uint8Array): string {
  try {
    return tagHex(tlvAt(bytes, 'ES10', 0, bytes.length, true).tag);
  } catch {
    return '?';
  }
}

/** One opened card session of a cycle. */
export class Es10Link {
  private constructor(
    private readonly session: Es10Session,
    readonly codec: Codec,
    private readonly note: (exchange: Es10Exchange) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** TERMINAL CAPABILITY, MANAGE CHANNEL open, SELECT ISD-R (the start-up the TTCN IPAd suite expects, reference §5.1). */
  static async open(connector: CardConnector, codec: Codec, note: (e: Es10Exchange) => void, log: (line: string) => void): Promise<Es10Link> {
    const session = new Es10Session(connector);
    await session.open();
    log(`es10 channel ${session.channel} open, ISD-R selected`);
    return new Es10Link(session, codec, note, log);
  }

  /** Encodes `value` as the command's request, sends it, decodes the answer. */
  async call<T = any>(command: Es10Command, value: unknown): Promise<CardAnswer<T>> {
    const bytes = await this.send(this.codec.encode(command.request, value), command.name);
    try {
      return { value: this.codec.decode<T>(command.response, bytes), bytes };
    } catch (e) {
      throw new CardAnswerError(command.name, `undecodable ${command.response}: ${(e as Error).message}`, e);
    }
  }

  /** Sends one ES10 command as bytes (a relayed package, a BPP segment); resolves with the raw answer. */
  async send(bytes: Uint8Array, name: string): Promise<Uint8Array> {
    const command = outerTag(bytes);
    try {
      const answer = await this.session.send(bytes);
      const response = answer.length ? outerTag(answer) : '';
      this.note({ name, command, response });
      this.log(`es10 ${name} ${command} -> ${response || '(empty)'} ${answer.length} bytes`);
      return answer;
    } catch (e) {
      const sw = e instanceof CardStatusError ? swHex(e.sw) : undefined;
      this.note({ name, command, ...(sw && { sw }) });
      this.log(`es10 ${name} ${command} -> ${sw ? `SW ${sw}` : (e as Error).message}`);
      throw e;
    }
  }

  /** MANAGE CHANNEL close; resolves false (and logs) when the card or link fails it. */
  async close(): Promise<boolean> {
    try {
      await this.session.close();
      this.log('es10 channel closed');
      return true;
    } catch (e) {
      this.log(`es10 channel close failed: ${(e as Error).message}`);
      return false;
    }
  }
}
