/**
 * The YAML configuration file: parsed with positions, checked by a small schema walk over the YAML
 * nodes (so every problem names its line, column and field path), merged over defaultConfig().
 * All problems are collected and thrown together as one ConfigError, so a user fixes a file in one
 * pass. Relative paths are resolved against the file's directory. Reports never see the file as
 * written: they use redactConfig() and configHash(), which hide secret-looking values.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from 'yaml';
import { readManifest } from '../pki';
import { ADMIN_PROTOCOL_PREFIX } from '../transport/http/headers';
import { SpecVersion } from '../asn1';
import { Curve } from '../crypto/curves';
import { defaultConfig, EimIutConfig, EimTriggerConfig, EuiccIutConfig, HarnessConfig, HttpTemplate, IpaIutConfig, SmdppIutConfig, TlsClientConfig } from './config';
import { OPTIONAL_FEATURES } from './optional-features';

export interface ConfigProblem { file: string; line: number; col: number; path: string; message: string }

/** Every problem of one configuration file, each as `FILE:LINE:COL: path: what is wrong (expected …)`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly file: string, readonly problems: readonly ConfigProblem[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the configuration\n`
      + problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}`).join('\n'));
  }
}

export function loadConfig(file: string): { config: HarnessConfig; raw: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ file, line: 1, col: 1, path: '(file)', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]);
  }
  return parseConfig(text, file);
}

/** The text of a configuration file named `file` (which anchors relative paths and messages). */
export function parseConfig(text: string, file: string): { config: HarnessConfig; raw: unknown } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const walk = new Walk(file, dirname(resolve(file)), lines, doc);
  if (doc.errors.length) {
    // A file that is not YAML has no fields to check; report where the parser gave up.
    for (const e of doc.errors) walk.report(e.pos[0], 'YAML', e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ''));
    throw new ConfigError(file, walk.problems);
  }
  const config = defaultConfig();
  const contents = walk.resolved(doc.contents);
  if (contents && !isNull(contents)) {
    const fields = ROOT(contents, '', walk);
    if (fields) Object.assign(config, merge(config, fields));
  }
  // In file order: checks of a whole map (missing fields, combinations) run after its fields.
  if (walk.problems.length) throw new ConfigError(file, [...walk.problems].sort((a, b) => a.line - b.line || a.col - b.col));
  return { config, raw: doc.toJS() };
}

// ---- redaction and hash ---------------------------------------------------------------------

const SECRET_KEY = /passphrase|token|password|passwd|secret|authorization|apikey|privatekey|credential|cookie/;
const SECRET_QUERY = /token|password|secret|key|signature|auth/i;
export const REDACTED = '***';

/**
 * A copy with '***' for: values of secret-looking keys (any depth, header and env maps too, key
 * names compared case- and punctuation-insensitively), URL credentials and secret-looking query
 * parameters, and inline private keys.
 */
export function redactConfig<T>(raw: T): T {
  return redact(raw) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'string') return value.includes('PRIVATE KEY-----') ? REDACTED : redactUrl(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) =>
    [k, SECRET_KEY.test(k.toLowerCase().replace(/[^a-z0-9]/g, '')) && v !== null && v !== undefined ? REDACTED : redact(v)]));
}

/** `https://user:pass@host/?token=x&a=b` → `https://***@host/?token=***&a=b`; other strings unchanged. */
function redactUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  return text
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/i, `$1${REDACTED}@`)
    .replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (all, sep: string, name: string) => (SECRET_QUERY.test(name) ? `${sep}${name}=${REDACTED}` : all));
}

/** SHA-256 (hex) of the redacted configuration as canonical JSON (keys sorted), the run's config identity. */
export function configHash(raw: unknown): string {
  return createHash('sha256').update(canonicalJson(redactConfig(raw) ?? null)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---- the schema walk ------------------------------------------------------------------------

/** Collects problems with positions; resolves aliases; anchors relative paths. */
class Walk {
  readonly problems: ConfigProblem[] = [];
  /** The key each map value sits under: problems about a whole map (a field missing) point there. */
  private readonly keys = new WeakMap<Node, Node>();
  constructor(readonly file: string, readonly dir: string, private readonly lines: LineCounter, private readonly doc: Document) {}

  report(at: Node | number | undefined, path: string, message: string): undefined {
    const offset = typeof at === 'number' ? at : at?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, col, path: path || '(top level)', message });
    return undefined;
  }

  keyed(value: Node, key: Node | undefined): Node {
    if (key) this.keys.set(value, key);
    return value;
  }

  /** Where to point at a map as a whole: its key when it has one. */
  anchor(node: Node): Node {
    return this.keys.get(node) ?? node;
  }

  /** The key node of field `name` in `map` (for a problem about a field that is present), else the map. */
  field(map: YAMLMap, name: string): Node {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === name);
    return (pair?.key as Node | undefined) ?? this.anchor(map);
  }

  resolved(node: unknown): Node | undefined {
    const n = isAlias(node) ? node.resolve(this.doc) : node;
    return n ? (n as Node) : undefined;
  }

  path(file: string): string {
    return isAbsolute(file) ? file : resolve(this.dir, file);
  }
}

/** Checks one node at `path`; returns the value, or undefined after reporting a problem. */
type Check<T> = (node: Node, path: string, walk: Walk) => T | undefined;

const isNull = (n: Node): boolean => isScalar(n) && n.value === null;
const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
const show = (n: Node): string => (isScalar(n) ? JSON.stringify(n.value) : isMap(n) ? 'a map' : isSeq(n) ? 'a list' : 'that');
const list = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

function scalar<T>(expected: string, accept: (v: unknown) => T | undefined): Check<T> {
  return (node, path, walk) => {
    const v = isScalar(node) ? accept(node.value) : undefined;
    return v === undefined ? walk.report(node, path, `got ${show(node)} (expected ${expected})`) : v;
  };
}

const str = (expected = 'a string'): Check<string> => scalar(expected, (v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined));
const bool: Check<boolean> = scalar('true or false', (v) => (typeof v === 'boolean' ? v : undefined));
/** Environment values and header values: any scalar, as text. */
const text: Check<string> = scalar('a string', (v) => (['string', 'number', 'boolean'].includes(typeof v) ? String(v) : undefined));

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return scalar(list(values.map((v) => `'${v}'`)), (v) => (values.includes(v as T) ? (v as T) : undefined));
}

/** A check followed by a test of its value (a message when wrong). */
function refine<T>(check: Check<T>, test: (v: T) => string | undefined): Check<T> {
  return (node, path, walk) => {
    const v = check(node, path, walk);
    if (v === undefined) return undefined;
    const problem = test(v);
    return problem ? walk.report(node, path, problem) : v;
  };
}

function url(schemes: readonly ('https' | 'http')[]): Check<string> {
  const expected = `(expected ${list(schemes.map((s) => `an ${s}:// URL`))})`;
  return refine(str(list(schemes.map((s) => `an ${s}:// URL`))), (v) => {
    let u: URL;
    try {
      // `{{name}}` placeholders are filled per order; they only need to sit where text may.
      u = new URL(v.replace(/\{\{\s*\w+\s*\}\}/g, 'x'));
    } catch {
      return `'${v}' is not a URL ${expected}`;
    }
    return schemes.includes(u.protocol.slice(0, -1) as 'https') ? undefined : `'${v}' uses ${u.protocol}// ${expected}`;
  });
}

const port: Check<number> = scalar('a TCP port, 0..65535', (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535 ? (v as number) : undefined));

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Milliseconds, or a number with a unit (`500ms`, `10s`, `2m`, `1h`). */
const duration: Check<number> = scalar('a duration: milliseconds, or a number with ms, s, m or h such as 10s', (v) => {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(v) : null;
  const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2]]) : 0;
  return ms > 0 ? ms : undefined;
});

/** `HOST:PORT` (IPv6 hosts in brackets); the port may be left out where there is a default. */
function endpoint(portOptional: boolean): Check<string> {
  const expected = portOptional ? 'HOST or HOST:PORT' : 'HOST:PORT';
  return refine(str(expected), (v) => {
    const m = /^(?:\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+)(?::(\d+))?$/.exec(v);
    if (!m || (m[1] === undefined && !portOptional)) return `got '${v}' (expected ${expected})`;
    return m[1] !== undefined && Number(m[1]) > 65535 ? `'${v}' has no valid port (expected 0..65535)` : undefined;
  });
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const hostname: Check<string> = refine(str('a host name'), (v) => (HOSTNAME.test(v) ? undefined : `'${v}' is not a host name (expected e.g. eim.example.com)`));

/** A path resolved against the config file's directory that must name an existing file or directory. */
function existing(kind: 'pem' | 'dir' | 'pki'): Check<string> {
  const expected = kind === 'pem' ? 'a PEM file' : kind === 'pki' ? `a 'sgp32 pki init' directory` : 'a directory';
  return (node, path, walk) => {
    const given = str(`a path to ${expected}`)(node, path, walk);
    if (given === undefined) return undefined;
    const full = walk.path(given);
    const problem = fileProblem(full, kind);
    const named = full === given ? `'${given}'` : `'${given}' (${full})`;
    return problem ? walk.report(node, path, `${named} ${problem}; expected ${expected}, relative to the config file's directory`) : full;
  };
}

function fileProblem(full: string, kind: 'pem' | 'dir' | 'pki'): string | undefined {
  if (!existsSync(full)) return 'does not exist';
  const isDir = statSync(full).isDirectory();
  if (kind !== 'pem') {
    if (!isDir) return 'is not a directory';
    if (kind === 'dir') return undefined;
    try {
      readManifest(full);
      return undefined;
    } catch (e) {
      return `has no usable manifest.json: ${(e as Error).message}`;
    }
  }
  if (isDir) return 'is a directory';
  try {
    return readFileSync(full, 'latin1').includes('-----BEGIN ') ? undefined : 'holds no PEM block';
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code})`;
  }
}

function seq<T>(item: Check<T>, minItems = 0): Check<T[]> {
  return (node, path, walk) => {
    if (!isSeq(node)) return walk.report(node, path, `got ${show(node)} (expected a list)`);
    if (node.items.length < minItems) return walk.report(node, path, `the list is empty (expected at least ${minItems} item${minItems === 1 ? '' : 's'})`);
    const out: T[] = [];
    let ok = true;
    node.items.forEach((n, i) => {
      const v = item(walk.resolved(n) ?? (n as Node), join(path, i), walk);
      if (v === undefined) ok = false;
      else out.push(v);
    });
    return ok ? out : undefined;
  };
}

/** A map of free keys (headers, env, features), each key checked by `key` (a message when wrong). */
function record<T>(value: Check<T>, key: (k: string) => string | undefined = () => undefined): Check<Record<string, T>> {
  return (node, path, walk) => {
    if (!isMap(node)) return walk.report(node, path, `got ${show(node)} (expected a map)`);
    const out: Record<string, T> = {};
    let ok = true;
    for (const pair of node.items) {
      const k = walk.resolved(pair.key);
      const name = k && isScalar(k) ? String(k.value) : undefined;
      const problem = name === undefined ? 'a key that is not text' : key(name);
      if (problem) { walk.report(k, join(path, name ?? '?'), problem); ok = false; continue; }
      const v = walk.resolved(pair.value);
      const checked = v ? value(v, join(path, name!), walk) : walk.report(k, join(path, name!), 'has no value');
      if (checked === undefined) ok = false;
      else out[name!] = checked;
    }
    return ok ? out : undefined;
  };
}

interface Field<T> { check: Check<T>; required?: boolean }
type Fields = Record<string, Field<unknown> | Check<unknown>>;
const required = <T>(check: Check<T>): Field<T> => ({ check, required: true });

/**
 * A map with known keys. Unknown keys and missing required ones are reported; an explicit null
 * (`key:` with nothing after it, e.g. a block whose lines are all commented out) counts as absent.
 * `rules` then checks combinations of the present fields.
 */
function struct(fields: Fields, rules?: (v: Record<string, unknown>, node: YAMLMap, path: string, walk: Walk) => void): Check<Record<string, unknown>> {
  const known = Object.keys(fields);
  return (node, path, walk) => {
    if (!isMap(node)) return walk.report(node, path, `got ${show(node)} (expected a map with keys ${known.join(', ')})`);
    const out: Record<string, unknown> = {};
    const present = new Set<string>();
    let ok = true;
    for (const pair of node.items) {
      const k = walk.resolved(pair.key);
      const name = k && isScalar(k) ? String(k.value) : '?';
      const field = fields[name];
      if (!field) {
        walk.report(k, join(path, name), `unknown key (expected one of ${known.join(', ')})`);
        ok = false;
        continue;
      }
      const v = walk.resolved(pair.value);
      if (!v || isNull(v)) continue;
      present.add(name);
      const checked = (typeof field === 'function' ? field : field.check)(walk.keyed(v, k), join(path, name), walk);
      if (checked === undefined) ok = false;
      else out[name] = checked;
    }
    for (const [name, field] of Object.entries(fields)) {
      if (typeof field !== 'function' && field.required && !present.has(name)) {
        walk.report(walk.anchor(node), join(path, name), 'is missing (required)');
        ok = false;
      }
    }
    if (ok && rules) {
      const before = walk.problems.length;
      rules(out, node, path, walk);
      ok = walk.problems.length === before;
    }
    return ok ? out : undefined;
  };
}

/** A map whose `key` field picks one of several shapes (e.g. the eIM trigger adapter). */
function tagged(key: string, cases: Record<string, Fields>): Check<Record<string, unknown>> {
  const names = Object.keys(cases);
  const checks = Object.fromEntries(names.map((n) => [n, struct({ [key]: required(oneOf([n])), ...cases[n] })]));
  return (node, path, walk) => {
    if (!isMap(node)) return walk.report(node, path, `got ${show(node)} (expected a map with ${key}: ${names.join(' | ')})`);
    const tagNode = walk.resolved(node.get(key, true));
    if (!tagNode) return walk.report(walk.anchor(node), join(path, key), `is missing (expected ${list(names)})`);
    const tag = oneOf(names)(tagNode, join(path, key), walk);
    return tag === undefined ? undefined : checks[tag](node, path, walk);
  };
}

// ---- the configuration's shape --------------------------------------------------------------
// Each map's fields are typed against its interface in config.ts (FieldsOf): a field added there
// and not checked here, or checked here and not declared there, fails to compile.

/** The checks of a map with known fields: one per field of T, no others. */
type FieldsOf<T> = { [K in keyof Required<T>]: Field<unknown> | Check<unknown> };
type TriggerOf<A extends EimTriggerConfig['adapter']> = FieldsOf<Omit<Extract<EimTriggerConfig, { adapter: A }>, 'adapter'>>;
type Launch = NonNullable<IpaIutConfig['launch']>;

const positiveInteger: Check<number> = scalar('a whole number above 0', (v) => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : undefined));
const curve = oneOf<Curve>(['nist', 'brp']);

const TLS = struct({
  trust: seq(existing('pem'), 1),
  cert: existing('pem'),
  key: existing('pem'),
  keyPassphrase: str(),
  insecure: bool,
} satisfies FieldsOf<TlsClientConfig>, (v, node, path, walk) => {
  if ((v.cert === undefined) !== (v.key === undefined)) walk.report(walk.anchor(node), join(path, v.cert ? 'key' : 'cert'), 'is missing (a client certificate needs both cert and key)');
  if (v.keyPassphrase !== undefined && v.key === undefined) walk.report(walk.field(node, 'keyPassphrase'), join(path, 'keyPassphrase'), 'is given without key');
});

const HTTP_TEMPLATE = struct({
  method: oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  url: required(url(['https', 'http'])),
  body: str(),
  headers: record(text),
} satisfies FieldsOf<HttpTemplate>);

const TRIGGER = tagged('adapter', {
  'sim-rest': { url: required(url(['https', 'http'])), token: str() } satisfies TriggerOf<'sim-rest'>,
  onomondo: { url: required(url(['https', 'http'])), token: str() } satisfies TriggerOf<'onomondo'>,
  http: { create: required(HTTP_TEMPLATE), lookup: HTTP_TEMPLATE, headers: record(text) } satisfies TriggerOf<'http'>,
  shell: { create: required(str('a shell command')), lookup: str('a shell command'), timeout: duration } satisfies TriggerOf<'shell'>,
  manual: {} satisfies TriggerOf<'manual'>,
});

const EIM = struct({
  esipa: required(struct({ url: required(url(['https', 'http'])), binding: oneOf(['asn1', 'json']), tls: TLS } satisfies FieldsOf<EimIutConfig['esipa']>)),
  trigger: required(TRIGGER),
  eimId: str(),
  eimCertificate: existing('pem'),
  fqdn: hostname,
  curve,
  es9Stall: struct({ address: required(hostname), port: required(port) } satisfies FieldsOf<NonNullable<EimIutConfig['es9Stall']>>),
  identity: str(),
} satisfies FieldsOf<EimIutConfig>);

const IPA = struct({
  launch: struct({
    command: required(str('a command line')),
    cwd: existing('dir'),
    env: record(text),
    timeout: duration,
    options: struct({ addInitialEim: str(), stateChange: str(), compact: str(), direct: str() } satisfies FieldsOf<NonNullable<Launch['options']>>),
  } satisfies FieldsOf<Launch>),
  running: bool,
  card: required(struct({ vpcd: endpoint(true), tcp: endpoint(false) } satisfies FieldsOf<IpaIutConfig['card']>, (v, node, path, walk) => {
    if ((v.vpcd === undefined) === (v.tcp === undefined)) walk.report(walk.anchor(node), path, 'names no card link or both (expected exactly one of vpcd, tcp)');
  })),
  insecureHttp: bool,
  identity: str(),
} satisfies FieldsOf<IpaIutConfig>, (v, node, path, walk) => {
  if (v.launch === undefined && v.running !== true) walk.report(walk.anchor(node), path, 'has no way to reach the IPA (expected launch: {command: …} or running: true)');
  if (v.launch !== undefined && v.running === true) walk.report(walk.field(node, 'running'), join(path, 'running'), 'is true while launch is given (expected one of them)');
});

const CARD = refine(str('tcp:HOST:PORT or pcsc:READER NAME'), (v) => {
  if (v.startsWith('pcsc:')) return v.slice(5).trim() ? undefined : `'${v}' names no reader (expected pcsc:READER NAME)`;
  const m = /^tcp:(?:\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+):(\d+)$/.exec(v);
  return m && Number(m[1]) <= 65535 ? undefined : `'${v}' is not a card address (expected tcp:HOST:PORT or pcsc:READER NAME)`;
});

const EUICC = struct({ card: required(CARD), identity: str() } satisfies FieldsOf<EuiccIutConfig>);

const SMDPP = struct({
  es9: required(url(['https'])),
  es2: url(['https']),
  binding: oneOf(['json', 'asn1']),
  tls: TLS,
  es2Tls: TLS,
  serverAddress: hostname,
  profileType: str(),
  confirmationCodeAttempts: positiveInteger,
  orderLifetimeMs: duration,
  sessionTimeoutMs: duration,
  identity: str(),
} satisfies FieldsOf<SmdppIutConfig>, (v, node, path, walk) => {
  if (v.es2Tls !== undefined && v.es2 === undefined) walk.report(walk.field(node, 'es2Tls'), join(path, 'es2Tls'), 'is given without es2');
});

const FEATURE_ID = /^O_[A-Z0-9_]+$/;
function featureProblem(id: string): string | undefined {
  const known = OPTIONAL_FEATURES.map((f) => f.id);
  if (known.length === 0) return FEATURE_ID.test(id) ? undefined : `'${id}' is not an optional-feature mnemonic (expected O_ followed by A-Z, 0-9, _)`;
  return known.includes(id) ? undefined : `unknown optional feature '${id}' (expected one of ${known.join(', ')})`;
}

const ROOT = struct({
  version: oneOf<SpecVersion>(['v1.2', 'v1.0']),
  curves: refine(seq(curve, 1), (v) => (new Set(v).size === v.length ? undefined : 'names a curve twice')),
  pki: existing('pki'),
  adminProtocol: refine(str(), (v) => (v.startsWith(ADMIN_PROTOCOL_PREFIX) ? undefined : `'${v}' is not an X-Admin-Protocol value (expected ${ADMIN_PROTOCOL_PREFIX}X.Y.Z)`)),
  timeouts: struct({ exchange: duration, step: duration, iut: duration } satisfies FieldsOf<HarnessConfig['timeouts']>),
  features: record(bool, featureProblem),
  simulators: struct({ host: str('a host or address'), eimPort: port, smdppPort: port, cardPort: port } satisfies FieldsOf<HarnessConfig['simulators']>),
  iut: struct({ eim: EIM, ipa: IPA, euicc: EUICC, smdpp: SMDPP } satisfies FieldsOf<HarnessConfig['iut']>),
} satisfies FieldsOf<HarnessConfig>, (v, node, path, walk) => {
  // The eIM's signing curve must be one the simulators hold credentials on.
  const eim = (v.iut as HarnessConfig['iut'] | undefined)?.eim;
  const curves = (v.curves as Curve[] | undefined) ?? defaultConfig().curves;
  if (eim?.curve && !curves.includes(eim.curve)) walk.report(walk.field(node, 'iut'), 'iut.eim.curve', `'${eim.curve}' is not among curves (expected one of ${curves.join(', ')})`);
});

/** Nested maps given in the file replace fields of the defaults one by one; lists and leaves replace. */
function merge(base: HarnessConfig, given: Record<string, unknown>): HarnessConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(given)) {
    const b = (base as unknown as Record<string, unknown>)[k];
    out[k] = (k === 'timeouts' || k === 'simulators') && b && typeof b === 'object' ? { ...b, ...(v as object) } : v;
  }
  return out as unknown as HarnessConfig;
}
