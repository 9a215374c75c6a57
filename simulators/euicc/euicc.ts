/**
 * S_eUICC's ISD-R: takes one complete ES10 command (the reassembled STORE DATA payload), routes it
 * by its outer tag to the function that owns it, and answers the DER of the response. The APDU
 * framing around it lives in src/transport/apdu; this class is the same in-process, behind TCP and
 * behind vpcd.
 */
import { AsnDecodeError, Codec, codec, tagHex, tlvAt } from '../../src/asn1';
import { CardStatus, SW } from '../../src/transport/apdu';
import { EuiccConfig, EuiccCredential } from './config';
import { DownloadSession, Es10Context, Es10Function, signWith } from './context';
import { ES10_FUNCTIONS, SEGMENT_FUNCTION } from './functions';
import { EuiccHooks } from './hooks';
import { EuiccState, initialState, loadState, saveState } from './state';

export class SimEuicc implements Es10Context {
  readonly hooks = new EuiccHooks();
  readonly codec: Codec;
  session: DownloadSession | undefined;
  state: EuiccState;
  private readonly byTag = new Map<number, Es10Function>();

  constructor(readonly config: EuiccConfig, state?: EuiccState) {
    this.codec = codec('SGP32Definitions', config.version);
    this.state = state ?? initialState(config.eid, config.version);
    for (const fn of ES10_FUNCTIONS) {
      if (fn.versions && !fn.versions.includes(config.version)) continue;
      const c = this.codecOf(fn);
      if (!c.has(fn.request)) continue;
      this.byTag.set(c.node(fn.request).tag, fn);
    }
  }

  get version() { return this.config.version; }

  /** The codec a function's request and response types live in. */
  codecOf(fn: Es10Function): Codec {
    return fn.module ? codec(fn.module, this.version) : this.codec;
  }

  static load(config: EuiccConfig, file: string): SimEuicc {
    return new SimEuicc(config, loadState(file, config.eid));
  }

  save(file: string): void {
    saveState(file, this.state);
  }

  /** Power cycle or reset: the RSP session is volatile (SGP.22 §3.1.3), everything else persists. */
  powerCycle(): void {
    this.session = undefined;
  }

  /** Back to the virgin card: no profiles, no eIMs, no notifications. */
  factoryReset(): void {
    this.state = initialState(this.config.eid, this.config.version);
    this.session = undefined;
  }

  credential(ciPkId?: string): EuiccCredential | undefined {
    const list = this.config.credentials;
    return ciPkId === undefined ? list[0] : list.find((c) => c.ciPkId === ciPkId.toUpperCase());
  }

  sign(data: Uint8Array, credential: EuiccCredential = this.config.credentials[0]): Buffer {
    return signWith(credential.key, data, this.hooks.takeCorruption());
  }

  /**
   * One ES10 command in, its response DER out. Status words (via `CardStatus`): 6A80 when the bytes
   * are not one well-formed TLV or do not decode as the command; 6A88 for a tag the card has no
   * function for (GlobalPlatform STORE DATA: referenced data not found).
   */
  async process(command: Uint8Array): Promise<Uint8Array> {
    if (this.hooks.takeDrop()) this.session = undefined;
    let tag: number;
    try {
      // BPP segments may be a bare header (A1 L, A3 L) or a header announcing more than this block.
      tag = tlvAt(command, 'ES10 command', 0, command.length, true).tag;
      if (!SEGMENT_FUNCTION.tags.includes(tag)) tlvAt(command, 'ES10 command');
    } catch (e) {
      if (e instanceof AsnDecodeError) throw new CardStatus(SW.INCORRECT_DATA, e.message);
      throw e;
    }
    if (SEGMENT_FUNCTION.tags.includes(tag)) return this.run(SEGMENT_FUNCTION.name, () => SEGMENT_FUNCTION.handle(this, command), (v) => v as Uint8Array);
    const fn = this.byTag.get(tag);
    if (!fn) throw new CardStatus(SW.REFERENCED_DATA_NOT_FOUND, `no ES10 function with tag ${tagHex(tag)} in ${this.version}`);
    let request: unknown;
    try {
      request = this.codecOf(fn).decode(fn.request, command);
    } catch (e) {
      if (e instanceof AsnDecodeError) throw new CardStatus(SW.INCORRECT_DATA, `${fn.name}: ${e.message}`);
      throw e;
    }
    return this.run(fn.name, () => fn.handle(this, request, command), (v) => this.codecOf(fn).encode(fn.response, v));
  }

  /** Runs a handler against a snapshot: if it throws, the card is exactly as before the command. */
  private async run(name: string, handle: () => unknown, encode: (value: unknown) => Uint8Array): Promise<Uint8Array> {
    const wait = this.hooks.delayFor(name);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const armed = this.hooks.takeResponse(name);
    if (armed) return encode(armed.value);
    const before = structuredClone(this.state);
    const session = this.session;
    try {
      return encode(await handle());
    } catch (e) {
      this.state = before;
      this.session = session;
      throw e;
    }
  }
}
