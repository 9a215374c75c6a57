/**
 * S_eIM standalone (`sgp32 sim eim`): ESipa and the northbound API on real sockets, built from a test
 * PKI (given, or generated under the temp directory), for IPAs, eUICCs and scripts that reach it over
 * the network. The eIM configuration an IPA needs for ES10b.AddInitialEim can be written to a file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecVersion } from '../../src/asn1';
import { Curve } from '../../src/crypto/curves';
import { generatePki, PkiInputError, PkiStore, writePki } from '../../src/pki';
import type { TraceSink } from '../../src/transport/trace';
import { EimUrls, SimEim } from './eim';
import { untilStopSignal } from '../signals';

export interface EimServerOptions {
  /** A `sgp32 pki init` directory; without it a fresh test PKI is generated under the temp directory. */
  pkiDir?: string;
  /** Default nist when the PKI has it. */
  curve?: Curve;
  version?: SpecVersion;
  eimId?: string;
  smdpUrls?: Readonly<Record<string, string>>;
  es9Binding?: 'json' | 'asn1';
  /** Default true. */
  indirectDownload?: boolean;
  counterStart?: number;
  es9TimeoutMs?: number;
  host?: string;
  port?: number;
  /** Default 127.0.0.1. */
  apiHost?: string;
  apiPort?: number;
  insecureHttp?: boolean;
  apiHttps?: boolean;
  /** eimFqdn in the configuration (default the host:port listened on). */
  fqdn?: string;
  /** Where to write the AddInitialEimRequest (BF57, DER) once listening. */
  writeConfig?: string;
  trace?: TraceSink;
  log?: (line: string) => void;
}

export interface EimServer {
  readonly eim: SimEim;
  readonly urls: EimUrls;
  readonly pkiDir: string;
  close(): Promise<void>;
}

export async function serveEim(o: EimServerOptions = {}): Promise<EimServer> {
  let pkiDir = o.pkiDir;
  if (!pkiDir) {
    pkiDir = mkdtempSync(join(tmpdir(), 'sgp32-sim-eim-'));
    writePki(pkiDir, generatePki());
  }
  const pki = PkiStore.fromManifest(pkiDir);
  const curve = o.curve ?? (pki.curves.includes('nist') ? 'nist' : pki.curves[0]);
  if (!pki.has('eimSign', curve) || !pki.has('eimTls', curve)) throw new PkiInputError('missing-role', pkiDir, `no eimSign and eimTls credentials on ${curve}`);
  const eim = new SimEim({
    pki, curve, version: o.version, eimId: o.eimId, smdpUrls: o.smdpUrls, es9Binding: o.es9Binding, indirectDownload: o.indirectDownload,
    counterStart: o.counterStart, es9TimeoutMs: o.es9TimeoutMs,
  });
  const urls = await eim.start({ host: o.host, port: o.port, apiHost: o.apiHost, apiPort: o.apiPort, insecureHttp: o.insecureHttp, apiHttps: o.apiHttps, fqdn: o.fqdn, trace: o.trace, log: o.log });
  if (o.writeConfig) writeFileSync(o.writeConfig, eim.addInitialEimRequest());
  return { eim, urls, pkiDir, close: () => eim.close() };
}

/** Serves until SIGINT or SIGTERM, printing `eim <what> <url>` per endpoint and one line per exchange. */
export async function runEim(o: EimServerOptions = {}): Promise<void> {
  const log = o.log ?? ((line: string) => console.log(line));
  const stopped = untilStopSignal();
  const server = await serveEim({ ...o, log });
  const { eim } = server;
  log(`eim esipa ${server.urls.esipa}`);
  log(`eim api ${server.urls.api}`);
  log(`sgp32 sim eim: eimId ${eim.eimId}, SGP.32 ${eim.version}, curve ${eim.curve}, ${eim.indirectDownload ? 'indirect' : 'direct'} download, PKI ${server.pkiDir}`);
  if (o.writeConfig) log(`eim config ${o.writeConfig}`);
  await stopped;
  await server.close();
  log('sgp32 sim eim: stopped');
}
