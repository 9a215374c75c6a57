/**
 * The eUICC side of the SGP.22 v2.5 profile download (§3.1.3 and its ES10b functions), as SGP.32 reuses it:
 * GetEUICCChallenge opens the volatile RSP session, AuthenticateServer and PrepareDownload check
 * the SM-DP+ and sign the eUICC's answers, LoadBoundProfilePackage opens the BPP segment by segment
 * and installs the profile, CancelSession ends the session with a signed receipt.
 *
 * Session rule: a failed AuthenticateServer, PrepareDownload or BPP, and a CancelSession, end the
 * session; the download starts again at GetEUICCChallenge (SGP.22 §3.1.3). After a successful
 * install the session keeps only the ICCID installed, for SGP.32 ImmediateEnable.
 */
import { KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import { AsnDecodeError, tlvAt, toHex, X509Value } from '../../../src/asn1';
import { BppError, BppCommandName, BppErrorReasonName } from '../../../src/crypto/bpp-errors';
import { BppLoader, OpenedBpp } from '../../../src/crypto/bpp-loader';
import { TAG } from '../../../src/crypto/bpp-segments';
import { readTlvHeader } from '../../../src/crypto/ber-tlv';
import { generateOneTimeKey } from '../../../src/crypto/ecka';
import { dataObjects, signatureTlv, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { CertInfo, ID_RSP_ROLE, MalformedCertificateError, parseCertificate, POLICY, validateChain } from '../../../src/pki';
import { parseProfile, ProfileFormatError, swappedBcdToIccid } from '../../../src/profile';
import { CardStatus, SW } from '../../../src/transport/apdu';
import { EuiccCredential } from '../config';
import { DownloadSession, Es10Context, Es10Function, Es10SegmentFunction } from '../context';
import { nextSeqNumber, storeNotification } from '../notifications';
import { ProfileClassName, ProfileRecord } from '../state';
import { componentNode, euiccInfo2, freeNonVolatileMemory } from './info';

/** SGP.22 AuthenticateErrorCode. */
const AUTH = { invalidCertificate: 1, invalidSignature: 2, unsupportedCurve: 3, noSessionContext: 4, invalidOid: 5, euiccChallengeMismatch: 6, ciPKUnknown: 7, undefinedError: 127 } as const;
/** SGP.22 DownloadErrorCode. */
const DOWNLOAD = { invalidCertificate: 1, invalidSignature: 2, unsupportedCurve: 3, noSessionContext: 4, invalidTransactionId: 5, undefinedError: 127 } as const;
/** id-rspRole-ds-auth: AuthenticateServer also serves SM-DS authentication (SGP.22 §3.1.2 common mutual authentication). */
const DS_AUTH_POLICY = `${ID_RSP_ROLE}.7`;
const SUBJECT_ALT_NAME = '2.5.29.17';
const PROFILE_CLASSES: readonly ProfileClassName[] = ['test', 'provisioning', 'operational'];
/** PEDefinitions EUICCResponse with peStatus ok: the simaResponse of a clean install, as cards answer it. */
const SIMA_OK = Uint8Array.from(Buffer.from('3007A0053003800100', 'hex'));
/** ISD-P AIDs follow the ISD-R's: A0000005591010FFFFFFFF89 ‖ index (3 bytes) ‖ 00, as cards number them. */
const ISDP_AID_PREFIX = 'A0000005591010FFFFFFFF89';

/** What the session holds once AuthenticateServer succeeded. */
interface AuthenticatedSession extends DownloadSession {
  credential: EuiccCredential;
  /** The euiccSignature1 data object (5F37) smdpSignature2 covers. */
  euiccSignature1: Uint8Array;
  /** SM-DP+ OID from CERT.DPauth (EuiccCancelSessionSigned) and from CERT.DPpb (the PIR). */
  dpAuthOid: string;
  dpPbOid?: string;
  dpPb?: KeyObject;
  bpp?: BppProgress;
}

/** A BPP being loaded: the loader and what S_eUICC lifts out of it on the way. */
interface BppProgress {
  loader: BppLoader;
  segments: number;
  /** Plaintext of the 88 segments (StoreMetadata travels MACed, not encrypted: SGP.22 §2.5.4). */
  metadataParts: Uint8Array[];
  metadata?: Record<string, any>;
  metadataDer?: Uint8Array;
  isdpChecked: boolean;
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && Buffer.from(a).equals(Buffer.from(b));

function authenticated(s: DownloadSession | undefined): s is AuthenticatedSession {
  return !!s && !!(s as AuthenticatedSession).credential && !!(s as AuthenticatedSession).euiccSignature1;
}

/** The registeredID in a certificate's subjectAltName: the SM-DP+ OID (SGP.22 §4.5.2 certificate profiles). */
function registeredIdOf(info: CertInfo): string | undefined {
  const ext = info.cert.tbsCertificate.extensions?.find((e) => e.extnID === SUBJECT_ALT_NAME);
  if (!ext) return undefined;
  try {
    return AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName).find((n) => n.registeredID)?.registeredID;
  } catch {
    return undefined;
  }
}

type CertCheck = { ok: true; info: CertInfo; oid: string } | { ok: false; code: 'invalidCertificate' | 'unsupportedCurve' | 'ciPKUnknown' | 'invalidOid' };

/**
 * Checks an SM-DP+ certificate the way the eUICC does before trusting its key: a chain to one of
 * the card's CIs on an RSP curve, the expected role policy and an SM-DP+ OID. `ci` narrows the
 * acceptable CI to the one the session uses (SGP.22 ES10b.AuthenticateServer: euiccCiPKIdToBeUsed). A sound chain
 * of the wrong role, or without the registeredID naming the server, is reported as invalidOid.
 */
function checkServerCertificate(ctx: Es10Context, der: Uint8Array, policies: readonly string[], ci: X509Certificate): CertCheck {
  let info: CertInfo;
  try {
    info = parseCertificate(der, 'serverCertificate');
  } catch (e) {
    if (e instanceof MalformedCertificateError) return { ok: false, code: 'invalidCertificate' };
    throw e;
  }
  if (!info.curve) return { ok: false, code: 'unsupportedCurve' };
  const chain = validateChain({ leaf: der, trustAnchors: ctx.config.credentials.map((c) => c.ci) });
  if (!chain.ok) return { ok: false, code: chain.reason === 'unknown-ci' ? 'ciPKUnknown' : 'invalidCertificate' };
  if (!chain.path[chain.path.length - 1].x509.raw.equals(ci.raw)) return { ok: false, code: 'invalidCertificate' };
  const oid = registeredIdOf(info);
  if (!oid || !chain.policies.some((p) => policies.includes(p))) return { ok: false, code: 'invalidOid' };
  return { ok: true, info, oid };
}

function authenticateServer(ctx: Es10Context, req: any, raw: Uint8Array): unknown {
  const signed1 = req.serverSigned1;
  const fail = (code: number) => {
    ctx.session = undefined;
    return { authenticateResponseError: { transactionId: signed1.transactionId, authenticateErrorCode: code } };
  };
  const session = ctx.session;
  // Only a challenge no AuthenticateServer has used yet opens a session: a finished download keeps its
  // session (for ImmediateEnable) with the old challenge, which a replayed AuthenticateServer must not reuse.
  if (!session || session.transactionId.length > 0) return fail(AUTH.noSessionContext);
  const credential = ctx.credential(toHex(req.euiccCiPKIdToBeUsed));
  if (!credential) return fail(AUTH.ciPKUnknown);
  const cert = checkServerCertificate(ctx, req.serverCertificate.der, [POLICY.dpAuth, DS_AUTH_POLICY], credential.ci);
  if (!cert.ok) return fail(AUTH[cert.code]);
  const objects = dataObjects(raw, 'AuthenticateServerRequest', 0xbf38);
  if (!verifyRsp('serverSignature1', cert.info.x509.publicKey, { serverSigned1: objects.get(0x30)! }, req.serverSignature1)) return fail(AUTH.invalidSignature);
  if (!same(signed1.euiccChallenge, session.euiccChallenge)) return fail(AUTH.euiccChallengeMismatch);

  const euiccSigned1 = {
    transactionId: signed1.transactionId,
    serverAddress: signed1.serverAddress,
    serverChallenge: signed1.serverChallenge,
    euiccInfo2: euiccInfo2(ctx, componentNode(ctx.codec.node('EuiccSigned1'), 'euiccInfo2')),
    ctxParams1: req.ctxParams1,
  };
  const signature = ctx.sign(ctx.codec.encode('EuiccSigned1', euiccSigned1), credential);
  const next: AuthenticatedSession = {
    transactionId: signed1.transactionId,
    euiccChallenge: session.euiccChallenge,
    serverChallenge: signed1.serverChallenge,
    serverAddress: signed1.serverAddress,
    credential,
    euiccSignature1: signatureTlv(signature),
    dpAuthOid: cert.oid,
  };
  ctx.session = next;
  return { authenticateResponseOk: {
    euiccSigned1,
    euiccSignature1: signature,
    euiccCertificate: new X509Value('Certificate', credential.euicc.raw),
    eumCertificate: new X509Value('Certificate', credential.eum.raw),
  } };
}

function prepareDownload(ctx: Es10Context, req: any, raw: Uint8Array): unknown {
  const transactionId: Uint8Array = req.smdpSigned2.transactionId;
  const session = ctx.session;
  const fail = (code: number) => {
    ctx.session = undefined;
    return { downloadResponseError: { transactionId, downloadErrorCode: code } };
  };
  if (!authenticated(session)) return fail(DOWNLOAD.noSessionContext);
  if (!same(transactionId, session.transactionId)) return fail(DOWNLOAD.invalidTransactionId);
  const cert = checkServerCertificate(ctx, req.smdpCertificate.der, [POLICY.dpPb], session.credential.ci);
  if (!cert.ok) return fail(cert.code === 'unsupportedCurve' ? DOWNLOAD.unsupportedCurve : DOWNLOAD.invalidCertificate);
  const objects = dataObjects(raw, 'PrepareDownloadRequest', 0xbf21);
  const smdpSignature2 = objects.get(0x5f37)!;
  const parts = { smdpSigned2: objects.get(0x30)!, euiccSignature1: session.euiccSignature1 };
  if (!verifyRsp('smdpSignature2', cert.info.x509.publicKey, parts, req.smdpSignature2)) return fail(DOWNLOAD.invalidSignature);
  // SGP.22 ES10b.PrepareDownload: with a confirmation code required the LPA must have supplied its hash.
  if (req.smdpSigned2.ccRequiredFlag && !req.hashCc) return fail(DOWNLOAD.undefinedError);

  // SGP.22 ES10b.PrepareDownload (bppEuiccOtpk): a retry naming the otPK the card still holds gets that key again.
  const bppOtpk: Uint8Array | undefined = req.smdpSigned2.bppEuiccOtpk;
  const otk = bppOtpk && session.otk && same(bppOtpk, session.otk.publicKey) ? session.otk : generateOneTimeKey(session.credential.curve);
  const euiccSigned2 = { transactionId, euiccOtpk: otk.publicKey, hashCc: req.hashCc };
  const signed = Buffer.concat([ctx.codec.encode('EUICCSigned2', euiccSigned2), smdpSignature2]);
  const signature = ctx.sign(signed, session.credential);
  ctx.session = { ...session, otk, dpPb: cert.info.x509.publicKey, dpPbOid: cert.oid, bpp: undefined };
  return { downloadResponseOk: { euiccSigned2, euiccSignature2: signature } };
}

function cancelSession(ctx: Es10Context, req: { transactionId: Uint8Array; reason: number }): unknown {
  const session = ctx.session;
  if (!authenticated(session) || !same(req.transactionId, session.transactionId)) return { cancelSessionResponseError: 5 }; // invalidTransactionId
  const euiccCancelSessionSigned = { transactionId: req.transactionId, smdpOid: session.dpAuthOid, reason: req.reason };
  const signature = ctx.sign(ctx.codec.encode('EuiccCancelSessionSigned', euiccCancelSessionSigned), session.credential);
  ctx.session = undefined;
  return { cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature: signature } };
}

// ---- ES10b.LoadBoundProfilePackage -------------------------------------------------------------

function bppError(command: BppCommandName, reason: BppErrorReasonName, progress: BppProgress, detail: string): BppError {
  return new BppError(command, reason, progress.segments - 1, detail);
}

/** The ProfileInstallationResult of SGP.22 ES10b.LoadBoundProfilePackage, signed and kept as an install notification. */
function profileInstallationResult(ctx: Es10Context, session: AuthenticatedSession, finalResult: unknown, iccid?: Uint8Array): Uint8Array {
  const seqNumber = nextSeqNumber(ctx);
  const notificationAddress = session.serverAddress ?? '';
  const data = {
    transactionId: session.transactionId,
    notificationMetadata: { seqNumber, profileManagementOperation: ['notificationInstall'], notificationAddress, iccid },
    smdpOid: session.dpPbOid ?? session.dpAuthOid,
    finalResult,
  };
  const euiccSignPIR = ctx.sign(ctx.codec.encode('ProfileInstallationResultData', data), session.credential);
  const der = ctx.codec.encode('ProfileInstallationResult', { profileInstallationResultData: data, euiccSignPIR });
  storeNotification(ctx, {
    seqNumber, kind: 'profileInstallationResult', der: toHex(der), event: 'notificationInstall',
    iccid: iccid && toHex(iccid), notificationAddress,
  });
  return der;
}

/** Checks that need what the loader has opened so far, at the segment where a card would make them. */
function checkProgress(ctx: Es10Context, p: BppProgress, segment: Uint8Array, stageBefore: string): void {
  if (stageBefore === 'storeMetadata' && segment[0] === TAG.storeMetadata) {
    const span = tlvAt(segment, 'BPP segment');
    p.metadataParts.push(segment.subarray(span.start, span.end - 8)); // value minus the 8-byte C-MAC
  }
  const stage = p.loader.expecting;
  if (!p.isdpChecked && stage === 'sequenceOf88') {
    p.isdpChecked = true;
    // SGP.22 ES8+.ConfigureISDP: no room for another ISD-P.
    if (ctx.state.profiles.length >= ctx.config.limits.maxProfiles) {
      throw bppError('configureISDP', 'installFailedDueToInsufficientMemoryForProfile', p, `the card holds its maximum of ${ctx.config.limits.maxProfiles} profiles`);
    }
  }
  if (!p.metadata && ['afterStoreMetadata', 'replaceSessionKeys', 'sequenceOf86', 'profileElements', 'done'].includes(stage)) {
    p.metadataDer = Buffer.concat(p.metadataParts);
    let md: Record<string, any>;
    try {
      md = ctx.codec.decode('StoreMetadataRequest', p.metadataDer);
    } catch (e) {
      if (e instanceof AsnDecodeError) throw bppError('storeMetadata', 'incorrectInputValues', p, `StoreMetadataRequest: ${e.message}`);
      throw e;
    }
    p.metadata = md;
    if (ctx.state.profiles.some((x) => x.iccid === toHex(md.iccid))) {
      throw bppError('storeMetadata', 'installFailedDueToIccidAlreadyExistsOnEuicc', p, `ICCID ${swappedBcdToIccid(md.iccid)} is already installed`);
    }
  }
}

/** The last segment is in: memory, the profile header against the metadata, then the new ISD-P. */
function install(ctx: Es10Context, session: AuthenticatedSession, p: BppProgress, opened: OpenedBpp): ProfileRecord {
  const md = p.metadata!;
  const free = freeNonVolatileMemory(ctx);
  if (opened.upp.length > free) {
    throw bppError('loadProfileElements', 'installFailedDueToInsufficientMemoryForProfile', p, `the profile needs ${opened.upp.length} bytes, ${free} are free`);
  }
  let headerIccid: string | undefined;
  try {
    headerIccid = parseProfile(opened.upp).iccid;
  } catch (e) {
    if (!(e instanceof ProfileFormatError)) throw e;
  }
  const metadataIccid = swappedBcdToIccid(md.iccid);
  if (headerIccid !== undefined && headerIccid !== metadataIccid) {
    throw bppError('loadProfileElements', 'installFailedDueToDataMismatch', p, `ProfileHeader ICCID ${headerIccid} is not the StoreMetadata ICCID ${metadataIccid}`);
  }
  const index = ctx.state.nextIsdpIndex++;
  const dpOid = (opened.configureIsdp.value.dpProprietaryData as { dpOid?: string } | undefined)?.dpOid;
  const record: ProfileRecord = {
    iccid: toHex(md.iccid),
    isdpAid: `${ISDP_AID_PREFIX}${index.toString(16).toUpperCase().padStart(6, '0')}00`,
    state: 'disabled',
    profileClass: PROFILE_CLASSES[md.profileClass] ?? 'operational',
    serviceProviderName: md.serviceProviderName,
    profileName: md.profileName,
    metadata: toHex(p.metadataDer!),
    ppr: md.profilePolicyRules ?? [],
    smdpOid: session.dpPbOid ?? session.dpAuthOid,
    smdpAddress: session.serverAddress ?? '',
    ...(dpOid !== undefined && { dpOid }),
    fallbackAttribute: false,
    fallbackAllowed: md.fallbackAllowed ?? false,
    ecallIndication: md.ecallIndication ?? false,
    uppBytes: opened.upp.length,
  };
  ctx.state.profiles.push(record);
  return record;
}

function loadSegment(ctx: Es10Context, segment: Uint8Array): Uint8Array {
  let session = ctx.session;
  if (readTlvHeader(segment, 0).tag === TAG.boundProfilePackage) {
    // BF36 starts a BPP; it needs PrepareDownload's one-time key and CERT.DPpb.
    if (!authenticated(session) || !session.otk || !session.dpPb) {
      throw new CardStatus(SW.CONDITIONS_NOT_SATISFIED, 'LoadBoundProfilePackage: no PrepareDownload in this session');
    }
    const loader = new BppLoader({
      dpPb: session.dpPb,
      euiccOtk: { ...session.otk, privateKey: Buffer.from(session.otk.privateKey), publicKey: Buffer.from(session.otk.publicKey) },
      eid: Buffer.from(ctx.config.eid, 'hex'),
      transactionId: session.transactionId,
    });
    session = { ...session, bpp: { loader, segments: 0, metadataParts: [], isdpChecked: false } };
    ctx.session = session;
  } else if (!authenticated(session) || !session.bpp) {
    throw new CardStatus(SW.CONDITIONS_NOT_SATISFIED, 'LoadBoundProfilePackage: segment without a BF36 before it');
  }
  const s = session as AuthenticatedSession;
  const p = s.bpp!;
  p.segments++;
  try {
    const before = p.loader.expecting;
    const opened = p.loader.load(segment);
    checkProgress(ctx, p, segment, before);
    if (!opened) return new Uint8Array(0);
    const record = install(ctx, s, p, opened);
    const iccid = Buffer.from(record.iccid, 'hex');
    const pir = profileInstallationResult(ctx, s, { successResult: { aid: Buffer.from(record.isdpAid, 'hex'), simaResponse: SIMA_OK } }, iccid);
    ctx.session = { transactionId: s.transactionId, euiccChallenge: s.euiccChallenge, installedIccid: record.iccid };
    return pir;
  } catch (e) {
    if (!(e instanceof BppError)) throw e;
    const iccid: Uint8Array | undefined = p.metadata?.iccid;
    const pir = profileInstallationResult(ctx, s, { errorResult: e.toErrorResult() }, iccid);
    ctx.session = undefined;
    return pir;
  }
}

export const LOAD_BPP: Es10SegmentFunction = {
  name: 'ES10b.LoadBoundProfilePackage',
  tags: [TAG.boundProfilePackage, TAG.firstSequenceOf87, TAG.sequenceOf88, TAG.secondSequenceOf87, TAG.sequenceOf86, TAG.profileElements, TAG.encryptedCommand, TAG.storeMetadata],
  handle: loadSegment,
};

export const FUNCTIONS: readonly Es10Function[] = [
  {
    name: 'ES10b.GetEUICCChallenge',
    request: 'GetEuiccChallengeRequest',
    response: 'GetEuiccChallengeResponse',
    handle: (ctx) => {
      const euiccChallenge = Uint8Array.from(randomBytes(16));
      ctx.session = { transactionId: new Uint8Array(0), euiccChallenge };
      return { euiccChallenge };
    },
  },
  { name: 'ES10b.AuthenticateServer', request: 'AuthenticateServerRequest', response: 'AuthenticateServerResponse', handle: authenticateServer },
  { name: 'ES10b.PrepareDownload', request: 'PrepareDownloadRequest', response: 'PrepareDownloadResponse', handle: prepareDownload },
  { name: 'ES10b.CancelSession', request: 'CancelSessionRequest', response: 'CancelSessionResponse', handle: cancelSession },
];
