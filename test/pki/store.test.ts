/** PkiStore from our manifest, from explicit files and from an SGP.26 layout; bad input; TLS on loopback. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { join } from 'node:path';
import { checkServerIdentity, PeerCertificate } from 'node:tls';
import { Curve } from '../../src/crypto/curves';
import {
  buildName, issueCertificate, PkiInputError, PkiStore, POLICY, readManifest, ROLES, toPem, validateChain, VARIANTS, writePki,
} from '../../src/pki';
import { certOf, EID, sharedPki, tempDir } from './helpers';

const pki = sharedPki();
const dir = tempDir();
writePki(dir, pki);

function rejects(fn: () => unknown, problem: string, file: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PkiInputError, String(e));
    assert.equal(e.problem, problem, e.message);
    assert.match(e.file, file);
    return true;
  });
}

/** SGP.26 ships SEC1 keys preceded by an EC PARAMETERS block naming the curve. */
function sgp26Key(key: KeyObject, curve: Curve): string {
  const params = curve === 'nist' ? 'BggqhkjOPQMBBw==' : 'BgkrJAMDAggBAQc=';
  return `-----BEGIN EC PARAMETERS-----\n${params}\n-----END EC PARAMETERS-----\n${key.export({ type: 'sec1', format: 'pem' })}`;
}

/** GET https://<host>:<port>/ trusting `ca`; resolves with the body. */
function get(host: string, port: number, ca: string[], extra: object = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', servername: host === '127.0.0.1' ? undefined : host, port, ca, agent: false, ...extra,
      checkServerIdentity: (_h: string, cert: PeerCertificate) => checkServerIdentity(host, cert) }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve(body));
    });
    req.on('error', reject).end();
  });
}

describe('PkiStore', () => {
  it('fromManifest: every role on both curves, with chain, key and trusted CIs', () => {
    const store = PkiStore.fromManifest(dir);
    assert.deepEqual(store.curves, ['nist', 'brp']);
    for (const curve of store.curves) {
      assert.equal(store.trustedCis(curve).length, 1);
      for (const role of ROLES) {
        const c = store.get(role, curve);
        assert.ok(c.cert.raw.equals(certOf(pki, `${curve}/${role}`).der));
        assert.equal(c.key.asymmetricKeyType, 'ec');
        assert.equal(c.defect, null);
        const r = validateChain({ leaf: c.cert, intermediates: c.chain, trustAnchors: store.trustedCis(curve), expectedPolicy: POLICY[role], expectedCurve: curve });
        assert.ok(r.ok, `${curve} ${role}`);
      }
      assert.equal(store.get('euicc', curve).eid, EID);
      assert.equal(store.get('euicc', curve).chain.length, 1);
      assert.equal(store.variants({ curve }).length, VARIANTS.length);
      assert.equal(store.variants({ curve, role: 'euicc', defect: 'expired' }).length, 2);
      assert.equal(store.byId(`${curve}/defects/euicc-eum-unknown-ci`)!.chain[0].subject.split('\n').at(-1), 'CN=EUM Test unknown-ci');
    }
    rejects(() => PkiStore.fromManifest(join(dir, 'nist')), 'missing-file', /manifest\.json$/);
  });

  it('fromManifest refuses a manifest that is not ours or whose key is not the certificate\'s', () => {
    const bad = tempDir();
    writeFileSync(join(bad, 'manifest.json'), '{"format":"something else"}');
    rejects(() => PkiStore.fromManifest(bad), 'bad-manifest', /manifest\.json$/);
    const swapped = tempDir();
    const m = writePki(swapped, pki);
    const entries = m.entries.map((e) => (e.id === 'nist/dpAuth' ? { ...e, key: 'nist/dpPb.key.pem' } : e));
    writeFileSync(join(swapped, 'manifest.json'), JSON.stringify({ ...m, entries }));
    rejects(() => PkiStore.fromManifest(swapped), 'key-mismatch', /nist\/dpPb\.key\.pem$/);
    assert.equal(readManifest(dir).entries.length, 46);
  });

  it('fromFiles: PEM or DER certificates, PKCS#8 or SEC1 keys, a chain inside the PEM file', () => {
    const f = tempDir();
    const euicc = certOf(pki, 'brp/euicc'), eum = certOf(pki, 'brp/eum'), dp = certOf(pki, 'nist/dpAuth');
    writeFileSync(join(f, 'euicc-fullchain.pem'), toPem('CERTIFICATE', euicc.der) + toPem('CERTIFICATE', eum.der));
    writeFileSync(join(f, 'euicc.key.der'), euicc.keys.privateKey.export({ type: 'sec1', format: 'der' }));
    writeFileSync(join(f, 'dp.der'), dp.der);
    writeFileSync(join(f, 'dp.key.der'), dp.keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
    writeFileSync(join(f, 'dp.sec1.pem'), dp.keys.privateKey.export({ type: 'sec1', format: 'pem' }));
    writeFileSync(join(f, 'cis.pem'), toPem('CERTIFICATE', certOf(pki, 'nist/ci').der) + toPem('CERTIFICATE', certOf(pki, 'brp/ci').der));
    const store = PkiStore.fromFiles({
      trust: [join(f, 'cis.pem')],
      roles: {
        euicc: { cert: join(f, 'euicc-fullchain.pem'), key: join(f, 'euicc.key.der') },
        dpAuth: [{ cert: join(f, 'dp.der'), key: join(f, 'dp.key.der') }, { cert: join(f, 'dp.der'), key: join(f, 'dp.sec1.pem') }],
      },
    });
    assert.deepEqual(store.curves, ['nist', 'brp']);
    assert.equal(store.get('euicc', 'brp').chain[0].raw.equals(eum.der), true);
    assert.equal(store.get('dpAuth', 'nist').curve, 'nist');
    assert.equal(store.has('dpAuth', 'brp'), false);
    rejects(() => store.get('dpAuth', 'brp'), 'missing-role', /cis\.pem/);
  });

  it('names the file at fault for missing files, non-certificates, non-keys, foreign keys and other curves', () => {
    const f = tempDir();
    const dp = certOf(pki, 'nist/dpAuth');
    writeFileSync(join(f, 'dp.pem'), toPem('CERTIFICATE', dp.der));
    writeFileSync(join(f, 'dp.key.pem'), dp.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(f, 'other.key.pem'), certOf(pki, 'nist/dpPb').keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(f, 'junk.der'), Buffer.from('30031234', 'hex'));
    writeFileSync(join(f, 'text.pem'), 'hello\n');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    writeFileSync(join(f, 'p384.key.pem'), p384.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const p384Cert = issueCertificate({ subject: buildName([['CN', 'p384']]), publicKey: p384.publicKey, notBefore: new Date(), notAfter: new Date(Date.now() + 1e9), extensions: [] },
      { name: buildName([['CN', 'p384']]), privateKey: p384.privateKey });
    writeFileSync(join(f, 'p384.pem'), toPem('CERTIFICATE', p384Cert));
    const load = (cert: string, key: string) => () => PkiStore.fromFiles({ trust: [], roles: { dpAuth: { cert: join(f, cert), key: join(f, key) } } });
    rejects(load('missing.pem', 'dp.key.pem'), 'missing-file', /missing\.pem$/);
    rejects(load('dp.pem', 'missing.key.pem'), 'missing-file', /missing\.key\.pem$/);
    rejects(load('junk.der', 'dp.key.pem'), 'not-a-certificate', /junk\.der$/);
    rejects(load('dp.pem', 'junk.der'), 'not-a-key', /junk\.der$/);
    rejects(load('dp.pem', 'text.pem'), 'not-a-key', /text\.pem$/);
    rejects(load('dp.pem', 'other.key.pem'), 'key-mismatch', /other\.key\.pem$/);
    rejects(load('p384.pem', 'p384.key.pem'), 'unsupported-curve', /p384\.pem$/);
    rejects(load('dp.pem', 'p384.key.pem'), 'unsupported-curve', /p384\.key\.pem$/);
    rejects(() => PkiStore.fromFiles({ trust: [join(f, 'p384.pem')], roles: {} }), 'unsupported-curve', /p384\.pem$/);
  });

  it('fromSgp26: recognises the GSMA SGP.26 file names (DER certificates, SEC1 keys with EC PARAMETERS)', () => {
    const s = tempDir();
    const layout: Record<string, [string, string]> = {
      ci: ['CertificateIssuer/CERT_CI_ECDSA_%.der', 'CertificateIssuer/SK_CI_ECDSA_%.pem'],
      eum: ['EUM/CERT_EUM_ECDSA_%.der', 'EUM/SK_EUM_ECDSA_%.pem'],
      euicc: ['eUICC/CERT_EUICC_ECDSA_%.der', 'eUICC/SK_EUICC_ECDSA_%.pem'],
      dpAuth: ['DPauth/CERT_S_SM_DPauth_ECDSA_%.der', 'DPauth/SK_S_SM_DPauth_ECDSA_%.pem'],
      dpPb: ['DPpb/CERT_S_SM_DPpb_ECDSA_%.der', 'DPpb/SK_S_SM_DPpb_ECDSA_%.pem'],
      dpTls: ['DPtls/CERT_S_SM_DP_TLS_%.der', 'DPtls/SK_S_SM_DP_TLS_%.pem'],
    };
    for (const d of ['CertificateIssuer', 'EUM', 'eUICC', 'DPauth', 'DPpb', 'DPtls']) mkdirSync(join(s, d));
    for (const curve of ['nist', 'brp'] as const) {
      const suffix = curve === 'nist' ? 'NIST' : 'BRP';
      for (const [role, [cert, key]] of Object.entries(layout)) {
        const c = certOf(pki, `${curve}/${role}`);
        writeFileSync(join(s, cert.replace('%', suffix)), c.der);
        writeFileSync(join(s, key.replace('%', suffix)), sgp26Key(c.keys.privateKey, curve));
      }
    }
    const store = PkiStore.fromSgp26(s);
    assert.deepEqual(store.curves, ['nist', 'brp']);
    for (const curve of store.curves) {
      for (const role of Object.keys(layout) as (keyof typeof layout & string)[]) {
        const c = store.get(role as never, curve);
        assert.ok(c.cert.raw.equals(certOf(pki, `${curve}/${role}`).der), `${curve} ${role}`);
      }
      const e = store.get('euicc', curve);
      assert.ok(validateChain({ leaf: e.cert, intermediates: e.chain, trustAnchors: store.trustedCis(curve), expectedEid: EID }).ok);
    }
    // A broken file is named; a directory without a CI is not an SGP.26 layout.
    writeFileSync(join(s, 'DPpb/SK_S_SM_DPpb_ECDSA_BRP.pem'), sgp26Key(certOf(pki, 'brp/dpAuth').keys.privateKey, 'brp'));
    rejects(() => PkiStore.fromSgp26(s), 'key-mismatch', /DPpb\/SK_S_SM_DPpb_ECDSA_BRP\.pem$/);
    rejects(() => PkiStore.fromSgp26(tempDir()), 'missing-role', /sgp32-pki-/);
  });

  it('serves HTTPS on loopback with the TLS credentials (P-256: TLS 1.3; brainpoolP256r1: TLS 1.2 with the brainpool group offered)', async () => {
    const store = PkiStore.fromManifest(dir);
    // OpenSSL 3.0 (Node 20) has no TLS 1.3 signature scheme for brainpool; TLS 1.2 works once both
    // sides offer the brainpoolP256r1 group.
    type Tls = { maxVersion?: 'TLSv1.2'; ecdhCurve?: string };
    const brp: Tls = { maxVersion: 'TLSv1.2', ecdhCurve: 'brainpoolP256r1:prime256v1' };
    const cases: [Curve, 'dpTls' | 'eimTls', Tls][] = [['nist', 'dpTls', {}], ['nist', 'eimTls', {}], ['brp', 'dpTls', brp], ['brp', 'eimTls', brp]];
    for (const [curve, role, extra] of cases) {
      const c = store.get(role, curve);
      const pem = (x: X509Certificate) => x.toString();
      const server = createServer({ cert: [c.cert, ...c.chain].map(pem).join(''), key: c.key.export({ type: 'pkcs8', format: 'pem' }), ...extra }, (_q, res) => res.end(`${curve} ${role}`));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      try {
        for (const host of ['localhost', '127.0.0.1']) {
          assert.equal(await get(host, port, store.trustedCis(curve).map(pem), extra), `${curve} ${role}`);
        }
        await assert.rejects(get('localhost', port, store.trustedCis(curve === 'nist' ? 'brp' : 'nist').map(pem), extra), /unable to get local issuer|self.signed|unable to verify/i);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }
  });
});
