/**
 * The eIM's semantic mutations: requests that are well-formed but illegitimate — an EID the eIM does
 * not manage or that is malformed, a result whose eUICC signature covers other bytes or was made by
 * another key, a validly re-signed result whose eimTransactionId, eimId, counterValue or seqNumber
 * is not what the eIM accepted, the download functions of a closed RSP session or of another one.
 * Each is `reject` (must not be executed or acknowledged) unless noted: a replayed result may be
 * acknowledged again (the IPA's acknowledgement may have been lost) but must not be executed twice,
 * which the built-in target checks on every case (index.ts); a notification's signature is for its
 * SM-DP+ to check, and HandleNotification has no answer to judge. Re-signing uses the eUICC's key
 * from the run PKI with the recipe of the version (rsp-signatures.ts).
 */
import { KeyObject, randomBytes } from 'node:crypto';
import { Codec, tlv } from '../../../asn1';
import { associationTokenTlv, dataObjects, signatureTlv, signRsp, verifyRsp } from '../../../crypto/rsp-signatures';
import { AsnValue } from '../../../transport/http';
import { EIM_TRANSACTION_ID_FIELD } from '../../../../simulators/eim/packages';
import { ScenarioContext } from '../../scenario';
import type { Expectation } from '../target';
import { CardResult, EimFuzzPool } from './bases';
import { EimFuzzEnv } from './setup';

export interface Variant {
  readonly name: string;
  readonly alternative: string;
  /** The request alternative's value (either binding), or its DER (ASN.1 only) when the codec cannot make it. */
  readonly value?: AsnValue;
  readonly der?: Uint8Array;
  readonly expect: Expectation;
}

/** The keys results are signed with: the card's, its key on the other curve, and one that is no eUICC's. */
interface ResultKeys {
  own: KeyObject;
  otherCurve?: KeyObject;
  foreign: KeyObject;
  associationToken?: number | bigint;
}

const SIGNED_DATA = 0x30;

function resultKeys(ctx: ScenarioContext, env: EimFuzzEnv, r: CardResult): ResultKeys {
  const eim = env.card.euicc.state.eims.find((e) => e.eimId === env.eimId);
  const associationToken = eim?.associationToken;
  const signature = r.value.euiccPackageResultSigned.euiccSignEPR;
  const parts = signedParts(env, r.der, r.pkg, associationToken);
  const candidates = ctx.config.curves.map((curve) => ctx.pki.get('euicc', curve));
  const own = candidates.find((cred) => verifyRsp('euiccSignEPR', cred.cert.publicKey, parts, signature, env.version));
  if (!own) throw new Error('no eUICC key of the run PKI verifies the card\'s euiccSignEPR: the re-signing recipe does not match the card');
  return { own: own.key, otherCurve: candidates.find((cred) => cred !== own)?.key, foreign: ctx.pki.get('eimSign', env.curve).key, associationToken };
}

function signedParts(env: EimFuzzEnv, der: Uint8Array, pkg: AsnValue, associationToken: number | bigint | undefined): Record<string, Uint8Array> {
  const [altTag] = dataObjects(der, 'EuiccPackageResult', 0xbf51).keys();
  const data = dataObjects(der, 'EuiccPackageResult', 0xbf51, altTag).get(SIGNED_DATA)!;
  return env.version === 'v1.0'
    ? { euiccPackageResultDataSigned: data, eimSignature: signatureTlv(pkg.eimSignature) }
    : { euiccPackageResultDataSigned: data, associationToken: associationTokenTlv(associationToken) };
}

/** `result` with its signed data changed by `edit` and signed again, over it or (`over`) over another result's data. */
function resign(c: Codec, env: EimFuzzEnv, keys: ResultKeys, r: CardResult, edit: (data: AsnValue) => AsnValue, key: KeyObject, over?: CardResult): AsnValue {
  const signed = r.value.euiccPackageResultSigned;
  const value = { euiccPackageResultSigned: { ...signed, euiccPackageResultDataSigned: edit({ ...signed.euiccPackageResultDataSigned }) } };
  const source = over ?? { ...r, der: c.encode('EuiccPackageResult', value) };
  const signature = signRsp('euiccSignEPR', key, signedParts(env, source.der, source.pkg, keys.associationToken), env.version);
  return { euiccPackageResultSigned: { ...value.euiccPackageResultSigned, euiccSignEPR: signature } };
}

export function semanticVariants(ctx: ScenarioContext, env: EimFuzzEnv, pool: EimFuzzPool): Variant[] {
  const { c, version } = env;
  const v10 = version === 'v1.0';
  const eidValue = Buffer.from(pool.eid, 'hex');
  const out: Variant[] = [];
  const add = (name: string, alternative: string, expect: Expectation, value: AsnValue) => out.push({ name, alternative, value, expect });
  const provide = (result: AsnValue, eid: Uint8Array | undefined = eidValue) => (v10 ? result : { ...(eid && { eidValue: eid }), eimPackageResult: result });
  const hex = (eid: string) => Buffer.from(eid, 'hex');

  // GetEimPackage: whose EID.
  for (const eid of pool.unknownEids.slice(0, 4)) add('unknown EID', 'getEimPackageRequest', 'reject', { eidValue: hex(eid) });
  if (pool.otherEid) add('EID of another eUICC', 'getEimPackageRequest', 'any', { eidValue: hex(pool.otherEid) });
  const digits = pool.eid.slice(0, -1) + String((Number(pool.eid.at(-1)) + 1) % 10);
  add('EID with wrong check digits', 'getEimPackageRequest', 'reject', { eidValue: hex(digits) });
  add('EID of 15 bytes', 'getEimPackageRequest', 'reject', { eidValue: eidValue.subarray(0, 15) });
  add('EID of 17 bytes', 'getEimPackageRequest', 'reject', { eidValue: Buffer.concat([eidValue, Buffer.from([0x01])]) });
  out.push({ name: 'no EID', alternative: 'getEimPackageRequest', der: tlv(0xbf4f, Buffer.alloc(0)), expect: 'reject' });
  if (!v10) add('stateChangeCause out of range', 'getEimPackageRequest', 'any', { eidValue, notifyStateChange: null, stateChangeCause: 99 });

  // ProvideEimPackageResult: the card's results, altered.
  const keys = resultKeys(ctx, env, pool.results[0]);
  const txField = EIM_TRANSACTION_ID_FIELD[version];
  pool.results.forEach((r, i) => {
    const other = pool.results[(i + 1) % pool.results.length];
    const result = (value: AsnValue) => ({ euiccPackageResult: value });
    const re = (edit: (d: AsnValue) => AsnValue, key = keys.own, over?: CardResult) => result(resign(c, env, keys, r, edit, key, over));
    const same = (d: AsnValue) => d;
    add('replayed result', 'provideEimPackageResult', 'any', provide(result(r.value)));
    if (!v10) {
      add('replayed result in HandleNotification', 'handleNotificationEsipa', 'any', { provideEimPackageResult: provide(result(r.value)) });
      add('result with an unknown EID', 'provideEimPackageResult', 'reject', provide(result(r.value), hex(pool.unknownEids[i])));
      if (pool.otherEid) add('result with the EID of another eUICC', 'provideEimPackageResult', 'reject', provide(result(r.value), hex(pool.otherEid)));
    }
    add('stale eimTransactionId (re-signed)', 'provideEimPackageResult', 'reject', provide(re((d) => ({ ...d, [txField]: randomBytes(8) }))));
    add('eimTransactionId of another package (re-signed)', 'provideEimPackageResult', 'reject', provide(re((d) => ({ ...d, [txField]: other.pkg.euiccPackageSigned[txField] }))));
    add('unknown eimId (re-signed)', 'provideEimPackageResult', 'reject', provide(re((d) => ({ ...d, eimId: `fuzz.${d.eimId}` }))));
    add('counterValue changed (re-signed)', 'provideEimPackageResult', 'reject', provide(re((d) => ({ ...d, counterValue: Number(d.counterValue) + 1000 }))));
    add('seqNumber changed (re-signed)', 'provideEimPackageResult', 'reject', provide(re((d) => ({ ...d, seqNumber: Number(d.seqNumber) + 1000 }))));
    add('euiccSignEPR over other bytes', 'provideEimPackageResult', 'reject', provide(re(same, keys.own, other)));
    add('result signed by a key that is no eUICC\'s', 'provideEimPackageResult', 'reject', provide(re(same, keys.foreign)));
    // S_eUICC holds a certificate on each curve for the same EID: a result signed with either is the eUICC's.
    if (keys.otherCurve) add('result signed with the other curve\'s eUICC key', 'provideEimPackageResult', 'any', provide(re(same, keys.otherCurve)));
  });
  if (!v10) {
    const unknownPackage = (code: number, id: Uint8Array) => provide({ eimPackageResultResponseError: { eimTransactionId: id, eimPackageResultErrorCode: code } });
    add('error report for a package never sent', 'provideEimPackageResult', 'reject', unknownPackage(2, randomBytes(8)));
    add('eimPackageResultErrorCode out of range', 'provideEimPackageResult', 'any', unknownPackage(300, pool.results[0].pkg.euiccPackageSigned.eimTransactionId));
    add('eimTransactionId of 17 bytes', 'provideEimPackageResult', 'reject', unknownPackage(2, randomBytes(17)));
  }

  // HandleNotification: a notification whose signature covers other bytes (the last octet of the signature flipped).
  for (const n of pool.notifications) {
    const flipped = Buffer.from(n);
    flipped[flipped.length - 1] ^= 0x01;
    add('notification signature over other bytes', 'handleNotificationEsipa', 'any', { pendingNotification: c.decode('PendingNotification', flipped) });
  }

  // The relayed download functions: the closed session, another one, an order that is no download.
  for (const base of pool.bases) {
    if (base.alternative === 'initiateAuthenticationRequestEsipa') {
      if (v10) {
        add('InitiateAuthentication with no download awaited', base.alternative, 'reject', base.value);
        continue;
      }
      add('eimTransactionId of a finished download', base.alternative, 'reject', base.value);
      add('eimTransactionId of a PSMO package', base.alternative, 'reject', { ...base.value, eimTransactionId: pool.results[0].pkg.euiccPackageSigned.eimTransactionId });
      add('unknown eimTransactionId', base.alternative, 'reject', { ...base.value, eimTransactionId: randomBytes(8) });
    } else if (['authenticateClientRequestEsipa', 'getBoundProfilePackageRequestEsipa', 'cancelSessionRequestEsipa'].includes(base.alternative)) {
      add('transactionId of the closed RSP session', base.alternative, 'reject', base.value);
      add('transactionId of another RSP session', base.alternative, 'reject', { ...base.value, transactionId: randomBytes(16) });
      add('transactionId of 17 bytes', base.alternative, 'reject', { ...base.value, transactionId: randomBytes(17) });
    }
  }
  return out;
}
