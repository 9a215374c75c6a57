/**
 * Receive templates of the eUICC suite: what the decoded answers of the card under test must hold.
 * Only what a scenario checks is listed; `expectMatch` names the field path of any mismatch.
 */
import { ABSENT, ANY, contains, where } from '../matchers';
import { EimIdentity } from './s-eim';

const positive = where('a positive integer', (v) => (typeof v === 'number' || typeof v === 'bigint') && BigInt(v) > 0n);
const signature = where('a 64-byte r‖s signature', (v) => v instanceof Uint8Array && v.length === 64);

/** euiccPackageResultSigned for the package `eim` sent with `counterValue` and `eimTransactionId`. */
export function tr_resultSigned(eim: EimIdentity, counterValue: number, eimTransactionId: string, euiccResult: unknown) {
  return {
    euiccPackageResultSigned: {
      euiccPackageResultDataSigned: { eimId: eim.eimId, counterValue, eimTransactionId, seqNumber: positive, euiccResult },
      euiccSignEPR: signature,
    },
  };
}

export function tr_errorSigned(eim: { eimId: string }, counterValue: number, eimTransactionId: string, euiccPackageErrorCode: number) {
  return {
    euiccPackageErrorSigned: {
      euiccPackageErrorDataSigned: { eimId: eim.eimId, counterValue, eimTransactionId, euiccPackageErrorCode },
      euiccSignEPE: signature,
    },
  };
}

/** euiccPackageErrorUnsigned: the eIM named, its transaction id, and the token only if the card knows one. */
export function tr_errorUnsigned(eimId: string, eimTransactionId: string, associationToken?: number) {
  return { euiccPackageErrorUnsigned: { eimId, eimTransactionId, associationToken: associationToken ?? ABSENT } };
}

/** A result cut short: its last item is processingTerminated resultSizeOverflow(1) — or the whole package refused with sizeOverflow(15). */
export const tr_sizeOverflow = where('a result ending in processingTerminated resultSizeOverflow(1), or euiccPackageErrorSigned sizeOverflow(15)', (v) => {
  const items = v?.euiccPackageResultSigned?.euiccPackageResultDataSigned?.euiccResult;
  if (Array.isArray(items)) return items.at(-1)?.processingTerminated === 1;
  return v?.euiccPackageErrorSigned?.euiccPackageErrorDataSigned?.euiccPackageErrorCode === 15;
});

export const tr_certs = { certs: { eumCertificate: ANY, euiccCertificate: ANY } };

export const tr_addInitialEimToken = { addInitialEimOk: [{ associationToken: positive }] };
export const tr_addInitialEimOk = { addInitialEimOk: [{ addOk: null }] };

/** EUICCInfo2 with the SGP.32 IoT fields. */
export const tr_euiccInfo2Iot = {
  ipaMode: where('an IpaMode (ipad(0) or ipae(1))', (v) => v === 0 || v === 1),
  iotSpecificInfo: { iotVersion: where('a non-empty list of versions', (v) => Array.isArray(v) && v.length > 0) },
};

export const tr_connectivity = where('connectivityParameters with httpParams, or connectivityParametersError parametersNotAvailable(1)', (v) =>
  v?.connectivityParametersError === 1 || v?.connectivityParameters?.httpParams !== undefined);

/** A PIR reporting success for the profile with BCD ICCID `iccid`. */
export function tr_pirSuccess(iccid: Uint8Array) {
  return {
    profileInstallationResultData: {
      transactionId: ANY,
      notificationMetadata: { seqNumber: positive, profileManagementOperation: contains('notificationInstall'), iccid },
      finalResult: { successResult: { aid: ANY } },
    },
    euiccSignPIR: signature,
  };
}

/** A result code at `path` (`field` or `choice.field`), e.g. `addEimResult.addEimResultCode` = 2. */
export function tr_code(path: string, code: number): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, field) => ({ [field]: inner }), code) as Record<string, unknown>;
}
