/**
 * The genuine GSMA SGP.26 test certificates, when the osmo-ttcn3-hacks mirror is on this machine:
 * extracted into a temporary directory at test time (never copied into the repository), then
 * validated, loaded with PkiStore.fromSgp26, and compared with what OpenSSL makes of them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Curve } from '../../src/crypto/curves';
import { PkiStore, POLICY, validateChain, ValidateChainOptions } from '../../src/pki';
import { EID, HAVE_OPENSSL, opensslVerify, tempDir } from './helpers';

const MIRROR = '/work/.mirror/osmocom+osmo-ttcn3-hacks/repo';

/** Extracts smdpp/sgp26 and smdpp/InvalidTestCases; the reason it cannot, or undefined. */
function extract(to: string): string | undefined {
  if (!existsSync(MIRROR)) return `the osmo-ttcn3-hacks mirror (${MIRROR}) is not on this machine`;
  const tar = spawnSync('git', ['-C', MIRROR, 'archive', '--format=tar', 'HEAD', 'smdpp/sgp26', 'smdpp/InvalidTestCases'], { maxBuffer: 64 << 20 });
  if (tar.error) return `git is not available (${tar.error.message})`;
  if (tar.status !== 0) return `git archive failed: ${tar.stderr}`;
  const x = spawnSync('tar', ['-x', '-C', to], { input: tar.stdout });
  return x.status === 0 ? undefined : `tar failed: ${x.stderr}`;
}

const root = tempDir('sgp32-sgp26-');
const skip = extract(root);
const sgp26 = join(root, 'smdpp', 'sgp26');
const invalid = join(root, 'smdpp', 'InvalidTestCases');
const read = (...p: string[]) => readFileSync(join(...p));
const SUFFIX: Record<Curve, string> = { nist: 'NIST', brp: 'BRP' };
/** Inside the validity of every genuine certificate used here (the VARO TLS one lives 2026-07-21 .. 2027-02-06). */
const AT = new Date('2026-12-01T00:00:00Z');

function check(curve: Curve, leaf: string, more: Partial<ValidateChainOptions> = {}) {
  return validateChain({ leaf: read(sgp26, leaf), trustAnchors: [read(sgp26, `CertificateIssuer/CERT_CI_ECDSA_${SUFFIX[curve]}.der`)], at: AT, ...more });
}

describe('the GSMA SGP.26 test certificates', { skip }, () => {
  it('the harness validator accepts the eUICC, DPauth, DPpb and TLS chains on both curves', () => {
    for (const curve of ['nist', 'brp'] as const) {
      const s = SUFFIX[curve];
      const eum = read(sgp26, `EUM/CERT_EUM_ECDSA_${s}.der`);
      const r = check(curve, `eUICC/CERT_EUICC_ECDSA_${s}.der`, { intermediates: [eum], expectedPolicy: POLICY.euicc, expectedCurve: curve, expectedEid: EID });
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.eid, EID);
      for (const [file, policy] of [[`DPauth/CERT_S_SM_DPauth_ECDSA_${s}.der`, POLICY.dpAuth], [`DPauth/CERT_S_SM_DP2auth_ECDSA_${s}.der`, POLICY.dpAuth],
        [`DPpb/CERT_S_SM_DPpb_ECDSA_${s}.der`, POLICY.dpPb], [`DPtls/CERT_S_SM_DP_VARO_TLS_${s}.der`, POLICY.dpTls]]) {
        const d = check(curve, file, { expectedPolicy: policy, expectedCurve: curve });
        assert.ok(d.ok, `${file}: ${d.ok ? '' : d.message}`);
      }
      const swapped = check(curve, `DPpb/CERT_S_SM_DPpb_ECDSA_${s}.der`, { expectedPolicy: POLICY.dpAuth });
      assert.equal(swapped.ok ? 'ok' : swapped.reason, 'wrong-policy');
    }
    const old = check('nist', 'DPtls/CERT_S_SM_DP2_TLS.der');
    assert.equal(old.ok ? 'ok' : old.reason, 'expired');
  });

  it('openssl rejects the genuine eUICC chain (error 47): SGP.22 prefix constraints are not X.509 ones', { skip: HAVE_OPENSSL ? false : 'openssl is not installed' }, () => {
    const pem = (der: string) => {
      const out = join(root, `${der.replace(/\W/g, '_')}.pem`);
      spawnSync('openssl', ['x509', '-inform', 'der', '-in', join(sgp26, der), '-out', out]);
      return out;
    };
    const r = opensslVerify(['-CAfile', pem('CertificateIssuer/CERT_CI_ECDSA_NIST.der'), '-untrusted', pem('EUM/CERT_EUM_ECDSA_NIST.der'), pem('eUICC/CERT_EUICC_ECDSA_NIST.der')]);
    assert.deepEqual(r.errors.map((e) => [e.error, e.depth]), [[47, 0]], r.output);
  });

  it('the SGP.26 invalid test cases are rejected for their reason', () => {
    const eum = read(sgp26, 'EUM/CERT_EUM_ECDSA_NIST.der');
    const cases: [string, Partial<ValidateChainOptions>, string][] = [
      ['CERT_EUICC_ECDSA_NIST_EXPIRED.der', { intermediates: [eum] }, 'expired'],
      ['CERT_EUICC_ECDSA_NIST_INVALID_EID.der', { intermediates: [eum] }, 'eid-mismatch'],
      ['CERT_EUICC_ECDSA_NIST_UNMATCHED_EID.der', { intermediates: [eum], expectedEid: EID }, 'eid-mismatch'],
      ['CERT_EUICC_ECDSA_NIST_INVALID.der', { intermediates: [eum] }, 'unknown-ci'],
      ['CERT_EUM_ECDSA_NIST_EXPIRED.der', {}, 'expired'],
      ['CERT_EUM_ECDSA_NIST_INVALID.der', {}, 'unknown-ci'],
      ['CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der', {}, 'unknown-ci'],
      ['CERT_UNKNOWN_CI_ECDSA_NIST.der', {}, 'unknown-ci'],
    ];
    for (const [file, more, reason] of cases) {
      const r = validateChain({ leaf: read(invalid, file), trustAnchors: [read(sgp26, 'CertificateIssuer/CERT_CI_ECDSA_NIST.der')], at: AT, ...more });
      assert.equal(r.ok ? 'ok' : r.reason, reason, `${file}: ${r.ok ? '' : r.message}`);
    }
  });

  it('PkiStore.fromSgp26 loads the set: every role with its key, the eUICC with its EUM', () => {
    const store = PkiStore.fromSgp26(sgp26);
    assert.deepEqual(store.curves, ['nist', 'brp']);
    for (const curve of store.curves) {
      for (const role of ['ci', 'eum', 'euicc', 'dpAuth', 'dpPb', 'dpTls'] as const) assert.ok(store.has(role, curve), `${curve} ${role}`);
      const e = store.get('euicc', curve);
      assert.equal(e.eid, EID);
      assert.ok(validateChain({ leaf: e.cert, intermediates: e.chain, trustAnchors: store.trustedCis(curve), at: AT }).ok);
    }
  });
});
