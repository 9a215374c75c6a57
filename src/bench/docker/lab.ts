/**
 * The container lab of the @docker scenarios: simulators from the harness image on a private
 * network, and the harness itself in a container running a suite across that network, as a CI
 * pipeline or a lab would. Driven by testcontainers; every container and the network are removed
 * when the scenario ends.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { generatePki, writePki } from '../../pki';
import { ScenarioContext } from '../scenario';

/** The harness image the lab runs (docker/build-offline.sh builds it under this name). */
export const HARNESS_IMAGE = process.env.SGP32_IMAGE ?? 'sgp32-harness:local';
/** Where containers find the PKI, and the network alias of the harness container. */
export const PKI_MOUNT = '/pki';
export const HARNESS_ALIAS = 'harness';
/** How long finding the container runtime may take before the scenarios are skipped. */
const RUNTIME_PROBE_MS = 15_000;

// The reaper (ryuk) is an image from a registry, which labs without one cannot pull; the lab removes
// its containers itself.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

type Testcontainers = typeof import('testcontainers');
let loaded: Promise<Testcontainers> | undefined;
/** testcontainers is loaded on first use: runs without containers never pay for it. */
function testcontainers(): Promise<Testcontainers> {
  loaded ??= import('testcontainers');
  return loaded;
}

let availability: Promise<string | undefined> | undefined;
/** Why the lab cannot run here (no container runtime, or no harness image), or undefined when it can. */
export function labUnavailable(): Promise<string | undefined> {
  availability ??= (async () => {
    const tc = await testcontainers();
    try {
      const client = await within(tc.getContainerRuntimeClient(), RUNTIME_PROBE_MS);
      if (client === TIMED_OUT) return `no container runtime reachable: no answer within ${RUNTIME_PROBE_MS} ms`;
      if (!(await client.image.exists(tc.ImageName.fromString(HARNESS_IMAGE)))) {
        return `the image ${HARNESS_IMAGE} is not built (docker/build-offline.sh builds it; SGP32_IMAGE names another)`;
      }
      return undefined;
    } catch (e) {
      return `no container runtime reachable: ${(e as Error).message.split('\n')[0]}`;
    }
  })();
  return availability;
}

/** What a harness container printed, and how it ended. */
export interface HarnessRun {
  exitCode: number;
  output: string;
  /** The run's report folder, copied out of the container. */
  reports: string;
}

/** A harness container still running: its output so far, and its end. */
export interface PendingRun {
  readonly output: () => string;
  readonly done: Promise<HarnessRun>;
}

export class ContainerLab {
  /** The network's PKI on the host, copied into every container at PKI_MOUNT. */
  readonly pkiDir: string;
  private readonly containers = new Map<string, StartedTestContainer>();
  private readonly logs = new Map<string, string>();
  private readonly work: string;

  private constructor(private readonly ctx: ScenarioContext, private readonly tc: Testcontainers, private readonly network: StartedNetwork) {
    this.work = mkdtempSync(join(tmpdir(), 'sgp32-lab-'));
    this.pkiDir = join(this.work, 'pki');
  }

  /**
   * A fresh network and a PKI whose TLS certificates also name `tlsNames` (the services' network
   * aliases). The keys are made readable for the image's non-root user.
   */
  static async open(ctx: ScenarioContext, tlsNames: readonly string[]): Promise<ContainerLab> {
    const tc = await testcontainers();
    const network = await new tc.Network().start();
    const lab = new ContainerLab(ctx, tc, network);
    ctx.defer(() => lab.close());
    writePki(lab.pkiDir, generatePki({ curves: ['nist', 'brp'], tlsNames: [...tlsNames, HARNESS_ALIAS] }));
    readableByAll(lab.pkiDir);
    return lab;
  }

  /** Starts `sgp32 ARGS` as `alias` on the network; resolves once its output matches `ready`. */
  async start(alias: string, args: readonly string[], ready: RegExp): Promise<StartedTestContainer> {
    this.logs.set(alias, '');
    const container = await this.container(alias, args)
      .withWaitStrategy(this.tc.Wait.forLogMessage(ready))
      .withStartupTimeout(this.ctx.config.timeouts.iut)
      .start();
    this.containers.set(alias, container);
    return container;
  }

  /** Everything `alias` has printed so far. */
  output(alias: string): string {
    return this.logs.get(alias) ?? '';
  }

  /** Resolves once `alias` has printed a line matching `pattern`; rejects after `timeoutMs`. */
  async waitForOutput(alias: string, pattern: RegExp, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pattern.test(this.output(alias))) {
      if (Date.now() > end) throw new Error(`${alias} printed nothing matching ${pattern} within ${timeoutMs} ms:\n${this.output(alias).slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills `alias` at once (SIGKILL, as a crashed or unplugged peer); its container stays for its logs. */
  async kill(alias: string): Promise<void> {
    const container = this.containers.get(alias);
    if (!container) throw new Error(`no container ${alias} in the lab`);
    await container.stop({ timeout: 0, remove: false });
  }

  /**
   * Runs the harness image with `args` as the network alias `harness`, `files` placed in its working
   * folder; ends after `timeoutMs` at the latest (the container is killed and the run says so).
   */
  async runHarness(args: readonly string[], files: Record<string, string>, timeoutMs: number): Promise<PendingRun> {
    const alias = HARNESS_ALIAS;
    this.logs.set(alias, '');
    const container = await this.container(alias, args)
      .withCopyContentToContainer(Object.entries(files).map(([name, content]) => ({ content, target: `/work/${name}` })))
      .withWaitStrategy(this.tc.Wait.forLogMessage(/^sgp32 \w+: /m))
      .withStartupTimeout(this.ctx.config.timeouts.iut)
      .start();
    this.containers.set(alias, container);
    const client = await this.tc.getContainerRuntimeClient();
    const done = (async (): Promise<HarnessRun> => {
      const first = await within(client.container.getById(container.getId()).wait() as Promise<{ StatusCode: number }>, timeoutMs);
      if (first === TIMED_OUT) {
        await container.stop({ timeout: 0, remove: false });
        throw new Error(`the harness container was still running after ${timeoutMs} ms; killed. Its output:\n${this.output(alias).slice(-4000)}`);
      }
      const reports = join(this.work, 'reports');
      await extract(await container.copyArchiveFromContainer('/work/reports'), this.work);
      return { exitCode: first.StatusCode, output: this.output(alias), reports };
    })();
    done.catch(() => undefined);
    return { output: () => this.output(alias), done };
  }

  private container(alias: string, args: readonly string[]) {
    return new this.tc.GenericContainer(HARNESS_IMAGE)
      .withNetwork(this.network)
      .withNetworkAliases(alias)
      .withCopyDirectoriesToContainer([{ source: this.pkiDir, target: PKI_MOUNT }])
      .withCommand([...args])
      .withLogConsumer((stream: Readable) => {
        stream.on('data', (chunk: Buffer | string) => this.logs.set(alias, (this.logs.get(alias) ?? '') + chunk.toString()));
        stream.on('error', () => undefined);
      });
  }

  /** Stops and removes every container, then the network; each container's output goes to the report. */
  async close(): Promise<void> {
    const problems: string[] = [];
    for (const [alias, container] of [...this.containers].reverse()) {
      this.ctx.note(`${alias} container output:\n${this.output(alias).slice(-20_000)}`);
      await container.stop({ timeout: 0 }).catch((e: Error) => problems.push(`${alias}: ${e.message}`));
    }
    await this.network.stop().catch((e: Error) => problems.push(`network: ${e.message}`));
    rmSync(this.work, { recursive: true, force: true });
    if (problems.length) throw new Error(`removing the lab: ${problems.join('; ')}`);
  }
}

const TIMED_OUT = Symbol('timed out');

/** What `work` settles with, or TIMED_OUT once `ms` have passed first. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Makes every file under `dir` readable by all (the image runs as a user other than the key files' owner). */
function readableByAll(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    if (s.isDirectory()) readableByAll(path);
    else chmodSync(path, s.mode | 0o044);
  }
}

/** Unpacks a tar stream (docker's archive format) into `dir` with the system's tar. */
function extract(archive: NodeJS.ReadableStream, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    tar.stderr.on('data', (d: Buffer) => (err += d));
    tar.once('error', reject);
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar -x failed (${code}): ${err.trim()}`))));
    archive.on('error', reject);
    archive.pipe(tar.stdin);
  });
}
