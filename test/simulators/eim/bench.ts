/**
 * S_eIM under test from the IPA's side, by hand: an EsipaClient over real HTTPS on loopback towards a
 * started SimEim, and an S_eUICC card behind APDUs (euiccFixture) that was given the eIM's
 * configuration with ES10b.AddInitialEim. eIM Packages travel to the card as the eIM sent them; the
 * card's answers travel back in ProvideEimPackageResult; acknowledged notifications are removed from
 * the card, as an IPA does.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { codec, Codec, fromHex, SpecVersion } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { AsnValue, EsipaClient, EsipaClientOptions } from '../../../src/transport/http';
import { compactPendingNotification } from '../../../simulators/eim/compact';
import { EimUrls, SimEim, SimEimOptions } from '../../../simulators/eim/eim';
import { EuiccFixture, euiccFixture, EuiccFixtureOptions } from '../euicc/fixture';

export interface EimBench {
  eim: SimEim;
  urls: EimUrls;
  f: EuiccFixture;
  c: Codec;
  eid: Buffer;
  /** IPA → eIM, one kept-alive connection per procedure (close() ends it). */
  ipa: EsipaClient;
  /** Log lines of the eIM. */
  lines: string[];
}

export interface BenchOptions {
  curve?: Curve;
  version?: SpecVersion;
  eim?: Partial<SimEimOptions>;
  card?: EuiccFixtureOptions;
  /** Skip ES10b.AddInitialEim. */
  virgin?: boolean;
  client?: Partial<EsipaClientOptions>;
}

/** A bench factory for one test file: everything it opens is closed after the file's tests. */
export function benches(): (o?: BenchOptions) => Promise<EimBench> {
  const open: EimBench[] = [];
  after(async () => {
    for (const b of open) {
      await b.ipa.close();
      await b.eim.close();
      await b.f.close();
    }
  });
  return async (o = {}) => {
    const curve = o.curve ?? 'nist';
    const f = await euiccFixture({ curves: [curve], version: o.version, ...o.card });
    const lines: string[] = [];
    const eim = new SimEim({ pki: f.pki, curve, version: o.version, ...o.eim });
    const urls = await eim.start({ log: (l) => lines.push(l) });
    const c = codec('SGP32Definitions', o.version ?? 'v1.2');
    if (!o.virgin) {
      const res = c.decode('AddInitialEimResponse', await f.raw(eim.addInitialEimRequest()));
      assert.ok(res.addInitialEimOk, `AddInitialEim refused: ${JSON.stringify(res)}`);
    }
    const ipa = new EsipaClient({ baseUrl: urls.esipa, trust: f.pki.trustedCis(), version: o.version, ...o.client });
    const b = { eim, urls, f, c, eid: Buffer.from(f.config.eid, 'hex'), ipa, lines };
    open.push(b);
    return b;
  };
}

/** Places an order through the programmatic API (same checks as POST /api/v1/orders). */
export function order(b: EimBench, json: Record<string, unknown>) {
  return b.eim.createOrder({ eid: b.f.config.eid, ...json });
}

/** GetEimPackage for the bench's card; resolves with the getEimPackageResponse value. */
export function poll(b: EimBench, extra: Record<string, unknown> = {}): Promise<AsnValue> {
  return b.ipa.getEimPackage({ eidValue: b.eid, ...extra });
}

/** ES10b.LoadEuiccPackage of the package as the eIM sent it; resolves with the EuiccPackageResult DER. */
export async function load(b: EimBench, euiccPackageRequest: AsnValue): Promise<Uint8Array> {
  return b.f.raw(b.c.encode('EuiccPackageRequest', euiccPackageRequest));
}

/** ProvideEimPackageResult of `eimPackageResult` (a CHOICE value); v1.0 sends the bare CHOICE. */
export function provide(b: EimBench, eimPackageResult: AsnValue, opts: { eid?: Buffer | null } = {}): Promise<AsnValue | undefined> {
  if (b.eim.version === 'v1.0') return b.ipa.provideEimPackageResult(eimPackageResult);
  const eid = opts.eid === undefined ? b.eid : opts.eid;
  return b.ipa.provideEimPackageResult({ ...(eid && { eidValue: eid }), eimPackageResult });
}

/** Removes acknowledged notifications from the card (ES10b.RemoveNotificationFromList), as the IPA does. */
export async function removeAcknowledged(b: EimBench, acks: readonly number[]): Promise<void> {
  for (const seqNumber of acks) {
    const { deleteNotificationStatus } = await b.f.es10('NotificationSentRequest', { seqNumber });
    assert.equal(deleteNotificationStatus, 0, `the card had seqNumber ${seqNumber}`);
  }
}

/**
 * One whole poll cycle for a PSMO / eCO order: GetEimPackage, LoadEuiccPackage on the card,
 * ProvideEimPackageResult (with the card's pending notifications when `notifications`), removal of
 * what the eIM acknowledged. Resolves with the package, the card's result and the eIM's answer.
 */
export async function cycle(b: EimBench, opts: { notifications?: boolean; compact?: boolean } = {}) {
  const pkg = await poll(b);
  assert.ok(pkg.euiccPackageRequest, `expected an eUICC Package, got ${JSON.stringify(b.c.toJSON('GetEimPackageResponse', pkg))}`);
  const resultDer = await load(b, pkg.euiccPackageRequest);
  const euiccPackageResult = b.c.decode('EuiccPackageResult', resultDer);
  let eimPackageResult: AsnValue = { euiccPackageResult };
  if (opts.notifications) {
    const list = await b.f.es10('RetrieveNotificationsListRequest', {});
    const pending = (n: AsnValue) => (opts.compact ? b.c.decode('PendingNotification', compactPendingNotification(b.c.encode('PendingNotification', n))) : n);
    const notificationList = b.eim.version === 'v1.0' ? list : list.notificationList.map(pending);
    eimPackageResult = { ePRAndNotifications: { euiccPackageResult, notificationList } };
  }
  const answer = await provide(b, eimPackageResult);
  const acks: number[] = answer?.eimAcknowledgements ?? [];
  await removeAcknowledged(b, acks);
  return { pkg: pkg.euiccPackageRequest as AsnValue, resultDer, result: euiccPackageResult as AsnValue, answer, acks };
}

/** The JSON of a northbound API call. */
export async function api(url: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}${path}`, {
    method, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': contentType } }),
  });
  return { status: res.status, json: await res.json() };
}

export const hex = (s: string) => Buffer.from(fromHex(s));
