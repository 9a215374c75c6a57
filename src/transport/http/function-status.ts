/**
 * The JSON headers of the SGP.22 function bindings (§6.5.1.3 request header, §6.5.1.4 response
 * header), shared by ES9+ and ES2+. Field names as pySim `http_json_api.py`, osmo-smdpp and the
 * osmo-ttcn3-hacks `esx_header_Types_JSON.ttcn` use them:
 *   request  { header: { functionRequesterIdentifier, functionCallIdentifier }, ... }
 *   response { header: { functionExecutionStatus: { status, statusCodeData?: { subjectCode,
 *              reasonCode, subjectIdentifier?, message? } } }, ... }
 * A failed function is still HTTP 200; only the header says it failed.
 */
import { HttpProtocolError } from './errors';
import { RequestRejected } from './server';

export const EXECUTION_STATUSES = ['Executed-Success', 'Executed-WithWarning', 'Failed', 'Expired'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface StatusCodeData {
  readonly subjectCode: string;
  readonly reasonCode: string;
  readonly subjectIdentifier?: string;
  readonly message?: string;
}

/**
 * What a handler answers instead of a result when the function fails, e.g. ES9+ `{ subjectCode:
 * '8.10.1', reasonCode: '3.9', message: 'unknown transactionId' }`.
 */
export interface FunctionFailure extends StatusCodeData {
  /** Default 'Failed'. */
  readonly status?: 'Failed' | 'Expired';
  /** For ASN.1 bindings: the error alternative's named number (looked up from the codes when absent). */
  readonly asn1Error?: string | number;
}

export function isFunctionFailure(x: unknown): x is FunctionFailure {
  const o = x as Partial<FunctionFailure> | null;
  return typeof o === 'object' && o !== null && typeof o.subjectCode === 'string' && typeof o.reasonCode === 'string';
}

export interface RequestHeader {
  readonly functionRequesterIdentifier: string;
  readonly functionCallIdentifier: string;
}

export interface ResponseHeader {
  readonly functionExecutionStatus: { readonly status: ExecutionStatus; readonly statusCodeData?: StatusCodeData };
}

/** The function reported Failed or Expired (JSON header), or answered an ASN.1 error alternative. */
export class FunctionFailedError extends Error {
  override readonly name = 'FunctionFailedError';
  constructor(
    readonly fn: string,
    readonly status: ExecutionStatus,
    readonly statusCodeData?: StatusCodeData,
    /** The ASN.1 error alternative's name (or number when unnamed), ASN.1 bindings only. */
    readonly asn1Error?: string | number,
  ) {
    const s = statusCodeData;
    super(`${fn}: ${status}${s ? ` ${s.subjectCode}/${s.reasonCode}${s.message ? ` ${s.message}` : ''}` : ''}${asn1Error !== undefined ? ` (${asn1Error})` : ''}`);
  }
}

export function responseHeader(failure?: FunctionFailure): ResponseHeader {
  if (!failure) return { functionExecutionStatus: { status: 'Executed-Success' } };
  const { subjectCode, reasonCode, subjectIdentifier, message } = failure;
  const statusCodeData: StatusCodeData = {
    subjectCode, reasonCode, ...(subjectIdentifier !== undefined ? { subjectIdentifier } : {}), ...(message !== undefined ? { message } : {}),
  };
  return { functionExecutionStatus: { status: failure.status ?? 'Failed', statusCodeData } };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The response header of a JSON answer; HttpProtocolError when it is missing or malformed. */
export function readResponseHeader(json: Record<string, unknown>, url: string): ResponseHeader {
  const fes = isObject(json.header) ? json.header.functionExecutionStatus : undefined;
  if (!isObject(fes)) throw new HttpProtocolError(url, 'answer lacks header.functionExecutionStatus');
  if (!(EXECUTION_STATUSES as readonly unknown[]).includes(fes.status)) {
    throw new HttpProtocolError(url, `header.functionExecutionStatus.status ${JSON.stringify(fes.status)} is not one of ${EXECUTION_STATUSES.join(', ')}`);
  }
  const scd = fes.statusCodeData;
  if (scd !== undefined && !(isObject(scd) && typeof scd.subjectCode === 'string' && typeof scd.reasonCode === 'string')) {
    throw new HttpProtocolError(url, 'header.functionExecutionStatus.statusCodeData lacks subjectCode or reasonCode');
  }
  return { functionExecutionStatus: { status: fes.status as ExecutionStatus, statusCodeData: scd as StatusCodeData | undefined } };
}

/** Throws FunctionFailedError unless the header reports success (with or without warning). */
export function checkExecuted(fn: string, header: ResponseHeader): void {
  const { status, statusCodeData } = header.functionExecutionStatus;
  if (status !== 'Executed-Success' && status !== 'Executed-WithWarning') throw new FunctionFailedError(fn, status, statusCodeData);
}

/** The request header, if the request has one; 400 when it is malformed or `required` and absent. */
export function readRequestHeader(json: Record<string, unknown>, required: boolean): RequestHeader | undefined {
  const h = json.header;
  if (h === undefined && !required) return undefined;
  if (!isObject(h) || typeof h.functionRequesterIdentifier !== 'string' || typeof h.functionCallIdentifier !== 'string') {
    throw new RequestRejected(400, 'header: expected { functionRequesterIdentifier, functionCallIdentifier } (SGP.22 §6.5.1.3)');
  }
  return { functionRequesterIdentifier: h.functionRequesterIdentifier, functionCallIdentifier: h.functionCallIdentifier };
}

/** Numbers the calls of one client: `<requester>-<time>-<n>`, unique enough for logs and checks. */
export class CallIdentifiers {
  private n = 0;
  constructor(readonly functionRequesterIdentifier: string) {}
  next(): RequestHeader {
    return { functionRequesterIdentifier: this.functionRequesterIdentifier, functionCallIdentifier: `${this.functionRequesterIdentifier}-${Date.now()}-${++this.n}` };
  }
}
