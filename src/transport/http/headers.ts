/**
 * The header values the RSP HTTP bindings agree on (SGP.22 §6.5.1 / §6.6.1, SGP.32 §6.1).
 *
 * X-Admin-Protocol: the public peers disagree (see reference §2.1). onomondo-eim and onomondo-ipa
 * send `gsma/rsp/v2.1.0` and reject anything else with 400; the TTCN simulators answer
 * `gsma/rsp/v1.0.0`; pySim sends `gsma/rsp/v2.5.0` and osmo-smdpp accepts any `gsma/rsp/v…`. The
 * default is the strictest peer's value, so a harness server or client talks to onomondo unchanged;
 * every server and client can be given another value, and servers can check by prefix or not at all.
 */
export const DEFAULT_ADMIN_PROTOCOL = 'gsma/rsp/v2.1.0';
/** What `adminProtocolCheck: 'prefix'` requires, as osmo-smdpp does. */
export const ADMIN_PROTOCOL_PREFIX = 'gsma/rsp/v';

export const ASN1_CONTENT_TYPE = 'application/x-gsma-rsp-asn1';
/** Sent as osmo-smdpp and onomondo-eim send it; any `application/json` media type is accepted. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
export const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** The media type of a Content-Type value: lower case, parameters dropped. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
