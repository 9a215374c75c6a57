/**
 * S_SM-DP+ over real HTTPS on loopback for one test file: one SimSmdpp per curve on the euicc
 * fixture's PKI, started before the file's tests and closed after them, with ES2+ / ES9+ clients,
 * an order helper and the status-code assertion every refusal test makes.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Curve } from '../../../src/crypto/curves';
import { luhnCheckDigit } from '../../../src/profile';
import { Es2PlusClient, Es9PlusClient, FunctionFailedError } from '../../../src/transport/http';
import { InventoryProfile } from '../../../simulators/smdpp/orders';
import { SimSmdpp, SimSmdppOptions, SmdppUrls } from '../../../simulators/smdpp/server';
import { fixturePki } from '../euicc/fixture';

export const CURVES: readonly Curve[] = ['nist', 'brp'];
/** Same EIN as FIXTURE_EID, another card. */
export const OTHER_EID = '89049032123451234512345678901000';
/** The one SM-DS the benches' SM-DP+ may register events with. */
export const SMDS_ADDRESS = 'testrootsmds.example.com';
export const { pki, dir: PKI_DIR } = fixturePki();

/** `count` profiles of `type` with ICCIDs 890049 ‖ `series` ‖ index ‖ 1 ‖ check digit. */
export function inventory(series: number, count: number, type: string, extra: Partial<InventoryProfile> = {}): InventoryProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const payload = `890049${String(series).padStart(2, '0')}${String(i).padStart(10, '0')}1`;
    return { iccid: `${payload}${luhnCheckDigit(payload)}`, profileType: type, ...extra };
  });
}

/** 40 'Test' profiles (each test takes fresh ones), 4 'Scarce' ones, 12 PPK-protected ones and 4 with PPR1. */
export const PROFILES: InventoryProfile[] = [
  ...inventory(0, 40, 'Test'), ...inventory(1, 4, 'Scarce'),
  ...inventory(2, 12, 'PPK', { protection: 'ppk' }), ...inventory(3, 4, 'PPR1', { profilePolicyRules: ['ppr1'] }),
];

export interface OrderOptions {
  curve?: Curve;
  eid?: string;
  confirmationCode?: string;
  releaseFlag?: boolean;
  matchingId?: string;
  smdsAddress?: string;
  profileType?: string;
}

export interface SmdppBench {
  sim(curve?: Curve): SimSmdpp;
  urls(curve?: Curve): SmdppUrls;
  address(curve?: Curve): string;
  es2(curve?: Curve, withCert?: boolean): Es2PlusClient;
  es9(curve?: Curve, binding?: 'json' | 'asn1'): Es9PlusClient;
  /** DownloadOrder by profile type and ConfirmOrder over ES2+; resolves with the ICCID and matchingId. */
  order(o?: OrderOptions): Promise<{ iccid: string; matchingId: string; eid?: string; smdpAddress?: string }>;
}

/** One SimSmdpp per curve for the calling test file. */
export function smdppBench(options: Partial<Omit<SimSmdppOptions, 'pki' | 'curve'>> = {}, curves: readonly Curve[] = CURVES): SmdppBench {
  const sims = new Map<Curve, { sim: SimSmdpp; urls: SmdppUrls }>();
  before(async () => {
    for (const curve of curves) {
      const sim = new SimSmdpp({ pki, curve, profiles: PROFILES, smdsAddresses: [SMDS_ADDRESS], ...options });
      sims.set(curve, { sim, urls: await sim.start() });
    }
  });
  after(async () => {
    for (const { sim } of sims.values()) await sim.close();
  });
  const entry = (curve: Curve = 'nist') => sims.get(curve) ?? assert.fail(`no S_SM-DP+ on ${curve}`);
  const bench: SmdppBench = {
    sim: (curve) => entry(curve).sim,
    urls: (curve) => entry(curve).urls,
    address: (curve) => entry(curve).sim.address,
    es2: (curve = 'nist', withCert = true) => new Es2PlusClient({
      baseUrl: entry(curve).urls.es2, trust: pki.trustedCis(curve), functionRequesterIdentifier: 'test-mno',
      ...(withCert && { clientCredential: pki.get('es2plusClient', curve) }),
    }),
    es9: (curve = 'nist', binding = 'json') => new Es9PlusClient({ baseUrl: entry(curve).urls.es9, trust: pki.trustedCis(curve), binding }),
    async order(o = {}) {
      const client = bench.es2(o.curve);
      const { iccid } = await client.downloadOrder({ ...(o.eid !== undefined && { eid: o.eid }), profileType: o.profileType ?? 'Test' });
      const confirmed = await client.confirmOrder({
        iccid, releaseFlag: o.releaseFlag ?? true,
        ...(o.confirmationCode !== undefined && { confirmationCode: o.confirmationCode }), ...(o.matchingId !== undefined && { matchingId: o.matchingId }),
        ...(o.smdsAddress !== undefined && { smdsAddress: o.smdsAddress }),
      });
      await client.close();
      return { iccid, ...confirmed };
    },
  };
  return bench;
}

/** The function failed with status code `subject` / `reason` (JSON binding). */
export async function fails(p: Promise<unknown>, subject: string, reason: string): Promise<FunctionFailedError> {
  const e = await failure(p);
  assert.deepEqual([e.statusCodeData?.subjectCode, e.statusCodeData?.reasonCode], [subject, reason], e.message);
  return e;
}

/**
 * The function failed with the error alternative `asn1Error` (ASN.1 binding); the status code the
 * client reads from it is `subject` / `reason`, or none when the alternative has no single code.
 */
export async function failsAsn1(p: Promise<unknown>, asn1Error: string, subject?: string, reason?: string): Promise<FunctionFailedError> {
  const e = await failure(p);
  assert.equal(e.asn1Error, asn1Error, e.message);
  assert.deepEqual(e.statusCodeData && [e.statusCodeData.subjectCode, e.statusCodeData.reasonCode], subject === undefined ? undefined : [subject, reason], e.message);
  return e;
}

async function failure(p: Promise<unknown>): Promise<FunctionFailedError> {
  const e = await p.then(() => assert.fail('expected a failure'), (x: unknown) => x);
  assert.ok(e instanceof FunctionFailedError, String(e));
  assert.equal(e.status, 'Failed');
  return e;
}
