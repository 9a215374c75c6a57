/**
 * The schema language: ASN.1 type definitions written as TypeScript data, as close to the
 * module text as possible. Tags are written where the module writes them; automatic tagging,
 * implicit/explicit rules and tag resolution are applied by `compile.ts`, never by hand.
 *
 *   Foo ::= [81] SEQUENCE { a [0] INTEGER, b Bar OPTIONAL }
 *   Foo: tag(81, seq({ a: tag(0, int()), b: opt(ref('Bar')) }))
 */

export type TagClass = 'universal' | 'application' | 'context' | 'private';
export type TagMode = 'implicit' | 'explicit';
export type StringKind = 'utf8' | 'ia5' | 'printable' | 'visible' | 'numeric';
export type X509Kind = 'Certificate' | 'SubjectPublicKeyInfo' | 'CertificateList';

/** SIZE or value range; `max` undefined means unbounded. */
export interface Range { min: number; max?: number }

export type TypeDef =
  | { kind: 'boolean' }
  | { kind: 'integer'; named?: Readonly<Record<string, number>>; range?: Range }
  | { kind: 'null' }
  | { kind: 'octets'; size?: Range }
  | { kind: 'bits'; named?: Readonly<Record<string, number>>; size?: Range }
  | { kind: 'oid' }
  | { kind: 'string'; str: StringKind; size?: Range }
  | { kind: 'time'; time: 'utc' | 'generalized' }
  | { kind: 'sequence'; fields: readonly FieldDef[] }
  | { kind: 'sequenceOf'; item: TypeDef; size?: Range }
  | { kind: 'choice'; alternatives: readonly FieldDef[] }
  | { kind: 'tagged'; cls: TagClass; num: number; mode?: TagMode; inner: TypeDef }
  | { kind: 'ref'; name: string }
  | { kind: 'x509'; x509: X509Kind }
  | { kind: 'any' };

export interface FieldDef {
  readonly name: string;
  readonly type: TypeDef;
  readonly optional?: boolean;
  /** DEFAULT value, as a codec value (e.g. false, 2, 'operational' is written as its number). */
  readonly default?: unknown;
}

/** Marks a component OPTIONAL or DEFAULT inside `seq({...})`. */
export interface FieldMod { readonly mod: 'optional' | 'default'; readonly type: TypeDef; readonly value?: unknown }
type Component = TypeDef | FieldMod;

function isMod(c: Component): c is FieldMod {
  return (c as FieldMod).mod !== undefined;
}

function toFields(components: Readonly<Record<string, Component>>): FieldDef[] {
  return Object.entries(components).map(([name, c]) =>
    !isMod(c) ? { name, type: c }
      : c.mod === 'optional' ? { name, type: c.type, optional: true }
        : { name, type: c.type, optional: true, default: c.value });
}

function range(a?: number, b?: number): Range | undefined {
  if (a === undefined) return undefined;
  return { min: a, max: b === undefined ? a : b === Infinity ? undefined : b };
}

export const bool = (): TypeDef => ({ kind: 'boolean' });
/** INTEGER, optionally with named numbers and a value range `(min..max)`. */
export const int = (named?: Record<string, number>, min?: number, max?: number): TypeDef =>
  ({ kind: 'integer', named, range: range(min, max) });
export const nul = (): TypeDef => ({ kind: 'null' });
/** OCTET STRING; `octets(16)` is SIZE(16), `octets(1, 16)` is SIZE(1..16). */
export const octets = (min?: number, max?: number): TypeDef => ({ kind: 'octets', size: range(min, max) });
export const bits = (named?: Record<string, number>, min?: number, max?: number): TypeDef =>
  ({ kind: 'bits', named, size: range(min, max) });
export const oid = (): TypeDef => ({ kind: 'oid' });
export const utf8 = (min?: number, max?: number): TypeDef => ({ kind: 'string', str: 'utf8', size: range(min, max) });
export const ia5 = (min?: number, max?: number): TypeDef => ({ kind: 'string', str: 'ia5', size: range(min, max) });
export const printable = (min?: number, max?: number): TypeDef => ({ kind: 'string', str: 'printable', size: range(min, max) });
export const utcTime = (): TypeDef => ({ kind: 'time', time: 'utc' });
export const generalizedTime = (): TypeDef => ({ kind: 'time', time: 'generalized' });
export const seq = (components: Readonly<Record<string, Component>>): TypeDef =>
  ({ kind: 'sequence', fields: toFields(components) });
export const seqOf = (item: TypeDef, min?: number, max?: number): TypeDef =>
  ({ kind: 'sequenceOf', item, size: range(min, max) });
export const choice = (alternatives: Readonly<Record<string, TypeDef>>): TypeDef =>
  ({ kind: 'choice', alternatives: toFields(alternatives) });
export const ref = (name: string): TypeDef => ({ kind: 'ref', name });
export const x509 = (which: X509Kind): TypeDef => ({ kind: 'x509', x509: which });
export const any = (): TypeDef => ({ kind: 'any' });

/** `[n] T` (context class); pass 'implicit'/'explicit' only where the module writes the keyword. */
export const tag = (num: number, inner: TypeDef, mode?: TagMode): TypeDef =>
  ({ kind: 'tagged', cls: 'context', num, mode, inner });
/** `[APPLICATION n] T` */
export const app = (num: number, inner: TypeDef, mode?: TagMode): TypeDef =>
  ({ kind: 'tagged', cls: 'application', num, mode, inner });
/** `[PRIVATE n] T` */
export const priv = (num: number, inner: TypeDef, mode?: TagMode): TypeDef =>
  ({ kind: 'tagged', cls: 'private', num, mode, inner });

export const opt = (type: TypeDef): FieldMod => ({ mod: 'optional', type });
export const dflt = (type: TypeDef, value: unknown): FieldMod => ({ mod: 'default', type, value });

/** One ASN.1 module (or one version of it): its type assignments and where imports come from. */
export interface ModuleDef {
  readonly name: string;
  /** Spec version this table describes, e.g. 'v1.2'; modules with one version use their own label. */
  readonly version: string;
  readonly automaticTags: boolean;
  readonly extensibilityImplied: boolean;
  readonly types: Readonly<Record<string, TypeDef>>;
  /** Modules searched, in order, for names this module does not define (its IMPORTS). */
  readonly imports: readonly (ModuleDef | ImportDef)[];
}

/** `name, … FROM Module`: only the listed names of a module are visible. */
export interface ImportDef {
  readonly from: ModuleDef;
  readonly names: readonly string[];
}
