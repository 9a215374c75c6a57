/**
 * ESipa over HTTPS (SGP.32 §6.1; reference §2.1–§3), both bindings, both directions.
 *
 * ASN.1 binding: `POST /gsma/rsp2/asn1`, body = DER of one EsipaMessageFromIpaToEim alternative,
 * answer = one EsipaMessageFromEimToIpa alternative, with the codec of the SGP.32 version in use.
 * A function without an answer (HandleNotification) is answered 204. For eIM Package injection the
 * eIM is the HTTP client: it POSTs transferEimPackageRequest (an EsipaMessageFromEimToIpa
 * alternative) to the IPA, which answers transferEimPackageResponse.
 *
 * JSON binding: `POST /gsma/rsp2/esipa/<function>` (the paths of onomondo-eim's router, which
 * answers them all 501; no public peer implements the payloads, reference §2.2). The mapping chosen
 * here: the body is the codec's JSON rendering (src/asn1/json.ts) of the same message alternative's
 * value, i.e. what `codec.toJSON` gives for it without the `{ alternative: ... }` wrapper:
 * OCTET STRINGs as hex, CHOICEs as `{ alternative: value }`, INTEGERs as numbers. The answer is the
 * rendering of the response alternative's value; no SGP.22 `header` object is added. Both ends
 * re-encode to DER before use, so a JSON message is valid exactly when its ASN.1 twin is.
 */
import { codec, Codec, DEFAULT_VERSION, SpecVersion } from '../../asn1';
import {
  alternativeOf, asn1Route, AsnValue, Awaitable, BindingContext, decodeRequest, jsonRoute, postAsn1, postJson,
} from './binding';
import { HttpClient, HttpClientOptions } from './client';
import { HttpProtocolError } from './errors';
import { HttpServer, HttpServerOptions, Route, startHttpServer } from './server';

export const ESIPA_JSON_PREFIX = '/gsma/rsp2/esipa/';

interface FunctionSpec {
  /** Alternative of the request CHOICE. */
  readonly request: string;
  /** Alternative of the response CHOICE; absent when the function has no answer (204). */
  readonly response?: string;
}

/** IPA -> eIM functions: the IPA is the HTTP client. */
export const ESIPA_FUNCTIONS = {
  initiateAuthentication: { request: 'initiateAuthenticationRequestEsipa', response: 'initiateAuthenticationResponseEsipa' },
  authenticateClient: { request: 'authenticateClientRequestEsipa', response: 'authenticateClientResponseEsipa' },
  getBoundProfilePackage: { request: 'getBoundProfilePackageRequestEsipa', response: 'getBoundProfilePackageResponseEsipa' },
  cancelSession: { request: 'cancelSessionRequestEsipa', response: 'cancelSessionResponseEsipa' },
  handleNotification: { request: 'handleNotificationEsipa' },
  getEimPackage: { request: 'getEimPackageRequest', response: 'getEimPackageResponse' },
  provideEimPackageResult: { request: 'provideEimPackageResult', response: 'provideEimPackageResultResponse' },
} as const satisfies Record<string, FunctionSpec>;
export type EsipaFunction = keyof typeof ESIPA_FUNCTIONS;

/** eIM -> IPA (injection, eimInjectHttps): the eIM is the HTTP client. */
export const ESIPA_INJECT_FUNCTIONS = {
  transferEimPackage: { request: 'transferEimPackageRequest', response: 'transferEimPackageResponse' },
} as const satisfies Record<string, FunctionSpec>;

interface Direction {
  readonly requestType: string;
  readonly responseType: string;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
}
const UPSTREAM: Direction = { requestType: 'EsipaMessageFromIpaToEim', responseType: 'EsipaMessageFromEimToIpa', functions: ESIPA_FUNCTIONS };
const INJECT: Direction = { requestType: 'EsipaMessageFromEimToIpa', responseType: 'EsipaMessageFromIpaToEim', functions: ESIPA_INJECT_FUNCTIONS };

/** Request alternative's value in, response alternative's value out (undefined: 204 No Content). */
export type EsipaHandler = (request: AsnValue, ctx: BindingContext) => Awaitable<AsnValue | undefined>;

export interface EsipaHandlers {
  initiateAuthentication?: EsipaHandler;
  authenticateClient?: EsipaHandler;
  getBoundProfilePackage?: EsipaHandler;
  cancelSession?: EsipaHandler;
  handleNotification?: (request: AsnValue, ctx: BindingContext) => Awaitable<void>;
  getEimPackage?: EsipaHandler;
  provideEimPackageResult?: EsipaHandler;
}

export interface EsipaInjectHandlers {
  transferEimPackage?: EsipaHandler;
}

export interface EsipaServerOptions<H> extends Omit<HttpServerOptions, 'interface' | 'routes'> {
  /** SGP.32 version of the messages (default v1.2). */
  readonly version?: SpecVersion;
  readonly handlers: H;
  /** Bindings served (default both); the other one's paths answer 501, as onomondo-eim does for JSON. */
  readonly bindings?: { readonly asn1?: boolean; readonly json?: boolean };
}

/** The codec's JSON rendering of one alternative's value, and back (validated by a DER round trip). */
export function esipaToJson(c: Codec, choiceType: string, alternative: string, value: unknown): Record<string, unknown> {
  return (c.toJSON(choiceType, { [alternative]: value }) as Record<string, Record<string, unknown>>)[alternative];
}
export function esipaFromJson(c: Codec, choiceType: string, alternative: string, json: unknown): AsnValue {
  const message = c.fromJSON(choiceType, { [alternative]: json });
  return c.decode(choiceType, c.encode(choiceType, message))[alternative];
}

function routes(dir: Direction, options: EsipaServerOptions<Record<string, EsipaHandler | undefined>>): Route[] {
  const c = codec('SGP32Definitions', options.version ?? DEFAULT_VERSION);
  const served = Object.entries(dir.functions).filter(([name]) => options.handlers[name]);
  const answer = (spec: FunctionSpec, result: AsnValue | undefined | void) =>
    spec.response === undefined || result === undefined ? undefined : { [spec.response]: result };
  const asn1 = asn1Route({
    codec: c,
    requestType: dir.requestType,
    responseType: dir.responseType,
    unsupported: options.bindings?.asn1 === false,
    functions: Object.fromEntries(served.map(([name, spec]) => [spec.request,
      async (value: AsnValue, ctx: BindingContext) => answer(spec, await options.handlers[name]!(value, ctx))])),
  });
  const json = Object.entries(dir.functions).map(([name, spec]) => {
    const handler = options.handlers[name];
    return jsonRoute(`${ESIPA_JSON_PREFIX}${name}`, handler && options.bindings?.json !== false ? async (body, ctx) => {
      const request = decodeRequest(`${spec.request} (JSON)`, () => esipaFromJson(c, dir.requestType, spec.request, body));
      const result = await handler(request, ctx);
      return spec.response === undefined || result === undefined ? undefined : esipaToJson(c, dir.responseType, spec.response, result);
    } : undefined);
  });
  return [asn1, ...json];
}

/** The eIM side of ESipa: serves the IPA's requests. */
export function esipaServer(options: EsipaServerOptions<EsipaHandlers>): Promise<HttpServer> {
  return startHttpServer({ ...options, interface: 'esipa', routes: routes(UPSTREAM, options as EsipaServerOptions<Record<string, EsipaHandler>>) });
}

/** The IPA side of eIM Package injection: serves the eIM's TransferEimPackage. */
export function esipaInjectServer(options: EsipaServerOptions<EsipaInjectHandlers>): Promise<HttpServer> {
  return startHttpServer({ ...options, interface: 'esipa', routes: routes(INJECT, options as EsipaServerOptions<Record<string, EsipaHandler>>) });
}

export interface EsipaClientOptions extends Omit<HttpClientOptions, 'interface'> {
  readonly version?: SpecVersion;
  /** Default 'asn1', the binding every public peer implements. */
  readonly binding?: 'asn1' | 'json';
}

/** A request alternative's value, or its DER. */
export type EsipaRequest = AsnValue | Uint8Array;

class EsipaEndpoint {
  readonly http: HttpClient;
  private readonly codec: Codec;
  constructor(private readonly dir: Direction, readonly options: EsipaClientOptions) {
    this.http = new HttpClient({ ...options, interface: 'esipa' });
    this.codec = codec('SGP32Definitions', options.version ?? DEFAULT_VERSION);
  }

  /**
   * One function call; resolves with the response alternative's value, or undefined for no content.
   * A Uint8Array is the DER of the request alternative (e.g. BF3B…), sent as it is.
   */
  protected async call(fn: string, value: EsipaRequest): Promise<AsnValue | undefined> {
    const spec = this.dir.functions[fn];
    const c = this.codec;
    if (this.options.binding === 'json') {
      const url = `${this.http.baseUrl}${ESIPA_JSON_PREFIX}${fn}`;
      const request = value instanceof Uint8Array ? c.decode<Record<string, AsnValue>>(this.dir.requestType, value)[spec.request] : value;
      const json = await postJson(this.http, `${ESIPA_JSON_PREFIX}${fn}`, esipaToJson(c, this.dir.requestType, spec.request, request));
      if (json === undefined || spec.response === undefined) return undefined;
      try {
        return esipaFromJson(c, this.dir.responseType, spec.response, json);
      } catch (e) {
        throw new HttpProtocolError(url, `undecodable ${spec.response} (JSON): ${(e as Error).message}`, e);
      }
    }
    const answer = await postAsn1(this.http, c, this.dir.requestType, value instanceof Uint8Array ? value : { [spec.request]: value }, this.dir.responseType);
    if (answer === undefined || spec.response === undefined) return undefined;
    const [alternative, inner] = alternativeOf(answer);
    if (alternative !== spec.response) throw new HttpProtocolError(`${this.http.baseUrl}/gsma/rsp2/asn1`, `answered ${alternative}, expected ${spec.response}`);
    return inner as AsnValue;
  }

  /** Same as `call` for functions that must answer with content. */
  protected async expect(fn: string, value: EsipaRequest): Promise<AsnValue> {
    const answer = await this.call(fn, value);
    if (answer === undefined) throw new HttpProtocolError(this.http.baseUrl, `${fn}: answered without content`);
    return answer;
  }

  /** Ends the procedure's connection (keepAlive 'procedure'). */
  close(): Promise<void> {
    return this.http.close();
  }
}

/** The IPA side of ESipa: one method per function, each resolving with the eIM's decoded answer. */
export class EsipaClient extends EsipaEndpoint {
  constructor(options: EsipaClientOptions) {
    super(UPSTREAM, options);
  }
  initiateAuthentication(request: EsipaRequest): Promise<AsnValue> { return this.expect('initiateAuthentication', request); }
  authenticateClient(request: EsipaRequest): Promise<AsnValue> { return this.expect('authenticateClient', request); }
  getBoundProfilePackage(request: EsipaRequest): Promise<AsnValue> { return this.expect('getBoundProfilePackage', request); }
  cancelSession(request: EsipaRequest): Promise<AsnValue> { return this.expect('cancelSession', request); }
  async handleNotification(request: EsipaRequest): Promise<void> { await this.call('handleNotification', request); }
  getEimPackage(request: EsipaRequest): Promise<AsnValue> { return this.expect('getEimPackage', request); }
  /** Undefined when the eIM answers without content. */
  provideEimPackageResult(request: EsipaRequest): Promise<AsnValue | undefined> { return this.call('provideEimPackageResult', request); }
}

/** The eIM side of eIM Package injection. */
export class EsipaInjectClient extends EsipaEndpoint {
  constructor(options: EsipaClientOptions) {
    super(INJECT, options);
  }
  transferEimPackage(request: EsipaRequest): Promise<AsnValue> { return this.expect('transferEimPackage', request); }
}
