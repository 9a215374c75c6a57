/**
 * What an eIM's answer to one ESipa request is, for the fuzz oracle. The function is the one the
 * bytes ask for (their outer tag, or the JSON path), so a mutation that turns one request into
 * another is judged as that other request. Only as much is decoded as needed: the response CHOICE
 * and the alternative the binding defines for the function.
 *  - success: the eIM executed the request — a package or noEimPackageAvailable (the normal answer
 *    to a legitimate poll), eimAcknowledgements of a seqNumber the request offered, a relayed
 *    function's OK, HandleNotification's 204;
 *  - error: HTTP 4xx, 501 (the binding's "function not supported"), an error alternative or code,
 *    and a ProvideEimPackageResult answered without acknowledging anything;
 *  - broken: other 5xx, a dropped connection, no answer in time, a status or body the binding
 *    does not define for the function.
 */
import { Codec } from '../../../asn1';
import { ASN1_CONTENT_TYPE, EsipaFunction, esipaFromJson, ESIPA_FUNCTIONS, HttpResponse, JSON_CONTENT_TYPE, mediaType } from '../../../transport/http';
import { excerpt as text } from '../http-answers';
import type { Answer } from '../target';
import { RESPONSE } from './bases';

const NO_PACKAGE = 1;

/** An answer, and the seqNumbers it acknowledged. */
export type Classified = Answer & { readonly acks?: readonly number[] };

export function classify(c: Codec, fn: EsipaFunction | undefined, binding: 'asn1' | 'json', res: HttpResponse, offered: readonly number[] = []): Classified {
  const { status, body } = res;
  if (status === 501 || (status >= 400 && status < 500)) return { kind: 'error', summary: `HTTP ${status} ${text(body)}` };
  if (status !== 200 && status !== 204) return { kind: 'broken', summary: `HTTP ${status} ${text(body)}`, bytes: body };
  const response = fn && (ESIPA_FUNCTIONS[fn] as { response?: string }).response;
  if (status === 204 || body.length === 0) {
    return fn === 'handleNotification' ? { kind: 'success', summary: `HTTP ${status} (no content)` } : { kind: 'broken', summary: `HTTP ${status} without content to ${fn ?? 'no function'}` };
  }
  if (!response) return { kind: 'broken', summary: `HTTP 200 with a body to ${fn ?? 'a request of no function'}`, bytes: body };
  const wanted = binding === 'asn1' ? ASN1_CONTENT_TYPE : JSON_CONTENT_TYPE;
  if (mediaType(res.headers['content-type']) !== mediaType(wanted)) return { kind: 'broken', summary: `HTTP 200 Content-Type '${res.headers['content-type'] ?? ''}', expected ${wanted}`, bytes: body };
  let value: Record<string, any>;
  try {
    if (binding === 'asn1') {
      const decoded = c.decode<Record<string, any>>(RESPONSE, body);
      const [alternative] = Object.keys(decoded);
      if (alternative !== response) return { kind: 'broken', summary: `HTTP 200 ${alternative}, expected ${response}`, bytes: body };
      value = decoded[alternative];
    } else {
      value = esipaFromJson(c, RESPONSE, response, JSON.parse(body.toString('utf8')));
    }
  } catch (e) {
    return { kind: 'broken', summary: `HTTP 200 undecodable ${response}: ${(e as Error).message}`, bytes: body };
  }
  return verdict(fn!, value, offered);
}

function verdict(fn: EsipaFunction, value: Record<string, any>, offered: readonly number[]): Classified {
  const [alternative] = Object.keys(value);
  const inner = value[alternative];
  switch (fn) {
    case 'getEimPackage':
      if (alternative !== 'eimPackageError') return { kind: 'success', summary: `HTTP 200 ${alternative}` };
      return { kind: Number(inner) === NO_PACKAGE ? 'success' : 'error', summary: `HTTP 200 eimPackageError ${inner}` };
    case 'provideEimPackageResult':
      if (alternative === 'provideEimPackageResultError') return { kind: 'error', summary: `HTTP 200 provideEimPackageResultError ${inner}` };
      if (Array.isArray(value.eimAcknowledgements)) {
        // Acknowledgements left over from earlier HandleNotifications may come along: only the request's own count.
        const acks = value.eimAcknowledgements.map(Number);
        return { kind: acks.some((a: number) => offered.includes(a)) ? 'success' : 'error', summary: `HTTP 200 eimAcknowledgements [${acks.join(', ')}] of offered [${offered.join(', ')}]`, acks };
      }
      return { kind: 'error', summary: `HTTP 200 ${alternative ?? 'empty answer'} (nothing acknowledged)` };
    default:
      return /Error/.test(alternative)
        ? { kind: 'error', summary: `HTTP 200 ${alternative} ${typeof inner === 'object' ? '' : inner}`.trimEnd() }
        : { kind: 'success', summary: `HTTP 200 ${alternative}` };
  }
}
