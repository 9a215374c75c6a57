/**
 * ES9+ as the fuzzer puts it on the wire and reads the answers (SGP.22 §6.5 JSON, §6.6 ASN.1):
 * request DER (the function's request type, e.g. AuthenticateClientRequest BF3B…) to body, whether
 * the binding can take a body at all (what decides `expect: 'reject'` for encoding mutations), and
 * the answer's classification: a result or 204 where the function has none is success; the JSON
 * header's Failed / Expired, the ASN.1 error alternative or HTTP 4xx is error; anything else (5xx,
 * a body the binding does not define, a result that does not decode) is broken.
 */
import { codec, tlv } from '../../../asn1';
import {
  alternativeOf, ASN1_CONTENT_TYPE, AsnValue, ES9PLUS_FUNCTIONS, Es9PlusFunction, HttpResponse, JSON_CONTENT_TYPE, jsonToSequence, mediaType,
  sequenceToJson,
} from '../../../transport/http';
import { readRequestHeader, readResponseHeader } from '../../../transport/http/function-status';
import { excerpt } from '../http-answers';
import type { Answer } from '../target';

export type Binding = 'json' | 'asn1';
export const FUNCTIONS = Object.keys(ES9PLUS_FUNCTIONS) as Es9PlusFunction[];
export const rsp = () => codec('RSPDefinitions');
/** RemoteProfileProvisioningRequest ::= [2] CHOICE. */
const REQUEST_TAG = 0xa2;

export const requestType = (fn: Es9PlusFunction): string => ES9PLUS_FUNCTIONS[fn].requestType;
const FN_OF_ALTERNATIVE = new Map<string, Es9PlusFunction>(FUNCTIONS.map((fn) => [ES9PLUS_FUNCTIONS[fn].request, fn]));

/** Where a case goes and what its answer is read as. */
export interface Delivery {
  readonly binding: Binding;
  /** The function of the JSON path, or of the ASN.1 alternative the body decodes as. */
  readonly fn: Es9PlusFunction;
  /** Instead of the binding's own Content-Type. */
  readonly contentType?: string;
  /** The pool session the case uses (hex), and whether a CancelSession of it releases its order. */
  readonly tx?: string;
  readonly release?: boolean;
}

export interface JsonHeader {
  functionRequesterIdentifier: string;
  functionCallIdentifier: string;
}

export const header = (n: number): JsonHeader => ({ functionRequesterIdentifier: 'sgp32-harness-fuzz', functionCallIdentifier: `fuzz-${n}` });

/** RemoteProfileProvisioningRequest around the request DER (the request type's tag is its alternative's). */
export const asn1Body = (request: Uint8Array): Uint8Array => tlv(REQUEST_TAG, request);

/** The JSON members of a request DER, with the §6.5.1.3 header first. */
export function jsonMembers(fn: Es9PlusFunction, request: Uint8Array, h?: JsonHeader): Record<string, unknown> {
  return { ...(h && { header: h }), ...sequenceToJson(rsp(), requestType(fn), request) };
}

export const jsonBody = (members: unknown): Uint8Array => Buffer.from(JSON.stringify(members), 'utf8');

/** The function an ASN.1 body is a request of, or undefined when it is not a RemoteProfileProvisioningRequest. */
export function asn1Function(body: Uint8Array): Es9PlusFunction | undefined {
  try {
    return FN_OF_ALTERNATIVE.get(alternativeOf(rsp().decode('RemoteProfileProvisioningRequest', body))[0]);
  } catch {
    return undefined;
  }
}

/** Whether the JSON binding can map `body` onto `fn`'s request: an object, a well-formed header if any, components that decode. */
export function jsonReadable(fn: Es9PlusFunction, body: Uint8Array, contentType?: string): boolean {
  if (contentType !== undefined && mediaType(contentType) !== mediaType(JSON_CONTENT_TYPE)) return false;
  try {
    const json: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
    readRequestHeader(json as Record<string, unknown>, false);
    jsonToSequence(rsp(), requestType(fn), json as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}

/** The decoded view of a case body: the ASN.1 request, or the JSON header and request. */
export function describeBody(d: Delivery, body: Uint8Array): unknown {
  if (d.binding === 'asn1') return rsp().toJSON('RemoteProfileProvisioningRequest', rsp().decode('RemoteProfileProvisioningRequest', body));
  const json = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;
  return { header: json.header, [requestType(d.fn)]: rsp().toJSON(requestType(d.fn), jsonToSequence(rsp(), requestType(d.fn), json)) };
}


export function classify(d: Delivery, res: HttpResponse): Answer {
  const head = `HTTP ${res.status}`;
  const answer = (kind: Answer['kind'], summary: string): Answer => ({ kind, summary: `${head} ${summary}`, bytes: res.body });
  if (res.status >= 500) return answer('broken', excerpt(res.body));
  if (res.status >= 400) return answer('error', excerpt(res.body));
  const result = (ES9PLUS_FUNCTIONS[d.fn] as { result?: (typeof ES9PLUS_FUNCTIONS)['authenticateClient']['result'] }).result;
  if (res.status === 204 || (res.status === 200 && res.body.length === 0)) {
    return result ? answer('broken', `without content: ${d.fn} answers a result`) : answer('success', 'no content');
  }
  if (res.status !== 200) return answer('broken', 'is not an answer of the binding');
  const type = res.headers['content-type'];
  if (d.binding === 'asn1') {
    if (mediaType(type) !== ASN1_CONTENT_TYPE) return answer('broken', `Content-Type '${type ?? ''}'`);
    if (!result) return answer('broken', `with a body: ${d.fn} answers no content`);
    let value: AsnValue;
    try {
      value = rsp().decode('RemoteProfileProvisioningResponse', res.body);
    } catch (e) {
      return answer('broken', `undecodable RemoteProfileProvisioningResponse: ${(e as Error).message}`);
    }
    const [alternative, inner] = alternativeOf(value);
    if (alternative !== result.response) return answer('broken', `${alternative} in answer to ${d.fn}`);
    const [outcome, v] = alternativeOf(inner as AsnValue);
    return outcome === result.ok ? answer('success', outcome) : answer('error', `${outcome} ${String(v)}`);
  }
  if (mediaType(type) !== mediaType(JSON_CONTENT_TYPE)) return answer('broken', `Content-Type '${type ?? ''}'`);
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    return answer('broken', `undecodable JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return answer('broken', 'JSON answer is not an object');
  let status;
  try {
    status = readResponseHeader(json as Record<string, unknown>, res.url).functionExecutionStatus;
  } catch (e) {
    return answer('broken', (e as Error).message);
  }
  if (status.status === 'Failed' || status.status === 'Expired') {
    const s = status.statusCodeData;
    return answer('error', `${status.status}${s ? ` ${s.subjectCode}/${s.reasonCode}` : ''}`);
  }
  if (!result) return answer('success', status.status);
  try {
    jsonToSequence(rsp(), result.okType, json as Record<string, unknown>);
  } catch (e) {
    return answer('broken', `${status.status} with an undecodable ${result.okType}: ${(e as Error).message}`);
  }
  return answer('success', status.status);
}
