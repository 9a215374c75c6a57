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
import { BspKeys, BspPart, BspSession } from './bsp';
import { CRT_KEY_LENGTH, CRT_KEY_TYPE_AES, initialiseSecureChannelSignedData, InitialiseSecureChannelValue, REMOTE_OP_INSTALL_BPP } from './bpp-isc';
import { segmentBoundProfilePackage, TAG } from './bpp-segments';
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

/** Protects the content under the bound session and encodes BF36 and its ES10b segments. */
export function assembleBoundProfilePackage(binding: SessionBinding, content: BppContent): Omit<BuiltBpp, 'sessionKeys' | 'smdpOtk'> {
  const c = rsp();
  const bsp = new BspSession(binding.sessionKeys);
  // The codec takes the value of each 86/87/88 element and writes its tag and length again.
  const values = (tlvs: Buffer[]) => tlvs.map((t) => t.subarray(t[1] & 0x80 ? 2 + (t[1] & 0x7f) : 2));
  const commands: BspPart[] = [
    { tag: TAG.encryptedCommand, data: c.encode('ConfigureISDPRequest', content.configureIsdp ?? {}), encrypt: true },
    { tag: TAG.storeMetadata, data: c.encode('StoreMetadataRequest', content.storeMetadata), encrypt: false },
  ];
  const upp: BspPart = { tag: TAG.profileElements, data: content.upp, encrypt: true };
  // All that is under one set of keys is wrapped as one run, so the C-MACs take one cipher call.
  let lists: Buffer[][];
  if (content.ppk) {
    for (const f of ['initialMcv', 'sEnc', 'sMac'] as const) {
      if (content.ppk[f].length !== 16) throw new BppInputError(`ppk.${f}`, `must be 16 bytes, got ${content.ppk[f].length}`);
    }
    const rsk = { initialMacChainingValue: content.ppk.initialMcv, ppkEnc: content.ppk.sEnc, ppkCmac: content.ppk.sMac };
    lists = bsp.wrapAll([...commands, { tag: TAG.encryptedCommand, data: c.encode('ReplaceSessionKeysRequest', rsk), encrypt: true }]);
    bsp.replaceKeys(content.ppk);
    lists.push(bsp.wrap(upp.tag, upp.data, upp.encrypt));
  } else {
    lists = bsp.wrapAll([...commands, upp]);
  }
  const [firstSequenceOf87, sequenceOf88, ...rest] = lists.map(values);
  const secondSequenceOf87 = rest.length === 2 ? rest[0] : undefined;
  const sequenceOf86 = rest[rest.length - 1];
  const encoded = c.encode('BoundProfilePackage', {
    initialiseSecureChannelRequest: binding.initialiseSecureChannelRequest,
    firstSequenceOf87,
    sequenceOf88,
    ...(secondSequenceOf87 && { secondSequenceOf87 }),
    sequenceOf86,
  });
  // The codec's output is a Buffer already; a view, not a copy, types it so.
  const der = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return { der, segments: segmentBoundProfilePackage(der) };
}

/** The whole SM-DP+ side of GetBoundProfilePackage: `bindSession` then `assembleBoundProfilePackage`. */
export function buildBoundProfilePackage(input: BppBuildInput): BuiltBpp {
  const binding = bindSession(input);
  return { ...assembleBoundProfilePackage(binding, input), sessionKeys: binding.sessionKeys, smdpOtk: binding.smdpOtk };
}
