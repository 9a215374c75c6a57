/**
 * Receive templates of the eIM suite (the `tr_…` of TTCN-3) over the readable form of decoded
 * messages (bench.view): what an eIM must send or answer, with only the fields a check is about.
 */
import { SpecVersion } from '../../asn1';
import { EIM_TRANSACTION_ID_FIELD } from '../../../simulators/eim/packages';
import { ANY, contains, Template, where } from '../matchers';

/** GetEimPackageResponse: eimPackageError with that name. */
export const tr_eimPackageError = (name: string): Template => ({ eimPackageError: name });

/** GetEimPackageResponse: a signed eUICC Package for `eid` whose package matches `euiccPackage` (v1.0 names the id transactionId). */
export function tr_euiccPackageRequest(eid: string, eimId: string, euiccPackage: Template, version: SpecVersion): Template {
  return {
    euiccPackageRequest: {
      euiccPackageSigned: {
        eimId, eidValue: eid.toUpperCase(), counterValue: where('a positive integer', (v) => Number(v) > 0), [EIM_TRANSACTION_ID_FIELD[version]]: ANY, euiccPackage,
      },
      eimSignature: where('a 64-byte r‖s', (v) => typeof v === 'string' && v.length === 128),
    },
  };
}

export const tr_psmoList = (...psmos: Template[]): Template => ({ psmoList: psmos });
export const tr_ecoList = (...ecos: Template[]): Template => ({ ecoList: ecos });

/** One PSMO as the readable form shows it (ICCIDs as digits). */
export function tr_psmo(name: string, iccid?: string): Template {
  return { [name]: iccid === undefined ? ANY : { iccid } };
}

export function tr_eco(name: string, eimId?: string): Template {
  if (name === 'listEim') return { listEim: ANY };
  return { [name]: eimId === undefined ? ANY : { eimId } };
}

/**
 * ProvideEimPackageResultResponse taking the result: emptyResponse, or eimAcknowledgements. An eIM
 * may add sequence numbers of results it took earlier in HandleNotification (whose answer has no
 * content), so numbers beyond the offered ones are allowed.
 */
export const tr_acknowledged: Template = where('emptyResponse or eimAcknowledgements', (v) =>
  (v && typeof v === 'object' && 'emptyResponse' in v) || Array.isArray(v?.eimAcknowledgements));

/** eimAcknowledgements naming every one of `seqNumbers` (earlier HandleNotification results may come along). */
export function tr_allAcknowledged(seqNumbers: readonly number[]): Template {
  return { eimAcknowledgements: where(`a list holding [${seqNumbers.join(', ')}]`, (v) => Array.isArray(v) && seqNumbers.every((n) => v.includes(n))) };
}

export const tr_provideResultError = (name: string): Template => ({ provideEimPackageResultError: name });

/** The profileDownloadTriggerRequest of a download order. */
export function tr_downloadTrigger(activationCode: Template): Template {
  return { profileDownloadTriggerRequest: { profileDownloadData: { activationCode }, eimTransactionId: ANY } };
}

export function tr_ipaEuiccDataRequest(tagList: string): Template {
  return { ipaEuiccDataRequest: { tagList: tagList.toUpperCase(), eimTransactionId: ANY } };
}

/** InitiateAuthenticationOkEsipa as S_SM-DP+ answered it, relayed. */
export function tr_initiateOk(euiccChallenge: string, serverAddress: string): Template {
  return {
    initiateAuthenticationOkEsipa: {
      transactionId: ANY, serverSigned1: { euiccChallenge: euiccChallenge.toUpperCase(), serverAddress, transactionId: ANY, serverChallenge: ANY },
      serverSignature1: ANY, serverCertificate: ANY,
    },
  };
}

export const tr_authenticateOk = (transactionId: string): Template => ({
  authenticateClientOkDPEsipa: { transactionId: transactionId.toUpperCase(), smdpSigned2: { transactionId: transactionId.toUpperCase() }, smdpSignature2: ANY, smdpCertificate: ANY },
});

export const tr_bppOk = (transactionId: string): Template => ({
  getBoundProfilePackageOkEsipa: { transactionId: transactionId.toUpperCase(), boundProfilePackage: ANY },
});

/** An error alternative `alternative` with code `name`, or any code when none is named. */
export const tr_error = (alternative: string, name?: string): Template => ({ [alternative]: name ?? ANY });

/** A per-operation result code: `{name: code}`, or the code one level down (`{name: {name: code}}`, e.g. setDefaultDpAddressResult). */
export function tr_resultCode(name: string, code: string): Template {
  return { [name]: where(`'${code}'`, (v) => v === code || (v && typeof v === 'object' && Object.values(v).includes(code))) };
}

/** Order outcomes as the trigger adapter reports them. */
export const tr_outcomeDone = (...results: Template[]): Template => ({ state: 'done', ...(results.length && { results: contains(...results) }) });
export const tr_outcomeFailed = (reason?: string): Template => ({ state: 'failed', ...(reason && { reason }) });
export const tr_notDone: Template = { state: where('not done', (s) => s !== 'done') };
