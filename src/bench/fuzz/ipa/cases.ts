/**
 * The IPA target's cases: an answer of the fuzzing eIM (or an injected package) taken from the
 * pools or generated from the schema, sent as it is (~10%), with a TLV mutation (~40%) or a value
 * mutation (~10%), or a semantic mutation (~40%). `expect` is 'reject' when the bytes do not decode
 * strictly as the type the IPA expects, when a signed package's content was changed after signing
 * (the eimSignature no longer covers it), when a generated package carries a signature
 * nobody made, or when the semantic mutation says so.
 */
import fc, { Arbitrary } from 'fast-check';
import { applyTlvMutation, applyValueMutation, arbitraryFor, Codec, tlvMutation, valueMutation } from '../../../asn1';
import type { Expectation, FuzzCase } from '../target';
import { Base, Channel } from './bases';
import { Semantic } from './semantic';

interface Start {
  base: Base;
  value: unknown;
  /** Carries a signature nobody made: refused whatever is done to it. */
  forged: boolean;
}

function decoded(c: Codec, type: string, bytes: Uint8Array): unknown {
  try {
    return c.decode(type, bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether `bytes` must be refused as `type`: undecodable, or still an eUICC Package that is forged or
 * comes from a signed base whose content changed (the DER of its value differs). A package turned
 * into another alternative is judged as that alternative.
 */
export function refused(c: Codec, type: string, bytes: Uint8Array, signedBase?: Uint8Array, forged = false): boolean {
  const value = decoded(c, type, bytes) as Record<string, unknown> | undefined;
  if (value === undefined) return true;
  if (value.euiccPackageRequest === undefined) return false;
  return forged || (signedBase !== undefined && !Buffer.from(c.encode(type, value)).equals(signedBase));
}

export function ipaCases(c: Codec, channels: readonly Channel[], bases: readonly Base[], semantic: readonly Semantic[]): Arbitrary<FuzzCase> {
  const pooled = bases.map((base): Start => ({ base, value: c.decode(base.channel.type, base.bytes), forged: false }));
  const generated = channels.map((channel) => arbitraryFor(c.node(channel.type)).map((value): Start | undefined => {
    try {
      const bytes = c.encode(channel.type, value);
      const [alternative] = Object.keys(value as object);
      return { base: { channel, message: `${channel.type} (schema-generated)`, bytes, signed: false }, value, forged: alternative === 'euiccPackageRequest' };
    } catch {
      return undefined;
    }
  }).filter((s): s is Start => s !== undefined));
  const start: Arbitrary<Start> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pooled) },
    { weight: 1, arbitrary: fc.oneof(...generated) },
  );

  const make = (s: Start, bytes: Uint8Array, mutation: string): FuzzCase => {
    const { channel } = s.base;
    const reject = bytes.length === 0 && channel.mayBeEmpty ? false : refused(c, channel.type, bytes, s.base.signed ? s.base.bytes : undefined, s.forged);
    const expect: Expectation = reject ? 'reject' : 'any';
    return { channel: channel.name, message: s.base.message, mutation, expect, bytes, delivery: { to: channel.to, type: channel.type } };
  };
  const semanticCases = semantic.map((m): FuzzCase => ({
    channel: m.channel.name, message: m.message, mutation: `semantic ${m.name}`,
    expect: m.reject || refused(c, m.channel.type, m.bytes) ? 'reject' : 'any', bytes: m.bytes, delivery: { to: m.channel.to, type: m.channel.type },
  }));
  const none = (s: Start) => make(s, s.base.bytes, 'none');

  return fc.oneof(
    { weight: 10, arbitrary: start.map(none) },
    {
      weight: 40, arbitrary: fc.tuple(start, tlvMutation).map(([s, m]) => {
        const done = applyTlvMutation(s.base.bytes, m);
        return done ? make(s, done.bytes, `tlv ${done.description}`) : none(s);
      }),
    },
    {
      weight: 10, arbitrary: fc.tuple(start, valueMutation).map(([s, m]) => {
        const done = applyValueMutation(c.node(s.base.channel.type), s.value, m);
        if (!done) return none(s);
        try {
          return make(s, c.encode(s.base.channel.type, done.value, { constraints: false }), `value ${done.description}`);
        } catch {
          return none(s);
        }
      }),
    },
    { weight: 40, arbitrary: fc.constantFrom(...semanticCases) },
  );
}
