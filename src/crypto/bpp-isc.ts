/**
 * InitialiseSecureChannelRequest (BF23, SGP.22 §5.5.1 ES8+.InitialiseSecureChannel) and the bytes
 * smdpSign covers: the DER data objects remoteOpId (82), transactionId (80), controlRefTemplate (A6)
 * and smdpOtpk (5F49), as they appear inside BF23, followed by euiccOtpk as a 5F49 data object.
 * The same concatenation as pySim `gen_init_sec_chan_signed_part` + euiccOtpk; signed with SK.DPpb.ECDSA,
 * raw r‖s.
 */
import { tlv } from '../asn1';
import { dataObjects, signedData } from './rsp-signatures';

/** RemoteOpId installBoundProfilePackage(1), the only value RSPDefinitions defines. */
export const REMOTE_OP_INSTALL_BPP = 1;
/** CRT keyType '88' (AES), GlobalPlatform key type coding. */
export const CRT_KEY_TYPE_AES = 0x88;
/** CRT keyLen '10': 16-byte (AES-128) session keys. */
export const CRT_KEY_LENGTH = 0x10;

export interface InitialiseSecureChannelValue {
  remoteOpId: number;
  transactionId: Uint8Array;
  controlRefTemplate: { keyType: Uint8Array; keyLen: Uint8Array; hostId: Uint8Array };
  smdpOtpk: Uint8Array;
  smdpSign: Uint8Array;
}

/**
 * The data smdpSign covers (see rsp-signatures.ts), from the DER of a received BF23: its data
 * objects as they arrived, then euiccOtpk as a 5F49 data object. Undefined if BF23 lacks one.
 */
export function initialiseSecureChannelSignedData(bf23: Uint8Array, euiccOtpk: Uint8Array): Buffer | undefined {
  const o = dataObjects(bf23, 'InitialiseSecureChannelRequest', 0xbf23);
  const [remoteOpId, transactionId, controlRefTemplate, smdpOtpk] = [0x82, 0x80, 0xa6, 0x5f49].map((t) => o.get(t));
  if (!remoteOpId || !transactionId || !controlRefTemplate || !smdpOtpk || !o.has(0x5f37)) return undefined;
  return signedData('smdpSign', { remoteOpId, transactionId, controlRefTemplate, smdpOtpk, euiccOtpk: tlv(0x5f49, euiccOtpk) });
}
