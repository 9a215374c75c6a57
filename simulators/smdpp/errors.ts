/**
 * Why the SM-DP+ refuses a step of the download. Reasons carry the names of the SGP.32 ESipa error
 * enumerations (InitiateAuthenticationErrorEsipa, AuthenticateClientErrorEsipa,
 * GetBoundProfilePackageErrorEsipa), which are the SGP.22 ES9+ error cases; `es9Status` is the
 * ES9+ subject code / reason code pair of SGP.22 for the same case.
 */
import { ES9PLUS_ERROR_CODES } from '../../src/transport/http';

export type DownloadFunction = 'InitiateAuthentication' | 'AuthenticateClient' | 'GetBoundProfilePackage' | 'CancelSession';

export const ES9_STATUS = {
  invalidDpAddress: ['8.8.1', '3.8'],
  /** The eUICC's SVN is outside the SGP.22 versions this SM-DP+ serves. */
  euiccVersionNotSupportedByDp: ['8.8.3', '3.1'],
  ciPKIdNotSupported: ['8.8.2', '3.1'],
  /** A CI is shared for signing, but no CERT.DPauth chains to a CI the eUICC verifies with. */
  serverAuthCertificateUnavailable: ['8.8.4', '3.7'],
  eumCertificateInvalid: ['8.1.2', '6.1'],
  eumCertificateExpired: ['8.1.2', '6.3'],
  euiccCertificateInvalid: ['8.1.3', '6.1'],
  euiccCertificateExpired: ['8.1.3', '6.3'],
  /** "eUICC signature is invalid or serverChallenge is invalid". */
  euiccSignatureInvalid: ['8.1', '6.1'],
  eidMismatch: ['8.1.1', '3.8'],
  matchingIdRefused: ['8.2.6', '3.8'],
  /** The ordered profile sets a PPR the eUICC lists in forbiddenProfilePolicyRules. */
  noEligibleProfile: ['8.2.5', '4.3'],
  ciPKUnknown: ['8.11.1', '3.9'],
  invalidTransactionId: ['8.10.1', '3.9'],
  confirmationCodeMissing: ['8.2.7', '2.2'],
  confirmationCodeRefused: ['8.2.7', '3.8'],
  confirmationCodeRetriesExceeded: ['8.2.7', '6.4'],
  /** A retry brought another otPK.EUICC than the one the order's BPP is bound to, and it may not be bound again. */
  bppRebindingRefused: ['8.2', '3.7'],
  /** The download order is not (yet) in state Released. */
  profileNotReleased: ['8.2', '1.2'],
  downloadOrderExpired: ['8.8.5', '4.10'],
  /** The order was ended by too many failed attempts (SGP.23 AuthenticateClient Error_17). */
  downloadOrderRetriesExceeded: ['8.8.5', '6.4'],
  /** CancelSession: smdpOid is not the one of CERT.DPauth. */
  invalidOid: ['8.8', '3.10'],
  undefinedError: undefined,
} as const satisfies Record<string, readonly [string, string] | undefined>;

export type DownloadErrorReason = keyof typeof ES9_STATUS;

/**
 * The RSPDefinitions error alternative of a reason whose name differs there. InitiateAuthenticationResponse
 * has no code for an unavailable CERT.DPauth; ciPKNotSupported (no usable CI) is the nearest.
 */
const ASN1_NAMES: Partial<Record<DownloadErrorReason, string>> = {
  ciPKIdNotSupported: 'ciPKNotSupported',
  serverAuthCertificateUnavailable: 'ciPKNotSupported',
};

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly es9Status: readonly [string, string] | undefined;
  constructor(readonly fn: DownloadFunction, readonly reason: DownloadErrorReason, readonly detail: string) {
    const status = ES9_STATUS[reason];
    super(`${fn}: ${reason}${status ? ` (ES9+ ${status[0]} / ${status[1]})` : ''}: ${detail}`);
    this.es9Status = status;
  }

  /**
   * The error alternative of the ES9+ ASN.1 binding that names this reason, when there is one;
   * otherwise the binding picks it by status code (es9plus-codes.ts).
   */
  get asn1Error(): string | undefined {
    const codes: Record<string, unknown> = ES9PLUS_ERROR_CODES[`${this.fn[0].toLowerCase()}${this.fn.slice(1)}` as keyof typeof ES9PLUS_ERROR_CODES];
    const name = ASN1_NAMES[this.reason] ?? this.reason;
    return name in codes ? name : undefined;
  }
}

/** A DownloadServer set up with credentials that cannot work together. */
export class DownloadConfigError extends Error {
  override readonly name = 'DownloadConfigError';
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
  }
}
