/** The harness chain validator on generated chains, hand-made defects and broken DER. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints } from '@peculiar/asn1-x509';
import { tlvSpans } from '../../src/asn1';
import {
  buildName, CertificateTemplate, ChainInvalid, ChainResult, GeneratedCert, generateEid, generateKeyPair, issueCertificate, POLICY, PROFILES,
  profileExtensions, Role, validateChain, VARIANTS,
} from '../../src/pki';
import { extension } from '../../src/pki/builder';
import { OID } from '../../src/pki/oids';
import { certOf, EID, sharedPki } from './helpers';

const pki = sharedPki();

function chainOf(c: GeneratedCert, anchors = [certOf(pki, `${c.curve}/ci`).der]) {
  return { leaf: c.der, intermediates: c.chain.map((id) => certOf(pki, id).der), trustAnchors: anchors };
}

function failed(r: ChainResult): ChainInvalid {
  assert.ok(!r.ok, 'expected the chain to be rejected');
  return r;
}

/** A certificate for `role` under `issuer` with a fresh key (and anything in `over` changed). */
function issue(role: Role, issuer: GeneratedCert, over: Partial<CertificateTemplate> & { key?: KeyObject; pub?: KeyObject } = {}): Buffer {
  const pub = over.pub ?? generateKeyPair(issuer.curve).publicKey;
  const p = PROFILES[role];
  return issueCertificate({
    subject: buildName(p.subject({ curve: issuer.curve, eid: EID })),
    publicKey: pub,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: profileExtensions(p, pub, issuer.keys.publicKey, pki.ein),
    ...over,
  }, { name: buildName(PROFILES[issuer.role].subject({ curve: issuer.curve, eid: EID })), privateKey: over.key ?? issuer.keys.privateKey });
}

describe('validateChain', () => {
  it('accepts every valid role chain on both curves and reports path, curve and EID', () => {
    for (const c of pki.certs.filter((x) => x.presented && x.defect === null)) {
      const r = validateChain({ ...chainOf(c), expectedPolicy: POLICY[c.role], expectedCurve: c.curve, expectedEid: c.role === 'euicc' ? EID : undefined });
      assert.ok(r.ok, r.ok ? '' : `${c.id}: ${r.message}`);
      assert.equal(r.curve, c.curve);
      assert.equal(r.path.length, c.chain.length + (c.issuer ? 2 : 1));
      assert.deepEqual(r.policies, [POLICY[c.role]]);
      if (c.role === 'euicc') assert.equal(r.eid, EID);
    }
  });

  it('rejects every variant for its stated reason, at the depth OpenSSL reports', () => {
    for (const curve of pki.curves) {
      for (const v of VARIANTS) {
        const c = certOf(pki, `${curve}/defects/${v.name}`);
        const r = failed(validateChain({ ...chainOf(c), expectedPolicy: POLICY[v.role], expectedCurve: curve }));
        assert.equal(r.reason, v.defect, `${c.id}: ${r.message}`);
        assert.equal(r.depth, v.openssl.depth, c.id);
        assert.ok(r.subject && r.message.length > 20, c.id);
      }
    }
  });

  it('names what and where: subject, depth, input, and a message with the rule', () => {
    const r = failed(validateChain(chainOf(certOf(pki, 'nist/defects/euicc-eum-wrong-key-usage'))));
    assert.deepEqual([r.reason, r.depth, r.input, r.subject], ['wrong-key-usage', 1, 'intermediates[0]', 'C=ES, O=RSP Test EUM, CN=EUM Test wrong-key-usage']);
    assert.match(r.message, /keyUsage lacks keyCertSign/);
    const e = failed(validateChain({ ...chainOf(certOf(pki, 'brp/defects/euicc-eid-mismatch')) }));
    assert.match(e.message, /EID 89049033\d{24} .* outside the range 'O=RSP Test EUM, serialNumber=89049032' permitted by 'C=ES, O=RSP Test EUM, CN=EUM Test'/);
  });

  it('wrong-curve: an expected curve the chain is not on, a key on the other curve, a key on no RSP curve', () => {
    const dp = certOf(pki, 'nist/dpAuth');
    const r1 = failed(validateChain({ ...chainOf(dp), expectedCurve: 'brp' }));
    assert.deepEqual([r1.reason, r1.depth], ['wrong-curve', 1]);
    assert.match(r1.message, /expected brp/);
    const ci = certOf(pki, 'nist/ci');
    const mixed = issue('dpAuth', ci, { pub: generateKeyPair('brp').publicKey });
    const r2 = failed(validateChain({ leaf: mixed, trustAnchors: [ci.der] }));
    assert.deepEqual([r2.reason, r2.depth], ['wrong-curve', 0]);
    assert.match(r2.message, /on brp but the CI's is on nist/);
    const p384 = issue('dpAuth', ci, { pub: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey });
    const r3 = failed(validateChain({ leaf: p384, trustAnchors: [ci.der] }));
    assert.equal(r3.reason, 'wrong-curve');
    assert.match(r3.message, /secp384r1, not NIST P-256 or brainpoolP256r1/);
  });

  it('wrong-policy, eid-mismatch against an expected EID, and an issuer that is no CA', () => {
    const euicc = certOf(pki, 'brp/euicc');
    assert.equal(failed(validateChain({ ...chainOf(euicc), expectedPolicy: POLICY.dpAuth })).reason, 'wrong-policy');
    const r = failed(validateChain({ ...chainOf(euicc), expectedEid: generateEid() }));
    assert.equal(r.reason, 'eid-mismatch');
    assert.match(r.message, new RegExp(`serialNumber ${EID} is not the expected EID`));
    const dp = certOf(pki, 'brp/dpAuth');
    const underLeaf = issue('eimSign', dp);
    const n = failed(validateChain({ leaf: underLeaf, intermediates: [dp.der], trustAnchors: [certOf(pki, 'brp/ci').der] }));
    assert.deepEqual([n.reason, n.depth], ['wrong-key-usage', 1]);
    assert.match(n.message, /not make it a CA/);
  });

  it('checks validity at the time asked, top down (the CI first)', () => {
    const euicc = certOf(pki, 'nist/euicc');
    const before = failed(validateChain({ ...chainOf(euicc), at: new Date('2000-01-01T00:00:00Z') }));
    assert.deepEqual([before.reason, before.depth], ['not-yet-valid', 2]);
    const after = failed(validateChain({ ...chainOf(euicc), at: new Date('2200-01-01T00:00:00Z') }));
    assert.deepEqual([after.reason, after.depth], ['expired', 2]);
    const expired = certOf(pki, 'nist/defects/euicc-expired');
    const back = new Date(pki.generatedAt.getTime() - 2 * 365 * 86_400_000);
    assert.ok(validateChain({ ...chainOf(expired), at: back }).ok, 'the expired eUICC was valid two years ago');
  });

  it('builds the path from unordered, surplus intermediates and accepts a trusted CI as the leaf', () => {
    const euicc = certOf(pki, 'nist/euicc');
    const extra = ['nist/dpAuth', 'nist/defects/eum-expired', 'brp/eum', 'nist/eum'].map((id) => certOf(pki, id).der);
    const r = validateChain({ leaf: euicc.der, intermediates: extra, trustAnchors: [certOf(pki, 'brp/ci').der, certOf(pki, 'nist/ci').der] });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.path[1].subjectText, 'C=ES, O=RSP Test EUM, CN=EUM Test');
    assert.ok(validateChain({ leaf: certOf(pki, 'nist/ci').der, trustAnchors: [certOf(pki, 'nist/ci').der] }).ok);
    // The brp EUM has the same name as the nist one: the authority key identifier tells them apart.
    const brpEuicc = certOf(pki, 'brp/euicc');
    const r2 = validateChain({ leaf: brpEuicc.der, intermediates: extra, trustAnchors: [certOf(pki, 'nist/ci').der, certOf(pki, 'brp/ci').der] });
    assert.ok(r2.ok && r2.curve === 'brp');
  });

  it('applies the SGP.22 EIN rule to an SGP.26-style EUM whose only subtree OpenSSL can never match', () => {
    const ci = certOf(pki, 'nist/ci');
    const eumKeys = generateKeyPair('nist');
    const onlyEin = new NameConstraints({ permittedSubtrees: new GeneralSubtrees([new GeneralSubtree({
      base: new GeneralName({ directoryName: buildName([['O', 'RSP Test EUM'], ['serialNumber', '89049032']]) }),
    })]) });
    const exts = profileExtensions(PROFILES.eum, eumKeys.publicKey, ci.keys.publicKey, pki.ein).map((e) => e.extnID === OID.nameConstraints ? extension(OID.nameConstraints, true, onlyEin) : e);
    const eumDer = issue('eum', ci, { pub: eumKeys.publicKey, extensions: exts });
    const eum: GeneratedCert = { ...certOf(pki, 'nist/eum'), der: eumDer, keys: eumKeys };
    const inside = issue('euicc', eum);
    assert.ok(validateChain({ leaf: inside, intermediates: [eumDer], trustAnchors: [ci.der] }).ok);
    const outside = issue('euicc', eum, { subject: buildName([['C', 'ES'], ['O', 'RSP Test EUM'], ['serialNumber', generateEid('89049099')], ['CN', 'x']]) });
    assert.equal(failed(validateChain({ leaf: outside, intermediates: [eumDer], trustAnchors: [ci.der] })).reason, 'eid-mismatch');
    const otherOrg = issue('euicc', eum, { subject: buildName([['C', 'ES'], ['O', 'Elsewhere'], ['serialNumber', EID], ['CN', 'x']]) });
    assert.equal(failed(validateChain({ leaf: otherOrg, intermediates: [eumDer], trustAnchors: [ci.der] })).reason, 'eid-mismatch');
  });

  describe('malformed DER', () => {
    const good = certOf(pki, 'nist/dpAuth');
    const anchors = [certOf(pki, 'nist/ci').der];

    it('a truncated certificate: offset of the TLV that runs past the end', () => {
      const r = failed(validateChain({ leaf: good.der.subarray(0, good.der.length - 10), trustAnchors: anchors }));
      assert.deepEqual([r.reason, r.input, r.depth, r.offset], ['malformed', 'leaf', 0, 0]);
      assert.match(r.message, /declares \d+ content bytes but only \d+ remain/);
    });

    it('a wrong tag inside TBSCertificate: offset of that component', () => {
      const bad = Buffer.from(good.der);
      const [outer] = tlvSpans(bad, 'c');
      const [tbs] = tlvSpans(bad, 'c', outer.start, outer.end);
      const serial = tlvSpans(bad, 'c', tbs.start, tbs.end)[1];
      assert.equal(bad[serial.offset], 0x02);
      bad[serial.offset] = 0x04;
      const r = failed(validateChain({ leaf: bad, trustAnchors: anchors }));
      assert.deepEqual([r.reason, r.offset], ['malformed', serial.offset]);
      assert.match(r.message, /TBSCertificate: expected tag 02/);
    });

    it('an extension whose value does not parse: offset of that extension', () => {
      const bad = Buffer.from(good.der);
      const ku = bad.indexOf(Buffer.from('0603551d0f0101ff040403020780', 'hex'));
      assert.ok(ku > 0);
      bad[ku + 10] = 0x04; // the BIT STRING inside keyUsage becomes an OCTET STRING
      const r = failed(validateChain({ leaf: bad, trustAnchors: anchors }));
      assert.equal(r.reason, 'malformed');
      assert.equal(r.offset, ku - 2, 'the Extension SEQUENCE starts two bytes before its OID');
      assert.match(r.message, /extension 2\.5\.29\.15/);
    });

    it('garbage among the intermediates or anchors is named by its position', () => {
      const r = failed(validateChain({ leaf: good.der, intermediates: [Buffer.from('not a certificate')], trustAnchors: anchors }));
      assert.deepEqual([r.reason, r.input, r.depth], ['malformed', 'intermediates[0]', undefined]);
      const p = failed(validateChain({ leaf: good.der, trustAnchors: [anchors[0], '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'] }));
      assert.equal(p.input, 'trustAnchors[1]');
    });
  });
});
