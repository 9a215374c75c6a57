/** EID check digits (ISO/IEC 7064 MOD 97-10) and the generator. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertEid, eidCheckDigits, eidProblem, generateEid, InvalidEidError, isValidEid } from '../../src/pki';

/** Independent reference: the whole number modulo 97 with BigInt. */
const mod97 = (digits: string) => Number(BigInt(digits) % 97n);

describe('EID', () => {
  it('accepts the SGP.26 / SGP.23 test EID, whose check digits are 35', () => {
    assert.equal(eidCheckDigits('890490321234512345123456789012'), '35');
    assert.ok(isValidEid('89049032123451234512345678901235'));
  });

  it('computes check digits so that the EID is 1 modulo 97', () => {
    fc.assert(fc.property(fc.stringMatching(/^89\d{28}$/), (first30) => {
      const eid = first30 + eidCheckDigits(first30);
      return eid.length === 32 && mod97(eid) === 1 && isValidEid(eid);
    }));
  });

  it('detects every single-digit substitution and every adjacent transposition', () => {
    const eid = '89049032123451234512345678901235';
    for (let i = 2; i < 32; i++) {
      for (let d = 0; d < 10; d++) {
        const bad = eid.slice(0, i) + d + eid.slice(i + 1);
        if (bad !== eid) assert.ok(!isValidEid(bad), bad);
      }
      if (i < 31 && eid[i] !== eid[i + 1]) assert.ok(!isValidEid(eid.slice(0, i) + eid[i + 1] + eid[i] + eid.slice(i + 2)), `swap at ${i}`);
    }
  });

  it('generates valid EIDs that start with the EIN', () => {
    fc.assert(fc.property(fc.stringMatching(/^89\d{0,20}$/), fc.integer({ min: 0, max: 2 ** 31 }), (ein, seed) => {
      let s = seed;
      const eid = generateEid(ein, () => (s = (s * 1103515245 + 12345) % 2 ** 31) % 10);
      return eid.startsWith(ein) && isValidEid(eid);
    }));
    assert.ok(generateEid().startsWith('89049032'));
    assert.notEqual(generateEid(), generateEid());
  });

  it('says what is wrong with an invalid EID', () => {
    assert.match(eidProblem('8904903212345123451234567890123')!, /32 digits, this has 31/);
    assert.match(eidProblem('99049032123451234512345678901235')!, /starts with .* 89/);
    assert.match(eidProblem('8904903212345123451234567890123X')!, /decimal digits only/);
    assert.match(eidProblem('89049032123451234512345678901299')!, /check digits 99 are wrong \(expected 35\)/);
    assert.throws(() => assertEid('123'), (e: unknown) => e instanceof InvalidEidError && e.eid === '123');
    assert.throws(() => generateEid('12'), InvalidEidError);
  });
});
