/**
 * S_SM-DP+ standalone (`sgp32 sim smdpp`): ES9+ and ES2+ over HTTPS on one curve, from a test PKI
 * (given or generated), with download orders placed and released at start so an IPA or eIM can
 * download without an operator on ES2+. It reports one line per listening endpoint and per order,
 * then one per exchange: `smdpp es9 <function> tx=<hex> ok`, `smdpp es2 <function> iccid=<iccid>
 * failed 8.2.1/3.9 …`, `smdpp notification pir iccid=<iccid> tx=<hex> result=success`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecVersion } from '../../src/asn1';
import { Curve } from '../../src/crypto/curves';
import { generatePki, PkiStore, writePki } from '../../src/pki';
import { ServerNote } from '../../src/transport/http';
import { ReceivedNotification } from './notifications';
import { InventoryProfile } from './orders';
import { SimSmdpp, SmdppExchange, SmdppUrls, testInventory } from './server';
import { untilStopSignal } from '../signals';

/** An order placed and released at start: on ICCID, with matchingId (default generated; '' = by EID only) and EID. */
export interface SmdppOrderSpec {
  iccid: string;
  matchingId?: string;
  eid?: string;
}

export interface SmdppServerOptions {
  /** A `sgp32 pki init` directory; without it a fresh test PKI is generated under the temp directory. */
  pkiDir?: string;
  /** Default 'nist'. */
  curve?: Curve;
  /** Default 127.0.0.1; ports default to free ones. */
  host?: string;
  es9Port?: number;
  es2Port?: number;
  /** The SM-DP+ address (default the test PKI's DPtls name, testsmdpplus1.example.com). */
  address?: string;
  version?: SpecVersion;
  /** Orderable 'Test' profiles (default 3); the ICCIDs of `orders` are added to them. */
  profiles?: number;
  orders?: readonly SmdppOrderSpec[];
  /** How long an order stays downloadable after DownloadOrder (default 24 h). */
  orderLifetimeMs?: number;
  /** An RSP session idle this long is dropped (default: never). */
  sessionTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface SmdppServer {
  readonly sim: SimSmdpp;
  readonly urls: SmdppUrls;
  readonly pkiDir: string;
  /** The orders placed at start with their activation codes. */
  readonly orders: readonly { iccid: string; activationCode: string }[];
  close(): Promise<void>;
}

const OPERATIONS: Record<string, string> = {
  notificationInstall: 'install', notificationEnable: 'enable', notificationDisable: 'disable', notificationDelete: 'delete',
};

function notificationLine(n: ReceivedNotification): string {
  const iccid = n.iccid ? ` iccid=${n.iccid}` : '';
  if (n.kind === 'profileInstallationResult') {
    const result = n.success ? 'success' : `error bppCommandId=${n.errorResult?.bppCommandId} errorReason=${n.errorResult?.errorReason}`;
    return `smdpp notification pir${iccid} tx=${n.transactionId} result=${result}${n.signatureValid ? '' : ` signature=invalid (${n.problem})`}`;
  }
  const kind = n.operations.map((o) => OPERATIONS[o] ?? o).join(',');
  return `smdpp notification ${kind}${iccid} seq=${n.seqNumber} result=${n.signatureValid ? 'verified' : `unverified (${n.problem})`}`;
}

/** One line per exchange, as `sgp32 sim smdpp` prints it. */
export function exchangeLine(x: SmdppExchange): string {
  if (x.notification) return notificationLine(x.notification);
  const subject = x.subject ? ` ${x.interface === 'es9' ? 'tx' : 'iccid'}=${x.subject}` : '';
  const outcome = x.failure ? `failed ${x.failure.subjectCode}/${x.failure.reasonCode}${x.failure.detail ? ` ${x.failure.detail}` : ''}` : 'ok';
  return `smdpp ${x.interface} ${x.fn}${subject} ${outcome}`;
}

function noteLine(n: ServerNote): string {
  return `smdpp http ${n.status || 'tls'} ${n.method ?? ''} ${n.path ?? ''} ${n.remote}: ${n.reason}`.replace(/ {2,}/g, ' ');
}

/** Builds S_SM-DP+, places the orders, and serves ES9+ and ES2+. */
export async function serveSmdpp(o: SmdppServerOptions = {}): Promise<SmdppServer> {
  const log = o.log ?? ((line: string) => console.log(line));
  let pkiDir = o.pkiDir;
  if (!pkiDir) {
    pkiDir = mkdtempSync(join(tmpdir(), 'sgp32-sim-smdpp-'));
    writePki(pkiDir, generatePki());
  }
  const pki = PkiStore.fromManifest(pkiDir);
  const inventory: InventoryProfile[] = testInventory(o.profiles);
  for (const spec of o.orders ?? []) {
    if (!inventory.some((p) => p.iccid === spec.iccid)) inventory.push({ iccid: spec.iccid, profileType: 'Test' });
  }
  const sim = new SimSmdpp({
    pki, curve: o.curve ?? 'nist', address: o.address, version: o.version, profiles: inventory,
    orderLifetimeMs: o.orderLifetimeMs, sessionTimeoutMs: o.sessionTimeoutMs,
  });
  const orders = (o.orders ?? []).map((spec) => {
    sim.profileOf(spec.iccid); // an ICCID no profile can carry is refused here, before serving
    sim.orders.downloadOrder({ iccid: spec.iccid, ...(spec.eid !== undefined && { eid: spec.eid }) });
    sim.orders.confirmOrder({ iccid: spec.iccid, releaseFlag: true, ...(spec.matchingId !== undefined && { matchingId: spec.matchingId }) });
    return { iccid: spec.iccid, activationCode: sim.activationCode(spec.iccid) };
  });
  const urls = await sim.start({ host: o.host, es9Port: o.es9Port, es2Port: o.es2Port, onExchange: (x) => log(exchangeLine(x)), log: (n) => log(noteLine(n)) });
  return { sim, urls, pkiDir, orders, close: () => sim.close() };
}

/** Serves until SIGINT or SIGTERM, then stops cleanly. */
export async function runSmdpp(o: SmdppServerOptions = {}): Promise<void> {
  const log = o.log ?? ((line: string) => console.log(line));
  const server = await serveSmdpp({ ...o, log });
  const stopped = untilStopSignal();
  log(`smdpp pki ${server.pkiDir}`);
  for (const order of server.orders) log(`smdpp order ${order.iccid} ${order.activationCode}`);
  log(`smdpp es9 ${server.urls.es9}`);
  log(`smdpp es2 ${server.urls.es2}`);
  await stopped;
  await server.close();
  log('smdpp stopped');
}

// `node simulators/smdpp/main.js …` is `sgp32 sim smdpp …`.
if (require.main === module) {
  // Required here, not imported: the CLI imports this module for `sgp32 sim smdpp`.
  const { main } = require('../../src/cli/main') as typeof import('../../src/cli/main');
  void main(['sim', 'smdpp', ...process.argv.slice(2)]).then((code) => { process.exitCode = code; });
}
