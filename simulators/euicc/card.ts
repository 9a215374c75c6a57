/**
 * S_eUICC as a card: the T=0 engine of src/transport/apdu hosting the ISD-R (whose STORE DATA
 * commands go to `SimEuicc.process`) and the ECASD, behind the config's ATR. Any connector or card
 * server (in-process, TCP, vpcd) carries it.
 *
 * FCI of the ISD-R, laid out as the real eUICCs we have traces of answer it (consumer cards and an
 * SGP.32 IoT card): 6F { 84 AID, A5 { 9F65 01 FF }, E0 { 82 svn }, E1 { 80 euiccConfiguration } }.
 * A5 carries 9F65 (maximum length of the command data field: 255, as GlobalPlatform cards state it); E0 is
 * SGP.22 ISDRProprietaryApplicationTemplate and E1 the SGP.32 v1.2 ISDRProprietaryApplicationTemplateIoT
 * (ipaeSupported, enabledProfile), both beside A5 as the cards put them; v1.0 has no E1. The FCI is
 * built at each SELECT, since enabledProfile follows the state. The ECASD answers 6F { 84 AID, A5 { 9F65 01 FF } }.
 */
import { codec, tlv } from '../../src/asn1';
import { ApduCard } from '../../src/transport/card';
import { CardApplication, CardStatus, ECASD_AID, ISD_R_AID, SW, Uicc } from '../../src/transport/apdu';
import { TraceSink } from '../../src/transport/trace';
import { versionType } from './es10/info';
import { SimEuicc } from './euicc';

export interface EuiccCardOptions {
  /** Every command and response APDU, once each (interface 'apdu'). */
  trace?: TraceSink;
  /** Endpoint name in trace events (default 'S_eUICC'). */
  endpoint?: string;
  /** Called after each ES10 command the ISD-R handled, whatever its outcome (e.g. to save the state). */
  onCommand?: () => void;
  /** Told of unexpected failures inside a handler (the card answers 6F00). */
  onError?: (error: unknown) => void;
}

/** 9F65 01 FF: the card takes up to 255 bytes of command data. */
const MAX_COMMAND_DATA = Uint8Array.of(0x9f, 0x65, 0x01, 0xff);

export function isdrFci(euicc: SimEuicc): Uint8Array {
  const parts = [
    tlv(0x84, ISD_R_AID),
    tlv(0xa5, MAX_COMMAND_DATA),
    codec('RSPDefinitions').encode('ISDRProprietaryApplicationTemplate', { svn: versionType(euicc.config.capabilities.svn) }),
  ];
  if (euicc.codec.has('ISDRProprietaryApplicationTemplateIoT')) {
    const bits = [
      ...(euicc.config.capabilities.ipaeSupported ? ['ipaeSupported'] : []),
      ...(euicc.state.profiles.some((p) => p.state === 'enabled') ? ['enabledProfile'] : []),
    ];
    parts.push(Buffer.from(euicc.codec.encode('ISDRProprietaryApplicationTemplateIoT', { euiccConfiguration: bits })));
  }
  return tlv(0x6f, Buffer.concat(parts));
}

/** The simulated card; `uicc` exposes the APDU-level deviation hooks and channel state. */
export class EuiccCard implements ApduCard {
  readonly uicc: Uicc;

  constructor(readonly euicc: SimEuicc, options: EuiccCardOptions = {}) {
    const isdr: CardApplication = {
      aid: ISD_R_AID,
      get fci() { return isdrFci(euicc); },
      process: async (command) => {
        try {
          return await euicc.process(command);
        } finally {
          options.onCommand?.();
        }
      },
    };
    const ecasd: CardApplication = {
      aid: ECASD_AID,
      fci: tlv(0x6f, Buffer.concat([tlv(0x84, ECASD_AID), tlv(0xa5, MAX_COMMAND_DATA)])),
      // The ECASD holds the eUICC's credentials; ES10 goes to the ISD-R only (SGP.22 §2.4.2).
      process: async () => { throw new CardStatus(SW.REFERENCED_DATA_NOT_FOUND, 'the ECASD takes no ES10 command'); },
    };
    this.uicc = new Uicc({
      atr: euicc.config.atr,
      applications: [isdr, ecasd],
      trace: options.trace,
      endpoint: options.endpoint ?? 'S_eUICC',
      onError: options.onError,
    });
  }

  /** Power-up loses the volatile RSP session (SGP.22 §3.1.3) as well as channels and selections. */
  powerOn(): Uint8Array {
    this.euicc.powerCycle();
    return this.uicc.powerOn();
  }

  powerOff(): void {
    this.euicc.powerCycle();
    this.uicc.powerOff();
  }

  reset(): Uint8Array {
    this.euicc.powerCycle();
    return this.uicc.reset();
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.uicc.transmit(command);
  }
}

export function euiccCard(euicc: SimEuicc, options: EuiccCardOptions = {}): EuiccCard {
  return new EuiccCard(euicc, options);
}
