/**
 * ES2+ (operator <-> SM-DP+) over HTTPS with mutual TLS, JSON only (SGP.22 §5.3 and §6.5):
 * `POST /gsma/rsp2/es2plus/<function>`, every request with the §6.5.1.3 `header`, every answer
 * with the §6.5.1.4 header. Member names and which are mandatory as in pySim `es2p.py` (the
 * osmo-ttcn3-hacks `es2p_Types_JSON.ttcn` agrees on the names). HandleDownloadProgressInfo goes
 * the other way (the SM-DP+ calls the operator) and succeeds with 204; the same server and client
 * serve it.
 */
import { Awaitable, BindingContext, JsonBindingError, decodeRequest, jsonRoute, postJson } from './binding';
import { HttpClient, HttpClientOptions } from './client';
import { HttpProtocolError } from './errors';
import {
  CallIdentifiers, checkExecuted, ExecutionStatus, FunctionFailure, isFunctionFailure, readRequestHeader, readResponseHeader,
  RequestHeader, responseHeader, StatusCodeData,
} from './function-status';
import { HttpServer, HttpServerOptions, startHttpServer } from './server';

export const ES2PLUS_JSON_PREFIX = '/gsma/rsp2/es2plus/';

export interface DownloadOrderRequest { eid?: string; iccid?: string; profileType?: string }
export interface DownloadOrderResponse { iccid: string }
export interface ConfirmOrderRequest {
  iccid: string; eid?: string; matchingId?: string; confirmationCode?: string; smdsAddress?: string; releaseFlag: boolean;
}
export interface ConfirmOrderResponse { eid?: string; matchingId: string; smdpAddress?: string }
export interface CancelOrderRequest { iccid: string; eid?: string; matchingId?: string; finalProfileStatusIndicator: string }
export interface ReleaseProfileRequest { iccid: string }
export interface HandleDownloadProgressInfoRequest {
  eid?: string; iccid: string; profileType: string;
  /** W3C date-time, YYYY-MM-DDThh:mm:ssTZD. */
  timestamp: string;
  notificationPointId: number;
  notificationPointStatus: { status: ExecutionStatus; statusCodeData?: StatusCodeData };
  /** Base64. */
  resultData?: string;
}
/** Functions that answer nothing but their header. */
export type Empty = Record<string, never>;

type Kind = 'string' | 'boolean' | 'integer' | 'object';
/** Member -> JSON kind; a trailing '!' marks it mandatory. */
type Members = Readonly<Record<string, `${Kind}${'' | '!'}`>>;

export const ES2PLUS_FUNCTIONS = {
  downloadOrder: { request: { eid: 'string', iccid: 'string', profileType: 'string' }, response: { iccid: 'string!' } },
  confirmOrder: {
    request: { iccid: 'string!', eid: 'string', matchingId: 'string', confirmationCode: 'string', smdsAddress: 'string', releaseFlag: 'boolean!' },
    response: { eid: 'string', matchingId: 'string!', smdpAddress: 'string' },
  },
  cancelOrder: { request: { iccid: 'string!', eid: 'string', matchingId: 'string', finalProfileStatusIndicator: 'string!' }, response: {} },
  releaseProfile: { request: { iccid: 'string!' }, response: {} },
  handleDownloadProgressInfo: {
    request: {
      eid: 'string', iccid: 'string!', profileType: 'string!', timestamp: 'string!', notificationPointId: 'integer!',
      notificationPointStatus: 'object!', resultData: 'string',
    },
    response: null,
  },
} as const satisfies Record<string, { request: Members; response: Members | null }>;
export type Es2PlusFunction = keyof typeof ES2PLUS_FUNCTIONS;

/** Missing mandatory members or members of the wrong JSON kind, named. Other members pass through. */
function check(json: Record<string, unknown>, members: Members): void {
  for (const [name, spec] of Object.entries(members)) {
    const kind = spec.replace('!', '') as Kind;
    const v = json[name];
    if (v === undefined) {
      if (spec.endsWith('!')) throw new JsonBindingError(name, 'mandatory member missing');
      continue;
    }
    const ok = kind === 'integer' ? Number.isSafeInteger(v) : kind === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === kind;
    if (!ok) throw new JsonBindingError(name, `expected ${kind === 'integer' ? 'an integer' : `a ${kind}`}`);
  }
}

function withoutHeader(json: Record<string, unknown>): Record<string, unknown> {
  const { header: _, ...rest } = json;
  return rest;
}

export interface Es2PlusContext extends BindingContext {
  readonly header: RequestHeader;
}

type Handler<Req, Res> = (request: Req, ctx: Es2PlusContext) => Awaitable<Res | FunctionFailure>;
export interface Es2PlusHandlers {
  downloadOrder?: Handler<DownloadOrderRequest, DownloadOrderResponse>;
  confirmOrder?: Handler<ConfirmOrderRequest, ConfirmOrderResponse>;
  cancelOrder?: Handler<CancelOrderRequest, Empty | void>;
  releaseProfile?: Handler<ReleaseProfileRequest, Empty | void>;
  handleDownloadProgressInfo?: Handler<HandleDownloadProgressInfoRequest, void>;
}

export interface Es2PlusServerOptions extends Omit<HttpServerOptions, 'interface' | 'routes'> {
  readonly handlers: Es2PlusHandlers;
}

/** The SM-DP+ side (or the operator's, for HandleDownloadProgressInfo). Pass `tls.clientCas` for mutual TLS. */
export function es2plusServer(options: Es2PlusServerOptions): Promise<HttpServer> {
  const routes = (Object.keys(ES2PLUS_FUNCTIONS) as Es2PlusFunction[]).map((fn) => {
    const handler = options.handlers[fn] as Handler<unknown, Record<string, unknown> | void> | undefined;
    const spec = ES2PLUS_FUNCTIONS[fn];
    return jsonRoute(`${ES2PLUS_JSON_PREFIX}${fn}`, handler && (async (body, ctx) => {
      const header = readRequestHeader(body, true)!;
      const request = decodeRequest(`${fn} request`, () => {
        check(body, spec.request);
        return withoutHeader(body);
      });
      const answer = await handler(request, { ...ctx, header });
      if (isFunctionFailure(answer)) return { header: responseHeader(answer) };
      if (spec.response === null) return undefined;
      return { header: responseHeader(), ...(answer ?? {}) };
    }));
  });
  return startHttpServer({ ...options, interface: 'es2plus', routes });
}

export interface Es2PlusClientOptions extends Omit<HttpClientOptions, 'interface'> {
  readonly functionRequesterIdentifier?: string;
}

/** The operator side (or the SM-DP+'s, for HandleDownloadProgressInfo); failures throw FunctionFailedError. */
export class Es2PlusClient {
  readonly http: HttpClient;
  private readonly ids: CallIdentifiers;

  constructor(readonly options: Es2PlusClientOptions) {
    this.http = new HttpClient({ ...options, interface: 'es2plus' });
    this.ids = new CallIdentifiers(options.functionRequesterIdentifier ?? 'sgp32-harness');
  }

  downloadOrder(r: DownloadOrderRequest): Promise<DownloadOrderResponse> { return this.call('downloadOrder', r); }
  confirmOrder(r: ConfirmOrderRequest): Promise<ConfirmOrderResponse> { return this.call('confirmOrder', r); }
  async cancelOrder(r: CancelOrderRequest): Promise<void> { await this.call('cancelOrder', r); }
  async releaseProfile(r: ReleaseProfileRequest): Promise<void> { await this.call('releaseProfile', r); }
  async handleDownloadProgressInfo(r: HandleDownloadProgressInfoRequest): Promise<void> { await this.call('handleDownloadProgressInfo', r); }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The answer's members without the header, checked against the function's mandatory members. */
  private async call<T>(fn: Es2PlusFunction, request: object): Promise<T> {
    const path = `${ES2PLUS_JSON_PREFIX}${fn}`;
    const url = `${this.http.baseUrl}${path}`;
    const spec = ES2PLUS_FUNCTIONS[fn];
    const answer = await postJson(this.http, path, { header: this.ids.next(), ...request });
    if (answer === undefined) {
      if (spec.response !== null) throw new HttpProtocolError(url, `${fn}: answered without content`);
      return {} as T;
    }
    checkExecuted(fn, readResponseHeader(answer, url));
    try {
      if (spec.response) check(answer, spec.response);
    } catch (e) {
      throw new HttpProtocolError(url, `${fn}: ${(e as Error).message}`, e);
    }
    return withoutHeader(answer) as T;
  }
}
