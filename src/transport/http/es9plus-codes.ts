/**
 * The two ways ES9+ reports a failed function: the JSON binding's subject code / reason code pair
 * (SGP.22 §5.6 and §6.5.1.4) and the ASN.1 binding's error alternative (RSPDefinitions v2.5).
 * Each named number of the error alternatives with the status code SGP.22 gives for the same case
 * (the codes the SGP.23 SM-DP+ suite expects, reference §6); null where SGP.22 has no single code.
 */
import { Codec } from '../../asn1';
import { StatusCodeData } from './function-status';

type Codes = Readonly<Record<string, readonly [subjectCode: string, reasonCode: string] | null>>;

export const ES9PLUS_ERROR_CODES: Readonly<Record<'initiateAuthentication' | 'authenticateClient' | 'getBoundProfilePackage' | 'cancelSession', Codes>> = {
  initiateAuthentication: {
    invalidDpAddress: ['8.8.1', '3.8'],
    euiccVersionNotSupportedByDp: ['8.8.3', '3.1'],
    ciPKNotSupported: ['8.8.2', '3.1'],
  },
  authenticateClient: {
    eumCertificateInvalid: ['8.1.2', '6.1'],
    eumCertificateExpired: ['8.1.2', '6.3'],
    euiccCertificateInvalid: ['8.1.3', '6.1'],
    euiccCertificateExpired: ['8.1.3', '6.3'],
    euiccSignatureInvalid: ['8.1', '6.1'],
    matchingIdRefused: ['8.2.6', '3.8'],
    eidMismatch: ['8.1.1', '3.8'],
    noEligibleProfile: ['8.2.5', '4.3'],
    ciPKUnknown: ['8.11.1', '3.9'],
    invalidTransactionId: ['8.10.1', '3.9'],
    insufficientMemory: null,
    undefinedError: null,
  },
  getBoundProfilePackage: {
    euiccSignatureInvalid: ['8.1', '6.1'],
    confirmationCodeMissing: ['8.2.7', '2.2'],
    confirmationCodeRefused: ['8.2.7', '3.8'],
    confirmationCodeRetriesExceeded: ['8.2.7', '6.4'],
    bppRebindingRefused: null,
    downloadOrderExpired: ['8.8.5', '4.10'],
    invalidTransactionId: ['8.10.1', '3.9'],
    undefinedError: null,
  },
  cancelSession: {
    invalidTransactionId: ['8.10.1', '3.9'],
    euiccSignatureInvalid: ['8.1', '6.1'],
    undefinedError: null,
  },
};
export type Es9ErrorFunction = keyof typeof ES9PLUS_ERROR_CODES;

/** The named number `name` of the error alternative `error` of CHOICE `responseType`. */
export function errorNumber(c: Codec, responseType: string, error: string, name: string | number): number {
  return (c.fromJSON(responseType, { [error]: name }) as Record<string, number>)[error];
}

/**
 * The error alternative's name for a failure: the one given, else the one whose status code matches,
 * else undefinedError where the enumeration has it; undefined when there is none.
 */
export function errorNameFor(fn: Es9ErrorFunction, failure: StatusCodeData & { asn1Error?: string | number }): string | number | undefined {
  if (failure.asn1Error !== undefined) return failure.asn1Error;
  const codes = ES9PLUS_ERROR_CODES[fn];
  const match = Object.entries(codes).find(([, sr]) => sr && sr[0] === failure.subjectCode && sr[1] === failure.reasonCode);
  return match?.[0] ?? ('undefinedError' in codes ? 'undefinedError' : undefined);
}

/** The name and status code of an error number received on the ASN.1 binding. */
export function describeError(c: Codec, fn: Es9ErrorFunction, responseType: string, error: string, code: number): { name: string | number; status?: StatusCodeData } {
  for (const [name, sr] of Object.entries(ES9PLUS_ERROR_CODES[fn])) {
    if (errorNumber(c, responseType, error, name) !== code) continue;
    return { name, status: sr ? { subjectCode: sr[0], reasonCode: sr[1] } : undefined };
  }
  return { name: code };
}
