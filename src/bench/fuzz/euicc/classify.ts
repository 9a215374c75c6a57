/**
 * What the card's last answer means for the oracle. Status words: 6F00 (no precise diagnosis) is
 * the card failing inside, as a 5xx is for a server → broken; any other 6xxx is a refusal → error.
 * Data: it must decode as the response type of the function the command was routed to, else broken;
 * an error CHOICE (…Error…) or result codes that are all non-zero mean refusal, anything else success.
 */
import { AsnDecodeError } from '../../../asn1';
import { swHex } from '../../../transport/apdu';
import type { Answer } from '../target';
import type { Es10Routes } from './routing';
import type { Delivered } from './store-data';

/** A refusal in the decoded answer: an error alternative, or every …Result / …Status code non-zero. */
export function refusal(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && /error/i.test(keys[0])) {
    const inner = (value as Record<string, unknown>)[keys[0]];
    return typeof inner === 'number' ? `${keys[0]} ${inner}` : keys[0];
  }
  const codes = keys.filter((k) => /(Result|Status)$/.test(k) && typeof (value as Record<string, unknown>)[k] === 'number');
  if (codes.length && codes.every((k) => (value as Record<string, number>)[k] !== 0)) return codes.map((k) => `${k} ${(value as Record<string, number>)[k]}`).join(', ');
  return undefined;
}

export function classify(routes: Es10Routes, command: Uint8Array, d: Delivered): Answer {
  if (d.command) {
    const first = classify(routes, command, { ...d.command, waiting: false });
    if (first.kind === 'broken') return first;
  }
  const sw = `SW ${swHex(d.sw)}`;
  if (d.sw === 0x6f00) return { kind: 'broken', summary: `${sw} (technical problem, no precise diagnosis)` };
  if (d.sw >> 12 === 0x6) return { kind: 'error', summary: sw };
  if (d.sw !== 0x9000) return { kind: 'broken', summary: `${sw}: not a status word ES10 defines` };
  if (d.data.length === 0) {
    if (d.waiting) return { kind: 'error', summary: `${sw}: block taken, sequence still open, nothing executed` };
    // A block the card should have refused (wrong CLA, INS, P1, P2, Lc, stray) was taken.
    if (d.command) return { kind: 'success', summary: `${sw}: stray block taken` };
    return routes.route(command) ? { kind: 'broken', summary: `${sw} without the ES10 response` } : { kind: 'success', summary: `${sw} to an unroutable command` };
  }
  const route = routes.route(command);
  if (!route) return { kind: 'success', summary: `${sw} with ${d.data.length} bytes for an unroutable command`, bytes: d.data };
  let value: unknown;
  try {
    value = route.codec.decode(route.response, d.data);
  } catch (e) {
    if (!(e instanceof AsnDecodeError)) throw e;
    return { kind: 'broken', summary: `${route.response} does not decode: ${e.message}`, bytes: d.data };
  }
  const refused = refusal(value);
  return refused
    ? { kind: 'error', summary: `${route.response} ${refused}`, bytes: d.data }
    : { kind: 'success', summary: `${route.response} ${Object.keys(value as object)[0] ?? ''}`.trim(), bytes: d.data };
}
