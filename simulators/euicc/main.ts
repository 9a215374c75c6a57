/**
 * S_eUICC standalone (`sgp32 sim euicc`): one simulated card, built from a test PKI and an optional
 * saved state, served to real IPAs over the harness's TCP APDU link or inserted into pcscd's vpcd
 * reader. The state file, when given, is rewritten after every command that changed the card.
 */
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecVersion, toHex } from '../../src/asn1';
import { generatePki, PkiStore, writePki } from '../../src/pki';
import { connectVpcd, serveTcp } from '../../src/transport/card';
import { TraceEvent } from '../../src/transport/trace';
import { EuiccCard, euiccCard } from './card';
import { euiccConfigFromPki } from './config';
import { SimEuicc } from './euicc';
import { loadState, saveState } from './state';
import { untilStopSignal } from '../signals';

export type EuiccTransport =
  | { kind: 'listen'; host?: string; port: number }
  | { kind: 'vpcd'; host: string; port: number };

export interface EuiccServerOptions {
  transport: EuiccTransport;
  /** A `sgp32 pki init` directory; without it a fresh test PKI is generated under the temp directory. */
  pkiDir?: string;
  /** EID of the generated PKI (ignored with `pkiDir`); default the saved state's, else a fresh one. */
  eid?: string;
  /** Loaded when it exists; written after each command that changed the state. */
  stateFile?: string;
  version?: SpecVersion;
  /** Log one line per APDU exchange. */
  verbose?: boolean;
  log?: (line: string) => void;
  /** Told when a link drops or a handler fails unexpectedly; serving goes on. */
  onError?: (error: unknown) => void;
}

export interface EuiccServer {
  readonly euicc: SimEuicc;
  readonly card: EuiccCard;
  readonly pkiDir: string;
  /** Where the card can be reached, e.g. `tcp 127.0.0.1:40123` or `vpcd 127.0.0.1:35963`. */
  readonly endpoint: string;
  /** TCP port actually listened on (with `listen`). */
  readonly port?: number;
  close(): Promise<void>;
}

/** Builds the card: PKI (given or generated), config at `version`, state from the file if it exists. */
export function buildEuicc(o: Pick<EuiccServerOptions, 'pkiDir' | 'eid' | 'stateFile' | 'version'>): { euicc: SimEuicc; pkiDir: string } {
  const saved = o.stateFile && existsSync(o.stateFile) ? loadState(o.stateFile) : undefined;
  let pkiDir = o.pkiDir;
  if (!pkiDir) {
    pkiDir = mkdtempSync(join(tmpdir(), 'sgp32-sim-euicc-'));
    writePki(pkiDir, generatePki({ eid: o.eid ?? saved?.eid }));
  }
  const config = euiccConfigFromPki(PkiStore.fromManifest(pkiDir), { version: o.version ?? saved?.version });
  // loadState again with the EID: a state file of another card is refused, never silently reused.
  const state = saved && o.stateFile ? loadState(o.stateFile, config.eid) : undefined;
  return { euicc: new SimEuicc(config, state), pkiDir };
}

export async function serveEuicc(o: EuiccServerOptions): Promise<EuiccServer> {
  const log = o.log ?? ((line: string) => console.log(line));
  const { euicc, pkiDir } = buildEuicc(o);
  let saved = JSON.stringify(euicc.state);
  const save = () => {
    if (!o.stateFile) return;
    const now = JSON.stringify(euicc.state);
    if (now === saved) return;
    saveState(o.stateFile, euicc.state);
    saved = now;
  };
  if (o.stateFile && !existsSync(o.stateFile)) saveState(o.stateFile, euicc.state);
  let command = '';
  const trace = o.verbose ? {
    record(e: TraceEvent) {
      if (e.direction === 'in') command = toHex(e.bytes);
      else log(`APDU ${command} -> ${toHex(e.bytes)}`);
    },
  } : undefined;
  const card = euiccCard(euicc, { trace, onCommand: save, onError: o.onError });

  if (o.transport.kind === 'listen') {
    const server = await serveTcp(card, { host: o.transport.host, port: o.transport.port, onError: o.onError });
    return { euicc, card, pkiDir, endpoint: `tcp ${server.host}:${server.port}`, port: server.port, close: () => server.close() };
  }
  const link = connectVpcd(card, { host: o.transport.host, port: o.transport.port, onError: o.onError });
  return { euicc, card, pkiDir, endpoint: `vpcd ${o.transport.host}:${o.transport.port}`, close: () => link.close() };
}

/** Serves until SIGINT or SIGTERM, then stops cleanly (the state file is already current). */
export async function runEuicc(o: EuiccServerOptions): Promise<void> {
  const log = o.log ?? ((line: string) => console.log(line));
  const stopped = untilStopSignal();
  const server = await serveEuicc(o);
  const { config } = server.euicc;
  log(`sgp32 sim euicc: EID ${config.eid}, SGP.32 ${config.version}, curves ${config.credentials.map((c) => c.curve).join(',')}, on ${server.endpoint}`);
  log(`  PKI ${server.pkiDir}${o.stateFile ? `, state ${o.stateFile}` : ''}`);
  await stopped;
  await server.close();
  log('sgp32 sim euicc: stopped');
}

// `node simulators/euicc/main.js …` is `sgp32 sim euicc …`.
if (require.main === module) {
  // Required here, not imported: the CLI imports this module for `sgp32 sim euicc`.
  const { main } = require('../../src/cli/main') as typeof import('../../src/cli/main');
  void main(['sim', 'euicc', ...process.argv.slice(2)]).then((code) => { process.exitCode = code; });
}
