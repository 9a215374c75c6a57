/**
 * The card side of a download, built only from the crypto layer, to drive the SM-DP+ library in
 * tests before S_eUICC exists: AuthenticateServer and PrepareDownload sign with the test PKI's eUICC
 * key, LoadBoundProfilePackage runs the BppLoader. Like a card it answers a bad SM-DP+ signature
 * with the SGP.22 error (invalidSignature 2) rather than throwing.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { codec, X509Value } from '../../../src/asn1';
import { BppLoader, OpenedBpp } from '../../../src/crypto/bpp-loader';
import { Curve } from '../../../src/crypto/curves';
import { generateOneTimeKey, OneTimeKeyPair } from '../../../src/crypto/ecka';
import { dataObjects, signatureTlv, signRsp, verifyRsp } from '../../../src/crypto/rsp-signatures';
import type { GeneratedCert } from '../../../src/pki';

const rsp = codec('RSPDefinitions'), sgp32 = codec('SGP32Definitions');
const INVALID_SIGNATURE = 2;

export class EuiccStandIn {
  readonly challenge = Buffer.from('3F2A5C6E7D8B9A0B1C2D3E4F50617283', 'hex');
  private transactionId?: Uint8Array;
  private euiccSignature1?: Buffer;
  private dpPb?: KeyObject;
  private otk?: OneTimeKeyPair;

  constructor(readonly curve: Curve, readonly euicc: GeneratedCert, readonly eum: GeneratedCert, readonly ciKeyId: Uint8Array) {}

  get eid(): string {
    return this.euicc.eid!;
  }

  euiccInfo1() {
    return { svn: Buffer.from('020300', 'hex'), euiccCiPKIdListForVerification: [this.ciKeyId], euiccCiPKIdListForSigning: [this.ciKeyId] };
  }

  euiccInfo2() {
    return { ...EUICC_INFO2, euiccCiPKIdListForVerification: [this.ciKeyId], euiccCiPKIdListForSigning: [this.ciKeyId] };
  }

  /** ES10b.AuthenticateServer; `tweak` changes euiccSigned1 before it is signed. */
  authenticateServer(request: Uint8Array, tweak: (signed: Record<string, any>) => void = () => {}): Uint8Array {
    const req = rsp.decode('AuthenticateServerRequest', request);
    const objs = dataObjects(request, 'AuthenticateServerRequest', 0xbf38);
    const dpAuth = new X509Certificate(req.serverCertificate.der).publicKey;
    this.transactionId = req.serverSigned1.transactionId;
    if (!verifyRsp('serverSignature1', dpAuth, { serverSigned1: objs.get(0x30)! }, req.serverSignature1)) {
      return sgp32.encode('AuthenticateServerResponse', { authenticateResponseError: { transactionId: this.transactionId, authenticateErrorCode: INVALID_SIGNATURE } });
    }
    const s = req.serverSigned1;
    const euiccSigned1 = { transactionId: s.transactionId, serverAddress: s.serverAddress, serverChallenge: s.serverChallenge, euiccInfo2: this.euiccInfo2(), ctxParams1: req.ctxParams1 };
    tweak(euiccSigned1);
    const euiccSignature1 = signRsp('euiccSignature1', this.euicc.keys.privateKey, { euiccSigned1: sgp32.encode('EuiccSigned1', euiccSigned1) });
    this.euiccSignature1 = signatureTlv(euiccSignature1);
    return sgp32.encode('AuthenticateServerResponse', {
      authenticateResponseOk: {
        euiccSigned1, euiccSignature1,
        euiccCertificate: new X509Value('Certificate', this.euicc.der), eumCertificate: new X509Value('Certificate', this.eum.der),
      },
    });
  }

  /** ES10b.PrepareDownload: a fresh one-time key, signed over euiccSigned2 ‖ smdpSignature2. */
  prepareDownload(request: Uint8Array): Uint8Array {
    const req = rsp.decode('PrepareDownloadRequest', request);
    const objs = dataObjects(request, 'PrepareDownloadRequest', 0xbf21);
    this.dpPb = new X509Certificate(req.smdpCertificate.der).publicKey;
    if (!verifyRsp('smdpSignature2', this.dpPb, { smdpSigned2: objs.get(0x30)!, euiccSignature1: this.euiccSignature1! }, req.smdpSignature2)) {
      return sgp32.encode('PrepareDownloadResponse', { downloadResponseError: { transactionId: this.transactionId, downloadErrorCode: INVALID_SIGNATURE } });
    }
    this.otk = generateOneTimeKey(this.curve);
    const euiccSigned2 = { transactionId: this.transactionId, euiccOtpk: this.otk.publicKey, ...(req.hashCc && { hashCc: req.hashCc }) };
    const euiccSignature2 = signRsp('euiccSignature2', this.euicc.keys.privateKey, { euiccSigned2: sgp32.encode('EUICCSigned2', euiccSigned2), smdpSignature2: objs.get(0x5f37)! });
    return sgp32.encode('PrepareDownloadResponse', { downloadResponseOk: { euiccSigned2, euiccSignature2 } });
  }

  /** ES10b.LoadBoundProfilePackage, segment by segment. */
  load(segments: readonly Uint8Array[]): OpenedBpp {
    const loader = new BppLoader({ dpPb: this.dpPb!, euiccOtk: this.otk!, eid: Buffer.from(this.eid, 'hex'), transactionId: this.transactionId! });
    let out: OpenedBpp | undefined;
    for (const s of segments) out = loader.load(s);
    return out!;
  }
}

/** A plausible SGP.32 v1.2 IoT eUICC's EUICCInfo2, less its CI lists. */
const EUICC_INFO2 = {
  profileVersion: Buffer.from('020300', 'hex'),
  svn: Buffer.from('020300', 'hex'),
  euiccFirmwareVer: Buffer.from('010000', 'hex'),
  extCardResource: Buffer.from('8101008204000C3B60830222A0', 'hex'),
  uiccCapability: ['usimSupport', 'javacard'],
  rspCapability: ['additionalProfile'],
  ppVersion: Buffer.from('010000', 'hex'),
  sasAcreditationNumber: 'SGP32-HARNESS-TEST',
  ipaMode: 0,
  iotSpecificInfo: { iotVersion: [Buffer.from('010200', 'hex')] },
};
