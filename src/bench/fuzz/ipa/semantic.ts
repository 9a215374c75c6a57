/**
 * The IPA target's semantic mutations: answers that are well-formed (or deliberately break one
 * constraint) but that a correct IPA and eUICC must not act on — eUICC Packages the card must refuse
 * (replayed counter, a signature over other bytes or by a key on the other curve, another EID, an
 * eIM it does not know), out-of-range codes, oversized OCTET STRINGs, activation codes that are not
 * activation codes, a stale InitiateAuthentication (another euiccChallenge) — and some the IPA cannot
 * judge and may follow (a code pointing nowhere, an eimTransactionId of another transaction,
 * acknowledgements of unknown notifications). Built once at set-up: a case only picks one.
 */
import { randomBytes } from 'node:crypto';
import { codec, X509Value } from '../../../asn1';
import { SequenceNode } from '../../../asn1/nodes';
import { signRsp } from '../../../crypto/rsp-signatures';
import { PkiStore } from '../../../pki';
import { choiceFrom } from '../../../../simulators/ipa/relay';
import { EuiccPackage, ts_psmoList, ts_psmoListProfileInfo } from '../../../../simulators/eim/packages';
import { Channel, ciPkIdField, dataRequests, packageInput, SMDP_ADDRESS, transactionId, triggers } from './bases';
import { BASE_COUNTER, Rig } from './rig';
import { PackageInput, signPackage } from './sign';

export interface Semantic {
  readonly channel: Channel;
  readonly message: string;
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The IPA (or the eUICC behind it) must not act on it. */
  readonly reject: boolean;
}

const LIST: EuiccPackage = ts_psmoList(ts_psmoListProfileInfo());

export function semanticPool(rig: Rig, pki: PkiStore, channels: readonly Channel[]): Semantic[] {
  const c = rig.codec;
  const byTo = (to: Channel['to']) => channels.find((ch) => ch.to === to);
  const signer = { key: rig.eimKey, associationToken: rig.associationToken };
  const valid = (n: number): PackageInput => packageInput(rig, LIST, 50 + n);
  const otherEid = Uint8Array.from(rig.eid);
  otherEid[otherEid.length - 2] ^= 0x11;

  /** Signed-package mutations, each [name, EuiccPackageRequest DER]. */
  const packages: [string, Uint8Array][] = [
    ...[0, 1, 7].map((k): [string, Uint8Array] => [`replayed counter ${BASE_COUNTER - k}`, signPackage(c, { ...valid(0), counterValue: BASE_COUNTER - k }, signer)]),
    ['eimSignature over other bytes', signPackage(c, valid(1), signer, { signedOver: { ...valid(1), counterValue: BASE_COUNTER + 99 } })],
    ['eimSignature with the other curve\'s key', signPackage(c, valid(2), { ...signer, key: rig.otherKey })],
    ['eimSignature with another association token', signPackage(c, valid(3), { ...signer, associationToken: (rig.associationToken ?? 0) + 1 })],
    ['wrong EID', signPackage(c, { ...valid(4), eid: otherEid }, signer)],
    ['unknown eimId', signPackage(c, { ...valid(5), eimId: 'unknown-eim.fuzz.example.com' }, signer)],
    ['oversized eimTransactionId (17 octets)', signPackage(c, { ...valid(6), eimTransactionId: new Uint8Array(17).fill(0xee) }, signer, { unconstrained: true })],
    ['oversized eimId (129 characters)', signPackage(c, { ...valid(7), eimId: 'e'.repeat(129) }, signer, { unconstrained: true })],
  ];
  const out: Semantic[] = [];
  const get = byTo('getEimPackageRequest')!;
  const inject = byTo('transferEimPackage');
  for (const [name, der] of packages) {
    out.push({ channel: get, message: 'EuiccPackageRequest', name, bytes: choiceFrom(c.node('GetEimPackageResponse'), 'euiccPackageRequest', der), reject: true });
    if (inject) out.push({ channel: inject, message: 'EuiccPackageRequest', name, bytes: choiceFrom(c.node('TransferEimPackageRequest'), 'euiccPackageRequest', der), reject: true });
  }
  // The card keeps no record of eimTransactionIds: a fresh counter with an old transaction id is the eIM's business.
  out.push({ channel: get, message: 'EuiccPackageRequest', name: 'eimTransactionId of an earlier transaction', reject: false,
    bytes: choiceFrom(c.node('GetEimPackageResponse'), 'euiccPackageRequest', signPackage(c, { ...valid(8), eimTransactionId: transactionId(0) }, signer)) });

  const unconstrained = (type: string, value: unknown) => c.encode(type, value, { constraints: false });
  const getAnswer = (value: unknown, name: string, message: string, reject: boolean) =>
    out.push({ channel: get, message, name, bytes: unconstrained('GetEimPackageResponse', value), reject });
  getAnswer({ eimPackageError: 200 }, 'out-of-range eimPackageError 200', 'GetEimPackageResponse', true);
  getAnswer({ eimPackageError: -1 }, 'out-of-range eimPackageError -1', 'GetEimPackageResponse', true);
  const [data] = dataRequests(rig);
  getAnswer({ ipaEuiccDataRequest: { ...data, [ciPkIdField(c)]: new Uint8Array(300).fill(0x5a) } }, 'CI key identifier of 300 octets', 'IpaEuiccDataRequest', false);
  if (c.version === 'v1.2') {
    getAnswer({ ipaEuiccDataRequest: { ...data, eimTransactionId: new Uint8Array(17) } }, 'oversized eimTransactionId (17 octets)', 'IpaEuiccDataRequest', true);
    getAnswer({ ipaEuiccDataRequest: { ...data, eimTransactionId: transactionId(0) } }, 'eimTransactionId of an earlier transaction', 'IpaEuiccDataRequest', false);
  }
  const [trigger] = triggers(c);
  const ac = (code: string) => ({ profileDownloadTriggerRequest: { ...trigger, profileDownloadData: { activationCode: code } } });
  const malformed = ['2$' + SMDP_ADDRESS + '$X', '1$$X', 'LPA:1$' + SMDP_ADDRESS + '$X', '1$' + SMDP_ADDRESS, '1$' + SMDP_ADDRESS + '$X$1.2.3$7',
    '1$' + SMDP_ADDRESS + '$X$1.2.3$0$extra', '1$smdp plus!.example$X', '1$' + SMDP_ADDRESS + ' $X', ''];
  for (const code of malformed) getAnswer(ac(code), `malformed activation code '${code}'`, 'ProfileDownloadTriggerRequest', true);
  getAnswer(ac('1$nowhere.invalid$X'), 'activation code pointing nowhere', 'ProfileDownloadTriggerRequest', false);
  getAnswer(ac('1$' + 'a'.repeat(250) + '.example$X'), 'oversized activation code (263 characters)', 'ProfileDownloadTriggerRequest', true);
  getAnswer({ profileDownloadTriggerRequest: { ...trigger, eimTransactionId: new Uint8Array(20) } }, 'oversized eimTransactionId (20 octets)', 'ProfileDownloadTriggerRequest', true);
  getAnswer({ profileDownloadTriggerRequest: { ...trigger, eimTransactionId: transactionId(0) } }, 'eimTransactionId of an earlier transaction', 'ProfileDownloadTriggerRequest', false);

  const provide = byTo('provideEimPackageResult')!;
  out.push({ channel: provide, message: 'ProvideEimPackageResultResponse', name: 'acknowledges notifications never sent', reject: false,
    bytes: unconstrained('ProvideEimPackageResultResponse', { eimAcknowledgements: [999_999, 0, 2 ** 31 - 1] }) });
  if (c.version === 'v1.2') {
    out.push({ channel: provide, message: 'ProvideEimPackageResultResponse', name: 'out-of-range provideEimPackageResultError 99', reject: true,
      bytes: unconstrained('ProvideEimPackageResultResponse', { provideEimPackageResultError: 99 }) });
  }

  const initiate = byTo('initiateAuthenticationRequestEsipa')!;
  const curve = pki.curves[0];
  const other = pki.curves.find((k) => k !== curve);
  const ok = (name: string, key = pki.get('dpAuth', curve).key) => out.push({ channel: initiate, message: 'InitiateAuthenticationResponseEsipa', name, reject: true,
    bytes: c.encode('InitiateAuthenticationResponseEsipa', { initiateAuthenticationOkEsipa: staleOk(rig, pki, key) }) });
  ok('InitiateAuthenticationOk for another euiccChallenge');
  if (other) ok('serverSignature1 by the other curve\'s SM-DP+ key', pki.get('dpAuth', other).key);
  out.push({ channel: initiate, message: 'InitiateAuthenticationResponseEsipa', name: 'out-of-range initiateAuthenticationErrorEsipa 300', reject: true,
    bytes: unconstrained('InitiateAuthenticationResponseEsipa', { initiateAuthenticationErrorEsipa: 300 }) });
  return out;
}

/** An InitiateAuthenticationOkEsipa as S_SM-DP+ signs it, for a euiccChallenge the card never issued. */
function staleOk(rig: Rig, pki: PkiStore, key: ReturnType<PkiStore['get']>['key']): Record<string, unknown> {
  const dpAuth = pki.get('dpAuth', pki.curves[0]);
  const tid = randomBytes(16);
  const serverSigned1 = { transactionId: tid, euiccChallenge: randomBytes(16), serverAddress: SMDP_ADDRESS, serverChallenge: randomBytes(16) };
  const serverSignature1 = signRsp('serverSignature1', key, { serverSigned1: codec('RSPDefinitions').encode('ServerSigned1', serverSigned1) });
  const fields = (rig.codec.node('InitiateAuthenticationOkEsipa') as SequenceNode).fields.map((f) => f.name);
  return {
    ...(fields.includes('transactionId') && { transactionId: tid }),
    serverSigned1, serverSignature1,
    [fields.includes('euiccCiPKIdentifierToBeUsed') ? 'euiccCiPKIdentifierToBeUsed' : 'euiccCiPKIdToBeUsed']: rig.ciPkId,
    serverCertificate: new X509Value('Certificate', dpAuth.cert.raw),
  };
}
