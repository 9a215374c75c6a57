/**
 * The eUICC side of ES10b.LoadBoundProfilePackage: segments arrive one by one in the order of
 * SGP.22 §2.5.5 and are checked as ES8+ commands (§5.5.1 to §5.5.4) before the profile elements are
 * handed on. Every rejection is a BppError carrying the bppCommandId and errorReason that the
 * ProfileInstallationResult reports.
 *
 * Errors, by what is wrong:
 * - segment framing (tag, length, order, sizes, BF36 length): scp03tStructureError;
 * - a C-MAC, or the padding of a decrypted segment: scp03tSecurityError;
 * - InitialiseSecureChannel: remoteOpId → unsupportedRemoteOperationType, transactionId →
 *   invalidTransactionId, CRT keyType/keyLen → unsupportedCrtValues, smdpSign → invalidSignature,
 *   checked in that order; BF23 that does not decode, or an smdpOtpk that is not a curve point →
 *   incorrectInputValues;
 * - a ConfigureISDP, StoreMetadata or ReplaceSessionKeys that does not decode: incorrectInputValues.
 */
import { KeyObject } from 'node:crypto';
import { AsnDecodeError, codec } from '../asn1';
import { readTlvHeader, tagHex, TlvFormatError, TlvHeader } from './ber-tlv';
import { BppCommandName, BppError, BppErrorReasonName } from './bpp-errors';
import { CRT_KEY_LENGTH, CRT_KEY_TYPE_AES, initialiseSecureChannelSignedData, InitialiseSecureChannelValue, REMOTE_OP_INSTALL_BPP } from './bpp-isc';
import { segmentBoundProfilePackage, TAG } from './bpp-segments';
import { BspError, BspSession } from './bsp';
import { verifyRaw } from './ecdsa';
import { ecka, EckaError, OneTimeKeyPair } from './ecka';
import { deriveSessionKeys, SessionKeys } from './kdf';

export interface BppLoaderOptions {
  /** PK.DPpb.ECDSA from CERT.DPpb (a private key works too). */
  dpPb: KeyObject;
  /** otSK/otPK.EUICC.ECKA, generated at PrepareDownload; its curve is the session's. */
  euiccOtk: OneTimeKeyPair;
  eid: Uint8Array;
  /** The transactionId of the RSP session. */
  transactionId: Uint8Array;
  /** Largest protected segment accepted (default 1020, SGP.22 §2.5.3). */
  maxSegmentBytes?: number;
}

export interface Decoded<T> {
  /** The plaintext DER, as reassembled from its segments. */
  der: Buffer;
  value: T;
}

export interface OpenedBpp {
  initialiseSecureChannelRequest: InitialiseSecureChannelValue;
  sessionKeys: SessionKeys;
  configureIsdp: Decoded<Record<string, unknown>>;
  storeMetadata: Decoded<Record<string, unknown>>;
  replaceSessionKeys?: Decoded<{ initialMacChainingValue: Uint8Array; ppkEnc: Uint8Array; ppkCmac: Uint8Array }>;
  /** The UPP: the concatenated plaintext of every 86. */
  upp: Buffer;
  /** Number of ES10b segments taken. */
  segments: number;
}

const EMPTY = Buffer.alloc(0);
/** Largest buffer a list gets before its data arrives; a UPP larger than this grows it. */
const INITIAL_LIST_BUFFER = 1 << 20;

export type BppLoaderStage =
  | 'initialiseSecureChannel' | 'firstSequenceOf87' | 'configureIsdp' | 'sequenceOf88' | 'storeMetadata'
  | 'afterStoreMetadata' | 'replaceSessionKeys' | 'sequenceOf86' | 'profileElements' | 'done' | 'failed';

const COMMAND: Record<BppLoaderStage, BppCommandName> = {
  initialiseSecureChannel: 'initialiseSecureChannel',
  firstSequenceOf87: 'configureISDP',
  configureIsdp: 'configureISDP',
  sequenceOf88: 'storeMetadata',
  storeMetadata: 'storeMetadata',
  afterStoreMetadata: 'replaceSessionKeys',
  replaceSessionKeys: 'replaceSessionKeys',
  sequenceOf86: 'loadProfileElements',
  profileElements: 'loadProfileElements',
  done: 'loadProfileElements',
  failed: 'loadProfileElements',
};

/** Feeds ES10b.LoadBoundProfilePackage segments; `load` returns the opened BPP after the last one. */
export class BppLoader {
  private stage: BppLoaderStage = 'initialiseSecureChannel';
  private index = 0;
  private failure?: BppError;
  /** Bytes of BF36's value not yet received, after the header segment. */
  private bppLeft = 0;
  /** Bytes of the current A0…A3 list's value not yet received. */
  private listLeft = 0;
  /** The current list's plaintext so far, `data[0, dataLength)`: each segment is opened straight into it. */
  private data = EMPTY;
  private dataLength = 0;
  private bsp?: BspSession;
  private readonly result: Partial<OpenedBpp> = {};

  constructor(private readonly opts: BppLoaderOptions) {}

  /** Where the loader is: the command the next segment belongs to. */
  get expecting(): BppLoaderStage {
    return this.stage;
  }

  /**
   * Takes the next segment. Returns undefined while more are expected and the opened BPP after
   * the last 86. Throws BppError on the first fault; the loader then refuses everything.
   */
  load(segment: Uint8Array): OpenedBpp | undefined {
    if (this.failure) throw this.failure;
    try {
      return this.step(segment);
    } catch (e) {
      this.failure = this.toBppError(e);
      this.stage = 'failed';
      throw this.failure;
    } finally {
      this.index++;
    }
  }

  private step(seg: Uint8Array): OpenedBpp | undefined {
    switch (this.stage) {
      case 'initialiseSecureChannel':
        this.initialiseSecureChannel(seg);
        this.stage = 'firstSequenceOf87';
        break;
      case 'firstSequenceOf87':
        this.openList(seg, TAG.firstSequenceOf87, 'configureIsdp');
        break;
      case 'sequenceOf88':
        this.openList(seg, TAG.sequenceOf88, 'storeMetadata');
        break;
      case 'afterStoreMetadata':
        if (seg[0] === TAG.secondSequenceOf87) this.openList(seg, TAG.secondSequenceOf87, 'replaceSessionKeys');
        else this.openList(seg, TAG.sequenceOf86, 'profileElements');
        break;
      case 'sequenceOf86':
        this.openList(seg, TAG.sequenceOf86, 'profileElements');
        break;
      case 'configureIsdp':
      case 'replaceSessionKeys':
        this.element(seg, TAG.encryptedCommand, true);
        break;
      case 'storeMetadata':
        this.element(seg, TAG.storeMetadata, false);
        break;
      case 'profileElements':
        this.element(seg, TAG.profileElements, true);
        break;
      case 'done':
        throw this.error('scp03tStructureError', 'segment after the last sequenceOf86 element', 0);
      case 'failed':
        throw this.failure;
    }
    return this.result.upp ? this.opened() : undefined;
  }

  /** ES8+.InitialiseSecureChannel: BF36 header plus BF23. */
  private initialiseSecureChannel(seg: Uint8Array): void {
    const bpp = this.header(seg, 0, TAG.boundProfilePackage);
    const iscAt = bpp.headerLength;
    const isc = this.header(seg, iscAt, TAG.initialiseSecureChannelRequest);
    const iscEnd = iscAt + isc.headerLength + isc.length;
    if (iscEnd !== seg.length) throw this.error('scp03tStructureError', `the segment holds ${seg.length - iscEnd} bytes after BF23`, iscEnd);
    if (bpp.length < seg.length - iscAt) throw this.error('scp03tStructureError', `BF36 length ${bpp.length} is shorter than its BF23`, 0);
    this.bppLeft = bpp.length - (seg.length - iscAt);
    const bf23 = seg.subarray(iscAt);
    let v: InitialiseSecureChannelValue;
    try {
      v = codec('RSPDefinitions').decode<InitialiseSecureChannelValue>('InitialiseSecureChannelRequest', bf23);
    } catch (e) {
      if (e instanceof AsnDecodeError) throw this.error('incorrectInputValues', `InitialiseSecureChannelRequest: ${e.message}`, iscAt + e.offset);
      throw e;
    }
    const o = this.opts;
    if (v.remoteOpId !== REMOTE_OP_INSTALL_BPP) throw this.error('unsupportedRemoteOperationType', `remoteOpId ${v.remoteOpId}`);
    if (!Buffer.from(o.transactionId).equals(v.transactionId)) {
      throw this.error('invalidTransactionId', `transactionId ${Buffer.from(v.transactionId).toString('hex').toUpperCase()} is not the session's`);
    }
    const crt = v.controlRefTemplate;
    if (crt.keyType[0] !== CRT_KEY_TYPE_AES || crt.keyLen[0] !== CRT_KEY_LENGTH) {
      throw this.error('unsupportedCrtValues', `keyType ${tagHex(crt.keyType[0])}, keyLen ${tagHex(crt.keyLen[0])} (supported: 88, 10)`);
    }
    const signed = initialiseSecureChannelSignedData(bf23, o.euiccOtk.publicKey)!;
    if (!verifyRaw(o.dpPb, signed, v.smdpSign)) throw this.error('invalidSignature', 'smdpSign does not verify with PK.DPpb.ECDSA');
    let shs: Buffer;
    try {
      shs = ecka(o.euiccOtk.curve, o.euiccOtk.privateKey, v.smdpOtpk);
    } catch (e) {
      if (e instanceof EckaError) throw this.error('incorrectInputValues', `smdpOtpk: ${e.message}`);
      throw e;
    }
    const keys = deriveSessionKeys(shs, { keyType: CRT_KEY_TYPE_AES, keyLength: CRT_KEY_LENGTH, hostId: crt.hostId, eid: o.eid });
    // Keyed here, with the session keys, rather than at the first protected segment.
    this.bsp = new BspSession(keys, { maxSegmentBytes: o.maxSegmentBytes, role: 'unwrap' });
    this.result.initialiseSecureChannelRequest = v;
    this.result.sessionKeys = keys;
  }

  /**
   * A list header: A0 and A2 travel with their first 87, A1 and A3 alone (SGP.22 §2.5.5).
   * `inside` is the stage for the list's elements.
   */
  private openList(seg: Uint8Array, tag: number, inside: 'configureIsdp' | 'storeMetadata' | 'replaceSessionKeys' | 'profileElements'): void {
    this.stage = inside;
    const withFirst = tag === TAG.firstSequenceOf87 || tag === TAG.secondSequenceOf87;
    const h = this.header(seg, 0, tag);
    this.take(seg.length);
    if (h.length > this.bppLeft + (seg.length - h.headerLength)) throw this.error('scp03tStructureError', `${tagHex(tag)} of ${h.length} bytes runs past the end of BF36`, 0);
    this.listLeft = h.length;
    // The plaintext is shorter than the list's value; the value's length is only claimed, so a
    // huge claim does not get its buffer up front (`accept` grows it as data arrives).
    this.data = Buffer.allocUnsafe(Math.min(h.length, INITIAL_LIST_BUFFER));
    this.dataLength = 0;
    const rest = seg.subarray(h.headerLength);
    if (!withFirst && rest.length) throw this.error('scp03tStructureError', `${tagHex(tag)} header segment carries ${rest.length} more bytes`, h.headerLength);
    if (withFirst && h.length && !rest.length) throw this.error('scp03tStructureError', `${tagHex(tag)} header segment without its first element`, h.headerLength);
    if (h.length === 0) {
      // Only the UPP may be empty: ConfigureISDP, StoreMetadata and ReplaceSessionKeys are one command each.
      if (inside !== 'profileElements') throw this.error('scp03tStructureError', `empty ${tagHex(tag)}`, 0);
      this.closeList();
      return;
    }
    if (rest.length) this.accept(rest, TAG.encryptedCommand, true, h.headerLength);
  }

  /** One 87, 88 or 86 segment on its own. */
  private element(seg: Uint8Array, tag: number, encrypt: boolean): void {
    this.take(seg.length);
    this.accept(seg, tag, encrypt, 0);
  }

  private accept(tlv: Uint8Array, tag: number, encrypt: boolean, offset: number): void {
    if (tlv.length > this.listLeft) throw this.error('scp03tStructureError', `${tagHex(tag)} of ${tlv.length} bytes runs past the end of its list`, offset);
    this.listLeft -= tlv.length;
    if (this.data.length - this.dataLength < tlv.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.data.length, this.dataLength + tlv.length));
      this.data.copy(grown, 0, 0, this.dataLength);
      this.data = grown;
    }
    try {
      this.dataLength += this.bsp!.unwrapInto(tlv, tag, encrypt, this.index, this.data, this.dataLength);
    } catch (e) {
      if (e instanceof BspError) {
        throw this.error(e.reason === 'structure' ? 'scp03tStructureError' : 'scp03tSecurityError', e.detail, offset + e.offset);
      }
      throw e;
    }
    if (this.listLeft === 0) this.closeList();
  }

  /** Counts a segment's bytes against BF36's length. */
  private take(n: number): void {
    if (n > this.bppLeft) throw this.error('scp03tStructureError', `segment of ${n} bytes runs past the end of BF36 (${this.bppLeft} bytes left)`, 0);
    this.bppLeft -= n;
  }

  /** A list is complete: decode what it carried and move to the next stage. */
  private closeList(): void {
    const der = this.data.subarray(0, this.dataLength);
    this.data = EMPTY;
    switch (this.stage) {
      case 'configureIsdp':
        this.result.configureIsdp = { der, value: this.decode('ConfigureISDPRequest', der) };
        this.stage = 'sequenceOf88';
        return;
      case 'storeMetadata':
        this.result.storeMetadata = { der, value: this.decode('StoreMetadataRequest', der) };
        this.stage = 'afterStoreMetadata';
        return;
      case 'replaceSessionKeys': {
        const value = this.decode<NonNullable<OpenedBpp['replaceSessionKeys']>['value']>('ReplaceSessionKeysRequest', der);
        for (const f of ['initialMacChainingValue', 'ppkEnc', 'ppkCmac'] as const) {
          if (value[f].length !== 16) throw this.error('incorrectInputValues', `ReplaceSessionKeysRequest.${f} has ${value[f].length} bytes, not 16`);
        }
        this.result.replaceSessionKeys = { der, value };
        this.bsp!.replaceKeys({ initialMcv: value.initialMacChainingValue, sEnc: value.ppkEnc, sMac: value.ppkCmac });
        this.stage = 'sequenceOf86';
        return;
      }
      case 'profileElements':
        if (this.bppLeft !== 0) throw this.error('scp03tStructureError', `BF36 length leaves ${this.bppLeft} bytes after sequenceOf86`, 0);
        this.result.upp = der;
        this.stage = 'done';
        return;
      default:
        throw new Error(`no list is open at stage ${this.stage}`);
    }
  }

  private decode<T = Record<string, unknown>>(type: string, der: Buffer): T {
    try {
      return codec('RSPDefinitions').decode<T>(type, der);
    } catch (e) {
      if (e instanceof AsnDecodeError) throw this.error('incorrectInputValues', `${type}: ${e.message}`);
      throw e;
    }
  }

  private header(seg: Uint8Array, at: number, tag: number): TlvHeader {
    let h: TlvHeader;
    try {
      h = readTlvHeader(seg, at);
    } catch (e) {
      if (e instanceof TlvFormatError) throw this.error('scp03tStructureError', e.detail, e.offset);
      throw e;
    }
    if (h.tag !== tag) throw this.error('scp03tStructureError', `expected tag ${tagHex(tag)}, found ${tagHex(h.tag)}`, at);
    return h;
  }

  private opened(): OpenedBpp {
    return { ...this.result, segments: this.index + 1 } as OpenedBpp;
  }

  private error(reason: BppErrorReasonName, detail: string, offset?: number): BppError {
    return new BppError(COMMAND[this.stage], reason, this.index, detail, offset);
  }

  /** Anything unexpected still leaves as a BppError, so S_eUICC always has a result to report. */
  private toBppError(e: unknown): BppError {
    if (e instanceof BppError) return e;
    return this.error('installFailedDueToUnknownError', `internal error: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** Segments a BF36 DER as an IPA would and loads it: the eUICC side of a whole BPP in one call. */
export function openBoundProfilePackage(der: Uint8Array, opts: BppLoaderOptions): OpenedBpp {
  const loader = new BppLoader(opts);
  let opened: OpenedBpp | undefined;
  for (const seg of segmentBoundProfilePackage(der)) opened = loader.load(seg);
  return opened!;
}
