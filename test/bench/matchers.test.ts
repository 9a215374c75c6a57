/** Receive templates: only what the template names is checked, and each mismatch names its path. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ABSENT, ANY, contains, expectMatch, MatchError, mismatches, where } from '../../src/bench/matchers';

describe('matchers', () => {
  const msg = { a: 1, b: { c: Buffer.from('ABCD', 'hex'), d: [1, 2] }, e: 5n };
  it('a partial template matches; bytes compare with hex text, bigints with numbers', () => {
    assert.deepEqual(mismatches(msg, { b: { c: 'ab cd', d: [1, where('even', (x) => x % 2 === 0)] }, e: 5, f: ABSENT, a: ANY }), []);
    assert.deepEqual(mismatches(msg, { b: { d: contains(2) } }), []);
  });
  it('names every mismatch by its path', () => {
    assert.deepEqual(mismatches(msg, { a: 2, b: { c: 'ABCE', d: [1] }, f: ANY, e: ABSENT }), [
      '$.a: expected 2, got 1', '$.b.c: expected ABCE, got ABCD', '$.b.d: expected 1 elements, got 2: [1,2]', '$.f: missing', '$.e: expected absent, got "5"']);
    assert.deepEqual(mismatches({ l: [3] }, { l: contains(where('zero', (x) => x === 0)) }), ['$.l: no element matches item 0 zero']);
  });
  it('expectMatch throws a MatchError with the message name, the mismatches and what was received', () => {
    assert.throws(() => expectMatch('GetEimPackageResponse', { eimPackageError: 2 }, { eimPackageError: 1 }), (e: unknown) =>
      e instanceof MatchError && e.what === 'GetEimPackageResponse' && /\$\.eimPackageError: expected 1, got 2/.test(e.message) && /received: \{"eimPackageError":2\}/.test(e.message));
  });
});
