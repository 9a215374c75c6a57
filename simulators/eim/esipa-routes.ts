/**
 * ESipa as S_eIM serves it: the two bindings of src/transport/http/esipa.ts (same paths, same JSON
 * mapping: the codec's JSON rendering of the message alternative's value), plus one thing the
 * generic routes cannot do. GetEimPackageRequest and ProvideEimPackageResult carry the EID in
 * `eidValue` (5A, SIZE(16)); a request without it, or with one of the wrong length, breaks the
 * schema and would be answered HTTP 400, while SGP.32 v1.2 gives the eIM the codes missingEid(4) and
 * invalidEid(3) for exactly those requests (catalogue EIM-ESIPA-GETPKG-ERR-02/03). So the raw
 * eidValue is looked at before decoding, and `screen` may answer the request from it alone.
 */
import { codec, fromHex, SpecVersion, tlvAt, tlvSpans } from '../../src/asn1';
import {
  alternativeOf, ASN1_CONTENT_TYPE, asn1Route, AsnValue, BindingContext, decodeRequest, ESIPA_FUNCTIONS, esipaFromJson, esipaToJson, ESIPA_JSON_PREFIX, EsipaFunction,
  EsipaHandlers, jsonRoute, Route,
} from '../../src/transport/http';

/** What a request says about its EID before it is decoded. */
export type EidSeen = { kind: 'absent' } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'unreadable'; detail: string };

/** The functions whose request carries eidValue, with the outer tag of their ASN.1 request. */
const EID_CARRIERS: Partial<Record<EsipaFunction, number>> = { getEimPackage: 0xbf4f, provideEimPackageResult: 0xbf50 };

/** The response alternative's value that answers the request from its EID alone, or undefined to go on. */
export type EidScreen = (fn: EsipaFunction, eid: EidSeen) => AsnValue | undefined;

const REQUEST = 'EsipaMessageFromIpaToEim';
const RESPONSE = 'EsipaMessageFromEimToIpa';

/** The eidValue among the direct components of an ASN.1 request; undefined when the body is not one we screen. */
function eidOfAsn1(body: Uint8Array): { fn: EsipaFunction; eid: EidSeen } | undefined {
  try {
    const outer = tlvAt(body, REQUEST);
    const fn = (Object.keys(EID_CARRIERS) as EsipaFunction[]).find((f) => EID_CARRIERS[f] === outer.tag);
    if (!fn) return undefined;
    const hit = tlvSpans(body, REQUEST, outer.start, outer.end).find((s) => s.tag === 0x5a);
    return { fn, eid: hit ? { kind: 'bytes', bytes: body.subarray(hit.start, hit.end) } : { kind: 'absent' } };
  } catch {
    return undefined; // not even TLVs: the codec says why, with the offset
  }
}

function eidOfJson(json: Record<string, unknown>): EidSeen {
  const v = json.eidValue;
  if (v === undefined) return { kind: 'absent' };
  if (typeof v !== 'string') return { kind: 'unreadable', detail: 'eidValue is not a hex string' };
  try {
    return { kind: 'bytes', bytes: fromHex(v) };
  } catch (e) {
    return { kind: 'unreadable', detail: (e as Error).message };
  }
}

export interface EimEsipaRoutesOptions {
  version: SpecVersion;
  handlers: EsipaHandlers;
  screen: EidScreen;
}

export function eimEsipaRoutes(o: EimEsipaRoutesOptions): Route[] {
  const c = codec('SGP32Definitions', o.version);
  const fns = Object.keys(ESIPA_FUNCTIONS) as EsipaFunction[];
  const call = async (fn: EsipaFunction, value: AsnValue, ctx: BindingContext): Promise<AsnValue | undefined> => {
    const result = await (o.handlers[fn] as (v: AsnValue, x: BindingContext) => Promise<AsnValue | void>)(value, ctx);
    const response = (ESIPA_FUNCTIONS[fn] as { response?: string }).response;
    return response === undefined || result === undefined ? undefined : { [response]: result };
  };
  const answerOf = (fn: EsipaFunction, value: AsnValue) => ({ [(ESIPA_FUNCTIONS[fn] as { response: string }).response]: value });

  const asn1 = asn1Route({
    codec: c, requestType: REQUEST, responseType: RESPONSE,
    functions: Object.fromEntries(fns.filter((fn) => o.handlers[fn]).map((fn) => [ESIPA_FUNCTIONS[fn].request, (v: AsnValue, ctx: BindingContext) => call(fn, v, ctx)])),
  });
  const screened: Route = {
    ...asn1,
    async handle(body, ctx) {
      const seen = eidOfAsn1(body);
      const early = seen && o.handlers[seen.fn] ? o.screen(seen.fn, seen.eid) : undefined;
      if (!early) return asn1.handle(body, ctx);
      return { status: 200, contentType: ASN1_CONTENT_TYPE, body: c.encode(RESPONSE, answerOf(seen!.fn, early)) };
    },
  };
  const json = fns.map((fn) => {
    const request = ESIPA_FUNCTIONS[fn].request;
    return jsonRoute(`${ESIPA_JSON_PREFIX}${fn}`, o.handlers[fn] ? async (body, ctx) => {
      const early = EID_CARRIERS[fn] !== undefined ? o.screen(fn, eidOfJson(body)) : undefined;
      const answer = early ? answerOf(fn, early) : await call(fn, decodeRequest(`${request} (JSON)`, () => esipaFromJson(c, REQUEST, request, body)), ctx);
      if (!answer) return undefined;
      const [alternative, value] = alternativeOf(answer);
      return esipaToJson(c, RESPONSE, alternative, value);
    } : undefined);
  });
  return [screened, ...json];
}
