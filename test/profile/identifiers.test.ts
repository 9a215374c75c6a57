/**
 * ICCID and IMSI codings, with expected bytes worked out by hand from the specs:
 * EF.ICCID / SGP.22 Iccid swap the nibbles of each digit pair (TS 102 221 §13.2), the SAIP
 * ProfileHeader keeps them in reading order, EF.IMSI is length, parity nibble, digits low-nibble
 * first (TS 31.102 §4.2.2). The ICCID and IMSI of the GSMA TS.48 test profile give the same bytes
 * that profile carries (header 8900…, EF.ICCID 9800…, EF.IMSI 0809…).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ProfileFormatError, efImsiToImsi, hasValidLuhn, iccidToPlainBcd, iccidToSwappedBcd, imsiToEfImsi, luhnCheckDigit,
  plainBcdToIccid, swappedBcdToIccid,
} from '../../src/profile';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('Luhn check digit', () => {
  it('matches worked examples', () => {
    // 8900012345678901234: doubled from the right 4,3,2,1,0,9,8,7,6,5 -> sum 69 -> check 1
    assert.equal(luhnCheckDigit('8900012345678901234'), 1);
    assert.equal(luhnCheckDigit('8900100000000000001'), 0);
    assert.equal(luhnCheckDigit('894412345678901234'), 8);
    assert.equal(luhnCheckDigit('7992739871'), 3); // the textbook example
  });
  it('accepts a number with its check digit and rejects any single-digit change', () => {
    assert.ok(hasValidLuhn('89000123456789012341'));
    for (let i = 0; i < 20; i++) {
      const d = Number('89000123456789012341'[i]);
      const changed = '89000123456789012341'.slice(0, i) + ((d + 1) % 10) + '89000123456789012341'.slice(i + 1);
      assert.equal(hasValidLuhn(changed), false, changed);
    }
    assert.equal(hasValidLuhn('89x0'), false);
  });
});

describe('ICCID BCD', () => {
  it('20 digits: swapped for EF.ICCID / SGP.22 Iccid, plain for the ProfileHeader', () => {
    assert.equal(hex(iccidToSwappedBcd('89000123456789012341')), '98001032547698103214');
    assert.equal(hex(iccidToPlainBcd('89000123456789012341')), '89000123456789012341');
  });
  it('19 digits: the 20th nibble is F', () => {
    assert.equal(hex(iccidToSwappedBcd('8944123456789012348')), '984421436587092143F8');
    assert.equal(hex(iccidToPlainBcd('8944123456789012348')), '8944123456789012348F');
  });
  it('decodes back, dropping the F padding', () => {
    assert.equal(swappedBcdToIccid(bytes('984421436587092143F8')), '8944123456789012348');
    assert.equal(plainBcdToIccid(bytes('8944123456789012348F')), '8944123456789012348');
  });
  it('rejects non-digit nibbles and digits after the padding', () => {
    assert.throws(() => plainBcdToIccid(bytes('89A4123456789012348F')), (e: unknown) => e instanceof ProfileFormatError && /nibble A/.test(e.message));
    assert.throws(() => swappedBcdToIccid(bytes('98442143658709214F38')), (e: unknown) => e instanceof ProfileFormatError && /after the F padding/.test(e.message));
  });
  it('round trips any 1..20 digits', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }), (d) => {
      assert.equal(swappedBcdToIccid(iccidToSwappedBcd(d)), d);
      assert.equal(plainBcdToIccid(iccidToPlainBcd(d)), d);
    }));
  });
});

describe('EF.IMSI', () => {
  it('15 digits (odd): parity 9 beside the first digit', () => {
    // 0 0 1 0 1 0 1 2 3 4 5 6 0 6 3 -> 08 | 0,9 -> 09 | 1,0 -> 10 | 10 | 10 | 32 | 54 | 06 | 36
    assert.equal(hex(imsiToEfImsi('001010123456063')), '080910101032540636');
  });
  it('14 digits (even): parity 1, last byte F-padded', () => {
    assert.equal(hex(imsiToEfImsi('00101012345678')), '0801101010325476F8');
  });
  it('6 digits: length 4, the rest of the 9 bytes FF', () => {
    assert.equal(hex(imsiToEfImsi('001010')), '04011010F0FFFFFFFF');
  });
  it('decodes back and checks length and parity', () => {
    assert.equal(efImsiToImsi(bytes('080910101032540636')), '001010123456063');
    assert.equal(efImsiToImsi(bytes('04011010F0FFFFFFFF')), '001010');
    assert.throws(() => efImsiToImsi(bytes('080110101032540636')), (e: unknown) => e instanceof ProfileFormatError && /parity nibble 1 does not match 15 digits/.test(e.message));
    assert.throws(() => efImsiToImsi(bytes('090910101032540636')), (e: unknown) => e instanceof ProfileFormatError && /length byte 9/.test(e.message));
    assert.throws(() => efImsiToImsi(bytes('00')), ProfileFormatError);
  });
  it('round trips any 1..15 digits', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 15 }), (d) => {
      const ef = imsiToEfImsi(d);
      assert.equal(ef.length, 9);
      assert.equal(efImsiToImsi(ef), d);
    }));
  });
});
