/**
 * Terminal side of ES10 as an IPA drives it (SGP.32 §5.1 framing, as in the TTCN IPAd suite and
 * lpac): TERMINAL CAPABILITY, MANAGE CHANNEL open, SELECT ISD-R on that channel, then one STORE DATA
 * sequence per ES10 command with the response collected through 61xx / GET RESPONSE.
 */
import { fromHex } from '../../asn1';
import { CardConnector } from '../card/connector';
import { apduHex, CommandApdu, concatBytes, encodeCommandApdu, parseResponseApdu, ResponseApdu, responseApdu } from './apdu';
import { CardResponseError, CardStatusError } from './card-errors';
import { claForChannel, decodeCla, MAX_LOGICAL_CHANNEL } from './channel';
import { INS, insName } from './ins';
import { MAX_BLOCK_SIZE, storeDataBlocks } from './store-data';
import { SW } from './sw';

/** ISD-R (SGP.22 §2.2.1), the application ES10 commands go to. */
export const ISD_R_AID = fromHex('A0000005591010FFFFFFFF8900000100');
/** ECASD (SGP.22 §2.2.2). */
export const ECASD_AID = fromHex('A0000005591010FFFFFFFF8900000200');
/**
 * TERMINAL CAPABILITY data the IPAd suite expects: A9 { 83 01 07 }, eUICC-related terminal
 * capabilities (TS 102 221 §11.1.19.2.4; SGP.22 §3.4.2: LPA/LUI/IPA support bits).
 */
export const EUICC_TERMINAL_CAPABILITY = fromHex('A903830107');

export interface Es10SessionOptions {
  /** Open a logical channel for the session (default true); false works on the basic channel 0. */
  channel?: boolean;
  /** Application to select; default the ISD-R. */
  aid?: Uint8Array;
  /** STORE DATA block size, 1..255 (default 255; lpac uses 120). */
  blockSize?: number;
  /** TERMINAL CAPABILITY data to send first, or false to send none. */
  terminalCapability?: Uint8Array | false;
}

/** GET RESPONSE for `le` bytes on `channel` (ISO 7816-4 §11.4.2, interindustry class). */
export function getResponseApdu(channel: number, le: number): CommandApdu {
  return { cla: claForChannel(channel), ins: INS.GET_RESPONSE, p1: 0, p2: 0, data: new Uint8Array(0), le };
}

export class Es10Session {
  /** Logical channel the session talks on (0 until `open()` has opened one). */
  channel = 0;
  /** FCI the card answered to SELECT, kept for reports. */
  fci: Uint8Array | undefined;
  private readonly useChannel: boolean;
  private readonly aid: Uint8Array;
  private readonly blockSize: number;
  private readonly terminalCapability: Uint8Array | false;
  private queue: Promise<unknown> = Promise.resolve();

  /** `connector` must already be connected. */
  constructor(readonly connector: CardConnector, options: Es10SessionOptions = {}) {
    this.useChannel = options.channel ?? true;
    this.aid = options.aid ?? ISD_R_AID;
    this.blockSize = options.blockSize ?? MAX_BLOCK_SIZE;
    this.terminalCapability = options.terminalCapability ?? EUICC_TERMINAL_CAPABILITY;
  }

  /** TERMINAL CAPABILITY, MANAGE CHANNEL open (unless `channel: false`), SELECT; resolves with the FCI. */
  open(): Promise<Uint8Array> {
    return this.serial(async () => {
      if (this.terminalCapability) {
        await this.expectOk({ cla: 0x80, ins: INS.TERMINAL_CAPABILITY, p1: 0, p2: 0, data: this.terminalCapability });
      }
      if (this.useChannel) {
        const open: CommandApdu = { cla: 0x00, ins: INS.MANAGE_CHANNEL, p1: 0x00, p2: 0x00, data: new Uint8Array(0), le: 1 };
        const answer = await this.expectOk(open, 'MANAGE CHANNEL open');
        const n = answer.length === 1 ? answer[0]! : -1;
        if (n < 1 || n > MAX_LOGICAL_CHANNEL) {
          throw new CardResponseError('MANAGE CHANNEL open', apduHex(encodeCommandApdu(open)), apduHex(answer), 'expected one byte naming a channel in 1..19');
        }
        this.channel = n;
      }
      const select: CommandApdu = { cla: claForChannel(this.channel), ins: INS.SELECT, p1: 0x04, p2: 0x00, data: this.aid, le: 256 };
      this.fci = await this.expectOk(select);
      return this.fci;
    });
  }

  /** Sends one ES10 command (a whole BER-TLV) and resolves with the card's whole response. */
  send(es10Command: Uint8Array): Promise<Uint8Array> {
    return this.serial(async () => {
      const blocks = storeDataBlocks(es10Command, this.channel, this.blockSize);
      for (const block of blocks.slice(0, -1)) {
        const r = await this.transmit(block);
        // Intermediate blocks carry no response (SGP.22 §5.7.2): anything but 9000 stops the sequence.
        if (r.sw !== SW.OK) throw new CardStatusError(r.sw, insName(block.ins), apduHex(encodeCommandApdu(block)));
      }
      return this.expectOk(blocks[blocks.length - 1]!);
    });
  }

  /** MANAGE CHANNEL close of the session's channel (nothing to do on the basic channel). */
  close(): Promise<void> {
    return this.serial(async () => {
      if (this.channel === 0) return;
      const close: CommandApdu = { cla: 0x00, ins: INS.MANAGE_CHANNEL, p1: 0x80, p2: this.channel, data: new Uint8Array(0) };
      await this.expectOk(close, 'MANAGE CHANNEL close');
      this.channel = 0;
      this.fci = undefined;
    });
  }

  /**
   * One command with T=0 response handling (TS 102 221 §7.3.1.1.4): 6Cxx → the same command again
   * with Le = xx; 61xx → GET RESPONSE with Le = xx, repeated while 61xx comes back. Resolves with
   * all response data and the last status word, whatever it is.
   */
  private async exchange(command: CommandApdu): Promise<ResponseApdu> {
    const chunks: Uint8Array[] = [];
    let apdu = command;
    let r = await this.transmit(apdu);
    let retried = false;
    for (;;) {
      if (r.sw >> 8 === 0x6c && !retried) {
        apdu = { ...apdu, le: r.sw & 0xff || 256 };
        retried = true;
        r = await this.transmit(apdu);
        continue;
      }
      chunks.push(r.data);
      if (r.sw >> 8 !== 0x61) return { data: concatBytes(chunks), sw: r.sw };
      if (apdu.ins === INS.GET_RESPONSE && r.data.length === 0) {
        throw new CardResponseError('GET RESPONSE', apduHex(encodeCommandApdu(apdu)), apduHex(responseApdu(r.data, r.sw)), '61xx again without any data: no progress');
      }
      apdu = getResponseApdu(decodeCla(command.cla).channel, r.sw & 0xff || 256);
      retried = false;
      r = await this.transmit(apdu);
    }
  }

  /** `exchange`, then anything but 9000 is a CardStatusError naming `command`. */
  private async expectOk(command: CommandApdu, name = insName(command.ins)): Promise<Uint8Array> {
    const r = await this.exchange(command);
    if (r.sw !== SW.OK) throw new CardStatusError(r.sw, name, apduHex(encodeCommandApdu(command)));
    return r.data;
  }

  private async transmit(command: CommandApdu): Promise<ResponseApdu> {
    return parseResponseApdu(await this.connector.transmit(encodeCommandApdu(command)));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
