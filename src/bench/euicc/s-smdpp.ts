/**
 * S_SM-DP+ for downloads into the eUICC under test: the DownloadServer of the SM-DP+ simulator
 * (real ServerSigned1, smdpSigned2 and BPP under the run PKI), driven by S_IPA over APDUs the way an
 * IPAd runs an SGP.22 download: GetEUICCInfo1, GetEUICCChallenge, AuthenticateServer,
 * PrepareDownload, then the BPP segments until the ProfileInstallationResult comes back.
 */
import { X509Certificate } from 'node:crypto';
import { SpecVersion } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { dataObjects, verifyRsp } from '../../crypto/rsp-signatures';
import { PkiStore } from '../../pki';
import { buildTestProfile } from '../../profile';
import { DownloadServer } from '../../../simulators/smdpp/download';
import { SIpa } from './s-ipa';

export const SMDP_ADDRESS = 'smdp.example.com';

export interface Installation {
  /** The ProfileInstallationResult (BF37) as the card sent it. */
  readonly pir: Uint8Array;
  readonly decoded: Record<string, any>;
  /** euiccSignPIR verifies with the eUICC certificate over BF27 as sent. */
  readonly signatureValid: boolean;
}

/** A download of a test profile with `iccid` from S_SM-DP+ on `curve`. */
export async function downloadProfile(ipa: SIpa, pki: PkiStore, o: { curve: Curve; iccid: string; version: SpecVersion; euiccCertificate: X509Certificate }): Promise<Installation> {
  const server = DownloadServer.fromStore(pki, { serverAddress: SMDP_ADDRESS, version: o.version, curve: o.curve, profile: buildTestProfile({ iccid: o.iccid }) });
  const pir = await server.downloadTo((bytes) => ipa.send(bytes));
  const decoded = ipa.codec.decode<Record<string, any>>('ProfileInstallationResult', pir);
  const objs = dataObjects(pir, 'ProfileInstallationResult', 0xbf37);
  const signatureValid = verifyRsp('euiccSignPIR', o.euiccCertificate.publicKey, { profileInstallationResultData: objs.get(0xbf27)! }, decoded.euiccSignPIR);
  return { pir, decoded, signatureValid };
}
