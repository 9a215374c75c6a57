/**
 * Mutations of the ES9+ JSON binding itself (SGP.22 §6.5): the body that carries the request's
 * components — not JSON at all, not an object, a member of the wrong JSON type, missing or extra,
 * a component that is not base64 / hex, a malformed §6.5.1.3 header, another Content-Type. Whether
 * the result is still a readable request is left to `jsonReadable`, which decides the expectation.
 */
import fc, { Arbitrary } from 'fast-check';

export const JSON_MUTATIONS = [
  'invalid-json', 'not-an-object', 'wrong-type', 'missing-member', 'extra-member', 'not-base64', 'header-malformed', 'header-missing',
  'content-type', 'duplicate-member', 'escaped-unicode',
] as const;

export interface JsonMutation {
  readonly kind: (typeof JSON_MUTATIONS)[number];
  /** Which member, or where to cut. */
  readonly at: number;
  readonly variant: number;
}

export const jsonMutation: Arbitrary<JsonMutation> = fc.record({ kind: fc.constantFrom(...JSON_MUTATIONS), at: fc.nat({ max: 4096 }), variant: fc.nat({ max: 255 }) });

const WRONG_TYPES: readonly unknown[] = [42, null, true, [], {}, ['AAAA'], { value: 'AAAA' }, -1.5];
const WRONG_CONTENT_TYPES = ['text/plain', 'application/x-gsma-rsp-asn1', 'application/xml', 'application/json-patch+json', ''];

export interface JsonMutated {
  readonly body: Uint8Array;
  readonly contentType?: string;
  readonly description: string;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** `members` (header first, then the request's components) changed by `m`. */
export function applyJsonMutation(members: Readonly<Record<string, unknown>>, m: JsonMutation): JsonMutated {
  const names = Object.keys(members);
  const name = names[m.at % names.length];
  const copy: Record<string, unknown> = { ...members };
  const text = JSON.stringify(members);
  switch (m.kind) {
    case 'invalid-json': {
      const cut = 1 + (m.at % Math.max(1, text.length - 1));
      return { body: utf8(m.variant % 2 ? text.slice(0, cut) : `${text.slice(0, cut)}\u0000${text.slice(cut)}`), description: `invalid JSON at character ${cut}` };
    }
    case 'not-an-object':
      return { body: utf8(JSON.stringify([[members], 'text', 7, null][m.variant % 4])), description: 'body not an object' };
    case 'wrong-type':
      copy[name] = WRONG_TYPES[m.variant % WRONG_TYPES.length];
      return { body: utf8(JSON.stringify(copy)), description: `${name} as ${JSON.stringify(copy[name])}` };
    case 'missing-member':
      delete copy[name];
      return { body: utf8(JSON.stringify(copy)), description: `${name} missing` };
    case 'extra-member':
      copy[`fuzz${m.variant}`] = m.variant % 2 ? 'AAAA' : { nested: [m.at] };
      return { body: utf8(JSON.stringify(copy)), description: `extra member fuzz${m.variant}` };
    case 'not-base64': {
      const v = typeof copy[name] === 'string' ? (copy[name] as string) : '';
      const junk = ['!', '=', ' ', 'A', '\n', '-_'][m.variant % 6];
      copy[name] = v.slice(0, m.at % (v.length + 1)) + junk + v.slice(m.at % (v.length + 1));
      return { body: utf8(JSON.stringify(copy)), description: `${name} with ${JSON.stringify(junk)} inserted` };
    }
    case 'header-malformed': {
      const h = { functionRequesterIdentifier: 'sgp32-harness-fuzz', functionCallIdentifier: 'fuzz' };
      const variants: unknown[] = [
        { functionRequesterIdentifier: h.functionRequesterIdentifier }, { functionCallIdentifier: h.functionCallIdentifier },
        { ...h, functionCallIdentifier: 7 }, 'header', [h], null, {},
      ];
      copy.header = variants[m.variant % variants.length];
      return { body: utf8(JSON.stringify(copy)), description: `header ${JSON.stringify(copy.header)}` };
    }
    case 'header-missing':
      delete copy.header;
      return { body: utf8(JSON.stringify(copy)), description: 'no header' };
    case 'content-type': {
      const contentType = WRONG_CONTENT_TYPES[m.variant % WRONG_CONTENT_TYPES.length];
      return { body: utf8(text), contentType, description: `Content-Type '${contentType}'` };
    }
    case 'duplicate-member': {
      // JSON.parse keeps the last occurrence: the first copy is garbage the reader must not trip over.
      return { body: utf8(`{${JSON.stringify(name)}:${JSON.stringify(WRONG_TYPES[m.variant % WRONG_TYPES.length])},${text.slice(1)}`), description: `${name} twice` };
    }
    case 'escaped-unicode':
      return { body: utf8(text.replace(/[A-Za-z]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)), description: 'first letter \\u-escaped' };
  }
}
