/**
 * Receive templates (the `tr_…` of TTCN-3): a template lists only what a scenario cares about and
 * every mismatch is named by its field path. Byte strings compare by hex, so a template may give
 * `'89049032…'` for an OCTET STRING; a function is a predicate; `ANY` needs the field present and
 * `ABSENT` needs it missing. Arrays match element by element and must have the template's length
 * unless wrapped in `contains(...)`.
 */
import { toHex } from '../asn1';

export const ANY = Symbol('any value');
export const ABSENT = Symbol('absent');

export type Predicate = ((value: unknown) => boolean) & { description?: string };
export interface Contains { readonly contains: readonly unknown[] }
export type Template = unknown;

/** A predicate with a description for mismatch messages. */
export function where(description: string, test: (value: any) => boolean): Predicate {
  return Object.assign((v: unknown) => test(v), { description });
}

/** Every listed template matches some element of the actual array (order free). */
export function contains(...items: unknown[]): Contains {
  return { contains: items };
}

export class MatchError extends Error {
  constructor(readonly what: string, readonly mismatches: readonly string[], readonly actual: unknown) {
    super(`${what} does not match the expected template:\n  ${mismatches.join('\n  ')}\nreceived: ${render(actual)}`);
    this.name = 'MatchError';
  }
}

/** The mismatches of `actual` against `template`, each prefixed by its path (`$.a.b[2]`). */
export function mismatches(actual: unknown, template: Template, path = '$'): string[] {
  if (template === ANY) return actual === undefined ? [`${path}: missing`] : [];
  if (template === ABSENT) return actual === undefined ? [] : [`${path}: expected absent, got ${render(actual)}`];
  if (typeof template === 'function') {
    const p = template as Predicate;
    return p(actual) ? [] : [`${path}: ${render(actual)} is not ${p.description ?? p.name ?? 'accepted'}`];
  }
  if (actual === undefined) return [`${path}: missing, expected ${render(template)}`];
  if (isBytes(template) || (typeof template === 'string' && isBytes(actual))) {
    const want = bytesHex(template);
    const got = bytesHex(actual);
    return want === got ? [] : [`${path}: expected ${want}, got ${got}`];
  }
  if (isContains(template)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${render(actual)}`];
    return template.contains.flatMap((t, i) =>
      actual.some((a) => mismatches(a, t).length === 0) ? [] : [`${path}: no element matches item ${i} ${typeof t === 'function' ? (t as Predicate).description ?? 'predicate' : render(t)}`]);
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${render(actual)}`];
    if (actual.length !== template.length) return [`${path}: expected ${template.length} elements, got ${actual.length}: ${render(actual)}`];
    return template.flatMap((t, i) => mismatches(actual[i], t, `${path}[${i}]`));
  }
  if (template !== null && typeof template === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${render(actual)}`];
    return Object.entries(template).flatMap(([k, t]) => mismatches((actual as Record<string, unknown>)[k], t, `${path}.${k}`));
  }
  const same = typeof template === 'bigint' || typeof actual === 'bigint' ? String(template) === String(actual) : Object.is(actual, template);
  return same ? [] : [`${path}: expected ${render(template)}, got ${render(actual)}`];
}

/** Throws MatchError naming every mismatch of `actual` (a decoded message called `what`). */
export function expectMatch(what: string, actual: unknown, template: Template): void {
  const found = mismatches(actual, template);
  if (found.length) throw new MatchError(what, found, actual);
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}
function isContains(v: unknown): v is Contains {
  return typeof v === 'object' && v !== null && Array.isArray((v as Contains).contains) && Object.keys(v).length === 1;
}
function bytesHex(v: unknown): string {
  if (isBytes(v)) return toHex(v).toUpperCase();
  return typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : render(v);
}

/** JSON with byte strings as hex and bigints as digits, cut to keep messages readable. */
export function render(v: unknown): string {
  const text = JSON.stringify(v, (_k, x) => {
    if (typeof x === 'bigint') return x.toString();
    if (x && typeof x === 'object' && x.type === 'Buffer' && Array.isArray(x.data)) return toHex(Uint8Array.from(x.data)).toUpperCase();
    if (x instanceof Uint8Array) return toHex(x).toUpperCase();
    return x;
  }) ?? String(v);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
