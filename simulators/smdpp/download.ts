/**
 * The SM-DP+ side of the SGP.22 profile download (common mutual authentication §3.1.2, then the
 * BPP of §3.1.3), as a library over RSP sessions keyed by transactionId; SimSmdpp (server.ts) puts
 * the ES9+ bindings and the order book on top of it. Every signature the eUICC sent is checked over the data objects sliced
 * from the received bytes, never over a re-encoding.
 *
 * Checks of ES9+.InitiateAuthentication (SGP.22 §5.6.1), in the spec's order: the SM-DP+ address, the
 * eUICC's SVN, a CI shared for signing (8.8.2), a CERT.DPauth the eUICC can verify (8.8.4).
 * Checks of ES9+.AuthenticateClient (SGP.22 §5.6), in the spec's order: a known session; the EUM and eUICC
 * certificates up to a trusted CI (ciPKUnknown, eum/euiccCertificateInvalid/Expired); euiccSignature1;
 * the serverChallenge of the session (reported as euiccSignatureInvalid, as ES9+ 8.1/6.1 says);
 * the EID and matchingId of the download order when one is set.
 *
 * RSP sessions live from InitiateAuthentication until `closeSession` (the PIR or CancelSession);
 * with `sessionTimeoutMs` one left idle that long is gone, and any later call on it is 8.10.1 / 3.9.
 * A retry on an order whose BPP was bound before (SGP.22 §2.5.4, ES9+.GetBoundProfilePackage) offers
 * that binding's otPK.EUICC in smdpSigned2.bppEuiccOtpk: the same otPK back reuses otSK.DP (the same
 * session keys), another one needs a new binding, which the order may refuse (8.2 / 3.7).
 */
import { createHash, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { codec, DEFAULT_VERSION, SpecVersion, toHex, X509Value } from '../../src/asn1';
import { buildBoundProfilePackage } from '../../src/crypto/bpp';
import { BspKeys } from '../../src/crypto/bsp';
import { Curve, CURVE_INFO, curveOfKey } from '../../src/crypto/curves';
import { EckaError, OneTimeKeyPair } from '../../src/crypto/ecka';
import { dataObjects, signatureTlv, signRsp, verifyRsp } from '../../src/crypto/rsp-signatures';
import { CertInput, ChainInvalid, parseCertificate, PkiCredential, PkiStore, POLICY, validateChain } from '../../src/pki';
import { buildTestProfile, TestProfile } from '../../src/profile';
import { DownloadConfigError, DownloadError, DownloadErrorReason, DownloadFunction } from './errors';
import { DownloadHooks } from './hooks';

/** A certificate with its private key, e.g. a PkiCredential of a PkiStore. */
export type DownloadCredential = Pick<PkiCredential, 'cert' | 'key'> & { readonly chain?: readonly X509Certificate[] };

export interface NotificationConfiguration {
  /** NotificationEvent bit names, e.g. ['notificationInstall']. */
  profileManagementOperation: string[];
  notificationAddress: string;
}

export interface DownloadServerOptions {
  pki: {
    /** CERT.DPauth.SIG and its key: signs ServerSigned1. */
    dpAuth: DownloadCredential;
    /** CERT.DPpb.SIG and its key: signs SmdpSigned2 and the BPP. */
    dpPb: DownloadCredential;
    /** The CI certificates eUICC chains must end at. */
    ciTrust: readonly CertInput[];
  };
  /** The SM-DP+ address put in ServerSigned1. */
  serverAddress: string;
  curve: Curve;
  /** The profile every download delivers (default: `buildTestProfile()`). */
  profile?: TestProfile;
  notificationConfigurationInfo?: NotificationConfiguration[];
  /** The download order's matchingId: sent in ctxParams1 and required back. */
  matchingId?: string;
  /** The download order's EID: any other eUICC is refused with eidMismatch. */
  eid?: string;
  /** With a confirmation code, ccRequiredFlag is set and the eUICC's hashCc is checked. */
  confirmationCode?: string;
  /** DeviceInfo for ctxParams1 (default: a test TAC, no capabilities). */
  deviceInfo?: Record<string, unknown>;
  /** CRT hostId of the BPP session keys (default 'sgp32-harness'). */
  hostId?: Uint8Array;
  /** SGP.32 version of the eUICC answers (AuthenticateServerResponse, PrepareDownloadResponse). */
  version?: SpecVersion;
  /** Clock for certificate validity (default: now). */
  now?: () => Date;
  /** Shared deviation hooks (default: the server's own). */
  hooks?: DownloadHooks;
  /** EUICCInfo1 svn range served, inclusive, as `major.minor.revision` (default SGP.22 v2: 2.0.0 to 2.255.255). */
  supportedSvn?: { min: string; max: string };
  /** An RSP session idle this long is dropped (default: never). */
  sessionTimeoutMs?: number;
  /** Told when a session is found past its timeout and dropped. */
  onSessionExpired?: (transactionId: Buffer) => void;
  /**
   * Binds an authenticated eUICC to its download order, after every check of the eUICC itself
   * (SGP.22 §5.6 AuthenticateClient: the order checks come last). Throw a DownloadError to refuse.
   */
  authorize?: (input: AuthorizeInput) => OrderTerms | void;
}

export interface AuthorizeInput {
  transactionId: Buffer;
  /** From the eUICC certificate. */
  eid: string;
  /** ctxParams1 matchingId as the eUICC signed it; absent when none was sent. */
  matchingId?: string;
  euiccKey: KeyObject;
  /** euiccSigned1.euiccInfo2 as the eUICC signed it (forbiddenProfilePolicyRules, capabilities). */
  euiccInfo2: Record<string, any>;
}

/** The keys a BPP of an order was bound with: what a retry with the same otPK.EUICC reuses. */
export interface BppBinding {
  euiccOtpk: Uint8Array;
  smdpOtk: OneTimeKeyPair;
}

/** What the download order sets for its session. */
export interface OrderTerms {
  /** SHA-256 of the confirmation code: ccRequiredFlag is set and hashCc checked against it. */
  confirmationCodeHash?: Uint8Array;
  /** The profile this session delivers (default: the server's). */
  profile?: TestProfile;
  /** PPK-ENC, PPK-MAC and initial MCV: the profile travels under them after ReplaceSessionKeys (SGP.22 §2.5.4). */
  ppk?: BspKeys;
  /** PPR bit names for StoreMetadata profilePolicyRules, e.g. ['ppr1']. */
  profilePolicyRules?: string[];
  /** The binding of the order's earlier BPP, on a retry. */
  earlierBinding?: BppBinding;
  /** Offer the earlier binding's otPK.EUICC as smdpSigned2.bppEuiccOtpk (default true). */
  offerEarlierOtpk?: boolean;
  /** Whether a BPP bound before may be bound to another otPK.EUICC (default true); false refuses with bppRebindingRefused. */
  rebindingAllowed?: boolean;
}

export interface AuthenticateServerInput {
  transactionId: Buffer;
  /** The ES10b.AuthenticateServerRequest value. */
  value: Record<string, any>;
  /** Its DER (BF38). */
  bytes: Buffer;
}

export interface PrepareDownloadInput {
  transactionId: Buffer;
  /** The EID of the authenticated eUICC certificate. */
  eid: string;
  /** The ES10b.PrepareDownloadRequest value. */
  value: Record<string, any>;
  /** Its DER (BF21). */
  bytes: Buffer;
  /** StoreMetadataRequest: what AuthenticateClient returns as profileMetaData, and the BPP stores. */
  profileMetadata: Record<string, unknown>;
}

export interface BoundProfilePackageOutput {
  transactionId: Buffer;
  /** BoundProfilePackage DER (BF36). */
  der: Buffer;
  /** The ES10b.LoadBoundProfilePackage segments, as views into `der`. */
  segments: Buffer[];
  /** The keys it is bound with. */
  binding: BppBinding;
  /** True when otSK.DP of the earlier binding was reused. */
  reusedBinding: boolean;
}

interface Session {
  readonly transactionId: Buffer;
  readonly serverChallenge: Buffer;
  /** 'bound': the BPP went out; the session waits for the PIR or a CancelSession. */
  stage: 'authenticating' | 'authenticated' | 'bound';
  /** Time of the last call on the session (ms since epoch, on the server's clock). */
  lastUsed: number;
  eid?: string;
  euiccKey?: KeyObject;
  /** The smdpSignature2 data object as sent: euiccSignature2 covers it. */
  smdpSignature2?: Buffer;
  terms?: OrderTerms;
}

const rsp = () => codec('RSPDefinitions');
const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);
/** SHA-256(SHA-256(confirmation code) ‖ transactionId): the hashCc an LPA puts in ES10b.PrepareDownload (lpac and pySim agree). */
const hashCc = (codeHash: Uint8Array, transactionId: Uint8Array) => sha256(codeHash, transactionId);
/** A test TAC, as in the SGP.23 examples. */
const DEFAULT_DEVICE_INFO = { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} };
/** SGP.32 builds on SGP.22 v2 (RSPDefinitions v2.5 here): eUICCs of another major version are refused (SGP.23 InitiateAuthentication #05). */
const DEFAULT_SVN = { min: '2.0.0', max: '2.255.255' };

/** `major.minor.revision` as the number its three VersionType bytes make. */
function versionNumber(text: string, field: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m || m.slice(1).some((x) => Number(x) > 255)) throw new DownloadConfigError(field, `'${text}' is not a version major.minor.revision (0..255 each)`);
  return (Number(m[1]) << 16) | (Number(m[2]) << 8) | Number(m[3]);
}

/** Which certificate failed decides the error (SGP.22 §5.6 AuthenticateClient); an unknown CI is its own case. */
function chainFailure(r: ChainInvalid): DownloadErrorReason {
  if (r.reason === 'unknown-ci') return 'ciPKUnknown';
  const expired = r.reason === 'expired';
  if (r.input === 'leaf') return expired ? 'euiccCertificateExpired' : 'euiccCertificateInvalid';
  return expired ? 'eumCertificateExpired' : 'eumCertificateInvalid';
}

export class DownloadServer {
  readonly hooks: DownloadHooks;
  readonly curve: Curve;
  readonly serverAddress: string;
  readonly profile: TestProfile;
  private readonly sessions = new Map<string, Session>();
  private readonly ciTrust: readonly CertInput[];
  /** SubjectKeyIdentifier of each trusted CI on the server's curve. */
  private readonly ciKeyIds: Buffer[];
  /** The CI that issued CERT.DPauth: the eUICC must be able to verify with it. */
  private readonly dpAuthCiKeyId: Buffer;
  private readonly version: SpecVersion;
  private readonly now: () => Date;
  private readonly svn: { min: number; max: number; range: string };

  constructor(private readonly o: DownloadServerOptions) {
    this.curve = o.curve;
    this.serverAddress = o.serverAddress;
    this.profile = o.profile ?? buildTestProfile();
    this.version = o.version ?? DEFAULT_VERSION;
    this.now = o.now ?? (() => new Date());
    this.hooks = o.hooks ?? new DownloadHooks();
    const svn = o.supportedSvn ?? DEFAULT_SVN;
    this.svn = { min: versionNumber(svn.min, 'supportedSvn.min'), max: versionNumber(svn.max, 'supportedSvn.max'), range: `${svn.min}..${svn.max}` };
    if (o.sessionTimeoutMs !== undefined && !(o.sessionTimeoutMs > 0)) throw new DownloadConfigError('sessionTimeoutMs', `${o.sessionTimeoutMs} is not a positive duration`);
    for (const role of ['dpAuth', 'dpPb'] as const) {
      const curve = curveOfKey(o.pki[role].key);
      if (curve !== o.curve) throw new DownloadConfigError(`pki.${role}`, `key is on ${CURVE_INFO[curve].label}, the server runs on ${CURVE_INFO[o.curve].label}`);
    }
    const cis = o.pki.ciTrust.map((c, i) => parseCertificate(c, `pki.ciTrust[${i}]`)).filter((c) => c.curve === o.curve);
    if (cis.length === 0) throw new DownloadConfigError('pki.ciTrust', `no trusted CI on ${CURVE_INFO[o.curve].label}`);
    this.ciTrust = cis.map((c) => c.der);
    this.ciKeyIds = cis.flatMap((c) => (c.subjectKeyId ? [c.subjectKeyId] : []));
    const top = [o.pki.dpAuth.cert, ...(o.pki.dpAuth.chain ?? [])].at(-1)!;
    const akid = parseCertificate(top, 'pki.dpAuth').authorityKeyId;
    if (!akid) throw new DownloadConfigError('pki.dpAuth', 'the certificate issued by the CI has no authorityKeyIdentifier, so its CI cannot be named to the eUICC');
    this.dpAuthCiKeyId = akid;
  }

  /** The sound dpAuth, dpPb and CIs of `curve` in a store. */
  static fromStore(store: PkiStore, o: Omit<DownloadServerOptions, 'pki'>): DownloadServer {
    return new DownloadServer({ ...o, pki: { dpAuth: store.get('dpAuth', o.curve), dpPb: store.get('dpPb', o.curve), ciTrust: store.trustedCis(o.curve) } });
  }

  /**
   * ES9+.InitiateAuthentication (SGP.22 §5.6): opens a session and returns the value of the
   * ES10b.AuthenticateServer request. `smdpAddress`, when given, must be this server's address.
   */
  initiateAuthentication(euiccChallenge: Uint8Array, euiccInfo1: Uint8Array | Record<string, any>, smdpAddress?: string): AuthenticateServerInput {
    const fn = 'InitiateAuthentication';
    if (smdpAddress !== undefined && smdpAddress !== this.serverAddress) {
      throw new DownloadError(fn, 'invalidDpAddress', `'${smdpAddress}' is not this SM-DP+ ('${this.serverAddress}')`);
    }
    const info = euiccInfo1 instanceof Uint8Array ? rsp().decode('EUICCInfo1', euiccInfo1) : euiccInfo1;
    const svn: Uint8Array = info.svn;
    const svnNumber = (svn[0] << 16) | (svn[1] << 8) | svn[2];
    if (svn.length !== 3 || svnNumber < this.svn.min || svnNumber > this.svn.max) {
      throw new DownloadError(fn, 'euiccVersionNotSupportedByDp', `svn ${[...svn].join('.')} is outside the versions served, ${this.svn.range}`);
    }
    const forSigning: Uint8Array[] = info.euiccCiPKIdListForSigning;
    const usable = forSigning.filter((id) => this.ciKeyIds.some((k) => same(k, id)));
    const euiccCiPKIdToBeUsed = usable.find((id) => same(id, this.dpAuthCiKeyId)) ?? usable[0];
    if (!euiccCiPKIdToBeUsed) {
      throw new DownloadError(fn, 'ciPKIdNotSupported', `no CI in euiccCiPKIdListForSigning [${forSigning.map(toHex).join(', ')}] is trusted here`);
    }
    const forVerification: Uint8Array[] = info.euiccCiPKIdListForVerification;
    if (!forVerification.some((id) => same(id, this.dpAuthCiKeyId))) {
      throw new DownloadError(fn, 'serverAuthCertificateUnavailable', `CERT.DPauth chains to CI ${toHex(this.dpAuthCiKeyId)}, not in euiccCiPKIdListForVerification [${forVerification.map(toHex).join(', ')}]`);
    }
    this.dropExpiredSessions();

    const transactionId = randomBytes(16), serverChallenge = randomBytes(16);
    const serverSigned1 = { transactionId, euiccChallenge, serverAddress: this.serverAddress, serverChallenge };
    const signature = signRsp('serverSignature1', this.o.pki.dpAuth.key, { serverSigned1: rsp().encode('ServerSigned1', serverSigned1) });
    const value = {
      serverSigned1,
      serverSignature1: this.hooks.apply('serverSignature1', signature),
      euiccCiPKIdToBeUsed,
      serverCertificate: new X509Value('Certificate', this.o.pki.dpAuth.cert.raw),
      ctxParams1: {
        ctxParamsForCommonAuthentication: {
          ...(this.o.matchingId !== undefined && { matchingId: this.o.matchingId }),
          deviceInfo: this.o.deviceInfo ?? DEFAULT_DEVICE_INFO,
        },
      },
    };
    const bytes = Buffer.from(rsp().encode('AuthenticateServerRequest', value));
    this.sessions.set(toHex(transactionId), { transactionId, serverChallenge, stage: 'authenticating', lastUsed: this.now().getTime() });
    return { transactionId, value, bytes };
  }

  /** ES9+.AuthenticateClient (SGP.22 §5.6) on the eUICC's AuthenticateServerResponse (BF38). */
  authenticateClient(authenticateServerResponse: Uint8Array): PrepareDownloadInput {
    const fn = 'AuthenticateClient';
    const ok = this.okAlternative(fn, 'AuthenticateServerResponse', authenticateServerResponse, 'authenticateResponseOk', 'authenticateResponseError', 'authenticateErrorCode');
    const signed1 = ok.euiccSigned1;
    const session = this.session(fn, signed1.transactionId, 'authenticating');

    const euiccCert: Uint8Array = ok.euiccCertificate.der;
    const chain = validateChain({
      leaf: euiccCert, intermediates: [ok.eumCertificate.der], trustAnchors: this.ciTrust, at: this.now(),
      expectedPolicy: POLICY.euicc, expectedCurve: this.curve,
    });
    if (!chain.ok) throw new DownloadError(fn, chainFailure(chain), `${chain.input}: ${chain.message}`);

    const objs = this.signedObjects('AuthenticateServerResponse', 0xbf38, authenticateServerResponse);
    const euiccKey = new X509Certificate(euiccCert).publicKey;
    if (!verifyRsp('euiccSignature1', euiccKey, { euiccSigned1: objs.get(0x30)! }, ok.euiccSignature1)) {
      throw new DownloadError(fn, 'euiccSignatureInvalid', 'euiccSignature1 does not verify over euiccSigned1 with the eUICC certificate key');
    }
    if (!same(signed1.serverChallenge, session.serverChallenge)) {
      throw new DownloadError(fn, 'euiccSignatureInvalid', `serverChallenge ${toHex(signed1.serverChallenge)} is not the one of this session`);
    }
    const eid = chain.eid;
    if (!eid) throw new DownloadError(fn, 'euiccCertificateInvalid', 'the eUICC certificate has no subject serialNumber (EID)');
    if (this.o.eid !== undefined && eid !== this.o.eid) {
      throw new DownloadError(fn, 'eidMismatch', `the eUICC certificate carries EID ${eid}, the download order is for ${this.o.eid}`);
    }
    const matchingId: string | undefined = signed1.ctxParams1?.ctxParamsForCommonAuthentication?.matchingId;
    if (this.o.matchingId !== undefined && matchingId !== this.o.matchingId) {
      throw new DownloadError(fn, 'matchingIdRefused', `matchingId ${matchingId === undefined ? '(none)' : `'${matchingId}'`} is not the one of the download order`);
    }

    const terms: OrderTerms = { ...this.o.authorize?.({ transactionId: session.transactionId, eid, matchingId, euiccKey, euiccInfo2: signed1.euiccInfo2 }) };
    terms.confirmationCodeHash ??= this.o.confirmationCode === undefined ? undefined : sha256(Buffer.from(this.o.confirmationCode, 'utf8'));
    const ccRequired = terms.confirmationCodeHash !== undefined;
    const offered = terms.offerEarlierOtpk !== false ? terms.earlierBinding?.euiccOtpk : undefined;
    const smdpSigned2 = { transactionId: session.transactionId, ccRequiredFlag: ccRequired, ...(offered && { bppEuiccOtpk: offered }) };
    const signature = signRsp('smdpSignature2', this.o.pki.dpPb.key, {
      smdpSigned2: rsp().encode('SmdpSigned2', smdpSigned2), euiccSignature1: objs.get(0x5f37)!,
    });
    const smdpSignature2 = this.hooks.apply('smdpSignature2', signature);
    const value = {
      smdpSigned2,
      smdpSignature2,
      ...(ccRequired && { hashCc: hashCc(terms.confirmationCodeHash!, session.transactionId) }),
      smdpCertificate: new X509Value('Certificate', this.o.pki.dpPb.cert.raw),
    };
    session.stage = 'authenticated';
    session.eid = eid;
    session.euiccKey = euiccKey;
    session.smdpSignature2 = signatureTlv(smdpSignature2);
    session.terms = terms;
    const profileMetadata = this.profileMetadata(terms.profile, terms.profilePolicyRules);
    return { transactionId: session.transactionId, eid, value, bytes: Buffer.from(rsp().encode('PrepareDownloadRequest', value)), profileMetadata };
  }

  /**
   * ES9+.GetBoundProfilePackage (SGP.22 §5.6) on the eUICC's PrepareDownloadResponse (BF21). The
   * session then waits for the PIR or a CancelSession; an error alternative from the eUICC ends it.
   */
  getBoundProfilePackage(prepareDownloadResponse: Uint8Array): BoundProfilePackageOutput {
    const fn = 'GetBoundProfilePackage';
    const answer = codec('SGP32Definitions', this.version).decode<Record<string, any>>('PrepareDownloadResponse', prepareDownloadResponse);
    // The eUICC has ended its side of the session (SGP.22 ES10b.PrepareDownload): so does the SM-DP+.
    if (answer.downloadResponseError && this.closeSession(answer.downloadResponseError.transactionId)) {
      throw new DownloadError(fn, 'undefinedError', `the eUICC answered downloadResponseError with downloadErrorCode ${answer.downloadResponseError.downloadErrorCode}; RSP session ended`);
    }
    const ok = this.okAlternative(fn, 'PrepareDownloadResponse', prepareDownloadResponse, 'downloadResponseOk', 'downloadResponseError', 'downloadErrorCode');
    const signed2 = ok.euiccSigned2;
    const session = this.session(fn, signed2.transactionId, 'authenticated');
    const objs = this.signedObjects('PrepareDownloadResponse', 0xbf21, prepareDownloadResponse);
    if (!verifyRsp('euiccSignature2', session.euiccKey!, { euiccSigned2: objs.get(0x30)!, smdpSignature2: session.smdpSignature2! }, ok.euiccSignature2)) {
      throw new DownloadError(fn, 'euiccSignatureInvalid', 'euiccSignature2 does not verify over euiccSigned2 and smdpSignature2 with the eUICC certificate key');
    }
    const terms = session.terms!;
    const { confirmationCodeHash, profile = this.profile, earlierBinding: earlier } = terms;
    if (confirmationCodeHash !== undefined) {
      if (!signed2.hashCc) throw new DownloadError(fn, 'confirmationCodeMissing', 'ccRequiredFlag was set but euiccSigned2 has no hashCc');
      if (!same(signed2.hashCc, hashCc(confirmationCodeHash, session.transactionId))) throw new DownloadError(fn, 'confirmationCodeRefused', 'hashCc is not that of the confirmation code');
    }
    const euiccOtpk: Uint8Array = signed2.euiccOtpk;
    const reusedBinding = !!earlier && same(earlier.euiccOtpk, euiccOtpk);
    if (earlier && !reusedBinding && terms.rebindingAllowed === false) {
      throw new DownloadError(fn, 'bppRebindingRefused', `otPK.EUICC ${toHex(euiccOtpk).slice(0, 16)}… is not ${toHex(earlier.euiccOtpk).slice(0, 16)}…, the one the order's BPP is bound to, and the order's BPP may not be bound again`);
    }
    let built;
    try {
      built = buildBoundProfilePackage({
        curve: this.curve, transactionId: session.transactionId, dpPb: this.o.pki.dpPb.key, euiccOtpk,
        smdpOtk: reusedBinding ? earlier.smdpOtk : undefined,
        eid: Buffer.from(session.eid!, 'hex'), hostId: this.o.hostId ?? Buffer.from('sgp32-harness'),
        storeMetadata: this.profileMetadata(profile, terms.profilePolicyRules), upp: profile.upp, ppk: terms.ppk,
      });
    } catch (e) {
      if (e instanceof EckaError) throw new DownloadError(fn, 'undefinedError', `euiccOtpk: ${e.message}`);
      throw e;
    }
    session.stage = 'bound';
    return {
      transactionId: session.transactionId, der: built.der, segments: built.segments,
      binding: { euiccOtpk: Buffer.from(euiccOtpk), smdpOtk: built.smdpOtk }, reusedBinding,
    };
  }

  /** Ends an RSP session (the PIR arrived, ES9+.CancelSession); false when there is none. */
  /**
   * The LPA's part of a whole download against a card reached by `send` (ES10 bytes in, answer
   * out): GetEUICCInfo1, GetEUICCChallenge, AuthenticateServer, PrepareDownload, then the BPP
   * segments until the card answers with data. Resolves with that answer (the PIR), empty if none;
   * the session is closed either way. For initial conditions that need a profile on a card.
   */
  async downloadTo(send: (es10: Uint8Array) => Promise<Uint8Array>): Promise<Uint8Array> {
    const info1 = await send(rsp().encode('GetEuiccInfo1Request', {}));
    const { euiccChallenge } = rsp().decode('GetEuiccChallengeResponse', await send(rsp().encode('GetEuiccChallengeRequest', {})));
    const authenticate = this.initiateAuthentication(euiccChallenge, info1);
    const prepare = this.authenticateClient(await send(authenticate.bytes));
    const bpp = this.getBoundProfilePackage(await send(prepare.bytes));
    let answer: Uint8Array = new Uint8Array();
    for (const segment of bpp.segments) {
      answer = await send(segment);
      if (answer.length) break;
    }
    this.closeSession(bpp.transactionId);
    return answer;
  }

  closeSession(transactionId: Uint8Array): boolean {
    return this.sessions.delete(toHex(transactionId));
  }

  /** RSP sessions open now (the fuzz target's state: rejected requests must not open or close any). */
  get openSessions(): number {
    return this.sessions.size;
  }

  /**
   * A call of `fn` on an RSP session in any stage: refused as invalidTransactionId when the session is
   * unknown or past its timeout, else the session counts as used now.
   */
  touchSession(fn: DownloadFunction, transactionId: Uint8Array): void {
    this.live(fn, transactionId);
  }

  /** StoreMetadataRequest of a profile (SGP.22 ES8+.StoreMetadata), profile class operational. */
  profileMetadata(p: TestProfile = this.profile, profilePolicyRules?: readonly string[]): Record<string, unknown> {
    return {
      iccid: p.iccidBcd,
      serviceProviderName: p.serviceProviderName,
      profileName: p.profileName,
      profileClass: 2,
      ...(this.o.notificationConfigurationInfo && { notificationConfigurationInfo: this.o.notificationConfigurationInfo }),
      ...(profilePolicyRules?.length && { profilePolicyRules: [...profilePolicyRules] }),
    };
  }

  private session(fn: DownloadFunction, transactionId: Uint8Array, stage: Session['stage']): Session {
    const s = this.live(fn, transactionId);
    if (s.stage !== stage) throw new DownloadError(fn, 'invalidTransactionId', `RSP session ${toHex(transactionId)} is ${s.stage}`);
    return s;
  }

  /** The session, unless unknown or idle past the timeout (then it is dropped); marks it used. */
  private live(fn: DownloadFunction, transactionId: Uint8Array): Session {
    const s = this.sessions.get(toHex(transactionId));
    if (!s) throw new DownloadError(fn, 'invalidTransactionId', `no RSP session ${toHex(transactionId)}`);
    const now = this.now().getTime(), idle = now - s.lastUsed;
    if (this.expired(s, now)) {
      this.drop(s);
      throw new DownloadError(fn, 'invalidTransactionId', `RSP session ${toHex(transactionId)} was idle ${idle} ms, past the session timeout of ${this.o.sessionTimeoutMs} ms`);
    }
    s.lastUsed = now;
    return s;
  }

  private expired(s: Session, now: number): boolean {
    return this.o.sessionTimeoutMs !== undefined && now - s.lastUsed > this.o.sessionTimeoutMs;
  }

  private drop(s: Session): void {
    this.sessions.delete(toHex(s.transactionId));
    this.o.onSessionExpired?.(s.transactionId);
  }

  /** Sessions nobody came back to would otherwise stay forever: a new session sweeps them. */
  private dropExpiredSessions(): void {
    const now = this.now().getTime();
    for (const s of [...this.sessions.values()]) if (this.expired(s, now)) this.drop(s);
  }

  /** The `ok` alternative of an eUICC answer; its error and compact alternatives end the step. */
  private okAlternative(fn: DownloadFunction, type: string, bytes: Uint8Array, ok: string, error: string, code: string): Record<string, any> {
    const v = codec('SGP32Definitions', this.version).decode<Record<string, any>>(type, bytes);
    if (v[ok]) return v[ok];
    if (v[error]) throw new DownloadError(fn, 'undefinedError', `the eUICC answered ${error} with ${code} ${v[error][code]}`);
    throw new DownloadError(fn, 'undefinedError', `${type} alternative ${Object.keys(v)[0]} is not supported by this SM-DP+`);
  }

  /** The signed data objects (30 and 5F37) of the CHOICE alternative inside the outer `tag`. */
  private signedObjects(type: string, tag: number, bytes: Uint8Array): Map<number, Uint8Array> {
    const [alternative] = dataObjects(bytes, type, tag).keys();
    return dataObjects(bytes, type, tag, alternative);
  }
}
