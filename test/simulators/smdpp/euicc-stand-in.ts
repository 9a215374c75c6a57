/**
 * The card side of a download, built only from the crypto layer, for cases S_eUICC will not produce
 * on its own: a tweaked euiccSigned1, a PrepareDownload without hashCc, a one-time key kept across
 * RSP sessions (bppEuiccOtpk retries), a CancelSession naming another SM-DP+ OID. AuthenticateServer
 * and PrepareDownload sign with the test PKI's eUICC key, LoadBoundProfilePackage runs the BppLoader.
 * Like a card it answers a bad SM-DP+ signature with the SGP.22 error (invalidSignature 2) rather
 * than throwing. `card()` puts it behind the same raw ES10 interface as an S_eUICC fixture.
 */
import { KeyObject, X509Certificate } from 'node:crypto';
import { codec, X509Value } from '../../../src/asn1';
import { BppLoader, OpenedBpp } from '../../../src/crypto/bpp-loader';
import { Curve } from '../../../src/crypto/curves';
import { generateOneTimeKey, OneTimeKeyPair } from '../../../src/crypto/ecka';
import { dataObjects, signatureTlv, signRsp, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { parseCertificate, PkiCredential, PkiStore } from '../../../src/pki';

const rsp = codec('RSPDefinitions'), sgp32 = codec('SGP32Definitions');
const INVALID_SIGNATURE = 2;

/** What the stand-in presents and signs with. */
export interface StandInIdentity {
  /** CERT.EUICC.ECDSA (DER) and its private key. */
  euicc: Uint8Array;
  key: KeyObject;
  eid: string;
  /** CERT.EUM.ECDSA (DER). */
  eum: Uint8Array;
}

export interface StandInOptions {
  /** EUICCInfo1/2 svn (default 2.3.0). */
  svn?: string;
  /** EUICCInfo2 forbiddenProfilePolicyRules, e.g. ['ppr1']. */
  forbiddenProfilePolicyRules?: string[];
}

/** The raw ES10 side of a card, as the test IPA drives it. */
export interface RawCard {
  raw(command: Uint8Array): Promise<Uint8Array>;
  encode(type: string, value: unknown): Uint8Array;
}

/** A credential of a PkiStore (sound or a defective variant) with the EUM of its chain. */
export function identityOf(credential: PkiCredential): StandInIdentity {
  return { euicc: credential.cert.raw, key: credential.key, eid: credential.eid!, eum: credential.chain[0].raw };
}

const same = (a?: Uint8Array, b?: Uint8Array) => !!a && !!b && Buffer.from(a).equals(b);
const version = (text: string) => Buffer.from(text.split('.').map(Number));

export class EuiccStandIn {
  readonly challenge = Buffer.from('3F2A5C6E7D8B9A0B1C2D3E4F50617283', 'hex');
  private transactionId?: Uint8Array;
  private euiccSignature1?: Buffer;
  private dpAuthOid?: string;
  private dpPb?: KeyObject;
  private otk?: OneTimeKeyPair;
  private tweak?: (signed: Record<string, any>) => void;

  constructor(readonly curve: Curve, readonly identity: StandInIdentity, readonly ciKeyId: Uint8Array, readonly options: StandInOptions = {}) {}

  /** The sound eUICC of `curve` in a store. */
  static fromStore(pki: PkiStore, curve: Curve, options?: StandInOptions): EuiccStandIn {
    return new EuiccStandIn(curve, identityOf(pki.get('euicc', curve)), parseCertificate(pki.trustedCis(curve)[0]).subjectKeyId!, options);
  }

  get eid(): string {
    return this.identity.eid;
  }

  /** otPK.EUICC of the last PrepareDownload. */
  get oneTimePublicKey(): Uint8Array | undefined {
    return this.otk?.publicKey;
  }

  euiccInfo1() {
    return { svn: version(this.options.svn ?? '2.3.0'), euiccCiPKIdListForVerification: [this.ciKeyId], euiccCiPKIdListForSigning: [this.ciKeyId] };
  }

  euiccInfo2() {
    const forbidden = this.options.forbiddenProfilePolicyRules;
    return {
      ...EUICC_INFO2, svn: version(this.options.svn ?? '2.3.0'),
      euiccCiPKIdListForVerification: [this.ciKeyId], euiccCiPKIdListForSigning: [this.ciKeyId],
      ...(forbidden && { forbiddenProfilePolicyRules: forbidden }),
    };
  }

  /** The next AuthenticateServer through `card()` changes euiccSigned1 with `tweak` before signing it. */
  tweakNextSigned1(tweak: (signed: Record<string, any>) => void): this {
    this.tweak = tweak;
    return this;
  }

  /** Forgets otSK.EUICC, as a card that lost it: the next PrepareDownload makes a new one whatever bppEuiccOtpk says. */
  loseOneTimeKey(): void {
    this.otk = undefined;
  }

  /** ES10b.AuthenticateServer; `tweak` changes euiccSigned1 before it is signed. */
  authenticateServer(request: Uint8Array, tweak: (signed: Record<string, any>) => void = () => {}): Uint8Array {
    const req = rsp.decode('AuthenticateServerRequest', request);
    const objs = dataObjects(request, 'AuthenticateServerRequest', 0xbf38);
    const dpAuth = new X509Certificate(req.serverCertificate.der);
    this.transactionId = req.serverSigned1.transactionId;
    this.dpAuthOid = /Registered ID:([\d.]+)/.exec(dpAuth.subjectAltName ?? '')?.[1];
    if (!verifyRsp('serverSignature1', dpAuth.publicKey, { serverSigned1: objs.get(0x30)! }, req.serverSignature1)) {
      return sgp32.encode('AuthenticateServerResponse', { authenticateResponseError: { transactionId: this.transactionId, authenticateErrorCode: INVALID_SIGNATURE } });
    }
    const s = req.serverSigned1;
    const euiccSigned1 = { transactionId: s.transactionId, serverAddress: s.serverAddress, serverChallenge: s.serverChallenge, euiccInfo2: this.euiccInfo2(), ctxParams1: req.ctxParams1 };
    tweak(euiccSigned1);
    const euiccSignature1 = signRsp('euiccSignature1', this.identity.key, { euiccSigned1: sgp32.encode('EuiccSigned1', euiccSigned1) });
    this.euiccSignature1 = signatureTlv(euiccSignature1);
    return sgp32.encode('AuthenticateServerResponse', {
      authenticateResponseOk: {
        euiccSigned1, euiccSignature1,
        euiccCertificate: new X509Value('Certificate', this.identity.euicc), eumCertificate: new X509Value('Certificate', this.identity.eum),
      },
    });
  }

  /**
   * ES10b.PrepareDownload, signed over euiccSigned2 ‖ smdpSignature2: the one-time key named by
   * bppEuiccOtpk when the stand-in still holds it (SGP.22 retry), else a fresh one.
   */
  prepareDownload(request: Uint8Array): Uint8Array {
    const req = rsp.decode('PrepareDownloadRequest', request);
    const objs = dataObjects(request, 'PrepareDownloadRequest', 0xbf21);
    this.dpPb = new X509Certificate(req.smdpCertificate.der).publicKey;
    if (!verifyRsp('smdpSignature2', this.dpPb, { smdpSigned2: objs.get(0x30)!, euiccSignature1: this.euiccSignature1! }, req.smdpSignature2)) {
      return sgp32.encode('PrepareDownloadResponse', { downloadResponseError: { transactionId: this.transactionId, downloadErrorCode: INVALID_SIGNATURE } });
    }
    if (!same(req.smdpSigned2.bppEuiccOtpk, this.otk?.publicKey)) this.otk = generateOneTimeKey(this.curve);
    const euiccSigned2 = { transactionId: this.transactionId, euiccOtpk: this.otk!.publicKey, ...(req.hashCc && { hashCc: req.hashCc }) };
    const euiccSignature2 = signRsp('euiccSignature2', this.identity.key, { euiccSigned2: sgp32.encode('EUICCSigned2', euiccSigned2), smdpSignature2: objs.get(0x5f37)! });
    return sgp32.encode('PrepareDownloadResponse', { downloadResponseOk: { euiccSigned2, euiccSignature2 } });
  }

  /** ES10b.CancelSession: the signed receipt, naming CERT.DPauth's OID unless told another. */
  cancelSession(transactionId: Uint8Array, reason: number, smdpOid = this.dpAuthOid): Uint8Array {
    const euiccCancelSessionSigned = { transactionId, smdpOid, reason };
    const euiccCancelSessionSignature = signRsp('euiccCancelSessionSignature', this.identity.key, {
      euiccCancelSessionSigned: sgp32.encode('EuiccCancelSessionSigned', euiccCancelSessionSigned),
    });
    return sgp32.encode('CancelSessionResponse', { cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature } });
  }

  /** ES10b.LoadBoundProfilePackage, segment by segment. */
  load(segments: readonly Uint8Array[]): OpenedBpp {
    const loader = new BppLoader({ dpPb: this.dpPb!, euiccOtk: this.otk!, eid: Buffer.from(this.eid, 'hex'), transactionId: this.transactionId! });
    let out: OpenedBpp | undefined;
    for (const s of segments) out = loader.load(s);
    return out!;
  }

  /** The stand-in behind raw ES10 commands: GetEUICCInfo1, GetEUICCChallenge, AuthenticateServer, PrepareDownload, CancelSession. */
  card(): RawCard {
    return {
      encode: (type, value) => sgp32.encode(type, value),
      raw: async (command) => {
        switch (command[0] === 0xbf ? command[1] : -1) {
          case 0x20: return sgp32.encode('EUICCInfo1', this.euiccInfo1());
          case 0x2e: return sgp32.encode('GetEuiccChallengeResponse', { euiccChallenge: this.challenge });
          case 0x38: {
            const tweak = this.tweak;
            this.tweak = undefined;
            return this.authenticateServer(command, tweak);
          }
          case 0x21: return this.prepareDownload(command);
          case 0x41: {
            const req = sgp32.decode<{ transactionId: Uint8Array; reason: number }>('CancelSessionRequest', command);
            return this.cancelSession(req.transactionId, req.reason);
          }
          default: throw new Error(`the stand-in has no ES10 function for ${Buffer.from(command.subarray(0, 2)).toString('hex')}`);
        }
      },
    };
  }
}

/** A plausible SGP.32 v1.2 IoT eUICC's EUICCInfo2, less its CI lists. */
const EUICC_INFO2 = {
  profileVersion: Buffer.from('020300', 'hex'),
  euiccFirmwareVer: Buffer.from('010000', 'hex'),
  extCardResource: Buffer.from('8101008204000C3B60830222A0', 'hex'),
  uiccCapability: ['usimSupport', 'javacard'],
  rspCapability: ['additionalProfile'],
  ppVersion: Buffer.from('010000', 'hex'),
  sasAcreditationNumber: 'SGP32-HARNESS-TEST',
  ipaMode: 0,
  iotSpecificInfo: { iotVersion: [Buffer.from('010200', 'hex')] },
};
