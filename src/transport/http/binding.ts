/**
 * The two message framings the RSP interfaces share, server and client side:
 *  - ASN.1 binding (SGP.22 §6.6, SGP.32 §6.1): every function is `POST /gsma/rsp2/asn1` with
 *    `application/x-gsma-rsp-asn1`; the body is the DER of one alternative of the interface's
 *    request CHOICE, answered by one alternative of its response CHOICE, or 204 with no body.
 *  - JSON binding (SGP.22 §6.5): one path per function, `application/json` bodies.
 * The interface modules (esipa.ts, es9plus.ts, es2plus.ts) say which messages travel; nothing
 * here knows a role.
 */
import { AsnDecodeError, AsnEncodeError, Codec } from '../../asn1';
import { HttpClient, HttpResponse, PostOptions } from './client';
import { HttpProtocolError } from './errors';
import { ASN1_CONTENT_TYPE, JSON_CONTENT_TYPE, mediaType } from './headers';
import { HttpAnswer, RequestContext, RequestRejected, Route } from './server';

export type Awaitable<T> = T | Promise<T>;
/** A codec value (SEQUENCE object or CHOICE `{ alternative: value }`). */
export type AsnValue = Record<string, any>;

export const ASN1_PATH = '/gsma/rsp2/asn1';

/** Binding-level context handed to handlers: the request's transport facts and which binding carried it. */
export interface BindingContext extends RequestContext {
  readonly binding: 'asn1' | 'json';
}

const NO_CONTENT: HttpAnswer = { status: 204 };

/** A JSON member a binding cannot map onto its ASN.1 component (missing, wrong type, bad base64/hex). */
export class JsonBindingError extends Error {
  override readonly name = 'JsonBindingError';
  constructor(readonly member: string, readonly detail: string) {
    super(`${member}: ${detail}`);
  }
}

/** The one alternative of a decoded CHOICE value. */
export function alternativeOf(value: AsnValue): [string, unknown] {
  const [name] = Object.keys(value);
  return [name, value[name]];
}

/**
 * Reads a request with `read`; a message the codec cannot take is the client's fault: 400 naming
 * the type path and offset. Codec errors of handlers and of answers stay 500s.
 */
export function decodeRequest<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof AsnDecodeError || e instanceof AsnEncodeError || e instanceof JsonBindingError) {
      throw new RequestRejected(400, `undecodable ${what}: ${e.message}`, e);
    }
    throw e;
  }
}

export interface Asn1RouteSpec {
  readonly codec: Codec;
  /** The CHOICE the request body is one alternative of. */
  readonly requestType: string;
  readonly responseType: string;
  /**
   * Per request alternative: its answer as a `responseType` value, or undefined for 204 No Content.
   * An alternative without an entry is answered 501.
   */
  readonly functions: Readonly<Record<string, (value: any, ctx: BindingContext) => Awaitable<AsnValue | undefined>>>;
  readonly unsupported?: boolean;
}

export function asn1Route(spec: Asn1RouteSpec): Route {
  return {
    method: 'POST',
    path: ASN1_PATH,
    contentTypes: [ASN1_CONTENT_TYPE],
    unsupported: spec.unsupported,
    async handle(body, ctx) {
      const request: AsnValue = decodeRequest(spec.requestType, () => spec.codec.decode(spec.requestType, body));
      const [alternative, value] = alternativeOf(request);
      const fn = spec.functions[alternative];
      // A well-formed message of a function this endpoint has no handler for: the client's mistake (400), not
      // a server fault; only a binding the server declares unsupported answers 501.
      if (!fn) throw new RequestRejected(400, `${alternative}: function not served here`);
      const answer = await fn(value, { ...ctx, binding: 'asn1' });
      if (answer === undefined) return NO_CONTENT;
      return { status: 200, contentType: ASN1_CONTENT_TYPE, body: spec.codec.encode(spec.responseType, answer) };
    },
  };
}

/**
 * A JSON function: request object in, answer object out, or undefined for 204 No Content. It
 * throws RequestRejected (e.g. through decodeRequest) for a request it cannot read.
 */
export type JsonFunction = (json: Record<string, unknown>, ctx: BindingContext) => Awaitable<Record<string, unknown> | undefined>;

export function jsonRoute(path: string, fn: JsonFunction | undefined): Route {
  return {
    method: 'POST',
    path,
    contentTypes: ['application/json'],
    unsupported: fn === undefined,
    async handle(body, ctx) {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (e) {
        throw new RequestRejected(400, `undecodable JSON: ${(e as Error).message}`, e);
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RequestRejected(400, 'the JSON body must be an object');
      const answer = await fn!(json as Record<string, unknown>, { ...ctx, binding: 'json' });
      if (answer === undefined) return NO_CONTENT;
      return { status: 200, contentType: JSON_CONTENT_TYPE, body: Buffer.from(JSON.stringify(answer), 'utf8') };
    },
  };
}

/** An answer without content: 204, or 200 with an empty body (the TTCN S_eIM answers HandleNotification so). */
function noContent(res: HttpResponse): boolean {
  return res.status === 204 || res.body.length === 0;
}

function checkContentType(res: HttpResponse, wanted: string): void {
  if (mediaType(res.headers['content-type']) !== mediaType(wanted)) {
    throw new HttpProtocolError(res.url, `answer Content-Type '${res.headers['content-type'] ?? ''}', expected ${wanted}`);
  }
}

/** An ASN.1 answer: decoded, and as received (what a relay forwards, or a signature is checked over). */
export interface Asn1Answer {
  value: AsnValue;
  body: Buffer;
  url: string;
}

/** POSTs one ASN.1 message; resolves with the answer decoded and as received, or undefined for no content. */
export async function exchangeAsn1(
  client: HttpClient, codec: Codec, requestType: string, value: AsnValue | Uint8Array, responseType: string, opts?: PostOptions,
): Promise<Asn1Answer | undefined> {
  // A Uint8Array is the request's DER as some peer produced it, forwarded byte for byte.
  const body = value instanceof Uint8Array ? value : codec.encode(requestType, value);
  const res = await client.post(ASN1_PATH, ASN1_CONTENT_TYPE, body, opts);
  if (noContent(res)) return undefined;
  checkContentType(res, ASN1_CONTENT_TYPE);
  try {
    return { value: codec.decode(responseType, res.body), body: res.body, url: res.url };
  } catch (e) {
    if (e instanceof AsnDecodeError) throw new HttpProtocolError(res.url, `undecodable ${responseType}: ${e.message}`, e);
    throw e;
  }
}

/** `exchangeAsn1`, decoded answer only. */
export async function postAsn1(
  client: HttpClient, codec: Codec, requestType: string, value: AsnValue | Uint8Array, responseType: string, opts?: PostOptions,
): Promise<AsnValue | undefined> {
  return (await exchangeAsn1(client, codec, requestType, value, responseType, opts))?.value;
}

/** POSTs one JSON object; resolves with the parsed answer object, or undefined for no content. */
export async function postJson(client: HttpClient, path: string, json: Record<string, unknown>, opts?: PostOptions): Promise<Record<string, unknown> | undefined> {
  const res = await client.post(path, JSON_CONTENT_TYPE, Buffer.from(JSON.stringify(json), 'utf8'), opts);
  if (noContent(res)) return undefined;
  checkContentType(res, JSON_CONTENT_TYPE);
  let answer: unknown;
  try {
    answer = JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    throw new HttpProtocolError(res.url, `undecodable JSON answer: ${(e as Error).message}`, e);
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new HttpProtocolError(res.url, 'the JSON answer is not an object');
  return answer as Record<string, unknown>;
}
