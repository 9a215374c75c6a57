/**
 * A ScenarioContext outside Cucumber, for tests that drive fuzz targets directly: the embedded
 * default configuration with a PKI generated once per process, and the closers run by `close()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, HarnessConfig } from '../../src/bench/config';
import { pkiStore, ScenarioContext } from '../../src/bench/scenario';
import { ScenarioTrace } from '../../src/bench/trace';
import { generatePki, writePki } from '../../src/pki';

let pkiDir: string | undefined;

function sharedPki(): string {
  if (!pkiDir) {
    const dir = mkdtempSync(join(tmpdir(), 'sgp32-fuzz-pki-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writePki(dir, generatePki());
    pkiDir = dir;
  }
  return pkiDir;
}

export interface TestContext extends ScenarioContext {
  readonly notes: string[];
  close(): Promise<void>;
}

export function testContext(tune: (c: HarnessConfig) => void = () => undefined): TestContext {
  const config = defaultConfig();
  config.pki = sharedPki();
  tune(config);
  const closers: (() => unknown)[] = [];
  const benches = new Map<string, Promise<unknown>>();
  const notes: string[] = [];
  return {
    config,
    trace: new ScenarioTrace(config.version),
    scenario: { name: 'fuzz test', tags: [] },
    pki: pkiStore(config.pki),
    pkiDir: config.pki,
    notes,
    defer: (close) => closers.push(close),
    note: (text) => notes.push(text),
    bench<T>(key: string, create: () => Promise<T>): Promise<T> {
      let b = benches.get(key);
      if (!b) benches.set(key, (b = create()));
      return b as Promise<T>;
    },
    async close() {
      for (const c of closers.reverse()) await c();
    },
  };
}
