/**
 * Chain validation of hostile certificates (the fuzzer's TLV mutations of a real eUICC certificate):
 * every damaged input gives a verdict — never a thrown error — and nothing damaged chains. Found by
 * fuzzing S_eIM and S_SM-DP+: an empty extensions [3] or extension, and a key OpenSSL cannot read, used to throw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyTlvMutation, tlvMutation } from '../../src/asn1';
import { POLICY, validateChain } from '../../src/pki';
import { certOf, sharedPki } from './helpers';

const pki = sharedPki();
const euicc = certOf(pki, 'nist/euicc');
const eum = certOf(pki, 'nist/eum');
const ci = certOf(pki, 'nist/ci');
const chain = (leaf: Uint8Array) => validateChain({ leaf, intermediates: [eum.der], trustAnchors: [ci.der], expectedPolicy: POLICY.euicc });

describe('validateChain on mutated certificates', () => {
  it('the undamaged chain is valid', () => {
    assert.equal(chain(euicc.der).ok, true);
  });

  it('an emptied extensions [3] is malformed, with its offset', () => {
    const emptied = Array.from({ length: 400 }, (_, at) => applyTlvMutation(euicc.der, { kind: 'value-empty', at, amount: 1, fill: 0 }))
      .find((m) => m?.description.endsWith('>A3'));
    assert.ok(emptied, 'the certificate has an extensions [3] to empty');
    const r = chain(emptied.bytes);
    assert.ok(!r.ok && r.reason === 'malformed', JSON.stringify(r));
  });

  it('never throws, and never accepts a mutation that changes what was signed', () => {
    fc.assert(fc.property(tlvMutation, (m) => {
      const out = applyTlvMutation(euicc.der, m);
      if (!out) return;
      const r = chain(out.bytes);
      // A few mutations leave the DER valid and the signed bytes as they were (e.g. a non-minimal outer length).
      if (r.ok) assert.ok(Buffer.from(out.bytes).includes(euicc.der.subarray(4, 4 + 100)), out.description);
    }), { numRuns: 1500, seed: 5 });
  });
});
