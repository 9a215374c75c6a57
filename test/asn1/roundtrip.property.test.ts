/**
 * For every type of every module and version: values drawn from the schema's own arbitraries
 * survive encode -> decode -> encode unchanged, and an independent BER parser (asn1js) reads the
 * DER we wrote as one complete TLV tree and re-serialises it to the same bytes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import { arbitraryFor } from '../../src/asn1';
import { allTypes } from './all-types';

const RUNS = Number(process.env.SGP32_PROPERTY_RUNS ?? 30);

function independentlyWellFormed(der: Uint8Array): void {
  const parsed = asn1js.fromBER(der);
  assert.notEqual(parsed.offset, -1, `asn1js cannot parse: ${parsed.result.error}`);
  assert.equal(parsed.offset, der.length, 'asn1js sees bytes after the value');
  assert.deepEqual(new Uint8Array(parsed.result.toBER(false)), new Uint8Array(der), 'asn1js re-serialises differently (not DER?)');
}

describe('encode/decode round trip for every type', () => {
  for (const { label, codec, type } of allTypes()) {
    it(label, () => {
      fc.assert(fc.property(arbitraryFor(codec.node(type)), (value) => {
        const der = codec.encode(type, value);
        const back = codec.decode(type, der);
        assert.deepStrictEqual(back, value);
        assert.deepEqual(codec.encode(type, back), der);
        independentlyWellFormed(der);
      }), { numRuns: RUNS });
    });
  }
});
