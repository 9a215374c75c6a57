/**
 * Turns schema tables into engine nodes, applying the X.680 tagging rules once for every module:
 * AUTOMATIC TAGS (components numbered [0], [1]... when none of a SEQUENCE's or CHOICE's
 * components carries a tag of its own), the module's default tagging, and the rule that a tag is
 * explicit when it is put on an untagged CHOICE or open type but implicit otherwise (X.680
 * 31.2.7) — so `[3] Foo` with `Foo ::= [81] CHOICE {...}` has exactly one tag layer, [3].
 */
import { AsnSchemaError } from './errors';
import {
  AnyNode, BitsNode, BooleanNode, ChoiceNode, ExplicitNode, Field, IntegerNode, NamedBitsNode, Node,
  NullNode, OctetsNode, OidNode, SequenceNode, SequenceOfNode, StringNode, X509Node,
} from './nodes';
import type { FieldDef, ModuleDef, StringKind, TagClass, TypeDef } from './schema';

const CLASS_BITS: Record<TagClass, number> = { universal: 0x00, application: 0x40, context: 0x80, private: 0xc0 };
const STRING_TAGS: Record<StringKind, number> = { utf8: 0x0c, ia5: 0x16, printable: 0x13, visible: 0x1a, numeric: 0x12 };

/** The `tag` integer (tag octets read big-endian) for a class, number and form. */
export function tagNumber(cls: TagClass, num: number, constructed: boolean): number {
  const first = CLASS_BITS[cls] | (constructed ? 0x20 : 0);
  if (num < 31) return first | num;
  const rest: number[] = [num & 0x7f];
  for (let n = num >> 7; n > 0; n >>= 7) rest.unshift(0x80 | (n & 0x7f));
  return rest.reduce((t, b) => t * 256 + b, first | 0x1f);
}

function withTag<N extends Node>(node: N, tag: number): N {
  node.setTag(tag);
  return node;
}

/** One module's compiled types; names resolve in the module itself, then in its imports. */
export class Scope {
  private static scopes = new WeakMap<ModuleDef, Scope>();
  private readonly nodes = new Map<string, Node>();
  private readonly busy = new Set<string>();

  static of(def: ModuleDef): Scope {
    let s = Scope.scopes.get(def);
    if (!s) Scope.scopes.set(def, (s = new Scope(def)));
    return s;
  }
  private constructor(readonly def: ModuleDef) {}

  /** The scope that defines `name` as seen from this module, or undefined. */
  owner(name: string): Scope | undefined {
    if (name in this.def.types) return this;
    const i = this.def.imports.find((i) => ('from' in i ? i.names.includes(name) : name in i.types));
    return i && Scope.of('from' in i ? i.from : i);
  }

  has(name: string): boolean {
    return this.owner(name) !== undefined;
  }

  /** All type names visible here: the module's own, then imported ones it does not shadow. */
  names(): string[] {
    const own = Object.keys(this.def.types);
    const seen = new Set(own);
    const imported = this.def.imports.flatMap((i) => ('from' in i ? i.names : Object.keys(i.types))).filter((n) => !seen.has(n) && (seen.add(n), true));
    return [...own, ...imported];
  }

  node(name: string): Node {
    const s = this.owner(name);
    if (!s) throw new AsnSchemaError(`unknown type '${name}' in ${this.def.name} ${this.def.version}`);
    return s === this ? this.local(name) : s.node(name);
  }

  private local(name: string): Node {
    let n = this.nodes.get(name);
    if (n) return n;
    if (this.busy.has(name)) throw new AsnSchemaError(`recursive type '${name}' in ${this.def.name} is not supported`);
    this.busy.add(name);
    try {
      n = this.compile(this.def.types[name]);
      this.nodes.set(name, n);
      return n;
    } finally {
      this.busy.delete(name);
    }
  }

  /** Follows references to the definition they name, and the scope that owns it. */
  private target(def: TypeDef): TypeDef {
    let scope: Scope = this;
    while (def.kind === 'ref') {
      const s = scope.owner(def.name);
      if (!s) throw new AsnSchemaError(`unknown type '${def.name}' referenced in ${scope.def.name}`);
      scope = s;
      def = s.def.types[def.name];
    }
    return def;
  }

  private compile(def: TypeDef): Node {
    switch (def.kind) {
      case 'boolean': return withTag(new BooleanNode(), 0x01);
      case 'integer': return withTag(new IntegerNode(def.named, def.range), 0x02);
      case 'null': return withTag(new NullNode(), 0x05);
      case 'octets': return withTag(new OctetsNode(def.size), 0x04);
      case 'bits': return withTag(def.named ? new NamedBitsNode(def.named, def.size) : new BitsNode(def.size), 0x03);
      case 'oid': return withTag(new OidNode(), 0x06);
      case 'string': return withTag(new StringNode(def.str === 'utf8', def.size), STRING_TAGS[def.str]);
      case 'time': return withTag(new StringNode(false), def.time === 'utc' ? 0x17 : 0x18);
      case 'sequence': return withTag(new SequenceNode(this.fields(def.fields), this.def.extensibilityImplied), 0x30);
      case 'sequenceOf': return withTag(new SequenceOfNode(this.compile(def.item), def.size), 0x30);
      case 'choice': return new ChoiceNode(this.fields(def.alternatives));
      case 'x509': return withTag(new X509Node(def.x509), 0x30);
      case 'any': return new AnyNode();
      case 'ref': return this.node(def.name);
      case 'tagged': {
        const inner = this.target(def.inner);
        const untagged = inner.kind === 'choice' || inner.kind === 'any';
        const mode = untagged ? 'explicit' : def.mode ?? (this.def.automaticTags ? 'implicit' : 'explicit');
        if (mode === 'explicit') return withTag(new ExplicitNode(this.compile(def.inner)), tagNumber(def.cls, def.num, true));
        const node = this.compile(def.inner);
        return node.retag(tagNumber(def.cls, def.num, node.constructed));
      }
    }
  }

  private fields(defs: readonly FieldDef[]): Field[] {
    const auto = this.def.automaticTags && !defs.some((f) => f.type.kind === 'tagged');
    return defs.map((f, i) => ({
      name: f.name,
      node: this.compile(auto ? { kind: 'tagged', cls: 'context', num: i, inner: f.type } : f.type),
      optional: f.optional === true,
      hasDefault: f.default !== undefined,
      default: f.default,
    }));
  }
}
