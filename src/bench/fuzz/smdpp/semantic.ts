/**
 * Semantic mutations of ES9+ requests: well-formed DER that a sound SM-DP+ must refuse because of
 * what it says (SGP.22 §5.6 checks), built on the pool's real sessions and signed with the run's
 * keys so that only the named fault is wrong. HandleNotification has no refusal in either binding
 * (the SM-DP+ acknowledges every notification it can read), so its mutations expect any answer.
 */
import { KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { toHex, X509Value } from '../../../asn1';
import { Curve } from '../../../crypto/curves';
import { signRsp } from '../../../crypto/rsp-signatures';
import { PkiCredential } from '../../../pki';
import { Es9PlusFunction } from '../../../transport/http';
import { FOREIGN_OID } from '../../smdpp/bench';
import { es9Request } from '../../smdpp/es9-requests';
import type { Expectation } from '../target';
import { rsp } from './wire';
import { Session, SessionPool } from './sessions';

export interface Semantic {
  readonly name: string;
  readonly request: Uint8Array;
  readonly expect: Expectation;
  readonly tx?: string;
}

/** What the mutations are made from. */
export interface SemanticKit {
  readonly pool: SessionPool;
  /** S_eUICC's credential on the other curve, and defective eUICC credentials of the run's PKI. */
  readonly otherCurve?: PkiCredential;
  readonly unknownEum?: PkiCredential;
  readonly badCertificate?: PkiCredential;
  readonly expired?: PkiCredential;
  /** The PIR of the setup download. */
  readonly pir: Uint8Array;
}

type Make = (k: SemanticKit, pick: number) => Semantic | undefined;
type Signer = { key: KeyObject; cert?: X509Certificate; eum?: X509Certificate };

const reject = (name: string, request: Uint8Array, s?: Session): Semantic => ({ name, request, expect: 'reject', ...(s && { tx: toHex(s.transactionId) }) });
const flip = (b: Uint8Array, at = b.length - 1): Buffer => {
  const out = Buffer.from(b);
  out[at] ^= 0x01;
  return out;
};
const signerOf = (c: PkiCredential | undefined): Signer | undefined => c && { key: c.key, cert: c.cert, eum: c.chain[0] };

/** A session for a mutated AuthenticateClient: a fresh one borrowed, else any. */
const authenticating = (k: SemanticKit, pick: number): Session => k.pool.take('fresh', true, pick) ?? k.pool.any(pick);
/** A session with a PrepareDownloadResponse: an authenticated one borrowed, else any such. */
const prepared = (k: SemanticKit, pick: number): Session => k.pool.take('authenticated', true, pick) ?? k.pool.any(pick, true);
/** A session CancelSession applies to: bound or authenticated, borrowed, else any. */
const cancellable = (k: SemanticKit, pick: number): Session =>
  k.pool.take('bound', true, pick) ?? k.pool.take('authenticated', true, pick) ?? k.pool.any(pick);

/**
 * S_eUICC's AuthenticateServerResponse with euiccSigned1 changed by `change`, signed by `signer`
 * (default S_eUICC) over euiccSigned1 as further changed by `signOver` (the signature then covers other bytes).
 */
function authenticateServerResponse(k: SemanticKit, s: Session, o: { change?: (v: any) => void; signOver?: (v: any) => void; signer?: Signer }): Uint8Array {
  const c = k.pool.codec;
  const v = c.decode<Record<string, any>>('AuthenticateServerResponse', s.authenticateServerResponse);
  const ok = v.authenticateResponseOk;
  o.change?.(ok.euiccSigned1);
  let signed = c.encode('EuiccSigned1', ok.euiccSigned1);
  if (o.signOver) {
    const other = c.decode<Record<string, any>>('EuiccSigned1', signed);
    o.signOver(other);
    signed = c.encode('EuiccSigned1', other);
  }
  const signer = o.signer ?? { key: k.pool.euicc.key };
  ok.euiccSignature1 = signRsp('euiccSignature1', signer.key, { euiccSigned1: signed });
  if (signer.cert) ok.euiccCertificate = new X509Value('Certificate', signer.cert.raw);
  if (signer.eum) ok.eumCertificate = new X509Value('Certificate', signer.eum.raw);
  return c.encode('AuthenticateServerResponse', v);
}

/** S_eUICC's PrepareDownloadResponse likewise: euiccSigned2 changed, euiccSignature2 over (changed) euiccSigned2 ‖ smdpSignature2. */
function prepareDownloadResponse(k: SemanticKit, s: Session, o: { change?: (v: any) => void; signOver?: (v: any) => void; key?: KeyObject }): Uint8Array {
  const c = k.pool.codec;
  const v = c.decode<Record<string, any>>('PrepareDownloadResponse', s.prepareDownloadResponse!);
  const ok = v.downloadResponseOk;
  o.change?.(ok.euiccSigned2);
  let signed = c.encode('EUICCSigned2', ok.euiccSigned2);
  if (o.signOver) {
    const other = c.decode<Record<string, any>>('EUICCSigned2', signed);
    o.signOver(other);
    signed = c.encode('EUICCSigned2', other);
  }
  ok.euiccSignature2 = signRsp('euiccSignature2', o.key ?? k.pool.euicc.key, { euiccSigned2: signed, smdpSignature2: s.smdpSignature2! });
  return c.encode('PrepareDownloadResponse', v);
}

/** A CancelSessionResponse signed like S_eUICC's (SEuicc.cancelReceipt), with the given key and OID. */
export function cancelReceipt(k: SemanticKit, transactionId: Uint8Array, reason: number, o: { key?: KeyObject; smdpOid?: string } = {}): Uint8Array {
  const c = k.pool.codec;
  const euiccCancelSessionSigned = { transactionId, smdpOid: o.smdpOid ?? k.pool.smdpOid ?? FOREIGN_OID, reason };
  const euiccCancelSessionSignature = signRsp('euiccCancelSessionSignature', o.key ?? k.pool.euicc.key, {
    euiccCancelSessionSigned: c.encode('EuiccCancelSessionSigned', euiccCancelSessionSigned),
  });
  return c.encode('CancelSessionResponse', { cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature } });
}

const authenticateClient = (name: string, o: Parameters<typeof authenticateServerResponse>[2] & { outer?: (s: Session) => Uint8Array } = {}): Make => (k, pick) => {
  const s = authenticating(k, pick);
  const asr = authenticateServerResponse(k, s, o);
  return reject(name, es9Request.authenticateClient(o.outer?.(s) ?? s.transactionId, asr), s);
};
const withSigner = (name: string, signer: (k: SemanticKit) => Signer | undefined): Make => (k, pick) => {
  const sg = signer(k);
  return sg && authenticateClient(name, { signer: sg })(k, pick);
};

const AUTHENTICATE_CLIENT: Make[] = [
  (k, pick) => {
    const tx = randomBytes(16);
    return authenticateClient('unknown transactionId', { change: (v) => { v.transactionId = tx; }, outer: () => tx })(k, pick);
  },
  (k, pick) => {
    const s = authenticating(k, pick);
    return reject('transactionId not the one euiccSigned1 carries', es9Request.authenticateClient(randomBytes(16), s.authenticateServerResponse), s);
  },
  (k, pick) => reject('stale transactionId', k.pool.stale[pick % k.pool.stale.length].authenticateClient),
  (k, pick) => {
    const s = k.pool.replayable[pick % k.pool.replayable.length];
    return s && reject('replayed authenticateClient', s.authenticateClient);
  },
  authenticateClient('euiccSignature1 over other bytes', { signOver: (v) => { v.serverChallenge = flip(v.serverChallenge); } }),
  authenticateClient('serverChallenge mismatch', { change: (v) => { v.serverChallenge = randomBytes(16); } }),
  authenticateClient('wrong matchingId', { change: (v) => { v.ctxParams1.ctxParamsForCommonAuthentication.matchingId = `FUZZ-${randomBytes(4).toString('hex').toUpperCase()}`; } }),
  withSigner("euiccSignature1 with the other curve's key", (k) => k.otherCurve && { key: k.otherCurve.key }),
  withSigner('eUICC certificate of the other curve', (k) => signerOf(k.otherCurve)),
  withSigner('unknown EUM (EUM certificate of an unknown CI)', (k) => signerOf(k.unknownEum)),
  withSigner('eUICC certificate not chaining to the EUM', (k) => signerOf(k.badCertificate)),
  withSigner('expired eUICC certificate', (k) => signerOf(k.expired)),
];

const getBoundProfilePackage = (name: string, o: Parameters<typeof prepareDownloadResponse>[2] & { outer?: Uint8Array } = {}): Make => (k, pick) => {
  const s = prepared(k, pick);
  return reject(name, es9Request.getBoundProfilePackage(o.outer ?? s.transactionId, prepareDownloadResponse(k, s, o)), s);
};

const GET_BOUND_PROFILE_PACKAGE: Make[] = [
  (k, pick) => {
    const s = prepared(k, pick);
    return reject('unknown transactionId', es9Request.getBoundProfilePackage(randomBytes(16), s.prepareDownloadResponse!), s);
  },
  (k, pick) => {
    const tx = randomBytes(16);
    return getBoundProfilePackage('euiccSigned2 of an unknown session', { change: (v) => { v.transactionId = tx; }, outer: tx })(k, pick);
  },
  (k, pick) => {
    const stale = k.pool.stale.filter((s) => s.getBoundProfilePackage);
    return stale.length ? reject('stale transactionId', stale[pick % stale.length].getBoundProfilePackage!) : undefined;
  },
  getBoundProfilePackage('euiccSignature2 over other bytes', { signOver: (v) => { v.euiccOtpk = flip(v.euiccOtpk); } }),
  (k, pick) => k.otherCurve && getBoundProfilePackage("euiccSignature2 with the other curve's key", { key: k.otherCurve.key })(k, pick),
  (k, pick) => {
    // PrepareDownload for a session that has not been through AuthenticateClient
    const fresh = k.pool.take('fresh', true, pick);
    if (!fresh) return undefined;
    const tx = fresh.transactionId;
    return getBoundProfilePackage('before AuthenticateClient', { change: (v) => { v.transactionId = tx; }, outer: tx })(k, pick);
  },
];

const cancel = (name: string, o: { tx?: (s: Session) => Uint8Array; signed?: (s: Session) => Uint8Array; key?: (k: SemanticKit) => KeyObject | undefined; smdpOid?: string; corrupt?: boolean }): Make => (k, pick) => {
  const s = cancellable(k, pick);
  const key = o.key?.(k);
  if (o.key && !key) return undefined;
  let receipt = cancelReceipt(k, o.signed?.(s) ?? s.transactionId, 1, { key, smdpOid: o.smdpOid });
  if (o.corrupt) receipt = flip(receipt);
  return reject(name, es9Request.cancelSession(o.tx?.(s) ?? s.transactionId, receipt), s);
};

const CANCEL_SESSION: Make[] = [
  (k, pick) => {
    const tx = randomBytes(16);
    return cancel('unknown transactionId', { tx: () => tx, signed: () => tx })(k, pick);
  },
  cancel('receipt naming another transactionId', { signed: () => randomBytes(16) }),
  cancel('euiccCancelSessionSignature over other bytes', { corrupt: true }),
  cancel("euiccCancelSessionSignature with the other curve's key", { key: (k) => k.otherCurve?.key }),
  cancel('smdpOid of another SM-DP+', { smdpOid: FOREIGN_OID }),
  (k, pick) => {
    const s = k.pool.stale[pick % k.pool.stale.length];
    return reject('stale transactionId', es9Request.cancelSession(s.transactionId, cancelReceipt(k, s.transactionId, 1)));
  },
];

/** EUICCInfo1 of S_eUICC with `change` applied. */
function euiccInfo1(k: SemanticKit, change: (v: any) => void): Uint8Array {
  const v = rsp().decode<Record<string, any>>('EUICCInfo1', k.pool.euiccInfo1);
  change(v);
  return rsp().encode('EUICCInfo1', v);
}
const initiate = (name: string, o: { address?: string; info?: (v: any) => void }): Make => (k) =>
  reject(name, es9Request.initiateAuthentication(randomBytes(16), o.address ?? k.pool.target.address, o.info ? euiccInfo1(k, o.info) : k.pool.euiccInfo1));

const INITIATE_AUTHENTICATION: Make[] = [
  initiate('smdpAddress of another SM-DP+', { address: 'other-smdp.fuzz.example' }),
  initiate('no CI of the SM-DP+ for signing', { info: (v) => { v.euiccCiPKIdListForSigning = [randomBytes(20)]; } }),
  initiate("no CI of CERT.DPauth for verification", { info: (v) => { v.euiccCiPKIdListForVerification = [randomBytes(20)]; } }),
];

/** A PIR whose data `change` altered, signed again by S_eUICC. */
function pir(k: SemanticKit, change: (v: any) => void): Uint8Array {
  const c = k.pool.codec;
  const v = c.decode<Record<string, any>>('ProfileInstallationResult', k.pir);
  change(v.profileInstallationResultData);
  v.euiccSignPIR = signRsp('euiccSignPIR', k.pool.euicc.key, { profileInstallationResultData: c.encode('ProfileInstallationResultData', v.profileInstallationResultData) });
  return c.encode('ProfileInstallationResult', v);
}
const notification = (name: string, n: (k: SemanticKit) => Uint8Array): Make => (k) => ({ name, request: es9Request.handleNotification(n(k)), expect: 'any' });

const HANDLE_NOTIFICATION: Make[] = [
  notification('euiccSignPIR over other bytes', (k) => flip(k.pir)),
  notification('PIR of an unknown session', (k) => pir(k, (v) => { v.transactionId = randomBytes(16); })),
  notification('PIR naming another SM-DP+', (k) => pir(k, (v) => { v.smdpOid = FOREIGN_OID; })),
];

export const SEMANTIC: Readonly<Record<Es9PlusFunction, readonly Make[]>> = {
  initiateAuthentication: INITIATE_AUTHENTICATION,
  authenticateClient: AUTHENTICATE_CLIENT,
  getBoundProfilePackage: GET_BOUND_PROFILE_PACKAGE,
  handleNotification: HANDLE_NOTIFICATION,
  cancelSession: CANCEL_SESSION,
};

/** Credentials the signature and certificate mutations use, when the run's PKI has them. */
export function kitCredentials(pki: { get(role: 'euicc', curve: Curve): PkiCredential; byId(id: string): PkiCredential | undefined }, curve: Curve) {
  const other: Curve = curve === 'nist' ? 'brp' : 'nist';
  let otherCurve: PkiCredential | undefined;
  try {
    otherCurve = pki.get('euicc', other);
  } catch {
    otherCurve = undefined;
  }
  const defect = (name: string) => pki.byId(`${curve}/defects/${name}`);
  return { otherCurve, unknownEum: defect('euicc-eum-unknown-ci'), badCertificate: defect('euicc-bad-signature'), expired: defect('euicc-expired') };
}
