/**
 * The builder's output against the SGP.22 / SGP.26 certificate profiles. Extension values are
 * compared with DER written out by hand from the specs (OIDs from the id-rspRole registry,
 * the SGP.26 EUM nameConstraints bytes from its EUM-ext.cnf), and the remaining facts are read
 * with node:crypto's own X509Certificate, not with the library that built them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { CURVE_INFO } from '../../src/crypto/curves';
import { GeneratedCert, isValidEid, keysMatch, POLICY, ROLES, VARIANTS } from '../../src/pki';
import { certOf, EID, sharedPki } from './helpers';

const hex = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');

/** extnID → [critical, value hex]. */
function extensions(c: GeneratedCert): Map<string, [boolean, string]> {
  const cert = AsnConvert.parse(c.der, Certificate);
  return new Map((cert.tbsCertificate.extensions ?? []).map((e) => [e.extnID, [e.critical, Buffer.from(e.extnValue.buffer).toString('hex')]]));
}

/** certificatePolicies with one id-rspRole policy: SEQ { SEQ { OID 2.23.146.1.2.1.n = 67 81 12 01 02 01 n } } */
const rspPolicy = (n: number) => `300b30090607678112010201${n.toString(16).padStart(2, '0')}`;
/** The harness policy 2.999.32.1.n: first subidentifier 2*40+999 = 1079 = 88 37, then 20 01 n. */
const harnessPolicy = (n: number) => `3009300706058837200101`.slice(0, -2) + n.toString(16).padStart(2, '0');

const KEY_USAGE = { ca: '03020106', eum: '03020204', leaf: '03020780' };

describe('certificate profiles', () => {
  const pki = sharedPki();

  it('generates every role on both curves, keys on the right curve and matching their certificates', () => {
    for (const curve of ['nist', 'brp'] as const) {
      for (const role of ROLES) {
        const c = certOf(pki, `${curve}/${role}`);
        assert.equal(c.defect, null);
        const x = new X509Certificate(c.der);
        assert.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, CURVE_INFO[curve].nodeName, c.id);
        assert.ok(keysMatch(c.keys.privateKey, x.publicKey), c.id);
        const issuer = c.issuer ? certOf(pki, c.issuer) : c;
        assert.ok(x.verify(issuer.keys.publicKey), `${c.id} signed by ${issuer.id}`);
        const serial = Buffer.from(x.serialNumber, 'hex');
        assert.ok(serial.length === 8 && serial[0] < 0x80 && serial[0] > 0, `${c.id} serial ${x.serialNumber}`);
      }
    }
  });

  it('carries the id-rspRole policies (critical) and the harness eIM/operator policies', () => {
    const want: Record<string, [boolean, string]> = {
      ci: [true, rspPolicy(0)], euicc: [true, rspPolicy(1)], eum: [true, rspPolicy(2)], dpTls: [false, rspPolicy(3)],
      dpAuth: [true, rspPolicy(4)], dpPb: [true, rspPolicy(5)],
      eimSign: [true, harnessPolicy(1)], eimTls: [false, harnessPolicy(2)], es2plusClient: [false, harnessPolicy(3)],
    };
    assert.equal(rspPolicy(4), '300b3009060767811201020104');
    for (const role of ROLES) {
      assert.deepEqual(extensions(certOf(pki, `nist/${role}`)).get('2.5.29.32'), want[role], role);
    }
    assert.equal(POLICY.eimSign, '2.999.32.1.1');
  });

  it('sets keyUsage (critical) and basicConstraints as SGP.26 does', () => {
    for (const role of ROLES) {
      const ext = extensions(certOf(pki, `brp/${role}`));
      const ku = role === 'ci' ? KEY_USAGE.ca : role === 'eum' ? KEY_USAGE.eum : KEY_USAGE.leaf;
      assert.deepEqual(ext.get('2.5.29.15'), [true, ku], role);
      const bc = ext.get('2.5.29.19');
      if (role === 'ci') assert.deepEqual(bc, [true, '30030101ff']);
      else if (role === 'eum') assert.deepEqual(bc, [true, '30060101ff020100']);
      else assert.equal(bc, undefined, role);
    }
  });

  it('links keys: SKI is SHA-1 of the public point, AKI is the issuer\'s SKI', () => {
    for (const role of ROLES) {
      const c = certOf(pki, `nist/${role}`);
      const point = c.keys.publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
      const ski = createHash('sha1').update(point).digest('hex');
      const ext = extensions(c);
      assert.deepEqual(ext.get('2.5.29.14'), [false, `0414${ski}`], role);
      if (c.issuer) {
        const issuerSki = extensions(certOf(pki, c.issuer)).get('2.5.29.14')![1].slice(4);
        assert.deepEqual(ext.get('2.5.29.35'), [false, `30168014${issuerSki}`], role);
      } else assert.equal(ext.get('2.5.29.35'), undefined);
    }
  });

  it('names the TLS endpoints, localhost and 127.0.0.1, with the right extended key usages', () => {
    for (const [role, host, ekus] of [
      ['dpTls', 'testsmdpplus1.example.com', ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']],
      ['eimTls', 'testeim1.example.com', ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']],
      ['es2plusClient', 'testmno1.example.com', ['1.3.6.1.5.5.7.3.2']],
    ] as const) {
      const x = new X509Certificate(certOf(pki, `brp/${role}`).der);
      assert.equal(x.checkHost(host), host);
      assert.equal(x.checkHost('localhost'), 'localhost');
      assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
      assert.equal(x.checkHost('other.example.com'), undefined);
      assert.deepEqual(x.keyUsage, ekus);
      assert.equal(extensions(certOf(pki, `brp/${role}`)).get('2.5.29.37')![0], true, 'EKU critical as in SGP.26');
    }
    assert.match(new X509Certificate(certOf(pki, 'nist/dpAuth').der).subjectAltName ?? '', /^Registered ID:2\.999\.10$/);
    assert.match(new X509Certificate(certOf(pki, 'nist/eum').der).subjectAltName ?? '', /^Registered ID:2\.999\.5$/);
    assert.match(new X509Certificate(certOf(pki, 'nist/ci').der).subjectAltName ?? '', /^Registered ID:2\.999\.1$/);
  });

  it('gives the EUM the SGP.26 EIN subtree byte for byte, then the C/O subtree OpenSSL can enforce', () => {
    const sgp26Subtree = hex(`302E A42C 302A 3115 3013 0603 55040A 0C0C ${ascii('RSP Test EUM')} 3111 300F 0603 550405 1308 ${ascii('89049032')}`);
    const coSubtree = hex(`3028 A426 3024 310B 3009 0603 550406 1302 ${ascii('ES')} 3115 3013 0603 55040A 0C0C ${ascii('RSP Test EUM')}`);
    const [critical, value] = extensions(certOf(pki, 'nist/eum')).get('2.5.29.30')!;
    assert.equal(critical, true);
    assert.equal(value, hex(`305C A05A ${sgp26Subtree} ${coSubtree}`));
  });

  it('uses SGP.26 subject shapes, the EID as the eUICC serialNumber, and CRL distribution points', () => {
    const subject = (id: string) => new X509Certificate(certOf(pki, id).der).subject.split('\n');
    assert.deepEqual(subject('nist/ci'), ['CN=Test CI sgp32-harness NIST', 'OU=TESTCERT', 'O=RSPTEST', 'C=IT']);
    assert.deepEqual(subject('nist/eum'), ['C=ES', 'O=RSP Test EUM', 'CN=EUM Test']);
    assert.deepEqual(subject('brp/euicc'), ['C=ES', 'O=RSP Test EUM', `serialNumber=${EID}`, 'CN=Test eUICC']);
    assert.deepEqual(subject('nist/dpAuth'), ['O=ACME', 'CN=TEST SM-DP\\+']); // node escapes the '+'
    const crlA = ascii('http://ci.test.example.com/CRL-A.crl'), crlB = ascii('http://ci.test.example.com/CRL-B.crl');
    const dp = (uri: string) => `302aa028a0268624${uri}`;
    assert.deepEqual(extensions(certOf(pki, 'nist/ci')).get('2.5.29.31'), [false, `3058${dp(crlA)}${dp(crlB)}`]);
    assert.deepEqual(extensions(certOf(pki, 'nist/eum')).get('2.5.29.31'), [false, `302c${dp(crlB)}`]);
    assert.equal(extensions(certOf(pki, 'nist/euicc')).get('2.5.29.31'), undefined);
  });

  it('dates: eUICC without expiry (99991231235959Z), CAs backdated, TLS short-lived', () => {
    const x = (id: string) => new X509Certificate(certOf(pki, id).der);
    assert.equal(x('nist/euicc').validTo, 'Dec 31 23:59:59 9999 GMT');
    assert.ok(certOf(pki, 'nist/euicc').der.includes(Buffer.from('180f39393939313233313233353935395a', 'hex')), 'GeneralizedTime 99991231235959Z');
    const year = (s: string) => new Date(s).getUTCFullYear();
    const now = pki.generatedAt.getUTCFullYear();
    assert.equal(year(x('nist/ci').validFrom), now - 5);
    assert.equal(year(x('nist/ci').validTo), now + 35);
    assert.equal(year(x('nist/dpTls').validTo), now + 2);
  });

  it('makes each variant defective in exactly its stated way', () => {
    const now = pki.generatedAt;
    for (const curve of pki.curves) {
      const get = (name: string) => certOf(pki, `${curve}/defects/${name}`);
      const x = (name: string) => new X509Certificate(get(name).der);
      for (const v of VARIANTS) assert.equal(get(v.name).defect, v.defect);
      assert.ok(new Date(x('euicc-expired').validTo) < now);
      assert.ok(new Date(x('dpauth-not-yet-valid').validFrom) > now);
      assert.ok(new Date(new X509Certificate(certOf(pki, `${curve}/defects/eum-expired`).der).validTo) < now);
      assert.equal(x('dpauth-unknown-ci').issuer, 'C=XX\nO=Unknown CI\nCN=Unknown Certificate Issuer');
      assert.ok(!x('dpauth-bad-signature').verify(certOf(pki, `${curve}/ci`).keys.publicKey));
      assert.ok(!x('euicc-bad-signature').verify(certOf(pki, `${curve}/eum`).keys.publicKey));
      assert.equal(extensions(get('dpauth-wrong-policy')).get('2.5.29.32')![1], rspPolicy(5));
      assert.equal(extensions(get('dppb-wrong-policy')).get('2.5.29.32')![1], rspPolicy(4));
      assert.deepEqual(extensions(certOf(pki, `${curve}/defects/eum-wrong-key-usage`)).get('2.5.29.15'), [true, KEY_USAGE.leaf]);
      const mismatch = get('euicc-eid-mismatch');
      assert.ok(mismatch.eid!.startsWith('89049033') && isValidEid(mismatch.eid!), mismatch.eid);
      assert.match(x('euicc-eid-mismatch').subject, /O=Other Test EUM/);
      // Everything else about a variant is sound: its key matches and the rest of its chain is the valid one.
      for (const v of VARIANTS) assert.ok(keysMatch(get(v.name).keys.privateKey, x(v.name).publicKey));
      assert.deepEqual(get('euicc-expired').chain, [`${curve}/eum`]);
      assert.deepEqual(get('euicc-eum-unknown-ci').chain, [`${curve}/defects/eum-unknown-ci`]);
      assert.equal(get('euicc-eum-unknown-ci').root, `${curve}/defects/ci-unknown`);
    }
  });
});
