/**
 * The test profile builder: element order and types, header and file contents, known-answer DER
 * for elements small enough to put together by hand, option checks, and a property over random
 * valid options. Expected DER follows PEDefinitions (AUTOMATIC TAGS): ProfileElement alternatives
 * are numbered [0] header ... [4] akaParameter ... [10] end, each a constructed context tag.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codec } from '../../src/asn1';
import {
  DEFAULT_ICCID, DEFAULT_K, DEFAULT_OPC, ProfileOptionError, TEMPLATE_MF, TEMPLATE_USIM, TestProfileOptions, buildTestProfile,
  hasValidLuhn, luhnCheckDigit, parseProfile,
} from '../../src/profile';

const pe = codec('PEDefinitions');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const ascii = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
/** Content a SAIP File writes (only fillFileContent items, as the builder writes them). */
const content = (file: Record<string, any>[]): string => file.filter((x) => 'fillFileContent' in x).map((x) => hex(x.fillFileContent)).join('');

/** The TLVs directly inside the TLV `der`, as hex (one-octet tags, definite lengths). */
function children(der: Uint8Array): string[] {
  const len = (at: number): [number, number] => {
    const b = der[at];
    if (b < 0x80) return [b, at + 1];
    let n = 0;
    for (let i = 1; i <= (b & 0x7f); i++) n = n * 256 + der[at + i];
    return [n, at + 1 + (b & 0x7f)];
  };
  const [total, start] = len(1);
  const out: string[] = [];
  for (let at = start; at < start + total;) {
    const [n, body] = len(at + 1);
    out.push(hex(der.subarray(at, body + n)));
    at = body + n;
  }
  return out;
}

const EXPECTED_TYPES = ['header', 'mf', 'pukCodes', 'pinCodes', 'usim', 'pinCodes', 'akaParameter', 'end'];

describe('buildTestProfile with defaults', () => {
  const p = buildTestProfile();
  const decoded = p.elements.map((e) => pe.decode('ProfileElement', e));

  it('has header, MF, PUK, PIN, USIM, PIN, AKA and end, in that order', () => {
    assert.deepEqual(p.peTypes, EXPECTED_TYPES);
    assert.deepEqual(decoded.map((v) => Object.keys(v)[0]), EXPECTED_TYPES);
  });

  it('is the elements back to back, each DER that re-encodes to itself', () => {
    assert.equal(hex(p.upp), p.elements.map(hex).join(''));
    p.elements.forEach((e, i) => assert.equal(hex(pe.encode('ProfileElement', decoded[i])), hex(e), `element ${i}`));
  });

  it('header: the whole element, put together by hand', () => {
    const expected =
      'A046' +
      '800102' + '810103' + // major-version 2, minor-version 3
      '821A' + ascii('sgp32-harness test profile') + // profileType
      '830A' + '89001000000000000010' + // iccid, plain BCD
      'A504' + '8100' + '8400' + // ServicesList: usim [1], milenage [4]
      'A610' + '060667810F010201' + '060667810F010204'; // GFSTE list: 2.23.143.1.2.1, 2.23.143.1.2.4
    assert.equal(hex(p.elements[0]), expected);
  });

  it('akaParameter: Milenage with K and OPc, every DEFAULT left out', () => {
    const expected =
      'A435' +
      'A005' + '8000' + '810106' + // PEHeader: mandated, identification 6
      'A12C' + 'A12A' + // algoConfiguration (explicit, untagged CHOICE) -> algoParameter [1]
      '800101' + '810100' + '8210' + DEFAULT_K + '8310' + DEFAULT_OPC;
    assert.equal(hex(p.elements[6]), expected);
  });

  it('pukCodes and the MF pinCodes: whole elements, put together by hand', () => {
    assert.equal(hex(p.elements[2]),
      'A328' + 'A0058000810102' +
      'A11F' + '300D' + '800101' + '8108' + ascii('12345678') + // pukAppl1
      '300E' + '80020081' + '8108' + ascii('87654321')); // secondPUKAppl1 = 129 needs two octets
    assert.equal(hex(p.elements[3]),
      'A232' + 'A0058000810103' +
      'A129' + 'A027' + // pinCodes: explicit [1] around the CHOICE, pinconfig [0]
      '3013' + '800101' + '8108' + ascii('0000') + 'FFFFFFFF' + '820101' + '830106' + // PIN1, PUK1, attributes 6
      '3010' + '80010A' + '8108' + ascii('88888888') + '830103'); // ADM1, attributes 3
  });

  it('MF and USIM: each file under its automatic tag (PE-MF, PE-USIM component numbers)', () => {
    // PE-MF: header [0], templateID [1], mf [2], ef-iccid [4], ef-dir [5], ef-arr [6]
    const mf = children(p.elements[1]);
    assert.deepEqual(mf.map((c) => c.slice(0, 2)), ['A0', '81', 'A2', 'A4', 'A5', 'A6']);
    assert.equal(mf[1], '8106' + '67810F010201');
    assert.equal(mf[3], 'A40C' + '830A' + '98000100000000000001'); // File: fillFileContent is alternative [3]
    // PE-USIM: header [0], templateID [1], adf-usim [2], ef-imsi [3], ef-arr [4], ef-ust [8],
    // ef-spn [13], ef-est [14], ef-acc [18], ef-ad [21], ef-ecc [22]
    const usim = children(p.elements[4]);
    assert.deepEqual(usim.map((c) => c.slice(0, 2)), ['A0', '81', 'A2', 'A3', 'A4', 'A8', 'AD', 'AE', 'B2', 'B5', 'B6']);
    assert.equal(usim[2], 'A21D' + 'A11B' + '83027FF0' + '8410' + 'A0000000871002FFFFFFFF8907090000' + 'C603' + '81010A'); // Fcp [1]: fileID [3], dfName [4], pinStatusTemplateDO [PRIVATE 6]
    assert.equal(usim[3], 'A30B' + '8309' + '080910100000000010');
    assert.equal(usim[6], 'AD13' + '8311' + '00' + ascii('sgp32-harness') + 'FFFFFF');
    assert.deepEqual(usim.slice(7), ['AE03' + '830100', 'B204' + '83020002', 'B506' + '830400000002', 'B606' + '830411F2FF00']);
    assert.equal(hex(p.elements[1]).slice(0, 2), 'B0'); // mf is alternative [16]
    assert.equal(hex(p.elements[4]).slice(0, 2), 'B3'); // usim is alternative [19]
  });

  it('end: PEHeader only', () => {
    assert.equal(hex(p.elements[7]), 'AA07A0058000810107');
  });

  it('every PE is mandated and numbered 1..7', () => {
    const headers = decoded.slice(1).map((v) => Object.values(Object.values(v)[0] as object)[0]);
    assert.deepEqual(headers, [1, 2, 3, 4, 5, 6, 7].map((identification) => ({ mandated: null, identification })));
  });

  it('MF: template, PIN status, EF.ICCID swapped, EF.DIR with the USIM AID, 14 access rules', () => {
    const mf = decoded[1].mf;
    assert.equal(mf.templateID, TEMPLATE_MF);
    assert.equal(hex(mf.mf[0].fileDescriptor.pinStatusTemplateDO), '010A');
    assert.equal(content(mf['ef-iccid']), '98000100000000000001');
    assert.equal(content(mf['ef-dir']), '6118' + '4F10' + hex(p.usimAid) + '5004' + ascii('USIM')); // one 26-byte record
    const arr = mf['ef-arr'][0].fileDescriptor;
    assert.equal(hex(arr.fileDescriptor), '42210021'); // linear fixed, 33-byte records
    assert.equal(hex(arr.efFileSize), '01CE'); // 14 records
    assert.equal(content(mf['ef-arr']).length / 2, 14 * 33);
  });

  it('USIM: ADF name, PIN status, IMSI, AD, ACC, UST', () => {
    const u = decoded[4].usim;
    assert.equal(u.templateID, TEMPLATE_USIM);
    assert.equal(hex(u['adf-usim'][0].fileDescriptor.dfName), 'A0000000871002FFFFFFFF8907090000');
    assert.equal(hex(u['adf-usim'][0].fileDescriptor.pinStatusTemplateDO), '81010A');
    assert.equal(content(u['ef-imsi']), '080910100000000010'); // 001010000000001
    assert.equal(content(u['ef-ad']), '00000002');
    assert.equal(content(u['ef-acc']), '0002'); // last IMSI digit 1 -> class 1
    // n10 -> byte 2 bit 2, n12 -> byte 2 bit 4, n19 -> byte 3 bit 3, n85 -> byte 11 bit 5
    assert.equal(content(u['ef-ust']), '000A04' + '00'.repeat(7) + '10' + '00'.repeat(3));
    assert.equal(content(u['ef-spn']), '00' + ascii('sgp32-harness') + 'FFFFFF');
  });

  it('PIN and PUK codes: ASCII, PINs FF-padded, each PIN pointing at its PUK', () => {
    assert.deepEqual(decoded[2].pukCodes.pukCodes.map((c: any) => [c.keyReference, hex(c.pukValue)]), [[1, ascii('12345678')], [129, ascii('87654321')]]);
    const mfPins = decoded[3].pinCodes.pinCodes.pinconfig;
    assert.deepEqual(mfPins.map((c: any) => [c.keyReference, hex(c.pinValue), c.unblockingPINReference]), [[1, ascii('0000') + 'FFFFFFFF', 1], [10, ascii('88888888'), undefined]]);
    assert.deepEqual(decoded[5].pinCodes.pinCodes.pinconfig.map((c: any) => [c.keyReference, c.unblockingPINReference]), [[129, 129]]);
  });

  it('returns what the SM-DP+ and the card need alongside', () => {
    assert.equal(p.iccid, DEFAULT_ICCID);
    assert.ok(hasValidLuhn(p.iccid));
    assert.equal(hex(p.iccidBcd), '98000100000000000001');
    assert.equal(p.imsi, '001010000000001');
    assert.equal(hex(p.k), DEFAULT_K);
    assert.equal(hex(p.opc), DEFAULT_OPC);
  });
});

describe('buildTestProfile options', () => {
  it('puts every option where it belongs', () => {
    const k = Uint8Array.from({ length: 16 }, (_, i) => i);
    const p = buildTestProfile({
      iccid: '8944123456789012348', imsi: '31041012345678', mncLength: 3, k, opc: 'ff'.repeat(16),
      pin: '12345678', pin2: '4321', puk: '11112222', puk2: '33334444', adm: '13579246',
      profileName: 'Prüfprofil ✓', serviceProviderName: 'Test (lab) #1', version: { major: 3, minor: 1 },
    });
    const d = p.elements.map((e) => pe.decode('ProfileElement', e));
    assert.equal(hex(d[0].header.iccid), '8944123456789012348F');
    assert.equal(d[0].header.profileType, 'Prüfprofil ✓');
    assert.deepEqual([d[0].header['major-version'], d[0].header['minor-version']], [3, 1]);
    assert.equal(content(d[1].mf['ef-iccid']), '984421436587092143F8');
    assert.equal(content(d[4].usim['ef-imsi']), '0831011410325476F8');
    assert.equal(content(d[4].usim['ef-ad']), '00000003');
    assert.equal(content(d[4].usim['ef-acc']), '0100'); // class 8
    assert.equal(content(d[4].usim['ef-spn']), '00' + ascii('Test (lab) #1') + 'FFFFFF');
    assert.equal(hex(d[3].pinCodes.pinCodes.pinconfig[0].pinValue), ascii('12345678'));
    assert.equal(hex(d[3].pinCodes.pinCodes.pinconfig[1].pinValue), ascii('13579246'));
    assert.equal(hex(d[5].pinCodes.pinCodes.pinconfig[0].pinValue), ascii('4321') + 'FFFFFFFF');
    assert.deepEqual(d[2].pukCodes.pukCodes.map((c: any) => hex(c.pukValue)), [ascii('11112222'), ascii('33334444')]);
    const algo = d[6].akaParameter.algoConfiguration.algoParameter;
    assert.equal(hex(algo.key), hex(k));
    assert.equal(hex(algo.opc), 'FF'.repeat(16));
  });

  it('ignores options given as undefined', () => {
    assert.equal(hex(buildTestProfile({ iccid: undefined, pin: undefined }).upp), hex(buildTestProfile().upp));
  });

  const rejects: [string, TestProfileOptions, RegExp][] = [
    ['iccid', { iccid: '89000123456789012342' }, /fails the Luhn check \(check digit for its first 19 digits is 1\)/],
    ['iccid', { iccid: '9800012345678901234' + luhnCheckDigit('9800012345678901234') }, /does not start with the telecom prefix 89/],
    ['iccid', { iccid: '890001234567890123' }, /18 digits, expected 19 to 20/],
    ['iccid', { iccid: '8900012345678901234a' }, /expected a string of digits/],
    ['imsi', { imsi: '0010100000000011' }, /16 digits, expected 6 to 15/],
    ['imsi', { imsi: '001010', mncLength: 3 }, /no MSIN after MCC and a 3-digit MNC/],
    ['mncLength', { mncLength: 4 as 3 }, /an MNC has 2 or 3 digits/],
    ['k', { k: '00'.repeat(15) }, /15 bytes, Milenage needs 16/],
    ['opc', { opc: 'abc' }, /even-length hex string/],
    ['pin', { pin: '123' }, /3 digits, expected 4 to 8/],
    ['pin2', { pin2: '123456789' }, /9 digits, expected 4 to 8/],
    ['puk', { puk: '1234567' }, /7 digits, expected 8/],
    ['puk2', { puk2: 12345678 as unknown as string }, /expected a string of digits/],
    ['adm', { adm: 'ADM1ADM1' }, /expected a string of digits/],
    ['profileName', { profileName: '' }, /1 to 100 characters/],
    ['profileName', { profileName: 'x'.repeat(101) }, /got 101/],
    ['serviceProviderName', { serviceProviderName: 'user@lab' }, /expected 1 to 16 of/],
    ['serviceProviderName', { serviceProviderName: 'x'.repeat(17) }, /expected 1 to 16 of/],
    ['version.major', { version: { major: 4, minor: 0 } }, /SAIP 2 or 3/],
    ['version.minor', { version: { major: 2, minor: 256 } }, /not a UInt8/],
    ['version.patch', { version: { major: 2, minor: 3, patch: 1 } as unknown as { major: number; minor: number } }, /not a version field/],
    ['pinn', { pinn: '0000' } as TestProfileOptions, /is not an option/],
  ];
  for (const [field, options, message] of rejects) {
    it(`rejects ${JSON.stringify(options)} naming '${field}'`, () => {
      assert.throws(() => buildTestProfile(options), (e: unknown) => {
        assert.ok(e instanceof ProfileOptionError, String(e));
        assert.equal(e.field, field);
        assert.match(e.message, message);
        return true;
      });
    });
  }
});

describe('buildTestProfile over random valid options', () => {
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
  const iccid = digits(16, 17).map((d) => '89' + d).map((d) => d + luhnCheckDigit(d));
  const options = fc.record({
    iccid, imsi: digits(7, 15), mncLength: fc.constantFrom(2 as const, 3 as const),
    k: fc.uint8Array({ minLength: 16, maxLength: 16 }), opc: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
    pin: digits(4, 8), pin2: digits(4, 8), puk: digits(8, 8), puk2: digits(8, 8), adm: digits(8, 8),
    profileName: fc.string({ unit: fc.constantFrom(...'aZ09 -éß✓€😀'), minLength: 1, maxLength: 100 }),
    serviceProviderName: fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189 !"#%&\'()*+,-./:;<=>?'), minLength: 1, maxLength: 16 }),
    version: fc.record({ major: fc.constantFrom(2, 3), minor: fc.integer({ min: 0, max: 255 }) }, { noNullPrototype: true }),
  }, { requiredKeys: ['iccid'], noNullPrototype: true });

  it('builds a package that parses back to its options, element by element DER', () => {
    fc.assert(fc.property(options, (o) => {
      const p = buildTestProfile(o);
      assert.deepEqual(p.peTypes, EXPECTED_TYPES);
      assert.equal(p.upp.length, p.elements.reduce((n, e) => n + e.length, 0));
      p.elements.forEach((e) => assert.equal(hex(pe.encode('ProfileElement', pe.decode('ProfileElement', e))), hex(e)));
      const back = parseProfile(p.upp);
      assert.equal(back.iccid, o.iccid);
      assert.equal(back.imsi, o.imsi ?? '001010000000001');
      assert.equal(back.profileType, o.profileName ?? 'sgp32-harness test profile');
      assert.deepEqual(back.version, o.version ?? { major: 2, minor: 3 });
      assert.equal(hex(back.milenage!.k), o.k ? hex(o.k) : DEFAULT_K);
      assert.equal(hex(back.milenage!.opc), (o.opc ?? DEFAULT_OPC).toUpperCase());
      assert.deepEqual(back.peTypes, EXPECTED_TYPES);
    }), { numRuns: 150 });
  });
});
