/**
 * Bugs planted in a simulator at test time only, to prove the fuzzer finds and shrinks them. Nothing
 * here is in the simulators' own code: a plant wraps a module export before the simulator starts.
 */
import type { Route } from '../../src/transport/http';
import type { eimEsipaRoutes } from '../../simulators/eim/esipa-routes';

/** Whether some TLV of `b`, walked as far as it parses, has a length below 65,536 written on three octets (83 00 xx xx). */
export function hasThreeOctetLength(b: Uint8Array, start = 0, end = b.length, depth = 0): boolean {
  for (let p = start; p < end;) {
    let q = p + 1;
    if ((b[p] & 0x1f) === 0x1f) {
      while (q < end && b[q] & 0x80) q++;
      q++;
    }
    if (q >= end) return false;
    if (b[q] === 0x83 && b[q + 1] === 0x00) return true;
    const n = b[q] < 0x80 ? 0 : b[q] & 0x7f;
    if (n > 4) return false;
    let len = n ? 0 : b[q];
    for (let i = 1; i <= n; i++) len = len * 256 + b[q + i];
    const body = q + 1 + n;
    if (body + len > end) return false;
    if (b[p] & 0x20 && depth < 64 && hasThreeOctetLength(b, body, body + len, depth + 1)) return true;
    p = body + len;
  }
  return false;
}

/**
 * S_eIM "crashes on a 3-byte length": its ESipa ASN.1 route throws (HTTP 500) for any body holding a
 * length field 83 00 xx xx — a 3-octet length that is not DER's (a body of 64 KiB or more rightly has
 * 83 01 …, which value-grow makes). S_eIM builds its routes with eimEsipaRoutes when it starts,
 * reading the module's export then, so the plant must be in place before. Returns the undo.
 */
export function plantThreeOctetLengthCrash(): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const routes: { eimEsipaRoutes: typeof eimEsipaRoutes } = require('../../simulators/eim/esipa-routes');
  const original = routes.eimEsipaRoutes;
  routes.eimEsipaRoutes = (o) => original(o).map((r): Route => (r.path !== '/gsma/rsp2/asn1' ? r : {
    ...r,
    handle: (body, ctx) => {
      if (hasThreeOctetLength(body)) throw new Error('planted: 3-octet length');
      return r.handle(body, ctx);
    },
  }));
  return () => {
    routes.eimEsipaRoutes = original;
  };
}
