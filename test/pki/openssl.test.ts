/**
 * The independent check: `sgp32 pki init` output against `openssl verify` (OpenSSL 3), entry by
 * entry. Every valid chain must verify; every defective one must fail with the error number and
 * depth its variant states; the harness validator must reach the same verdict, reason and depth.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildName, issueCertificate, Manifest, ManifestEntry, parseCertificate, POLICY, PROFILES, profileExtensions, readManifest,
  readPrivateKey, toPem, validateChain, VARIANTS, generateKeyPair, generateEid,
} from '../../src/pki';
import { EID, HAVE_OPENSSL, opensslVerify, sgp32, tempDir } from './helpers';

/** Errors OpenSSL reports next to the expected one, for the same cause. */
const ALSO_REPORTED: Record<string, readonly number[]> = {
  // 79 "invalid CA certificate": the EUM without keyCertSign is refused as a CA too.
  'wrong-key-usage': [79],
};

describe('openssl verify on the generated PKI', { skip: HAVE_OPENSSL ? false : 'openssl is not installed (needed as the independent verifier)' }, () => {
  const dir = tempDir();
  const run = HAVE_OPENSSL ? sgp32('pki', 'init', '--out', dir, '--eid', EID) : { code: 0, out: '', err: '' };
  const manifest: Manifest | undefined = HAVE_OPENSSL && run.code === 0 ? readManifest(dir) : undefined;
  const entries = manifest?.entries ?? [];
  const path = (rel: string) => join(dir, rel);

  /** Runs openssl on one entry the way a relying party of its role would. */
  function verify(e: ManifestEntry) {
    const args = ['-CAfile', path(`${manifest!.trustAnchors[e.curve]}.pem`)];
    if (e.chain.length) {
      const bundle = path(`${e.id.replace(/\//g, '_')}.chain.pem`);
      writeFileSync(bundle, e.chain.map((c) => readFileSync(path(c), 'utf8')).join(''));
      args.push('-untrusted', bundle);
    }
    // RFC 5280 explicit policy only works for certificates the trusted CI issued directly.
    if (e.issuer !== null && e.chain.length === 0 && e.root === manifest!.trustAnchors[e.curve]) {
      args.push('-policy', POLICY[e.role], '-explicit_policy');
    }
    return opensslVerify([...args, path(e.cert)]);
  }

  it('pki init succeeds and lists both curves, every role and every variant', () => {
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /18 valid and 28 defective credentials/);
    assert.equal(manifest!.eid, EID);
    for (const curve of ['nist', 'brp'] as const) {
      for (const role of Object.keys(PROFILES)) assert.ok(entries.some((e) => e.curve === curve && e.role === role && e.valid), `${curve} ${role}`);
      for (const v of VARIANTS) assert.ok(entries.some((e) => e.id === `${curve}/defects/${v.name}` && e.defect === v.defect && !e.valid), `${curve} ${v.name}`);
    }
    for (const e of entries) {
      for (const field of ['role', 'curve', 'cert', 'key', 'issuer', 'valid', 'defect'] as const) assert.ok(field in e, `${e.id} lacks ${field}`);
      assert.equal(e.valid, e.defect === null);
    }
  });

  for (const e of entries) {
    const variant = VARIANTS.find((v) => e.id.endsWith(`/defects/${v.name}`));
    it(`${e.id}: ${e.valid ? 'accepted' : `rejected with error ${variant!.openssl.error} at depth ${variant!.openssl.depth} (${e.defect})`}`, () => {
      const r = verify(e);
      if (e.valid) {
        assert.ok(r.ok, r.output);
      } else {
        const want = variant!.openssl;
        assert.ok(!r.ok, `openssl accepted ${e.id}`);
        assert.ok(r.errors.some((x) => x.error === want.error && x.depth === want.depth), r.output);
        const others = r.errors.filter((x) => x.error !== want.error && !(ALSO_REPORTED[e.defect!] ?? []).includes(x.error));
        assert.deepEqual(others, [], `errors other than the stated reason: ${r.output}`);
      }
      // The harness validator agrees: same verdict, and for defects the same reason and depth.
      const res = validateChain({
        leaf: readFileSync(path(e.cert)),
        intermediates: e.chain.map((c) => readFileSync(path(c))),
        trustAnchors: [readFileSync(path(`${manifest!.trustAnchors[e.curve]}.pem`))],
        expectedPolicy: POLICY[e.role],
        expectedCurve: e.curve,
        expectedEid: e.role === 'euicc' ? manifest!.eid : undefined,
      });
      if (e.valid) assert.ok(res.ok, res.ok ? '' : res.message);
      else {
        assert.ok(!res.ok, `validator accepted ${e.id}`);
        assert.equal(res.reason, e.defect, res.message);
        assert.equal(res.depth, variant!.openssl.depth, res.message);
      }
    });
  }

  it('TLS certificates carry the EKUs their purpose needs, and only those', () => {
    for (const curve of manifest?.curves ?? []) {
      const ca = ['-CAfile', path(`${curve}/ci.pem`)];
      for (const role of ['dpTls', 'eimTls']) {
        for (const purpose of ['sslserver', 'sslclient']) assert.ok(opensslVerify([...ca, '-purpose', purpose, path(`${curve}/${role}.pem`)]).ok, `${curve} ${role} ${purpose}`);
      }
      assert.ok(opensslVerify([...ca, '-purpose', 'sslclient', path(`${curve}/es2plusClient.pem`)]).ok);
      const asServer = opensslVerify([...ca, '-purpose', 'sslserver', path(`${curve}/es2plusClient.pem`)]);
      assert.deepEqual(asServer.errors.map((x) => x.error), [26], asServer.output); // unsupported certificate purpose
    }
  });

  it('valid chains also pass -x509_strict', () => {
    for (const e of entries.filter((x) => x.valid)) {
      const args = ['-x509_strict', '-CAfile', path(`${manifest!.trustAnchors[e.curve]}.pem`)];
      if (e.chain.length) args.push('-untrusted', path(e.chain[0]));
      assert.ok(opensslVerify([...args, path(e.cert)]).ok, e.id);
    }
  });

  // What OpenSSL cannot see: the EID prefix. An eUICC certificate with the EUM's own C and O
  // but an EID from another EIN passes OpenSSL's whole-RDN nameConstraints check; the harness
  // validator applies the SGP.22 prefix rule and rejects it.
  it('an EID outside the EIN with the EUM\'s own O: openssl accepts, the harness validator rejects (eid-mismatch)', () => {
    const eumKey = readPrivateKey(readFileSync(path('nist/eum.key.pem')));
    const eum = parseCertificate(readFileSync(path('nist/eum.pem')));
    const keys = generateKeyPair('nist');
    const outsider = generateEid('89049033');
    const der = issueCertificate({
      subject: buildName([['C', 'ES'], ['O', 'RSP Test EUM'], ['serialNumber', outsider], ['CN', 'Test eUICC']]),
      publicKey: keys.publicKey,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      extensions: profileExtensions(PROFILES.euicc, keys.publicKey, eum.x509.publicKey, manifest!.ein),
    }, { name: eum.subject, privateKey: eumKey });
    const file = path('outsider.pem');
    writeFileSync(file, toPem('CERTIFICATE', der));
    assert.ok(opensslVerify(['-CAfile', path('nist/ci.pem'), '-untrusted', path('nist/eum.pem'), file]).ok);
    const res = validateChain({ leaf: der, intermediates: [eum.der], trustAnchors: [readFileSync(path('nist/ci.pem'))] });
    assert.ok(!res.ok);
    assert.equal(res.reason, 'eid-mismatch');
    assert.match(res.message, new RegExp(`EID ${outsider}.*serialNumber=89049032`));
  });
});
