/** Temporary config files and the problems they produce. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXAMPLE_FILES, exampleBlocks } from '../../src/bench/config-example';
import { ConfigError, ConfigProblem, loadConfig } from '../../src/bench/config-file';
import { MANIFEST_FORMAT } from '../../src/pki';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgp32-config-'));
}

/** Writes `files` (relative path → text) under `dir`; returns dir. */
export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

export const PEM = '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n';
/** The smallest manifest.json readManifest accepts. */
export const MANIFEST = JSON.stringify({ format: MANIFEST_FORMAT, entries: [] });

/** The problems loading `yaml` (written as DIR/sgp32.yaml) reports; fails if it loads. */
export function problems(yaml: string, dir = tempDir()): ConfigProblem[] {
  const file = join(dir, 'sgp32.yaml');
  writeFileSync(file, yaml);
  try {
    loadConfig(file);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return [...e.problems];
  }
  assert.fail(`expected problems in:\n${yaml}`);
}

/** The one problem at `path`, asserting where it sits. */
export function problemAt(list: readonly ConfigProblem[], path: string, line: number, col: number, message: RegExp): void {
  const p = list.find((x) => x.path === path);
  assert.ok(p, `no problem at ${path}; got:\n${list.map((x) => `${x.line}:${x.col} ${x.path}: ${x.message}`).join('\n')}`);
  assert.deepEqual({ line: p.line, col: p.col }, { line, col }, `${path}: ${p.message}`);
  assert.match(p.message, message);
}

export function load(yaml: string, dir = tempDir()) {
  const file = join(dir, 'sgp32.yaml');
  writeFileSync(file, yaml);
  return loadConfig(file);
}

/** A directory holding every file the example names once uncommented. */
export function exampleDir(): string {
  return writeTree(tempDir(), {
    [join(EXAMPLE_FILES.pki, 'manifest.json')]: MANIFEST,
    ...Object.fromEntries(EXAMPLE_FILES.pem.map((f) => [f, PEM])),
    ...Object.fromEntries(EXAMPLE_FILES.dirs.map((d) => [join(d, '.keep'), ''])),
  });
}

/** Every top-level block of the example on (each IUT, pki, adminProtocol, each feature); alternatives at their defaults. */
export const ALL_ON: Record<string, boolean> = Object.fromEntries(exampleBlocks()
  .filter((b) => !b.id.includes('.') || b.id.startsWith('features.')).map((b) => [b.id, true]));
