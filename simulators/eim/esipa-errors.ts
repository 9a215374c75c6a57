/**
 * The error answers of the relayed download functions (SGP.32 §6.3 ESipa, reference §3): an ES9+'
 * failure of the SM-DP+ becomes the ESipa error of the same name. SGP.32 took the ESipa enumerations
 * from the SGP.22 ES9+ ones, so the name of the ES9+ error (from the ASN.1 binding's alternative,
 * or from the JSON binding's subject / reason code pair, src/transport/http/es9plus-codes.ts) is
 * looked up in the ESipa enumeration of the version in use; what it lacks is undefinedError(127),
 * as is an SM-DP+ that cannot be reached or does not answer in time.
 */
import { AsnEncodeError, codec, SpecVersion } from '../../src/asn1';
import { ES9PLUS_ERROR_CODES, FunctionFailedError } from '../../src/transport/http';

export type RelayedFunction = 'initiateAuthentication' | 'authenticateClient' | 'getBoundProfilePackage' | 'cancelSession';

/** The ESipa response CHOICE of each function and its error alternative. */
export const ESIPA_ERROR: Readonly<Record<RelayedFunction, { type: string; alternative: string }>> = {
  initiateAuthentication: { type: 'InitiateAuthenticationResponseEsipa', alternative: 'initiateAuthenticationErrorEsipa' },
  authenticateClient: { type: 'AuthenticateClientResponseEsipa', alternative: 'authenticateClientErrorEsipa' },
  getBoundProfilePackage: { type: 'GetBoundProfilePackageResponseEsipa', alternative: 'getBoundProfilePackageErrorEsipa' },
  cancelSession: { type: 'CancelSessionResponseEsipa', alternative: 'cancelSessionError' },
};

/** ES9+ names the ESipa enumerations spell otherwise, and v1.0 spellings of v1.2 names. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  ciPKNotSupported: ['ciPKIdNotSupported'],
  metadataMismatch: ['profileMetadataMismatch'],
};

/** The number of ESipa error `name` of `fn`, under its own name or an alias; undefined when the version lacks it. */
export function esipaErrorNumber(fn: RelayedFunction, name: string, version: SpecVersion): number | undefined {
  const { type, alternative } = ESIPA_ERROR[fn];
  for (const n of [name, ...(ALIASES[name] ?? [])]) {
    try {
      return (codec('SGP32Definitions', version).fromJSON(type, { [alternative]: n }) as Record<string, number>)[alternative];
    } catch (e) {
      if (!(e instanceof AsnEncodeError)) throw e;
    }
  }
  return undefined;
}

/** undefinedError's value in every enumeration that names it; v1.0 InitiateAuthenticationErrorEsipa does not. */
export const UNDEFINED_ERROR = 127;

/** The ESipa answer `{ errorAlternative: number }` for `name`, undefinedError when the version lacks it. */
export function esipaError(fn: RelayedFunction, name: string, version: SpecVersion): Record<string, number> {
  return { [ESIPA_ERROR[fn].alternative]: esipaErrorNumber(fn, name, version) ?? UNDEFINED_ERROR };
}

/** The ES9+ error name of a failure: the ASN.1 alternative's, else the one of its status codes, else undefinedError. */
export function es9ErrorName(fn: RelayedFunction, e: FunctionFailedError): string {
  if (typeof e.asn1Error === 'string') return e.asn1Error;
  const s = e.statusCodeData;
  const hit = s && Object.entries(ES9PLUS_ERROR_CODES[fn]).find(([, sr]) => sr && sr[0] === s.subjectCode && sr[1] === s.reasonCode);
  return hit?.[0] ?? 'undefinedError';
}
