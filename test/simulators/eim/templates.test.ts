/**
 * The PSMO / eCO send templates and EimConfigurationData: each encodes to the DER written out by
 * hand below from the SGP.32 ASN.1 (AUTOMATIC TAGS; the tags are those of the interface notes §4.1)
 * and decodes back to the same value, per version; what a version lacks is refused by its codec.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { AsnEncodeError, codec, SpecVersion, toHex, X509Value } from '../../../src/asn1';
import { generatePki } from '../../../src/pki';
import {
  eimConfigurationData, EimInputError, ts_addInitialEimRequest, ts_ecoAddEim, ts_ecoDeleteEim, ts_ecoListEim, ts_ecoUpdateEim,
  ts_psmoConfigureAutoEnable, ts_psmoConfigureImmediateEnable, ts_psmoDelete, ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT,
  ts_psmoListProfileInfo, ts_psmoSetDefaultDpAddress, ts_psmoSetFallbackAttribute, ts_psmoUnsetFallbackAttribute,
} from '../../../simulators/eim/packages';
import { tlv } from '../../asn1/tlv';

const ICCID = '89001000000000000010';
/** The same ICCID nibble-swapped, as SGP.22 `Iccid` carries it. */
const ICCID_BCD = '98000100000000000001';
const u = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const pki = generatePki({ curves: ['nist'] });
const eimCert = pki.certs.find((c) => c.id === 'nist/eimSign')!;
const spkiHex = toHex(createPublicKey(eimCert.keys.privateKey).export({ type: 'spki', format: 'der' }));
/** The content of a DER SEQUENCE given as hex, without its tag and length. */
function content(hex: string): string {
  const len = parseInt(hex.slice(2, 4), 16);
  return hex.slice(4 + (len & 0x80 ? 2 * (len & 0x7f) : 0));
}
/**
 * eimPublicKeyData [5] is an explicit wrapper around a CHOICE whose alternatives carry no tag in the
 * AUTOMATIC TAGS module, so they are [0] SubjectPublicKeyInfo and [1] Certificate, implicit.
 */
const eimPublicKey = tlv('A5', tlv('A0', content(spkiHex)));

/** Encodes `value` as `type`, compares with `hex`, and checks the decoded value encodes the same. */
function roundTrip(version: SpecVersion, type: string, value: unknown, hex: string): void {
  const c = codec('SGP32Definitions', version);
  const der = c.encode(type, value);
  assert.equal(toHex(der), hex.toUpperCase());
  const back = c.decode(type, der);
  assert.deepEqual(c.toJSON(type, back), c.toJSON(type, value));
}

const COMMON_PSMOS: [string, () => unknown, string][] = [
  ['enable', () => ts_psmoEnable(ICCID), tlv('A3', tlv('5A', ICCID_BCD))],
  ['enable with rollback', () => ts_psmoEnable(Buffer.from(ICCID_BCD, 'hex'), { rollback: true }), tlv('A3', tlv('5A', ICCID_BCD), '0500')],
  ['disable', () => ts_psmoDisable(ICCID), tlv('A4', tlv('5A', ICCID_BCD))],
  ['delete', () => ts_psmoDelete(ICCID), tlv('A5', tlv('5A', ICCID_BCD))],
  ['listProfileInfo, everything', () => ts_psmoListProfileInfo(), 'BF2D00'],
  ['listProfileInfo by ICCID with a tag list', () => ts_psmoListProfileInfo({ iccid: ICCID, tagList: Buffer.from('5A9F70', 'hex') }),
    tlv('BF2D', tlv('A0', tlv('5A', ICCID_BCD)), tlv('5C', '5A9F70'))],
  ['listProfileInfo by class', () => ts_psmoListProfileInfo({ profileClass: 2 }), tlv('BF2D', tlv('A0', tlv('95', '02')))],
  ['getRAT', () => ts_psmoGetRAT(), 'A600'],
];

const V12_PSMOS: [string, () => unknown, string][] = [
  // OID 2.999.10 → 88 37 0A.
  ['configureImmediateEnable', () => ts_psmoConfigureImmediateEnable({ immediateEnableFlag: true, defaultSmdpOid: '2.999.10', defaultSmdpAddress: 'smdp.example.com' }),
    tlv('A7', '8000', tlv('81', '88370A'), tlv('82', u('smdp.example.com')))],
  ['setFallbackAttribute', () => ts_psmoSetFallbackAttribute(ICCID), tlv('A8', tlv('5A', ICCID_BCD))],
  ['unsetFallbackAttribute', () => ts_psmoUnsetFallbackAttribute(), 'A900'],
  // [101] on a [101] SEQUENCE replaces its tag; its one untagged component gets [0].
  ['setDefaultDpAddress', () => ts_psmoSetDefaultDpAddress('dp.example.com'), tlv('BF65', tlv('80', u('dp.example.com')))],
];

const ECOS: [string, () => unknown, string][] = [
  ['addEim with a public key', () => ts_ecoAddEim(eimConfigurationData({
    eimId: 'eim-1', fqdn: 'eim.example.com', eimIdType: 'eimIdTypeFqdn', counterValue: 1, associationToken: 0, eimPublicKey: eimCert.keys.privateKey,
    eimSupportedProtocol: ['eimRetrieveHttps'],
  })), tlv('A8', tlv('80', u('eim-1')), tlv('81', u('eim.example.com')), tlv('82', '02'), tlv('83', '01'), tlv('84', '00'), eimPublicKey, tlv('87', '0780'))],
  ['deleteEim', () => ts_ecoDeleteEim('eim-1'), tlv('A9', tlv('80', u('eim-1')))],
  ['updateEim with a certificate', () => ts_ecoUpdateEim(eimConfigurationData({ eimId: 'eim-1', counterValue: 300, eimCertificate: new X509Certificate(eimCert.der) })),
    tlv('AA', tlv('80', u('eim-1')), tlv('83', '012C'), tlv('A5', tlv('A1', content(toHex(eimCert.der)))))],
  ['listEim', () => ts_ecoListEim(), 'AB00'],
];

for (const version of ['v1.2', 'v1.0'] as const) {
  describe(`eIM send templates, SGP.32 ${version}`, () => {
    for (const [name, build, hex] of [...COMMON_PSMOS, ...(version === 'v1.2' ? V12_PSMOS : [])]) {
      it(`PSMO ${name}`, () => roundTrip(version, 'Psmo', build(), hex));
    }
    for (const [name, build, hex] of ECOS) {
      it(`eCO ${name}`, () => roundTrip(version, 'Eco', build(), hex));
    }
  });
}

describe('eIM send templates: what one version has and the other lacks', () => {
  it('v1.0 configureAutoEnable has tag [7] like v1.2 configureImmediateEnable', () => {
    roundTrip('v1.0', 'Psmo', ts_psmoConfigureAutoEnable({ autoEnableFlag: true, smdpAddress: 'smdp.example.com' }), tlv('A7', '8000', tlv('82', u('smdp.example.com'))));
  });

  it('each codec refuses the other version\'s PSMOs, naming the alternative', () => {
    const refused = (version: SpecVersion, psmo: unknown, name: string) => assert.throws(() => codec('SGP32Definitions', version).encode('Psmo', psmo),
      (e) => e instanceof AsnEncodeError && e.code === 'unknown-alternative' && e.message.includes(`'${name}'`));
    refused('v1.0', ts_psmoConfigureImmediateEnable(), 'configureImmediateEnable');
    refused('v1.0', ts_psmoSetFallbackAttribute(ICCID), 'setFallbackAttribute');
    refused('v1.0', ts_psmoUnsetFallbackAttribute(), 'unsetFallbackAttribute');
    refused('v1.0', ts_psmoSetDefaultDpAddress('x'), 'setDefaultDpAddress');
    refused('v1.2', ts_psmoConfigureAutoEnable(), 'configureAutoEnable');
  });

  it('indirectProfileDownload is v1.2 only', () => {
    const cfg = eimConfigurationData({ eimId: 'eim-1', indirectProfileDownload: true });
    roundTrip('v1.2', 'EimConfigurationData', cfg, tlv('30', tlv('80', u('eim-1')), '8900'));
    assert.throws(() => codec('SGP32Definitions', 'v1.0').encode('EimConfigurationData', cfg), /indirectProfileDownload/);
  });

  it('AddInitialEim carries a list of configurations', () => {
    const a = eimConfigurationData({ eimId: 'a', counterValue: 0 }), b = eimConfigurationData({ eimId: 'b', eimPublicKey: eimCert.keys.publicKey });
    roundTrip('v1.2', 'AddInitialEimRequest', ts_addInitialEimRequest(a, b),
      tlv('BF57', tlv('A0', tlv('30', tlv('80', u('a')), tlv('83', '00')), tlv('30', tlv('80', u('b')), eimPublicKey))));
    const decoded = codec().decode('AddInitialEimRequest', codec().encode('AddInitialEimRequest', ts_addInitialEimRequest(b)));
    const key = decoded.eimConfigurationDataList[0].eimPublicKeyData.eimPublicKey as X509Value;
    assert.ok(createPublicKey({ key: Buffer.from(key.der), format: 'der', type: 'spki' }).equals(eimCert.keys.publicKey));
  });
});

describe('eIM send templates: bad input', () => {
  const input = (f: () => unknown, field: string) => assert.throws(f, (e) => e instanceof EimInputError && e.field === field);
  it('names the field', () => {
    input(() => ts_psmoEnable('8900'), 'iccid');
    input(() => ts_psmoDisable(Buffer.alloc(9)), 'iccid');
    input(() => ts_psmoListProfileInfo({ iccid: ICCID, profileClass: 1 }), 'listProfileInfo.searchCriteria');
    input(() => ts_psmoListProfileInfo({ iccid: 'x' }), 'listProfileInfo.iccid');
    input(() => eimConfigurationData({ eimId: 'e', eimPublicKey: eimCert.keys.publicKey, eimCertificate: eimCert.der }), 'eimPublicKeyData');
    input(() => eimConfigurationData({ eimId: 'e', trustedEimPkTls: eimCert.keys.publicKey, trustedCertificateTls: eimCert.der }), 'trustedPublicKeyDataTls');
  });
});
