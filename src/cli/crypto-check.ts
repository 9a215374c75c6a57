/**
 * The crypto self-check of `sgp32 run`: what every simulated role will stand on, exercised end to
 * end per curve. A fresh test PKI whose valid chains validate and whose defective variants are
 * rejected for their stated reason; every RSP signature recipe signed, verified and caught when
 * tampered; the generated test profile bound into a BPP, loaded segment by segment as a card does,
 * and a changed byte refused with an SGP.22 error code.
 */
import { randomBytes } from 'node:crypto';
import { buildBoundProfilePackage } from '../crypto/bpp';
import { BppError } from '../crypto/bpp-errors';
import { BppLoader } from '../crypto/bpp-loader';
import { Curve, CURVE_INFO, CURVES } from '../crypto/curves';
import { generateOneTimeKey } from '../crypto/ecka';
import { recipe, SIGNATURE_NAMES, signRsp, verifyRsp } from '../crypto/rsp-signatures';
import { generatePki, GeneratedCert, POLICY, validateChain } from '../pki';
import { buildTestProfile, parseProfile } from '../profile';
import type { SuiteResult } from './run';

export function cryptoSelfCheck(): SuiteResult {
  const r: SuiteResult = { suite: 'crypto', passed: 0, failed: 0, skipped: 0, notes: [] };
  const check = (name: string, ok: boolean, why = '') => {
    if (ok) r.passed++;
    else (r.failed++, r.notes.push(`${name}${why ? `: ${why}` : ''}`));
  };
  const attempt = (name: string, f: () => boolean | string) => {
    try {
      const out = f();
      check(name, out === true, typeof out === 'string' ? out : '');
    } catch (e) {
      check(name, false, `${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  const pki = generatePki({ curves: [...CURVES] });
  const byId = new Map(pki.certs.map((c) => [c.id, c]));
  for (const curve of CURVES) {
    const label = CURVE_INFO[curve].label;
    for (const c of pki.certs.filter((x) => x.curve === curve && x.presented)) {
      attempt(`${c.id} ${c.defect ? `rejected as ${c.defect}` : 'chain validates'}`, () => {
        const res = validateChain({
          leaf: c.der, intermediates: c.chain.map((id) => byId.get(id)!.der), trustAnchors: [byId.get(`${curve}/ci`)!.der],
          expectedPolicy: POLICY[c.role], expectedCurve: curve, expectedEid: c.role === 'euicc' && !c.defect ? pki.eid : undefined,
        });
        return c.defect ? !res.ok && (res.reason === c.defect || `rejected as ${res.reason}`) : res.ok || res.message;
      });
    }
    const key = byId.get(`${curve}/dpAuth`)!.keys;
    for (const name of SIGNATURE_NAMES) {
      attempt(`${label} ${name}: signs, verifies, refuses a changed byte`, () => {
        const parts = Object.fromEntries(recipe(name).parts.map((p) => [p, Buffer.concat([Buffer.of(0x04, 20), randomBytes(20)])]));
        const sig = signRsp(name, key.privateKey, parts);
        const first = recipe(name).parts[0], bad = Buffer.from(parts[first]);
        bad[bad.length - 1] ^= 1;
        return verifyRsp(name, key.publicKey, parts, sig) && !verifyRsp(name, key.publicKey, { ...parts, [first]: bad }, sig);
      });
    }
    attempt(`${label} BPP with the test profile: built, loaded segment by segment, tampering refused`, () => bppRoundTrip(curve, byId.get(`${curve}/dpPb`)!, pki.eid));
  }
  return r;
}

function bppRoundTrip(curve: Curve, dpPb: GeneratedCert, eidText: string): boolean | string {
  const profile = buildTestProfile();
  const euiccOtk = generateOneTimeKey(curve), transactionId = randomBytes(16), eid = Buffer.from(eidText, 'hex');
  const bpp = buildBoundProfilePackage({
    curve, transactionId, dpPb: dpPb.keys.privateKey, euiccOtpk: euiccOtk.publicKey, eid, hostId: Buffer.from('sgp32-harness'),
    storeMetadata: { iccid: profile.iccidBcd, serviceProviderName: profile.serviceProviderName, profileName: profile.profileName },
    upp: profile.upp,
  });
  const load = (segments: Buffer[]) => {
    const loader = new BppLoader({ dpPb: dpPb.keys.publicKey, euiccOtk, eid, transactionId });
    let out;
    for (const s of segments) out = loader.load(s);
    return out;
  };
  const opened = load(bpp.segments);
  if (!opened || !opened.upp.equals(profile.upp)) return 'the loaded UPP differs from the one bound';
  if (parseProfile(opened.upp).iccid !== profile.iccid) return 'the loaded profile carries another ICCID';
  const tampered = bpp.segments.map((s) => Buffer.from(s));
  const last = tampered[tampered.length - 1];
  last[last.length - 1] ^= 1;
  try {
    load(tampered);
    return 'a changed C-MAC byte was accepted';
  } catch (e) {
    return e instanceof BppError && e.errorReason > 0 ? true : `unexpected ${(e as Error).name}`;
  }
}
