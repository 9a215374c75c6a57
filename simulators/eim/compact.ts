/**
 * Compact ESipa forms (SGP.32 §5.14.2 PrepareDownload, §5.14.3 AuthenticateServer, §5.14.7
 * notifications, §5.14.8 CancelSession; IPA capability minimizeEsipaBytes): the IPA shortens what the
 * eUICC answered, the eIM rebuilds the SGP.22 form before relaying it to a standard SM-DP+.
 *
 * The eUICC signed the full forms, so an expansion is right only when it reproduces the signed bytes
 * exactly. Whole data objects the compact form keeps (euiccSigned1, euiccInfo2, ctxParams1,
 * tbsOtherNotification, certificates, signatures) travel as raw bytes, never decoded and re-encoded.
 * The small SGP.22 structures it takes apart (EUICCSigned2, ProfileInstallationResultData,
 * EuiccCancelSessionSigned) are rebuilt with the codec from their values and from what the eIM learnt
 * during the session (`CompactContext`); DER is unique, so that is exact for a DER card. Every
 * compaction checks itself: it re-expands its result with the context the full form implies and
 * refuses (CompactFormError) unless that gives the full form back byte for byte, so an IPA never sends
 * a compact form that cannot become the signed original; it sends the full form instead.
 *
 * Both directions accept any alternative of the CHOICE: error answers and forms that are already
 * full (or already compact) pass through unchanged, so callers need not branch.
 *
 * SGP.32 v1.0 defines the same five compact forms except that its CompactOtherSignedNotification has
 * no eidValue; `version` selects the schema the input is read with.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName } from '@peculiar/asn1-x509';
import { AsnDecodeError, codec, DEFAULT_VERSION, SpecVersion, tlv, tlvAt, tlvSpans, toHex } from '../../src/asn1';
import { MalformedCertificateError, parseCertificate } from '../../src/pki';

export type CompactFormName =
  | 'AuthenticateServerResponse'
  | 'PrepareDownloadResponse'
  | 'ProfileInstallationResult'
  | 'OtherSignedNotification'
  | 'CancelSessionResponse';

/** A compact form that cannot be made (IPA side) or expanded (eIM side); `field` names what is wrong or missing. */
export class CompactFormError extends Error {
  override readonly name = 'CompactFormError';
  constructor(readonly form: CompactFormName, readonly field: string, readonly detail: string, options?: { cause?: unknown }) {
    super(`${form}: ${field}: ${detail}`, options);
  }
}

/** What the eIM knows of the session and the eUICC when it expands; each expansion names the fields it needs. */
export interface CompactContext {
  /** TransactionId of the RSP session (InitiateAuthentication). */
  transactionId?: Uint8Array;
  /** SM-DP+ address: serverAddress of ServerSigned1, and the notificationAddress of the PIR. */
  smdpAddress?: string;
  /** serverChallenge of ServerSigned1. */
  serverChallenge?: Uint8Array;
  /** SM-DP+ OID (registeredID of CERT.DPauth, see smdpOidOf; CERT.DPpb carries the same OID). */
  smdpOid?: string;
  /** EUICCInfo2 DER (BF22) from an earlier full answer or eUICC data request; its extCardResource is replaced. */
  euiccInfo2?: Uint8Array;
  /** CtxParams1 DER (A0…) the eIM generated (eimCtxParams1Generation) and the IPA passed to the eUICC. */
  ctxParams1?: Uint8Array;
  /** CERT.EUICC.ECDSA and CERT.EUM.ECDSA DER, learnt from an earlier full answer. */
  euiccCertificate?: Uint8Array;
  eumCertificate?: Uint8Array;
  /** Iccid (10 bytes, swapped BCD) of the profile downloaded, from its profile metadata. */
  iccid?: Uint8Array;
  /** An ISD-P AID of this eUICC: a compact PIR carries only its bytes 14 and 15, the rest comes from here. */
  isdpAid?: Uint8Array;
  /** EID as 32 digits or the 16 bytes of eidValue: checked against a compact notification's eidValue. */
  eid?: string | Uint8Array;
  /** otPK.EUICC.ECKA the SM-DP+ sent as bppEuiccOtpk, when the eUICC reused it and the IPA left it out. */
  bppEuiccOtpk?: Uint8Array;
  /** CancelSessionReason the session was cancelled with, when the IPA left it out. */
  cancelSessionReason?: number;
}

export interface CompactOptions {
  /** Schema of the full and compact forms (default v1.2). */
  version?: SpecVersion;
}

export interface AuthenticateCompactOptions extends CompactOptions {
  /** The eIM already holds CERT.EUICC and CERT.EUM: leave them out. */
  omitCertificates?: boolean;
  /** Send CompactEuiccSigned1 (extCardResource, ctxParams1) instead of euiccSigned1; the eIM must know euiccInfo2. */
  compactSignedData?: boolean;
  /** With compactSignedData: leave ctxParams1 out as well, because the eIM generated it. */
  omitCtxParams1?: boolean;
}

export interface PrepareDownloadCompactOptions extends CompactOptions {
  /** bppEuiccOtpk of the PrepareDownloadRequest: when the eUICC reused it, euiccOtpk is left out (SGP.32 CompactEuiccSigned2). */
  bppEuiccOtpk?: Uint8Array;
}

export interface NotificationCompactOptions extends CompactOptions {
  /** Put the EID (from the eUICC certificate) in CompactOtherSignedNotification; v1.2 only. */
  includeEid?: boolean;
}

export interface CancelSessionCompactOptions extends CompactOptions {
  /** The eIM knows the reason (it asked for the cancellation): leave it out. */
  omitReason?: boolean;
}

/** PEDefinitions EUICCResponse with peStatus ok: SGP.32 CompactSuccessResult omits simaResponse when it is this. */
export const SIMA_RESPONSE_OK: Uint8Array = Uint8Array.from([0x30, 0x07, 0xa0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00]);
/** CompactSuccessResult.compactAid is "byte 14 and 15 of ISD-P AID" (bytes counted from 1). */
const COMPACT_AID_OFFSET = 13;
/**
 * ISD-P AIDs as cards (and S_eUICC) number them after the ISD-R's A0000005591010FFFFFFFF8900000100:
 * A0000005591010FFFFFFFF89 00 00 xx 00. An eIM that has seen none of the card's AIDs can use this as
 * `CompactContext.isdpAid`; bytes 14 and 15 are zero here and come from the compact form.
 */
export const ISDP_AID_TEMPLATE: Uint8Array = Uint8Array.from(Buffer.from('A0000005591010FFFFFFFF8900000000', 'hex'));

const TAG = {
  authenticateServerResponse: 0xbf38, prepareDownloadResponse: 0xbf21, cancelSessionResponse: 0xbf41,
  profileInstallationResult: 0xbf37, euiccInfo2: 0xbf22, tbsOtherNotification: 0xbf2f,
  sequence: 0x30, signature: 0x5f37, eidValue: 0x5a,
  c0: 0x80, c2: 0x82, c3: 0x83, c4: 0x84, a0: 0xa0, a1: 0xa1, a2: 0xa2,
} as const;

// ---- TLV helpers: inputs were decoded by the codec first, so their TLV structure is sound ----

const wrap = (tag: number, ...parts: Uint8Array[]): Buffer => tlv(tag, Buffer.concat(parts));
const tagOf = (t: Uint8Array): number => tlvAt(t, 'TLV').tag;
const valueOf = (t: Uint8Array): Uint8Array => {
  const s = tlvAt(t, 'TLV');
  return t.subarray(s.start, s.end);
};
/** The components of a constructed TLV, each a whole TLV, in order. */
const children = (t: Uint8Array): Uint8Array[] => {
  const s = tlvAt(t, 'TLV');
  return tlvSpans(t, 'TLV', s.start, s.end).map((c) => t.subarray(c.offset, c.end));
};
const byTag = (list: readonly Uint8Array[], tag: number): Uint8Array | undefined => list.find((t) => tagOf(t) === tag);
const retag = (t: Uint8Array, tag: number): Buffer => tlv(tag, valueOf(t));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

function decode(form: CompactFormName, type: string, bytes: Uint8Array, version: SpecVersion): Record<string, any> {
  try {
    return codec('SGP32Definitions', version).decode(type, bytes);
  } catch (e) {
    if (e instanceof AsnDecodeError) throw new CompactFormError(form, e.path, e.message, { cause: e });
    throw e;
  }
}

/**
 * The decoder skips components it does not know (EXTENSIBILITY IMPLIED). In a compact form they would
 * vanish silently, so an expansion refuses any component it did not use: forms rebuilt from decoded
 * values must re-encode to the bytes received (`decodeCompact`), forms carrying raw data objects must
 * consist of exactly the objects taken (`exactly`).
 */
function decodeCompact(form: CompactFormName, type: string, bytes: Uint8Array, version: SpecVersion, alternative: string): Record<string, any> | undefined {
  const v = decode(form, type, bytes, version);
  if (!v[alternative]) return undefined;
  if (!same(codec('SGP32Definitions', version).encode(type, v), bytes)) {
    throw new CompactFormError(form, alternative, 'holds components or encodings its schema does not define (not the DER of a compact form)');
  }
  return v[alternative];
}

function exactly(form: CompactFormName, where: string, container: Uint8Array, taken: readonly (Uint8Array | undefined)[]): void {
  const used = taken.filter((t): t is Uint8Array => t !== undefined);
  if (!same(wrap(tagOf(container), ...used), container)) {
    const odd = children(container).find((c) => !used.some((u) => u.byteOffset === c.byteOffset && u.buffer === c.buffer));
    throw new CompactFormError(form, where, `holds a component its schema does not define${odd ? ` (tag ${tagOf(odd).toString(16).toUpperCase()})` : ''}`);
  }
}

function need<T>(form: CompactFormName, ctx: CompactContext, field: keyof CompactContext, why: string): NonNullable<T> {
  const v = ctx[field] as T | undefined;
  if (v === undefined || v === null) throw new CompactFormError(form, `context.${field}`, `unknown to the eIM, needed for ${why}`);
  return v as NonNullable<T>;
}

/** Self-check of a compaction (see the header): the full form back from the context it implies, or refuse. */
function checked(form: CompactFormName, full: Uint8Array, compact: Buffer, again: (c: Buffer) => Uint8Array): Buffer {
  let back: Uint8Array;
  try {
    back = again(compact);
  } catch (e) {
    if (!(e instanceof CompactFormError)) throw e;
    throw new CompactFormError(form, e.field, `the compact form would not expand: ${e.detail}`, { cause: e });
  }
  if (!same(back, full)) throw new CompactFormError(form, 'full form', 'holds data or an encoding the compact form cannot carry; send it in full');
  return compact;
}

/** The single alternative inside a CHOICE's outer tag (e.g. A0 in BF38). */
const alternativeOf = (outer: Uint8Array): Uint8Array => children(outer)[0];

// ---- ES10b.AuthenticateServer → CompactAuthenticateResponseOk -----------------------------------

/** The eUICC certificate's subject serialNumber (the EID), upper-case hex digits. */
function eidOfCertificate(form: CompactFormName, field: string, der: Uint8Array): string {
  let serial: string | undefined;
  try {
    serial = parseCertificate(der, field).subjectSerialNumber;
  } catch (e) {
    if (e instanceof MalformedCertificateError) throw new CompactFormError(form, field, e.message, { cause: e });
    throw e;
  }
  if (!serial) throw new CompactFormError(form, field, 'the eUICC certificate has no subject serialNumber (EID)');
  return serial.toUpperCase();
}

/** IPA side: the compact form of an AuthenticateServerResponse (BF38); other alternatives come back unchanged. */
export function compactAuthenticateServerResponse(full: Uint8Array, o: AuthenticateCompactOptions = {}): Buffer {
  const form = 'AuthenticateServerResponse';
  const version = o.version ?? DEFAULT_VERSION;
  if (!decode(form, form, full, version).authenticateResponseOk) return Buffer.from(full);
  const [signed1, signature, euiccCert, eumCert] = children(alternativeOf(full));
  const parts = children(signed1);
  let signedData: Uint8Array = signed1;
  if (o.compactSignedData) {
    const extCardResource = byTag(children(byTag(parts, TAG.euiccInfo2)!), TAG.c4)!;
    const ctxParams1 = o.omitCtxParams1 ? [] : [wrap(TAG.a2, byTag(parts, TAG.a0)!)];
    signedData = wrap(TAG.a0, extCardResource, ...ctxParams1);
  }
  const certificates = o.omitCertificates ? [] : [retag(euiccCert, TAG.a1), retag(eumCert, TAG.a2)];
  const compact = wrap(TAG.authenticateServerResponse, wrap(TAG.a2, signedData, signature, ...certificates));
  const implied: CompactContext = {
    transactionId: valueOf(parts[0]), smdpAddress: Buffer.from(valueOf(parts[1])).toString('utf8'), serverChallenge: valueOf(parts[2]),
    euiccInfo2: byTag(parts, TAG.euiccInfo2), ctxParams1: byTag(parts, TAG.a0), euiccCertificate: euiccCert, eumCertificate: eumCert,
  };
  return checked(form, full, compact, (c) => expandAuthenticateServerResponse(c, implied, version));
}

/** EuiccSigned1 from CompactEuiccSigned1 and the session: the eUICC signed exactly these data objects. */
function expandSigned1(form: CompactFormName, compactSigned1: Uint8Array, ctx: CompactContext): Buffer {
  const parts = children(compactSigned1);
  const extCardResource = byTag(parts, TAG.c4)!, ctxParams1Tagged = byTag(parts, TAG.a2);
  exactly(form, 'compactEuiccSigned1', compactSigned1, [extCardResource, ctxParams1Tagged]);
  const info2 = need<Uint8Array>(form, ctx, 'euiccInfo2', 'euiccSigned1.euiccInfo2');
  let info2Parts: Uint8Array[];
  try {
    if (tagOf(info2) !== TAG.euiccInfo2) throw new CompactFormError(form, 'context.euiccInfo2', `is not EUICCInfo2 (BF22): starts with tag ${tagOf(info2).toString(16)}`);
    info2Parts = children(info2);
  } catch (e) {
    if (e instanceof AsnDecodeError) throw new CompactFormError(form, 'context.euiccInfo2', e.message, { cause: e });
    throw e;
  }
  if (!byTag(info2Parts, TAG.c4)) throw new CompactFormError(form, 'context.euiccInfo2', 'has no extCardResource to replace');
  const euiccInfo2 = wrap(TAG.euiccInfo2, ...info2Parts.map((p) => (tagOf(p) === TAG.c4 ? extCardResource : p)));
  const ctxParams1 = ctxParams1Tagged ? valueOf(ctxParams1Tagged) : need<Uint8Array>(form, ctx, 'ctxParams1', 'euiccSigned1.ctxParams1 (the compact form left it out)');
  return wrap(TAG.sequence,
    tlv(TAG.c0, need<Uint8Array>(form, ctx, 'transactionId', 'euiccSigned1.transactionId')),
    tlv(TAG.c3, Buffer.from(need<string>(form, ctx, 'smdpAddress', 'euiccSigned1.serverAddress'), 'utf8')),
    tlv(TAG.c4, need<Uint8Array>(form, ctx, 'serverChallenge', 'euiccSigned1.serverChallenge')),
    euiccInfo2,
    ctxParams1);
}

/** eIM side: the SGP.22 AuthenticateServerResponse (BF38 A0) for the SM-DP+; other alternatives come back unchanged. */
export function expandAuthenticateServerResponse(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  const form = 'AuthenticateServerResponse';
  if (!decode(form, form, compact, version).compactAuthenticateResponseOk) return Buffer.from(compact);
  const alternative = alternativeOf(compact), parts = children(alternative);
  const [signedData] = parts, signature = byTag(parts, TAG.signature)!;
  exactly(form, 'compactAuthenticateResponseOk', alternative, [signedData, signature, byTag(parts, TAG.a1), byTag(parts, TAG.a2)]);
  const signed1 = tagOf(signedData) === TAG.sequence ? signedData : expandSigned1(form, signedData, ctx);
  const cert = (tag: number, field: 'euiccCertificate' | 'eumCertificate') => {
    const sent = byTag(parts, tag);
    return sent ? retag(sent, TAG.sequence) : need<Uint8Array>(form, ctx, field, `${field} (the compact form left it out)`);
  };
  return wrap(TAG.authenticateServerResponse, wrap(TAG.a0, signed1, signature, cert(TAG.a1, 'euiccCertificate'), cert(TAG.a2, 'eumCertificate')));
}

// ---- ES10b.PrepareDownload → CompactPrepareDownloadResponseOk ------------------------------------

/** IPA side: the compact form of a PrepareDownloadResponse (BF21): euiccOtpk, hashCc and the signature. */
export function compactPrepareDownloadResponse(full: Uint8Array, o: PrepareDownloadCompactOptions = {}): Buffer {
  const form = 'PrepareDownloadResponse';
  const version = o.version ?? DEFAULT_VERSION;
  const v = decode(form, form, full, version).downloadResponseOk;
  if (!v) return Buffer.from(full);
  const [signed2, signature] = children(alternativeOf(full));
  const [transactionId, ...rest] = children(signed2);
  const reused = o.bppEuiccOtpk !== undefined && same(o.bppEuiccOtpk, v.euiccSigned2.euiccOtpk);
  const kept = reused ? rest.slice(1) : rest;
  const compact = wrap(TAG.prepareDownloadResponse, wrap(TAG.a2, wrap(TAG.sequence, ...kept), signature));
  const implied = { transactionId: valueOf(transactionId), ...(reused && { bppEuiccOtpk: o.bppEuiccOtpk }) };
  return checked(form, full, compact, (c) => expandPrepareDownloadResponse(c, implied, version));
}

/** eIM side: the SGP.22 PrepareDownloadResponse (BF21 A0); euiccSigned2 gets the session's transactionId back. */
export function expandPrepareDownloadResponse(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  const form = 'PrepareDownloadResponse';
  const v = decodeCompact(form, form, compact, version, 'compactDownloadResponseOk');
  if (!v) return Buffer.from(compact);
  const { euiccOtpk, hashCc } = v.compactEuiccSigned2;
  const euiccSigned2 = {
    transactionId: need<Uint8Array>(form, ctx, 'transactionId', 'euiccSigned2.transactionId'),
    euiccOtpk: euiccOtpk ?? need<Uint8Array>(form, ctx, 'bppEuiccOtpk', 'euiccSigned2.euiccOtpk (the compact form left it out)'),
    ...(hashCc && { hashCc }),
  };
  return Buffer.from(codec('SGP32Definitions', version).encode(form, { downloadResponseOk: { euiccSigned2, euiccSignature2: v.euiccSignature2 } }));
}

// ---- ProfileInstallationResult → CompactProfileInstallationResult ---------------------------------

/**
 * IPA side: a ProfileInstallationResult (BF37, from LoadBoundProfilePackage or the notification list)
 * as the PendingNotification alternative compactProfileInstallationResult ([0], A0).
 */
export function compactProfileInstallationResult(full: Uint8Array, o: CompactOptions = {}): Buffer {
  const form = 'ProfileInstallationResult';
  const version = o.version ?? DEFAULT_VERSION;
  const pir = decode(form, 'PendingNotification', full, version).profileInstallationResult;
  if (!pir) return Buffer.from(full);
  const data = pir.profileInstallationResultData;
  const [dataTlv, signature] = children(full);
  const dataParts = children(dataTlv);
  const [transactionId, metadata] = dataParts;
  const seqNumber = byTag(children(metadata), TAG.c0)!;
  let finalResult: Buffer;
  if (data.finalResult.successResult) {
    const { aid, simaResponse } = data.finalResult.successResult;
    if (aid.length < COMPACT_AID_OFFSET + 2) throw new CompactFormError(form, 'finalResult.successResult.aid', `${aid.length} bytes: no bytes 14 and 15 to send`);
    const sima = same(simaResponse, SIMA_RESPONSE_OK) ? [] : [tlv(0x04, simaResponse)];
    finalResult = wrap(TAG.a0, tlv(0x4f, aid.subarray(COMPACT_AID_OFFSET, COMPACT_AID_OFFSET + 2)), ...sima);
  } else {
    finalResult = Buffer.from(alternativeOf(byTag(dataParts, TAG.a2)!)); // errorResult (A1): the same type in both forms
  }
  const iccidPresent = data.notificationMetadata.iccid !== undefined;
  const compactData = wrap(TAG.a0, transactionId, retag(seqNumber, 0x02), ...(iccidPresent ? [] : [tlv(0x01, Uint8Array.of(0))]), wrap(TAG.a2, finalResult));
  const compact = wrap(TAG.a0, compactData, signature);
  const implied: CompactContext = {
    transactionId: data.transactionId, smdpAddress: data.notificationMetadata.notificationAddress, smdpOid: data.smdpOid,
    iccid: data.notificationMetadata.iccid, isdpAid: data.finalResult.successResult?.aid,
  };
  return checked(form, full, compact, (c) => expandProfileInstallationResult(c, implied, version));
}

/**
 * eIM side: the SGP.22 ProfileInstallationResult (BF37) from a compactProfileInstallationResult (A0):
 * notificationMetadata says notificationInstall to the SM-DP+ address, for the profile's ICCID.
 */
export function expandProfileInstallationResult(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  const form = 'ProfileInstallationResult';
  const v = decodeCompact(form, 'PendingNotification', compact, version, 'compactProfileInstallationResult');
  if (!v) return Buffer.from(compact);
  const data = v.compactProfileInstallationResultData;
  if (ctx.transactionId && !same(ctx.transactionId, data.transactionId)) {
    throw new CompactFormError(form, 'transactionId', `${toHex(data.transactionId)} is not the session's ${toHex(ctx.transactionId)}`);
  }
  const success = data.compactFinalResult.compactSuccessResult;
  let finalResult: Record<string, unknown>;
  if (success) {
    const template = need<Uint8Array>(form, ctx, 'isdpAid', 'finalResult.successResult.aid');
    if (template.length < COMPACT_AID_OFFSET + 2) throw new CompactFormError(form, 'context.isdpAid', `${template.length} bytes: an ISD-P AID has bytes 14 and 15`);
    const aid = Buffer.concat([template.subarray(0, COMPACT_AID_OFFSET), success.compactAid, template.subarray(COMPACT_AID_OFFSET + 2)]);
    finalResult = { successResult: { aid, simaResponse: success.simaResponse ?? SIMA_RESPONSE_OK } };
  } else {
    finalResult = { errorResult: data.compactFinalResult.errorResult };
  }
  const notificationMetadata = {
    seqNumber: data.seqNumber,
    profileManagementOperation: ['notificationInstall'],
    notificationAddress: need<string>(form, ctx, 'smdpAddress', 'notificationMetadata.notificationAddress'),
    ...(data.iccidPresent && { iccid: need<Uint8Array>(form, ctx, 'iccid', 'notificationMetadata.iccid (iccidPresent)') }),
  };
  const profileInstallationResultData = {
    transactionId: data.transactionId,
    notificationMetadata,
    smdpOid: need<string>(form, ctx, 'smdpOid', 'profileInstallationResultData.smdpOid'),
    finalResult,
  };
  return Buffer.from(codec('SGP32Definitions', version).encode('ProfileInstallationResult', { profileInstallationResultData, euiccSignPIR: v.euiccSignPIR }));
}

// ---- OtherSignedNotification → CompactOtherSignedNotification -------------------------------------

/** IPA side: an OtherSignedNotification (30) as the PendingNotification alternative compactOtherSignedNotification ([1], A1). */
export function compactOtherSignedNotification(full: Uint8Array, o: NotificationCompactOptions = {}): Buffer {
  const form = 'OtherSignedNotification';
  const version = o.version ?? DEFAULT_VERSION;
  if (!decode(form, 'PendingNotification', full, version).otherSignedNotification) return Buffer.from(full);
  if (o.includeEid && version === 'v1.0') throw new CompactFormError(form, 'eidValue', 'SGP.32 v1.0 CompactOtherSignedNotification has no eidValue');
  const [tbs, signature, euiccCert, eumCert] = children(full);
  const eid = o.includeEid ? [tlv(TAG.eidValue, Buffer.from(eidOfCertificate(form, 'euiccCertificate', euiccCert), 'hex'))] : [];
  const compact = wrap(TAG.a1, ...eid, tbs, signature);
  return checked(form, full, compact, (c) => expandOtherSignedNotification(c, { euiccCertificate: euiccCert, eumCertificate: eumCert }, version));
}

/**
 * eIM side: the SGP.22 OtherSignedNotification (30) from a compactOtherSignedNotification (A1), with
 * the eUICC's certificates. An eidValue must be the EID of that certificate (and of `ctx.eid`).
 */
export function expandOtherSignedNotification(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  const form = 'OtherSignedNotification';
  if (!decode(form, 'PendingNotification', compact, version).compactOtherSignedNotification) return Buffer.from(compact);
  const parts = children(compact);
  const eidValue = version === 'v1.0' ? undefined : byTag(parts, TAG.eidValue); // v1.0 has no eidValue
  const tbs = byTag(parts, TAG.tbsOtherNotification)!, signature = byTag(parts, TAG.signature)!;
  exactly(form, 'compactOtherSignedNotification', compact, [eidValue, tbs, signature]);
  const euiccCert = need<Uint8Array>(form, ctx, 'euiccCertificate', 'euiccCertificate');
  const eumCert = need<Uint8Array>(form, ctx, 'eumCertificate', 'eumCertificate');
  if (eidValue) {
    const sent = toHex(valueOf(eidValue)).toUpperCase();
    const certified = eidOfCertificate(form, 'context.euiccCertificate', euiccCert);
    if (sent !== certified) throw new CompactFormError(form, 'eidValue', `${sent} is not the EID of the eUICC certificate (${certified})`);
    if (ctx.eid !== undefined) {
      const known = (typeof ctx.eid === 'string' ? ctx.eid : toHex(ctx.eid)).toUpperCase();
      if (sent !== known) throw new CompactFormError(form, 'eidValue', `${sent} is not the EID of the eIM session (${known})`);
    }
  }
  return wrap(TAG.sequence, tbs, signature, euiccCert, eumCert);
}

// ---- PendingNotification: either kind ---------------------------------------------------------------

/** IPA side: whichever notification the eUICC listed, in its compact form. */
export function compactPendingNotification(full: Uint8Array, o: NotificationCompactOptions = {}): Buffer {
  // BF37 is the only PendingNotification alternative whose first octet is BF; the decoders check the rest.
  return full[0] === TAG.profileInstallationResult >> 8 ? compactProfileInstallationResult(full, o) : compactOtherSignedNotification(full, o);
}

/** eIM side: whichever notification the IPA sent, in its SGP.22 form. */
export function expandPendingNotification(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  return compact[0] === TAG.a0 ? expandProfileInstallationResult(compact, ctx, version) : expandOtherSignedNotification(compact, ctx, version);
}

// ---- ES10b.CancelSession → CompactCancelSessionResponseOk ------------------------------------------

/** IPA side: the compact form of a CancelSessionResponse (BF41): the reason (unless omitted) and the signature. */
export function compactCancelSessionResponse(full: Uint8Array, o: CancelSessionCompactOptions = {}): Buffer {
  const form = 'CancelSessionResponse';
  const version = o.version ?? DEFAULT_VERSION;
  const v = decode(form, form, full, version).cancelSessionResponseOk;
  if (!v) return Buffer.from(full);
  const [signed, signature] = children(alternativeOf(full));
  const reason = o.omitReason ? [] : [retag(byTag(children(signed), TAG.c2)!, TAG.c0)]; // [2] in the full form, [0] in the compact one
  const compact = wrap(TAG.cancelSessionResponse, wrap(TAG.a2, wrap(TAG.sequence, ...reason), signature));
  const s = v.euiccCancelSessionSigned;
  const implied = { transactionId: s.transactionId, smdpOid: s.smdpOid, cancelSessionReason: s.reason };
  return checked(form, full, compact, (c) => expandCancelSessionResponse(c, implied, version));
}

/** eIM side: the SGP.22 CancelSessionResponse (BF41 A0): euiccCancelSessionSigned gets transactionId and smdpOid back. */
export function expandCancelSessionResponse(compact: Uint8Array, ctx: CompactContext, version: SpecVersion = DEFAULT_VERSION): Buffer {
  const form = 'CancelSessionResponse';
  const v = decodeCompact(form, form, compact, version, 'compactCancelSessionResponseOk');
  if (!v) return Buffer.from(compact);
  const euiccCancelSessionSigned = {
    transactionId: need<Uint8Array>(form, ctx, 'transactionId', 'euiccCancelSessionSigned.transactionId'),
    smdpOid: need<string>(form, ctx, 'smdpOid', 'euiccCancelSessionSigned.smdpOid'),
    reason: v.compactEuiccCancelSessionSigned.reason ?? need<number>(form, ctx, 'cancelSessionReason', 'euiccCancelSessionSigned.reason (the compact form left it out)'),
  };
  return Buffer.from(codec('SGP32Definitions', version).encode(form, { cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature: v.euiccCancelSessionSignature } }));
}

// ---- context helpers ---------------------------------------------------------------------------------

/** The SM-DP+ OID of CERT.DPauth / CERT.DPpb: the registeredID in its subjectAltName (SGP.22 §4.5.2 certificate profiles), if any. */
export function smdpOidOf(certificate: Uint8Array): string | undefined {
  const ext = parseCertificate(certificate, 'SM-DP+ certificate').cert.tbsCertificate.extensions?.find((e) => e.extnID === '2.5.29.17');
  if (!ext) return undefined;
  return AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName).find((n) => n.registeredID)?.registeredID;
}
