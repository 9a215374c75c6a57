/**
 * A private pcscd with vsmartcard's vpcd driver, for tests where real PC/SC software (pcsc-tools'
 * scriptor, a third-party IPAd) reaches a simulated card through libpcsclite.
 *
 * pcscd 1.9 always uses /run/pcscd for its socket and pid file, so to stay clear of a system pcscd
 * (and leave nothing behind) it runs in a private mount namespace with a tmpfs on /run/pcscd, and
 * clients join that namespace with nsenter. Its reader config (-c) is a temp dir naming a free
 * port, so the system's vpcd port 35963 is never touched. Needs root, as CI and the dev machines have.
 *
 * Tests skip with the reason when the tools are missing, except under CI=true, where they fail: CI
 * installs `pcscd vsmartcard-vpcd pcsc-tools`. Every child is killed when the test process exits.
 */
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const CI = process.env.CI === 'true';
export const PCSC_PACKAGES = 'pcscd vsmartcard-vpcd pcsc-tools';
export const READER = 'SGP32 Harness VPCD';
/** pcscd names a reader FRIENDLYNAME, reader number, slot number. */
export const SLOT = `${READER} 00 00`;
/** Default limit for each step that waits on another process. */
export const STEP_MS = 10_000;

function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

/** Where the vpcd driver is, per the package's own reader.conf (Debian: /etc/reader.conf.d/vpcd). */
function vpcdDriver(): string | undefined {
  const conf = '/etc/reader.conf.d/vpcd';
  const listed = existsSync(conf) ? /^\s*LIBPATH\s+(\S+)/m.exec(readFileSync(conf, 'utf8'))?.[1] : undefined;
  return [listed, '/usr/lib/pcsc/drivers/serial/libifdvpcd.so'].find((path): path is string => !!path && existsSync(path));
}

export interface PcscSetup {
  pcscd: string;
  scriptor: string;
  driver: string;
  /** Run pcscd in a private mount namespace (false: no other pcscd is running, so run it plainly). */
  isolate: boolean;
}

/** What this machine has for a private pcscd, or why it cannot run one. */
export function probePcsc(): PcscSetup | string {
  const pcscd = findTool('pcscd');
  const scriptor = findTool('scriptor');
  const driver = vpcdDriver();
  if (!pcscd) return `pcscd is not installed (apt-get install ${PCSC_PACKAGES})`;
  if (!driver) return `the vpcd driver is not installed (apt-get install vsmartcard-vpcd)`;
  if (!scriptor) return `scriptor is not installed (apt-get install pcsc-tools)`;
  if (process.getuid?.() !== 0) return 'running a private pcscd needs root';
  const namespaces = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { timeout: 5000 }).status === 0;
  if (!namespaces && existsSync('/run/pcscd/pcscd.comm')) {
    return 'a pcscd is already running and no private mount namespace can be made to run another';
  }
  return { pcscd, scriptor, driver, isolate: namespaces };
}

/** The node:test `skip` option: the reason off CI, never on CI (the test then fails in `requirePcsc`). */
export function pcscSkip(setup: PcscSetup | string): string | false {
  return !CI && typeof setup === 'string' ? setup : false;
}

export function requirePcsc(setup: PcscSetup | string): asserts setup is PcscSetup {
  if (typeof setup === 'string') assert.fail(`${setup}; CI must install: apt-get install -y --no-install-recommends ${PCSC_PACKAGES}`);
}

/** A port P with P+1 free too: the vpcd driver opens one listening port per slot, P and P+1. */
export async function freePortPair(): Promise<number> {
  const listen = (port: number): Promise<{ port: number; close(): Promise<void> } | undefined> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, () =>
        resolve({ port: (server.address() as { port: number }).port, close: () => new Promise((done) => server.close(() => done())) }),
      );
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await listen(0);
    if (!first) continue;
    const second = first.port < 65535 ? await listen(first.port + 1) : undefined;
    await first.close();
    await second?.close();
    if (second) return first.port;
  }
  throw new Error('no free pair of TCP ports');
}

/** Resolves with the match once `pattern` shows in `output()`; rejects after `ms` or if `child` exits first. */
export function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, what: string, ms = STEP_MS): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error, match?: RegExpExecArray): void => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('close', onExit);
      if (error) reject(error);
      else resolve(match!);
    };
    const check = (): void => {
      const match = pattern.exec(output());
      if (match) finish(undefined, match);
    };
    const onExit = (code: number | null): void => {
      const match = pattern.exec(output());
      if (match) finish(undefined, match);
      else finish(new Error(`${child.spawnfile} exited (${code}) before ${what}:\n${output()}`));
    };
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => finish(new Error(`no ${what} within ${ms} ms:\n${output()}`)), ms);
    // 'close', not 'exit': by then all of the child's output has been read.
    child.once('close', onExit);
    check();
  });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** Killed for outliving its limit. */
  timedOut: boolean;
}

/** Runs a command to its end with `input` on stdin; SIGKILLs it if it outlives `ms`. */
export function run(command: string, args: readonly string[], o: { input?: string; ms?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: o.cwd });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const kill = (): void => void child.kill('SIGKILL');
    process.on('exit', kill);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, o.ms ?? STEP_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', kill);
      resolve({ code, signal, output, timedOut });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}

/** A long-running child (pcscd, a simulator) whose output is kept; killed if the test process exits. */
export class Daemon {
  private out = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly kill = (): void => void this.child.kill('SIGKILL');

  constructor(readonly child: ChildProcess) {
    // Spawn failures (e.g. ENOENT) land in the output, for the waiting step to report.
    child.on('error', (e) => (this.out += `\n${e.message}\n`));
    child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    process.on('exit', this.kill);
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => process.off('exit', this.kill));
  }

  /** Spawns `command` and waits for `ready` in its output; kills it if that does not come. */
  static async start(command: string, args: readonly string[], ready: RegExp, what: string, ms = STEP_MS): Promise<Daemon> {
    const daemon = new Daemon(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    try {
      await daemon.waitFor(ready, what, ms);
    } catch (e) {
      await daemon.stop();
      throw e;
    }
    return daemon;
  }

  output(): string {
    return this.out;
  }

  waitFor(pattern: RegExp, what: string, ms = STEP_MS): Promise<RegExpExecArray> {
    return waitFor(this.child, () => this.out, pattern, what, ms);
  }

  /** SIGTERM (pcscd then removes its socket and pid file, a simulator saves its state), SIGKILL if it lingers. */
  async stop(ms = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(this.kill, ms);
      this.child.kill('SIGTERM');
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }
}

/** A pcscd of our own whose only reader is a vpcd slot on a free port (`port`), for a card to dial in. */
export class PrivatePcscd {
  private constructor(readonly setup: PcscSetup, readonly port: number, private readonly confDir: string, private readonly daemon: Daemon) {}

  static async start(setup: PcscSetup): Promise<PrivatePcscd> {
    const port = await freePortPair();
    const confDir = mkdtempSync(join(tmpdir(), 'sgp32-pcsc-'));
    const channel = `0x${port.toString(16).toUpperCase()}`;
    writeFileSync(
      join(confDir, 'vpcd'),
      `FRIENDLYNAME "${READER}"\nDEVICENAME /dev/null:${channel}\nLIBPATH ${setup.driver}\nCHANNELID ${channel}\n`,
    );
    const argv = [setup.pcscd, '--foreground', '--debug', '--apdu', '--config', confDir];
    // `exec` keeps one process: pcscd's pid is the child's, for nsenter and for stopping it.
    const [command, ...args] = setup.isolate
      ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mkdir -p /run/pcscd && mount -t tmpfs tmpfs /run/pcscd && exec "$0" "$@"', ...argv]
      : argv;
    try {
      return new PrivatePcscd(setup, port, confDir, await Daemon.start(command, args, /daemon ready/, 'pcscd ready'));
    } catch (e) {
      rmSync(confDir, { recursive: true, force: true });
      throw e;
    }
  }

  /** pcscd's debug log, with every APDU (--apdu). */
  log(): string {
    return this.daemon.output();
  }

  /** Waits until pcscd has powered a card in the slot and read its ATR. */
  async cardInserted(ms = STEP_MS): Promise<void> {
    await this.daemon.waitFor(new RegExp(`Card inserted into ${SLOT}`), 'card insertion seen by pcscd', ms);
  }

  /** `argv` run as a client of this pcscd: inside its mount namespace, in `cwd` (default ours). */
  clientArgv(argv: readonly string[], cwd = process.cwd()): string[] {
    return this.setup.isolate ? ['nsenter', '--target', String(this.daemon.child.pid), '--mount', `--wd=${cwd}`, ...argv] : [...argv];
  }

  /** Runs a PC/SC client of this pcscd to its end (see `run`). */
  runClient(argv: readonly string[], o: { input?: string; ms?: number; cwd?: string } = {}): Promise<RunResult> {
    const [command, ...args] = this.clientArgv(argv, o.cwd);
    return run(command, args, o);
  }

  /** scriptor on the slot, driven one command at a time. */
  scriptor(): Scriptor {
    const [command, ...args] = this.clientArgv([this.setup.scriptor, '-u', '-r', SLOT]);
    return new Scriptor(spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
    rmSync(this.confDir, { recursive: true, force: true });
  }
}

/** scriptor shows bytes as spaced upper-case hex pairs. */
export const spaced = (h: string): string => h.replace(/(..)(?!$)/g, '$1 ');

/** One answer as scriptor printed it: `< <hex, wrapped every 16 bytes> : <status text>`. */
export interface ScriptorAnswer {
  /** Response data and status word, unspaced hex. */
  response: string;
  /** scriptor's reading of the status word, e.g. `Normal processing.` */
  status: string;
}

/**
 * pcsc-tools' scriptor fed one line at a time (-u: unbuffered output), so a test can act on an
 * answer (e.g. the length in 61xx) before it sends the next command, as a PC/SC application would.
 */
export class Scriptor {
  private readonly daemon: Daemon;
  private answered = 0;

  constructor(child: ChildProcess) {
    this.daemon = new Daemon(child);
    child.stdin!.on('error', () => undefined);
  }

  /** Everything scriptor printed so far (stdout and stderr). */
  output(): string {
    return this.daemon.output();
  }

  /** Warm reset (SCardReconnect with SCARD_RESET_CARD); resolves with the ATR. */
  async reset(ms = STEP_MS): Promise<string> {
    const [, outcome, atr] = await this.send('reset', /^< (OK|KO): ([^\n]*)\n/, ms);
    if (outcome === 'KO') throw new Error(`scriptor could not reset the card: ${atr}`);
    return atr.replace(/\s+/g, '');
  }

  /** Sends one command APDU (hex); resolves with scriptor's printed answer. */
  async transmit(apdu: string, ms = STEP_MS): Promise<ScriptorAnswer> {
    const [, response, status] = await this.send(apdu, /^< ([0-9A-F \n]*?) : ([^\n]*)\n/, ms);
    return { response: response.replace(/\s+/g, ''), status };
  }

  /** Ends the script; resolves with scriptor's exit code. */
  async close(ms = STEP_MS): Promise<number | null> {
    this.daemon.child.stdin!.end();
    const timer = setTimeout(() => void this.daemon.child.kill('SIGKILL'), ms);
    const { code } = await this.daemon.exited;
    clearTimeout(timer);
    return code;
  }

  /** Writes a line and waits for the answer after the ones already taken; `answer` is anchored at its `< `. */
  private send(line: string, answer: RegExp, ms: number): Promise<RegExpExecArray> {
    const index = this.answered++;
    this.daemon.child.stdin!.write(`${line}\n`);
    // Every answer starts with `< ` at a line start (wrapped data lines never do): ours is the index-th.
    const ours = (): string => {
      const starts = [...this.output().matchAll(/^< /gm)];
      return starts.length > index ? this.output().slice(starts[index].index) : '';
    };
    return waitFor(this.daemon.child, ours, answer, `scriptor's answer to ${line}`, ms);
  }
}
