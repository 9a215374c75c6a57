/**
 * ES9+ (and ES9+', the eIM in the LPA's place) over HTTPS, SGP.22 §6.5 (JSON) and §6.6 (ASN.1).
 *
 * JSON: `POST /gsma/rsp2/es9plus/<function>`; the request carries the components of the function's
 * ASN.1 request (es9plus-json.ts) and, optionally, the §6.5.1.3 `header`; the answer carries the
 * §6.5.1.4 header and, on success, the components of the function's result. A failure is HTTP 200
 * with status Failed and statusCodeData. HandleNotification succeeds with 204 and no body.
 * ASN.1: `POST /gsma/rsp2/asn1`, RemoteProfileProvisioningRequest / Response (outer tag A2); a
 * failure is the function's error alternative (es9plus-codes.ts maps it to and from status codes).
 *
 * Handlers take the decoded request value (e.g. InitiateAuthenticationRequest) and answer the
 * result value (InitiateAuthenticationOkEs9, AuthenticateClientOk, GetBoundProfilePackageOk,
 * CancelSessionOk) or a FunctionFailure; one handler serves both bindings.
 */
import { codec, tlv } from '../../asn1';
import {
  alternativeOf, asn1Route, AsnValue, Awaitable, BindingContext, decodeRequest, jsonRoute, postAsn1, postJson,
} from './binding';
import { HttpClient, HttpClientOptions } from './client';
import { HttpProtocolError } from './errors';
import { describeError, errorNameFor, errorNumber, Es9ErrorFunction } from './es9plus-codes';
import { jsonToSequence, sequenceToJson } from './es9plus-json';
import {
  CallIdentifiers, checkExecuted, FunctionFailedError, FunctionFailure, isFunctionFailure, readRequestHeader, readResponseHeader,
  RequestHeader, responseHeader,
} from './function-status';
import { HttpServer, HttpServerOptions, startHttpServer } from './server';

export const ES9PLUS_JSON_PREFIX = '/gsma/rsp2/es9plus/';

interface Es9Function {
  /** RSPDefinitions type of the request, and its alternative in RemoteProfileProvisioningRequest. */
  readonly requestType: string;
  readonly request: string;
  /** Absent for HandleNotification, which has no answer. */
  readonly result?: {
    /** Alternative in RemoteProfileProvisioningResponse, the CHOICE type it holds, and that CHOICE's two alternatives. */
    readonly response: string;
    readonly responseType: string;
    readonly okType: string;
    readonly ok: string;
    readonly error: string;
  };
}

export const ES9PLUS_FUNCTIONS = {
  initiateAuthentication: {
    requestType: 'InitiateAuthenticationRequest', request: 'initiateAuthenticationRequest',
    result: {
      response: 'initiateAuthenticationResponse', responseType: 'InitiateAuthenticationResponse',
      okType: 'InitiateAuthenticationOkEs9', ok: 'initiateAuthenticationOk', error: 'initiateAuthenticationError',
    },
  },
  authenticateClient: {
    requestType: 'AuthenticateClientRequest', request: 'authenticateClientRequest',
    result: {
      response: 'authenticateClientResponseEs9', responseType: 'AuthenticateClientResponseEs9',
      okType: 'AuthenticateClientOk', ok: 'authenticateClientOk', error: 'authenticateClientError',
    },
  },
  getBoundProfilePackage: {
    requestType: 'GetBoundProfilePackageRequest', request: 'getBoundProfilePackageRequest',
    result: {
      response: 'getBoundProfilePackageResponse', responseType: 'GetBoundProfilePackageResponse',
      okType: 'GetBoundProfilePackageOk', ok: 'getBoundProfilePackageOk', error: 'getBoundProfilePackageError',
    },
  },
  handleNotification: { requestType: 'HandleNotification', request: 'handleNotification' },
  cancelSession: {
    requestType: 'CancelSessionRequestEs9', request: 'cancelSessionRequestEs9',
    result: {
      response: 'cancelSessionResponseEs9', responseType: 'CancelSessionResponseEs9',
      okType: 'CancelSessionOk', ok: 'cancelSessionOk', error: 'cancelSessionError',
    },
  },
} as const satisfies Record<string, Es9Function>;
export type Es9PlusFunction = keyof typeof ES9PLUS_FUNCTIONS;

export interface Es9PlusContext extends BindingContext {
  /** The JSON request header, when the client sent one. */
  readonly header?: RequestHeader;
}

/** Result value, FunctionFailure, or nothing (HandleNotification, CancelSession: success without data). */
export type Es9PlusHandler = (request: AsnValue, ctx: Es9PlusContext) => Awaitable<AsnValue | FunctionFailure | void>;
export type Es9PlusHandlers = Partial<Record<Es9PlusFunction, Es9PlusHandler>>;

export interface Es9PlusServerOptions extends Omit<HttpServerOptions, 'interface' | 'routes'> {
  readonly handlers: Es9PlusHandlers;
  /** Bindings served (default both); the other answers 501. */
  readonly bindings?: { readonly asn1?: boolean; readonly json?: boolean };
  /** Refuse JSON requests without the §6.5.1.3 header (400); default: header optional, as lpac sends none. */
  readonly requireRequestHeader?: boolean;
}

const rsp = () => codec('RSPDefinitions');
/** RemoteProfileProvisioningRequest ::= [2] CHOICE (SGP.22 §6.6). */
const REQUEST_TAG = 0xa2;

/** The RemoteProfileProvisioningResponse of a handler's answer. */
function asn1Answer(fn: Es9PlusFunction, answer: AsnValue | FunctionFailure | void): AsnValue | undefined {
  const result = (ES9PLUS_FUNCTIONS[fn] as Es9Function).result;
  if (!isFunctionFailure(answer)) return result && { [result.response]: { [result.ok]: answer ?? {} } };
  const name = result && errorNameFor(fn as Es9ErrorFunction, answer);
  if (!result || name === undefined) {
    throw new Error(`${fn}: the ASN.1 binding has no error code for ${answer.subjectCode}/${answer.reasonCode}; set asn1Error`);
  }
  return { [result.response]: { [result.error]: errorNumber(rsp(), result.responseType, result.error, name) } };
}

/** The JSON answer of a handler's answer; undefined for 204. */
function jsonAnswer(fn: Es9PlusFunction, answer: AsnValue | FunctionFailure | void): Record<string, unknown> | undefined {
  const result = (ES9PLUS_FUNCTIONS[fn] as Es9Function).result;
  if (isFunctionFailure(answer)) return { header: responseHeader(answer) };
  if (!result) return undefined;
  return { header: responseHeader(), ...sequenceToJson(rsp(), result.okType, answer ?? {}) };
}

/** The SM-DP+ side (or an eIM standing in for one): serves ES9+ on both bindings. */
export function es9plusServer(options: Es9PlusServerOptions): Promise<HttpServer> {
  const { handlers } = options;
  const names = Object.keys(ES9PLUS_FUNCTIONS) as Es9PlusFunction[];
  const asn1 = asn1Route({
    codec: rsp(),
    requestType: 'RemoteProfileProvisioningRequest',
    responseType: 'RemoteProfileProvisioningResponse',
    unsupported: options.bindings?.asn1 === false,
    functions: Object.fromEntries(names.filter((fn) => handlers[fn]).map((fn) => [ES9PLUS_FUNCTIONS[fn].request,
      async (value: AsnValue, ctx: BindingContext) => asn1Answer(fn, await handlers[fn]!(value, ctx))])),
  });
  const json = names.map((fn) => {
    const handler = handlers[fn];
    return jsonRoute(`${ES9PLUS_JSON_PREFIX}${fn}`, handler && options.bindings?.json !== false ? async (body, ctx) => {
      const header = readRequestHeader(body, options.requireRequestHeader ?? false);
      const request = decodeRequest(`${fn} (JSON)`, () => jsonToSequence(rsp(), ES9PLUS_FUNCTIONS[fn].requestType, body));
      return jsonAnswer(fn, await handler(request, { ...ctx, header }));
    } : undefined);
  });
  return startHttpServer({ ...options, interface: 'es9plus', routes: [asn1, ...json] });
}

export interface Es9PlusClientOptions extends Omit<HttpClientOptions, 'interface'> {
  /** Default 'json', the binding of lpac, pySim and onomondo-eim towards the SM-DP+. */
  readonly binding?: 'json' | 'asn1';
  /** Send the §6.5.1.3 request header (default true, as pySim, onomondo-eim and the TTCN suite do; lpac does not). */
  readonly requestHeader?: boolean;
  readonly functionRequesterIdentifier?: string;
}

/**
 * The LPA / IPA / eIM side of ES9+: results come back decoded, failures as FunctionFailedError.
 * A request is a value, or the DER of the function's request type (e.g. AuthenticateClientRequest
 * BF3B…) to relay eUICC-signed components exactly as the card produced them.
 */
export type Es9Request = AsnValue | Uint8Array;
export class Es9PlusClient {
  readonly http: HttpClient;
  private readonly ids: CallIdentifiers;

  constructor(readonly options: Es9PlusClientOptions) {
    this.http = new HttpClient({ ...options, interface: 'es9plus' });
    this.ids = new CallIdentifiers(options.functionRequesterIdentifier ?? 'sgp32-harness');
  }

  initiateAuthentication(request: Es9Request): Promise<AsnValue> { return this.call('initiateAuthentication', request); }
  authenticateClient(request: Es9Request): Promise<AsnValue> { return this.call('authenticateClient', request); }
  getBoundProfilePackage(request: Es9Request): Promise<AsnValue> { return this.call('getBoundProfilePackage', request); }
  async handleNotification(request: Es9Request): Promise<void> { await this.call('handleNotification', request); }
  async cancelSession(request: Es9Request): Promise<void> { await this.call('cancelSession', request); }

  /** Ends the procedure's connection (keepAlive 'procedure'). */
  close(): Promise<void> {
    return this.http.close();
  }

  private async call(fn: Es9PlusFunction, request: Es9Request): Promise<AsnValue> {
    return this.options.binding === 'asn1' ? this.callAsn1(fn, request) : this.callJson(fn, request);
  }

  private async callJson(fn: Es9PlusFunction, request: Es9Request): Promise<AsnValue> {
    const spec: Es9Function = ES9PLUS_FUNCTIONS[fn];
    const path = `${ES9PLUS_JSON_PREFIX}${fn}`;
    const body = {
      ...(this.options.requestHeader === false ? {} : { header: this.ids.next() }),
      ...sequenceToJson(rsp(), spec.requestType, request),
    };
    const answer = await postJson(this.http, path, body);
    const url = `${this.http.baseUrl}${path}`;
    if (answer === undefined) {
      if (spec.result) throw new HttpProtocolError(url, `${fn}: answered without content`);
      return {};
    }
    checkExecuted(fn, readResponseHeader(answer, url));
    if (!spec.result) return {};
    try {
      return jsonToSequence(rsp(), spec.result.okType, answer);
    } catch (e) {
      throw new HttpProtocolError(url, `${fn}: undecodable result: ${(e as Error).message}`, e);
    }
  }

  private async callAsn1(fn: Es9PlusFunction, request: Es9Request): Promise<AsnValue> {
    const spec: Es9Function = ES9PLUS_FUNCTIONS[fn];
    // The request type's own tag is its alternative's tag, so raw DER only needs the CHOICE's [2] around it.
    const message = request instanceof Uint8Array ? tlv(REQUEST_TAG, request) : { [spec.request]: request };
    const answer = await postAsn1(this.http, rsp(), 'RemoteProfileProvisioningRequest', message, 'RemoteProfileProvisioningResponse');
    const url = `${this.http.baseUrl}/gsma/rsp2/asn1`;
    if (!spec.result) return {};
    if (answer === undefined) throw new HttpProtocolError(url, `${fn}: answered without content`);
    const [alternative, inner] = alternativeOf(answer);
    if (alternative !== spec.result.response) throw new HttpProtocolError(url, `${fn}: answered ${alternative}, expected ${spec.result.response}`);
    const [outcome, value] = alternativeOf(inner as AsnValue);
    if (outcome === spec.result.ok) return value as AsnValue;
    const { name, status } = describeError(rsp(), fn as Es9ErrorFunction, spec.result.responseType, spec.result.error, value as number);
    throw new FunctionFailedError(fn, 'Failed', status, name);
  }
}
