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
 */
export function requestComponent(ctx: BindingContext, member: string, fnTag: number, tag: number): Uint8Array | undefined {
  if (ctx.binding === 'json') {
    const v = (JSON.parse(Buffer.from(ctx.body).toString('utf8')) as Record<string, unknown>)[member];
    return typeof v === 'string' ? Buffer.from(v, 'base64') : undefined;
  }
  return dataObjects(ctx.body, 'RemoteProfileProvisioningRequest', RPP_REQUEST_TAG, fnTag).get(tag);
}
