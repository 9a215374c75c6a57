/**
 * Test vectors as JSON lines — `{"module","type","hex","asnVersion"}` — and the round-trip check
 * that vendors run on captured traffic and we run on independent encoders' output: decode,
 * re-encode, compare the bytes.
 */
import { AsnDecodeError, AsnEncodeError, AsnSchemaError } from './errors';
import { fromHex, toHex } from './hex';
import { Codec, codec, DEFAULT_VERSION, ModuleName, parseModuleName, parseSpecVersion, SpecVersion } from './registry';

export interface Vector {
  line: number;
  module: ModuleName;
  version: SpecVersion;
  type: string;
  bytes: Uint8Array;
  codec: Codec;
}

export interface VectorProblem { line: number; label: string; reason: string }

function label(o: Record<string, unknown>): string {
  return [o.module ?? 'SGP32Definitions', o.asnVersion ?? '', o.type ?? '?'].filter(Boolean).join(' ');
}

/** Parses JSON lines into vectors; lines that cannot be used come back as problems. */
export function parseVectors(text: string): { vectors: Vector[]; problems: VectorProblem[] } {
  const vectors: Vector[] = [], problems: VectorProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw);
      if (typeof o !== 'object' || o === null) throw new Error('not an object');
    } catch (e) {
      problems.push({ line, label: '-', reason: `not a JSON object: ${(e as Error).message}` });
      return;
    }
    try {
      if (typeof o.type !== 'string' || typeof o.hex !== 'string') throw new AsnSchemaError('needs string fields "type" and "hex"');
      const module = parseModuleName(typeof o.module === 'string' ? o.module : 'SGP32Definitions');
      // Only SGP32Definitions has versions; other modules accept any label (e.g. RSP "v2.5").
      const version = module === 'SGP32Definitions' && typeof o.asnVersion === 'string' ? parseSpecVersion(o.asnVersion) : DEFAULT_VERSION;
      const c = codec(module, version);
      if (!c.has(o.type)) throw new AsnSchemaError(`unknown type '${o.type}' in ${module} ${version}`);
      vectors.push({ line, module, version, type: o.type, bytes: fromHex(o.hex), codec: c });
    } catch (e) {
      problems.push({ line, label: label(o), reason: (e as Error).message });
    }
  });
  return { vectors, problems };
}

export interface CheckOutcome { passed: number; failed: VectorProblem[]; warnings: VectorProblem[] }

/** Where two byte strings first differ, with a little context, for failure lines. */
function firstDifference(want: Uint8Array, got: Uint8Array): string {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const ctx = (b: Uint8Array) => toHex(b.subarray(Math.max(0, i - 4), i + 8));
  return `re-encoding differs at offset ${i} (input ${want.length} bytes, re-encoded ${got.length}): input …${ctx(want)}… re-encoded …${ctx(got)}…`;
}

/** Decodes and re-encodes one vector; returns the failure reason, or a warning, or nothing. */
export function checkVector(v: Vector): { failure?: string; warning?: string } {
  let value: unknown, warning: string | undefined, constraints = true;
  try {
    value = v.codec.decode(v.type, v.bytes);
  } catch (e) {
    if (!(e instanceof AsnDecodeError)) throw e;
    if (e.code !== 'constraint') return { failure: `decode: ${e.message}` };
    // The bytes are well formed; the value breaks a constraint. Still a faithful round trip?
    warning = `value outside a constraint: ${e.message}`;
    constraints = false;
    value = v.codec.decode(v.type, v.bytes, { constraints });
  }
  let again: Uint8Array;
  try {
    again = v.codec.encode(v.type, value, { constraints });
  } catch (e) {
    if (!(e instanceof AsnEncodeError)) throw e;
    return { failure: `re-encode: ${e.message}`, warning };
  }
  if (Buffer.compare(Buffer.from(again), Buffer.from(v.bytes)) !== 0) return { failure: firstDifference(v.bytes, again), warning };
  return { warning };
}

export function checkVectors(text: string): CheckOutcome {
  const { vectors, problems } = parseVectors(text);
  const out: CheckOutcome = { passed: 0, failed: [...problems], warnings: [] };
  for (const v of vectors) {
    const lbl = `${v.module} ${v.module === 'SGP32Definitions' ? v.version + ' ' : ''}${v.type}`;
    const r = checkVector(v);
    if (r.warning) out.warnings.push({ line: v.line, label: lbl, reason: r.warning });
    if (r.failure) out.failed.push({ line: v.line, label: lbl, reason: r.failure });
    else out.passed++;
  }
  out.failed.sort((a, b) => a.line - b.line);
  return out;
}
