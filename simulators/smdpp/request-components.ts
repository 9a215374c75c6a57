/**
 * The bytes of an eUICC-signed component exactly as the client sent it. Re-encoding a decoded
 * request is not enough: RSPDefinitions drops the SGP.32 extensions of EUICCInfo2 inside an
 * AuthenticateServerResponse (16 bytes for a v1.2 S_eUICC), so euiccSignature1 would not verify.
 */
import { dataObjects } from '../../src/crypto/rsp-signatures';
import type { BindingContext } from '../../src/transport/http';

/** RemoteProfileProvisioningRequest [2], as in RSPDefinitions. */
const RPP_REQUEST_TAG = 0xa2;

/**
 * Component `member` of the request being handled, as the TLV it carries: from its JSON member
 * (base64 of that TLV), or found by `tag` inside the function's alternative `fnTag` of the ASN.1 body.
 * Only called after the binding decoded the body, so a missing component is an internal error.
 */
export function requestComponent(ctx: BindingContext, member: string, fnTag: number, tag: number): Uint8Array {
  const found = ctx.binding === 'json'
    ? (JSON.parse(Buffer.from(ctx.body).toString('utf8')) as Record<string, unknown>)[member]
    : dataObjects(ctx.body, 'RemoteProfileProvisioningRequest', RPP_REQUEST_TAG, fnTag).get(tag);
  if (typeof found === 'string') return Buffer.from(found, 'base64');
  if (found instanceof Uint8Array) return found;
  throw new Error(`internal: ${ctx.path} carried no ${member} although it decoded`);
}
