/**
 * parseProfile: what it lifts out of a package, the frame it enforces, and known answers from a
 * public profile — elements of the GSMA TS.48 v5 generic eUICC test profile (SAIP 2.1, as
 * published in osmocom/pysim smdpp-data/upp/TS48v5_SAIP2.1A_NoBERTLV.der): header #0, PUK #2,
 * MF PIN #3, USIM AKA #10, end #28. They must decode with our PEDefinitions to the field values
 * read off the bytes by hand, and re-encode unchanged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec } from '../../src/asn1';
import { ProfileFormatError, buildTestProfile, parseProfile } from '../../src/profile';

const pe = codec('PEDefinitions');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const bytes = (h: string): Buffer => Buffer.from(h, 'hex');

const TS48 = {
  header: 'A08187800102810101821F47534D412047656E6572696320655549434320546573742050726F66696C65830A89000123456789012341'
    + 'A5088100820083009100A648060667810F010201060667810F010203060667810F010204060667810F010205060667810F010207'
    + '060667810F010208060667810F010209060667810F01020A060667810F01020B',
  pukCodes: 'A328A0058000810105A11F300D80010181083131313131313131300E8002008181083232323232323232',
  pinCodes: 'A24CA0058000810102A143A0413013800101810830303030FFFFFFFF820101830106301480010A81083535353535353535830103'
    + '840200AA301480010B81083636363636363636830103840200AA',
  akaParameter: 'A435A005800081010BA12CA12A8001038101028210000102030405060708090A0B0C0D0E0F831000000000000000000000000000000000',
  end: 'AA07A005800081011D',
};

function throwsFormat(upp: Uint8Array, message: RegExp, index: number | undefined, offset: number): void {
  assert.throws(() => parseProfile(upp), (e: unknown) => {
    assert.ok(e instanceof ProfileFormatError, String(e));
    assert.match(e.message, message);
    assert.equal(e.index, index);
    assert.equal(e.offset, offset);
    return true;
  });
}

describe('known answers: GSMA TS.48 test profile elements', () => {
  it('every element decodes as its alternative and re-encodes byte for byte', () => {
    for (const [type, h] of Object.entries(TS48)) {
      const v = pe.decode('ProfileElement', bytes(h));
      assert.deepEqual(Object.keys(v), [type]);
      assert.equal(hex(pe.encode('ProfileElement', v)), h, type);
    }
  });

  it('header: SAIP 2.1, plain-BCD ICCID, USIM/ISIM/CSIM and the USIM test algorithm, nine templates', () => {
    const h = pe.decode('ProfileElement', bytes(TS48.header)).header;
    assert.deepEqual([h['major-version'], h['minor-version']], [2, 1]);
    assert.equal(h.profileType, 'GSMA Generic eUICC Test Profile');
    assert.equal(hex(h.iccid), '89000123456789012341');
    assert.deepEqual(Object.keys(h['eUICC-Mandatory-services']), ['usim', 'isim', 'csim', 'usim-test-algorithm']);
    assert.deepEqual(h['eUICC-Mandatory-GFSTEList'], [1, 3, 4, 5, 7, 8, 9, 10, 11].map((n) => `2.23.143.1.2.${n}`));
  });

  it('PUK, PIN and AKA elements: references, ASCII codes, counters, algorithm', () => {
    const puk = pe.decode('ProfileElement', bytes(TS48.pukCodes)).pukCodes;
    assert.deepEqual(puk.pukCodes.map((c: any) => [c.keyReference, hex(c.pukValue), c['maxNumOfAttemps-retryNumLeft']]),
      [[1, '3131313131313131', 170], [129, '3232323232323232', 170]]); // 170: the DEFAULT, absent on the wire
    const pins = pe.decode('ProfileElement', bytes(TS48.pinCodes)).pinCodes.pinCodes.pinconfig;
    assert.deepEqual(pins.map((c: any) => [c.keyReference, c.unblockingPINReference, c.pinAttributes, c['maxNumOfAttemps-retryNumLeft']]),
      [[1, 1, 6, 51], [10, undefined, 3, 170], [11, undefined, 3, 170]]); // 840200AA: 170 on two octets
    const aka = pe.decode('ProfileElement', bytes(TS48.akaParameter)).akaParameter;
    const algo = aka.algoConfiguration.algoParameter;
    assert.deepEqual([algo.algorithmID, hex(algo.algorithmOptions), hex(algo.key)], [3, '02', '000102030405060708090A0B0C0D0E0F']);
    assert.equal(hex(aka.sqnInit[31]), '000000000000'); // DEFAULT of 32 zero SQNs
    assert.equal(pe.decode('ProfileElement', bytes(TS48.end)).end['end-header'].identification, 29);
  });

  it('parseProfile reads the TS.48 header and end as a package', () => {
    const p = parseProfile(bytes(TS48.header + TS48.pukCodes + TS48.akaParameter + TS48.end));
    assert.equal(p.iccid, '89000123456789012341');
    assert.deepEqual(p.peTypes, ['header', 'pukCodes', 'akaParameter', 'end']);
    assert.deepEqual(p.offsets, [0, 138, 180, 235]);
    assert.equal(p.milenage, undefined); // USIM test algorithm, not Milenage
  });
});

describe('parseProfile on a built profile', () => {
  const built = buildTestProfile({ iccid: '8944123456789012348', imsi: '00101987654321' });

  it('returns ICCID, IMSI, keys, header fields and PE types', () => {
    const p = parseProfile(built.upp);
    assert.equal(p.iccid, '8944123456789012348');
    assert.equal(p.imsi, '00101987654321');
    assert.deepEqual(p.version, { major: 2, minor: 3 });
    assert.equal(p.profileType, 'sgp32-harness test profile');
    assert.deepEqual(p.mandatoryServices, ['usim', 'milenage']);
    assert.deepEqual(p.mandatoryTemplates, ['2.23.143.1.2.1', '2.23.143.1.2.4']);
    assert.deepEqual(p.peTypes, built.peTypes);
    assert.equal(hex(p.milenage!.k), hex(built.k));
    assert.equal(hex(p.milenage!.opc), hex(built.opc));
    let at = 0;
    assert.deepEqual(p.offsets, built.elements.map((e) => (at += e.length) - e.length));
  });

  const el = built.elements;
  const upp = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);

  it('rejects an empty package', () => throwsFormat(new Uint8Array(0), /empty package/, undefined, 0));

  it('rejects a package cut short, naming the element', () => {
    const cut = built.upp.subarray(0, built.upp.length - 1);
    throwsFormat(cut, /element declares 7 content bytes but only 6 remain/, 7, built.upp.length - el[7].length);
  });

  it('rejects bytes that are not a ProfileElement, with the offset inside the package', () => {
    throwsFormat(upp(el[0], bytes('040100'), el[7]), /not a ProfileElement: .*tag 04/, 1, el[0].length);
  });

  it('rejects an indefinite length', () => throwsFormat(upp(el[0], bytes('A0800000')), /indefinite length/, 1, el[0].length));

  it('requires the ProfileHeader first and only once', () => {
    throwsFormat(upp(...el.slice(1)), /first element is 'mf'/, 0, 0);
    throwsFormat(upp(el[0], el[0], ...el.slice(1)), /a second ProfileHeader/, 1, el[0].length);
  });

  it('requires PE-End last', () => {
    throwsFormat(upp(...el.slice(0, 7)), /no PE-End/, undefined, built.upp.length - el[7].length);
    throwsFormat(upp(...el.slice(0, 7), el[7], el[2]), /PE-End followed by 1 more element/, 8, built.upp.length);
  });

  it('requires unique PE identification numbers', () => {
    throwsFormat(upp(...el.slice(0, 4), el[2], ...el.slice(4)), /identification 2 already used by element #2/, 4, el[0].length + el[1].length + el[2].length + el[3].length);
  });

  it('rejects a header ICCID with a non-digit nibble', () => {
    const header = Buffer.from(el[0]);
    const at = header.indexOf(Buffer.from('830A', 'hex')) + 2;
    header[at] = 0x8a;
    throwsFormat(upp(header, ...el.slice(1)), /ProfileHeader.iccid: .*nibble A/, 0, 0);
  });
});
