/**
 * Bound Profile Package construction on the SM-DP+ side (SGP.22 §2.5.4, ES8+ functions of §5.5):
 *   BF36 { BF23 InitialiseSecureChannelRequest,
 *          A0 { 87 ConfigureISDPRequest (BF24), encrypted and MACed with the session keys },
 *          A1 { 88 StoreMetadataRequest (BF25), MAC only },
 *          A2 { 87 ReplaceSessionKeysRequest (BF26) }  -- only with PPKs,
 *          A3 { 86 … the UPP cut into segments, under the session keys or, after A2, the PPKs } }
 * The session keys come from ECKA(otSK.DP.ECKA, otPK.EUICC.ECKA) and the X9.63 KDF.
 */
import { KeyObject } from 'node:crypto';
import { codec } from '../asn1';
import { tlvHeaderLength, writeTlvHeader } from './ber-tlv';
import { BspKeys, BspPart, BspSession, wrappedLength } from './bsp';
import { CRT_KEY_LENGTH, CRT_KEY_TYPE_AES, initialiseSecureChannelSignedData, InitialiseSecureChannelValue, REMOTE_OP_INSTALL_BPP } from './bpp-isc';
import { TAG } from './bpp-segments';
import { Curve, CURVE_INFO } from './curves';
import { signRaw } from './ecdsa';
import { ecka, generateOneTimeKey, OneTimeKeyPair } from './ecka';
import { deriveSessionKeys, SessionKeys } from './kdf';

export class BppInputError extends Error {
  override readonly name = 'BppInputError';
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
  }
}

/** ConfigureISDPRequest (BF24) as the codec shapes it: `{}` or `{ dpProprietaryData: { dpOid: '1.2.3' } }`. */
export type ConfigureIsdpRequest = Record<string, unknown>;
/** StoreMetadataRequest (BF25) as the codec shapes it (iccid, serviceProviderName, profileName, …). */
export type StoreMetadataRequest = Record<string, unknown>;

export interface SessionBindingInput {
  curve: Curve;
  transactionId: Uint8Array;
  /** SK.DPpb.ECDSA, the key of CERT.DPpb. */
  dpPb: KeyObject;
  /** otSK/otPK.DP.ECKA; generated on `curve` when left out. */
  smdpOtk?: OneTimeKeyPair;
  /** otPK.EUICC.ECKA from PrepareDownload (65-byte uncompressed point). */
  euiccOtpk: Uint8Array;
  /** The eUICC's EID, 16 bytes. */
  eid: Uint8Array;
  /** CRT hostId, 1 to 16 bytes. */
  hostId: Uint8Array;
}

/** The result of ES8+.InitialiseSecureChannel on the SM-DP+ side: the signed BF23 and the session keys. */
export interface SessionBinding {
  initialiseSecureChannelRequest: InitialiseSecureChannelValue;
  sessionKeys: SessionKeys;
  smdpOtk: OneTimeKeyPair;
}

export interface BppContent {
  configureIsdp?: ConfigureIsdpRequest;
  storeMetadata: StoreMetadataRequest;
  /** PPK-ENC, PPK-MAC and initial MCV: with them the BPP carries ReplaceSessionKeys and the UPP is protected under them. */
  ppk?: BspKeys;
  /** The UPP: concatenated DER profile elements. */
  upp: Uint8Array;
}

export type BppBuildInput = SessionBindingInput & BppContent;

export interface BuiltBpp {
  /** The BoundProfilePackage DER (BF36). */
  der: Buffer;
  /** The ES10b.LoadBoundProfilePackage segments an IPA sends (SGP.22 §2.5.5), as views into `der`. */
  segments: Buffer[];
  sessionKeys: SessionKeys;
  smdpOtk: OneTimeKeyPair;
}

const rsp = () => codec('RSPDefinitions');

/** ECKA, key derivation and the signed InitialiseSecureChannelRequest: the one-off part of a BPP. */
export function bindSession(input: SessionBindingInput): SessionBinding {
  const smdpOtk = input.smdpOtk ?? generateOneTimeKey(input.curve);
  if (smdpOtk.curve !== input.curve) {
    throw new BppInputError('smdpOtk', `is a ${CURVE_INFO[smdpOtk.curve].label} key, the session uses ${CURVE_INFO[input.curve].label}`);
  }
  if (input.eid.length !== 16) throw new BppInputError('eid', `must be 16 bytes, got ${input.eid.length}`);
  const shs = ecka(input.curve, smdpOtk.privateKey, input.euiccOtpk);
  const sessionKeys = deriveSessionKeys(shs, { keyType: CRT_KEY_TYPE_AES, keyLength: CRT_KEY_LENGTH, hostId: input.hostId, eid: input.eid });
  const unsigned: InitialiseSecureChannelValue = {
    remoteOpId: REMOTE_OP_INSTALL_BPP,
    transactionId: input.transactionId,
    controlRefTemplate: { keyType: Buffer.of(CRT_KEY_TYPE_AES), keyLen: Buffer.of(CRT_KEY_LENGTH), hostId: input.hostId },
    smdpOtpk: smdpOtk.publicKey,
    smdpSign: Buffer.alloc(64),
  };
  // The signature covers data objects of BF23 itself, so encode once to get their exact bytes.
  const signed = initialiseSecureChannelSignedData(rsp().encode('InitialiseSecureChannelRequest', unsigned), input.euiccOtpk)!;
  return {
    initialiseSecureChannelRequest: { ...unsigned, smdpSign: signRaw(input.dpPb, signed) },
    sessionKeys,
    smdpOtk,
  };
}

/**
 * Protects the content under the bound session and writes BF36 and its ES10b segments. Every
 * length is known before anything is protected (BSP cuts by data length alone), so the DER is laid
 * out first and BspSession.wrapInto writes each protected TLV straight into it; the segments are
 * views cut at the lengths already known, the SGP.22 §2.5.5 cut that segmentBoundProfilePackage
 * makes of a received BPP.
 */
export function assembleBoundProfilePackage(binding: SessionBinding, content: BppContent): Omit<BuiltBpp, 'sessionKeys' | 'smdpOtk'> {
  const c = rsp();
  const bf23 = c.encode('InitialiseSecureChannelRequest', binding.initialiseSecureChannelRequest);
  // Each list of BF36 (A0…A3) holds the TLVs of one protected part.
  const lists: { tag: number; part: BspPart }[] = [
    { tag: TAG.firstSequenceOf87, part: { tag: TAG.encryptedCommand, data: c.encode('ConfigureISDPRequest', content.configureIsdp ?? {}), encrypt: true } },
    { tag: TAG.sequenceOf88, part: { tag: TAG.storeMetadata, data: c.encode('StoreMetadataRequest', content.storeMetadata), encrypt: false } },
  ];
  if (content.ppk) {
    for (const f of ['initialMcv', 'sEnc', 'sMac'] as const) {
      if (content.ppk[f].length !== 16) throw new BppInputError(`ppk.${f}`, `must be 16 bytes, got ${content.ppk[f].length}`);
    }
    const rsk = { initialMacChainingValue: content.ppk.initialMcv, ppkEnc: content.ppk.sEnc, ppkCmac: content.ppk.sMac };
    lists.push({ tag: TAG.secondSequenceOf87, part: { tag: TAG.encryptedCommand, data: c.encode('ReplaceSessionKeysRequest', rsk), encrypt: true } });
  }
  lists.push({ tag: TAG.sequenceOf86, part: { tag: TAG.profileElements, data: content.upp, encrypt: true } });

  // Layout: BF36 header, BF23, then each list's header and its TLVs.
  const lengths = lists.map((l) => wrappedLength(l.part.data.length, l.part.encrypt));
  const bppLength = lists.reduce((n, l, i) => n + tlvHeaderLength(l.tag, lengths[i]) + lengths[i], bf23.length);
  const der = Buffer.allocUnsafe(tlvHeaderLength(TAG.boundProfilePackage, bppLength) + bppLength);
  let at = writeTlvHeader(der, 0, TAG.boundProfilePackage, bppLength);
  der.set(bf23, at);
  at += bf23.length;
  const segments = [der.subarray(0, at)];
  const starts: number[] = [], valueStarts: number[] = [];
  lists.forEach((l, i) => {
    starts.push(at);
    valueStarts.push((at = writeTlvHeader(der, at, l.tag, lengths[i])));
    at += lengths[i];
  });

  // All that is under one set of keys is wrapped as one run, so the C-MACs take one cipher call.
  const bsp = new BspSession(binding.sessionKeys, { role: 'wrap' });
  const run = (from: number, to: number) => bsp.wrapInto(lists.slice(from, to).map((l) => l.part), der, valueStarts.slice(from, to));
  let ends: number[][];
  if (content.ppk) {
    ends = run(0, lists.length - 1);
    // ReplaceSessionKeys: the 86 elements go under the PPKs.
    bsp.replaceKeys(content.ppk);
    ends.push(...run(lists.length - 1, lists.length));
  } else {
    ends = run(0, lists.length);
  }

  lists.forEach((l, i) => {
    // A0 and A2 travel with their first element, A1 and A3 alone.
    const withFirst = l.tag === TAG.firstSequenceOf87 || l.tag === TAG.secondSequenceOf87;
    let start = starts[i];
    if (!withFirst || !ends[i].length) segments.push(der.subarray(start, (start = valueStarts[i])));
    for (const end of ends[i]) segments.push(der.subarray(start, (start = end)));
  });
  return { der, segments };
}

/** The whole SM-DP+ side of GetBoundProfilePackage: `bindSession` then `assembleBoundProfilePackage`. */
export function buildBoundProfilePackage(input: BppBuildInput): BuiltBpp {
  const binding = bindSession(input);
  return { ...assembleBoundProfilePackage(binding, input), sessionKeys: binding.sessionKeys, smdpOtk: binding.smdpOtk };
}
