/**
 * DER of the ES9+ request types (RSPDefinitions, AUTOMATIC TAGS) as S_IPA sends them: the card's
 * answers go inside exactly as the card produced them, so nothing the eUICC signed is decoded and
 * re-encoded (RSPDefinitions does not know the SGP.32 EUICCInfo2 fields, and the signature would no
 * longer cover what is sent).
 */
import { tlv, tlvAt } from '../../asn1';

const sequence = (tag: number, ...parts: Uint8Array[]) => tlv(tag, Buffer.concat(parts));
const transactionIdTlv = (transactionId: Uint8Array) => tlv(0x80, transactionId);

export const es9Request = {
  initiateAuthentication: (euiccChallenge: Uint8Array, smdpAddress: string, euiccInfo1: Uint8Array) =>
    sequence(0xbf39, tlv(0x81, euiccChallenge), tlv(0x83, Buffer.from(smdpAddress, 'utf8')), euiccInfo1),
  authenticateClient: (transactionId: Uint8Array, authenticateServerResponse: Uint8Array) =>
    sequence(0xbf3b, transactionIdTlv(transactionId), authenticateServerResponse),
  getBoundProfilePackage: (transactionId: Uint8Array, prepareDownloadResponse: Uint8Array) =>
    sequence(0xbf3a, transactionIdTlv(transactionId), prepareDownloadResponse),
  /** PendingNotification is an untagged CHOICE: it travels inside an explicit [0]. */
  handleNotification: (pendingNotification: Uint8Array) => sequence(0xbf3d, tlv(0xa0, pendingNotification)),
  /** The card's CancelSessionResponse keeps its content; its BF41 becomes the field's [1]. */
  cancelSession: (transactionId: Uint8Array, cancelSessionResponse: Uint8Array) => {
    const { start, end } = tlvAt(cancelSessionResponse, 'cancelSessionResponse');
    return sequence(0xbf41, transactionIdTlv(transactionId), tlv(0xa1, cancelSessionResponse.subarray(start, end)));
  },
};
