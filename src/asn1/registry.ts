/**
 * The codec's front door: pick a module and spec version, then decode, encode, render and name
 * messages by type name. The spec version is a value (`v1.2` normative, `v1.0` for older peers)
 * that selects a schema table; the engine is the same for all of them.
 */
import { Scope } from './compile';
import { AsnDecodeError, AsnSchemaError } from './errors';
import { toJSONValue, fromJSONValue } from './json';
import { decodeTlv, DecodeOptions, EncodeOptions, encodeValue, Node, peekTag } from './nodes';
import { PKIX1Explicit88, PKIX1Implicit88 } from './pkix/modules';
import { RSPDefinitions } from './rsp/definitions';
import { PEDefinitions } from './rsp/pe';
import type { ModuleDef } from './schema';
import { SGP32Definitions_v1_0 } from './sgp32/v1.0';
import { SGP32Definitions_v1_2 } from './sgp32/v1.2';

export const SPEC_VERSIONS = ['v1.2', 'v1.0'] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];
export const DEFAULT_VERSION: SpecVersion = 'v1.2';

export const MODULE_NAMES = ['SGP32Definitions', 'RSPDefinitions', 'PEDefinitions', 'PKIX1Explicit88', 'PKIX1Implicit88'] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

/** Module tables per SGP.32 version; modules outside SGP.32 are the same for every version. */
const TABLES: Record<ModuleName, ModuleDef | Record<SpecVersion, ModuleDef>> = {
  SGP32Definitions: { 'v1.2': SGP32Definitions_v1_2, 'v1.0': SGP32Definitions_v1_0 },
  RSPDefinitions,
  PEDefinitions,
  PKIX1Explicit88,
  PKIX1Implicit88,
};

/** Accepts `v1.2`, `V1.2`, `1.2`, `v1.2.0`... as the SGP.32 version label. */
export function parseSpecVersion(text: string): SpecVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/i.exec(text.trim());
  const v = m && `v${m[1]}.${m[2]}`;
  if (!v || !(SPEC_VERSIONS as readonly string[]).includes(v)) {
    throw new AsnSchemaError(`unknown SGP.32 version '${text}' (known: ${SPEC_VERSIONS.join(', ')})`);
  }
  return v as SpecVersion;
}

export function parseModuleName(text: string): ModuleName {
  const found = MODULE_NAMES.find((m) => m.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new AsnSchemaError(`unknown module '${text}' (known: ${MODULE_NAMES.join(', ')})`);
  return found;
}

export class Codec {
  private readonly scope: Scope;
  constructor(readonly module: ModuleName, readonly version: SpecVersion) {
    const t = TABLES[module];
    this.scope = Scope.of('types' in t ? (t as ModuleDef) : (t as Record<SpecVersion, ModuleDef>)[version]);
  }

  /** Names of every type this module defines or imports. */
  types(): string[] {
    return this.scope.names();
  }
  has(type: string): boolean {
    return this.scope.has(type);
  }
  private readonly nodes = new Map<string, Node>();
  node(type: string): Node {
    let n = this.nodes.get(type);
    if (!n) this.nodes.set(type, (n = this.scope.node(type)));
    return n;
  }

  /** Decodes exactly one value of `type`; throws AsnDecodeError with path and offset. */
  decode<T = any>(type: string, bytes: Uint8Array, opts?: DecodeOptions): T {
    return decodeTlv(this.node(type), type, bytes, opts).value as T;
  }
  /** DER encoding of `value`; throws AsnEncodeError with the path of the offending component. */
  encode(type: string, value: unknown, opts?: EncodeOptions): Uint8Array {
    return encodeValue(this.node(type), type, value, opts);
  }
  /**
   * Names a message from its bytes, for the trace: the first of `candidates` (default: every
   * type whose outer tag matches, this module's own first) that decodes the bytes completely.
   */
  identify(bytes: Uint8Array, candidates?: readonly string[]): { type: string; value: unknown } | undefined {
    const tag = peekTag(bytes);
    for (const type of candidates ?? this.byTag().get(tag) ?? []) {
      if (!this.node(type).matches(tag)) continue;
      try {
        return { type, value: this.decode(type, bytes) };
      } catch (e) {
        if (!(e instanceof AsnDecodeError)) throw e;
      }
    }
    return undefined;
  }
  /** Every type whose outer tag is the first tag of `bytes` (this module's own first). */
  typesTagged(bytes: Uint8Array): readonly string[] {
    return this.byTag().get(peekTag(bytes)) ?? [];
  }
  private tagIndex?: Map<number, string[]>;
  private byTag(): Map<number, string[]> {
    if (!this.tagIndex) {
      this.tagIndex = new Map();
      for (const type of this.types()) {
        const tag = this.node(type).tag;
        if (tag < 0) continue;
        const list = this.tagIndex.get(tag);
        if (list) list.push(type); else this.tagIndex.set(tag, [type]);
      }
    }
    return this.tagIndex;
  }

  toJSON(type: string, value: unknown): unknown {
    return toJSONValue(this.node(type), value);
  }
  fromJSON<T = any>(type: string, json: unknown): T {
    return fromJSONValue(this.node(type), json, type) as T;
  }
}

const codecs = new Map<string, Codec>();

/** The shared codec for a module and version (SGP32Definitions v1.2 unless told otherwise). */
export function codec(module: ModuleName = 'SGP32Definitions', version: SpecVersion = DEFAULT_VERSION): Codec {
  const key = `${module}@${version}`;
  let c = codecs.get(key);
  if (!c) codecs.set(key, (c = new Codec(module, version)));
  return c;
}
