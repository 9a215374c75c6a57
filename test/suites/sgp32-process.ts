/**
 * The `sgp32` CLI in a child process, as the separate-process suite tests drive it: a command run
 * to completion with each scenario's verdict read from `sgp32 run`'s progress lines, and a
 * simulator started in the background until it prints where it listens.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Mark, readProgress } from '../../src/cli/run';

export const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

export type Verdict = Mark;
export interface RunResult {
  code: number | null;
  /** stdout and stderr as they came. */
  output: string;
  /** Scenario title → verdict and its whole progress line. */
  verdicts: Map<string, { verdict: Verdict; line: string }>;
}

/**
 * Runs `sgp32 ARGS` to its end; killed and rejected, with what it printed, after `timeoutMs`. `preload`
 * modules run first in the child (`node -r`), e.g. a bug planted in a simulator.
 */
export function runSgp32(args: readonly string[], timeoutMs = 240_000, preload: readonly string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...preload.flatMap((m) => ['-r', m]), CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sgp32 ${args.join(' ')} still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const verdicts = new Map([...readProgress(output)].map(([name, e]) => [name, { verdict: e.mark, line: e.line }]));
      resolve({ code, output, verdicts });
    });
  });
}

/**
 * Starts `sgp32 ARGS` in the background (pushed onto `started`, for the caller to stop); resolves
 * with what `ready` reads from its output once it returns a value, rejects if it exits or stays
 * silent for 20 s.
 */
export function startSgp32<T>(args: readonly string[], started: ChildProcess[], ready: (output: string) => T | undefined): Promise<T> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sgp32 ${args.join(' ')} did not start:\n${output}`)), 20_000);
    const onData = (c: Buffer) => {
      output += c;
      const value = ready(output);
      if (value !== undefined) {
        clearTimeout(timer);
        resolve(value);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sgp32 ${args.join(' ')} exited (${code}):\n${output}`));
    });
  });
}
