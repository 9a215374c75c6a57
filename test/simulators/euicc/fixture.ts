/**
 * One S_eUICC per test, reached the way an IPA reaches a card: ES10 commands go through STORE DATA
 * APDUs (Es10Session) over an InProcessConnector into the card-side T=0 engine. The test PKI is
 * generated once per process and per curve set, written under the OS temp directory.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecVersion } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { generatePki, PkiStore, writePki } from '../../../src/pki';
import { Es10Session } from '../../../src/transport/apdu';
import { InProcessConnector } from '../../../src/transport/card';
import { TraceSink } from '../../../src/transport/trace';
import { buildTestProfile, TestProfileOptions } from '../../../src/profile';
import { DownloadServer, DownloadServerOptions } from '../../../simulators/smdpp/download';
import { EuiccCard, euiccCard } from '../../../simulators/euicc/card';
import { EuiccCapabilities, EuiccConfig, euiccConfigFromPki, EuiccLimits } from '../../../simulators/euicc/config';
import { Es10Function } from '../../../simulators/euicc/context';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { ES10_FUNCTIONS } from '../../../simulators/euicc/functions';
import { EuiccState } from '../../../simulators/euicc/state';

/** A valid EID (EIN 89049032, check digits 35) shared by the fixtures of a process. */
export const FIXTURE_EID = '89049032123451234512345678901235';

export interface EuiccFixtureOptions {
  version?: SpecVersion;
  /** Curves with a CI, EUM and eUICC credential (default both; the first is the card's default). */
  curves?: readonly Curve[];
  eid?: string;
  limits?: Partial<EuiccLimits>;
  capabilities?: Partial<EuiccCapabilities>;
  /** Start from this state instead of a virgin card. */
  state?: EuiccState;
  trace?: TraceSink;
}

export interface EuiccFixture {
  /** Where the test PKI (manifest.json and PEM files) lives. */
  dir: string;
  pki: PkiStore;
  config: EuiccConfig;
  euicc: SimEuicc;
  card: EuiccCard;
  connector: InProcessConnector;
  /** Open: TERMINAL CAPABILITY sent, a logical channel open, the ISD-R selected. After a reset, `open()` it again. */
  session: Es10Session;
  /** The Es10Function whose request type is `type` on this card. */
  fn(type: string): Es10Function;
  /** DER of a command, encoded with the codec of the function that takes it. */
  encode(type: string, value: unknown): Uint8Array;
  /** Sends a command through APDUs and decodes the answer with the function's response type. */
  es10<T = any>(type: string, value: unknown): Promise<T>;
  /** Sends raw ES10 bytes through APDUs; resolves with the raw answer. */
  raw(bytes: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

const pkis = new Map<string, { dir: string; pki: PkiStore }>();

/** The test PKI for a curve set and EID, generated and written once per process. */
export function fixturePki(curves: readonly Curve[] = ['nist', 'brp'], eid = FIXTURE_EID): { dir: string; pki: PkiStore } {
  const key = `${curves.join(',')}/${eid}`;
  let entry = pkis.get(key);
  if (!entry) {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-euicc-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writePki(dir, generatePki({ curves, eid }));
    entry = { dir, pki: PkiStore.fromManifest(dir) };
    pkis.set(key, entry);
  }
  return entry;
}

export async function euiccFixture(options: EuiccFixtureOptions = {}): Promise<EuiccFixture> {
  const { dir, pki } = fixturePki(options.curves, options.eid);
  const config = euiccConfigFromPki(pki, { version: options.version, limits: options.limits, capabilities: options.capabilities });
  const euicc = new SimEuicc(config, options.state);
  const card = euiccCard(euicc);
  const connector = new InProcessConnector(card, { trace: options.trace });
  await connector.connect();
  const session = new Es10Session(connector);
  await session.open();

  const fn = (type: string): Es10Function => {
    const found = ES10_FUNCTIONS.find((f) => f.request === type && (!f.versions || f.versions.includes(config.version)) && euicc.codecOf(f).has(type));
    if (!found) throw new Error(`no ES10 function takes ${type} on a ${config.version} card`);
    return found;
  };
  const encode = (type: string, value: unknown) => euicc.codecOf(fn(type)).encode(type, value);
  return {
    dir, pki, config, euicc, card, connector, session, fn, encode,
    async es10(type, value) {
      const f = fn(type);
      const answer = await session.send(euicc.codecOf(f).encode(type, value));
      return euicc.codecOf(f).decode(f.response, answer);
    },
    raw: (bytes) => session.send(bytes),
    async close() {
      await session.close();
      await connector.close();
    },
  };
}

export interface DownloadOptions extends Partial<Omit<DownloadServerOptions, 'pki' | 'profile'>> {
  /** Options of the test profile delivered (e.g. another ICCID for a second profile). */
  profile?: TestProfileOptions;
}

/** S_SM-DP+ for the fixture's PKI, on the card's default curve unless told otherwise. */
export function downloadServer(f: EuiccFixture, o: DownloadOptions = {}): DownloadServer {
  return DownloadServer.fromStore(f.pki, {
    serverAddress: 'smdp.example.com', version: f.config.version, ...o,
    curve: o.curve ?? f.config.credentials[0].curve, profile: buildTestProfile(o.profile),
  });
}

/**
 * The IPA's part of a download up to the BPP, through APDUs: GetEUICCInfo1 and GetEUICCChallenge,
 * AuthenticateServer, PrepareDownload; resolves with the ES10b.LoadBoundProfilePackage segments.
 */
export async function bindProfile(f: EuiccFixture, server: DownloadServer): Promise<Buffer[]> {
  const info1 = await f.raw(f.encode('GetEuiccInfo1Request', {}));
  const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
  const authenticate = server.initiateAuthentication(euiccChallenge, info1);
  const prepare = server.authenticateClient(await f.raw(authenticate.bytes));
  const bpp = server.getBoundProfilePackage(await f.raw(prepare.bytes));
  return bpp.segments.map((s) => Buffer.from(s));
}

/** Sends segments until one is answered with data (the ProfileInstallationResult); resolves with every answer. */
export async function loadSegments(f: EuiccFixture, segments: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const answers: Uint8Array[] = [];
  for (const segment of segments) {
    const answer = await f.raw(segment);
    answers.push(answer);
    if (answer.length) break;
  }
  return answers;
}

/** A whole SGP.22 download through APDUs with S_SM-DP+'s DownloadServer; resolves with the PIR. */
export async function downloadProfile(f: EuiccFixture, o: DownloadOptions | DownloadServer = {}): Promise<{ server: DownloadServer; pir: Uint8Array }> {
  const server = o instanceof DownloadServer ? o : downloadServer(f, o);
  const answers = await loadSegments(f, await bindProfile(f, server));
  return { server, pir: answers[answers.length - 1] };
}

/** A fixture factory for one test file: every card it opens is closed after the file's tests. */
export function fixtureCards(): (o?: EuiccFixtureOptions) => Promise<EuiccFixture> {
  const open: EuiccFixture[] = [];
  after(() => Promise.all(open.map((f) => f.close())));
  return async (o = {}) => {
    const f = await euiccFixture(o);
    open.push(f);
    return f;
  };
}
