/** HTTPS bindings of ESipa, ES9+ and ES2+: a generic server and client, and one module per interface. */
export { ASN1_PATH, alternativeOf, asn1Route, decodeRequest, exchangeAsn1, JsonBindingError, jsonRoute, postAsn1, postJson } from './binding';
export type { Asn1Answer, Asn1RouteSpec, AsnValue, Awaitable, BindingContext, JsonFunction } from './binding';
export { DEFAULT_HTTP_TIMEOUT_MS, HttpClient } from './client';
export type { HttpClientOptions, HttpResponse, KeepAliveMode, PostOptions } from './client';
export {
  classifyTransportError, HttpConfigError, HttpConnectionError, HttpProtocolError, HttpStatusError, HttpTimeoutError, HttpTlsError,
} from './errors';
export type { TlsFailure } from './errors';
export { ES2PLUS_FUNCTIONS, ES2PLUS_JSON_PREFIX, Es2PlusClient, es2plusServer } from './es2plus';
export type {
  CancelOrderRequest, ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest, DownloadOrderResponse, Es2PlusClientOptions,
  Es2PlusContext, Es2PlusFunction, Es2PlusHandlers, Es2PlusServerOptions, HandleDownloadProgressInfoRequest, ReleaseProfileRequest,
} from './es2plus';
export { ES9PLUS_ERROR_CODES } from './es9plus-codes';
export { jsonToSequence, sequenceToJson } from './es9plus-json';
export { ES9PLUS_FUNCTIONS, ES9PLUS_JSON_PREFIX, Es9PlusClient, es9plusServer } from './es9plus';
export type { Es9PlusClientOptions, Es9PlusContext, Es9Request, Es9PlusFunction, Es9PlusHandler, Es9PlusHandlers, Es9PlusServerOptions } from './es9plus';
export { ESIPA_FUNCTIONS, ESIPA_INJECT_FUNCTIONS, ESIPA_JSON_PREFIX, EsipaClient, esipaFromJson, esipaToJson, EsipaInjectClient, esipaInjectServer, esipaServer } from './esipa';
export type { EsipaClientOptions, EsipaFunction, EsipaRequest, EsipaHandler, EsipaHandlers, EsipaInjectHandlers, EsipaServerOptions } from './esipa';
export {
  CallIdentifiers, EXECUTION_STATUSES, FunctionFailedError, isFunctionFailure, readRequestHeader, readResponseHeader, responseHeader,
} from './function-status';
export type { ExecutionStatus, FunctionFailure, RequestHeader, ResponseHeader, StatusCodeData } from './function-status';
export { ADMIN_PROTOCOL_PREFIX, ASN1_CONTENT_TYPE, DEFAULT_ADMIN_PROTOCOL, JSON_CONTENT_TYPE, mediaType } from './headers';
export { DEFAULT_MAX_BODY_BYTES, RequestRejected, startHttpServer } from './server';
export type { AdminProtocolCheck, HttpAnswer, HttpServer, HttpServerOptions, RequestContext, Route, ServerNote, ServerTls } from './server';
export { credentialOptions, maxVersionFor, TLS_GROUPS, TLS_MIN_VERSION } from './tls';
export type { TlsCredential, TrustedCert } from './tls';
