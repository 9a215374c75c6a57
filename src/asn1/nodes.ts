/**
 * The TLV engine: one node class per kind of compiled ASN.1 type, each knowing its outer tag and
 * how to decode its content, measure its DER and write it. `compile.ts` builds these from the
 * schema tables; nothing else constructs them.
 *
 * Speed matters (fleet simulation, fuzzing), so the engine avoids per-TLV allocation: the header
 * reader leaves its results in module variables, and encoding runs two passes — `size` records
 * every content length in pre-order into `LENS`, `write` replays them into one exact buffer.
 */
import { AsnDecodeError, AsnEncodeError, DecodeErrorCode, EncodeErrorCode, formatPath } from './errors';
import type { Range, X509Kind } from './schema';
import { X509Value } from './x509';

/** A BIT STRING without named bits: the bytes and how many bits of the last byte are unused. */
export class BitString {
  constructor(readonly bytes: Uint8Array, readonly unusedBits = 0) {}
}

// ---- decode state -------------------------------------------------------------------------

let BUF: Uint8Array = new Uint8Array(0);
let ROOT = '';
let CHECK_CONSTRAINTS = true;
const PATH: (string | number)[] = [];
/** Results of the last `readHeader`. */
let H_TAG = 0, H_CONS = false, H_START = 0, H_END = 0;

const MAX_DEPTH = 64;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER), MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fail(code: DecodeErrorCode, offset: number, detail: string): never {
  throw new AsnDecodeError(code, formatPath(ROOT, PATH), offset, detail);
}

export function tagHex(tag: number): string {
  return tag < 0 ? 'any' : tag.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Reads the tag and length at `pos`; the TLV must end at or before `limit`, unless `partial`
 * (a header whose value arrives in later segments: only the header must fit).
 */
function readHeader(pos: number, limit: number, partial = false): void {
  const buf = BUF;
  const at = pos;
  if (pos >= limit) fail('truncated', pos, 'expected a TLV, found the end of the enclosing value');
  let b = buf[pos++];
  let tag = b;
  H_CONS = (b & 0x20) !== 0;
  if ((b & 0x1f) === 0x1f) {
    let n = 0;
    do {
      if (pos >= limit) fail('truncated', at, 'tag runs past the end of data');
      b = buf[pos++];
      tag = tag * 256 + b;
      if (++n > 3) fail('bad-length', at, 'tag number too large');
    } while (b & 0x80);
  }
  if (pos >= limit) fail('truncated', at, `tag ${tagHex(tag)} has no length`);
  let len = buf[pos++];
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) fail('indefinite-length', at, `tag ${tagHex(tag)} uses the indefinite length form`);
    if (n > 4) fail('bad-length', at, `tag ${tagHex(tag)} has a ${n}-octet length field`);
    if (pos + n > limit) fail('truncated', at, `tag ${tagHex(tag)}: length field runs past the end of data`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++];
  }
  if (pos + len > limit && !partial) {
    fail('truncated', at, `tag ${tagHex(tag)} declares ${len} content bytes but only ${limit - pos} remain`);
  }
  H_TAG = tag;
  H_START = pos;
  H_END = pos + len;
}

function checkSize(size: Range | undefined, n: number, at: number, unit: string): void {
  if (size && CHECK_CONSTRAINTS && (n < size.min || (size.max !== undefined && n > size.max))) {
    fail('constraint', at, `${n} ${unit} outside SIZE(${size.min}..${size.max ?? 'MAX'})`);
  }
}

// ---- encode state -------------------------------------------------------------------------

let LENS: number[] = [];
let LN = 0; // next slot to fill (size pass)
let LW = 0; // next slot to read (write pass)
let ENC_CONSTRAINTS = true;

function encFail(code: EncodeErrorCode, detail: string): never {
  throw new AsnEncodeError(code, formatPath(ROOT, PATH), detail);
}

function lenLen(n: number): number {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5;
}

function writeLen(out: Uint8Array, pos: number, n: number): number {
  if (n < 0x80) { out[pos] = n; return pos + 1; }
  const k = lenLen(n) - 1;
  out[pos++] = 0x80 | k;
  for (let i = k - 1; i >= 0; i--) out[pos++] = Math.floor(n / 2 ** (8 * i)) & 0xff;
  return pos;
}

function encSize(size: Range | undefined, n: number, unit: string): void {
  if (size && ENC_CONSTRAINTS && (n < size.min || (size.max !== undefined && n > size.max))) {
    encFail('constraint', `${n} ${unit} outside SIZE(${size.min}..${size.max ?? 'MAX'})`);
  }
}

/** Tag bytes for a tag number in the `tag` integer form (the tag octets read big-endian). */
function tagOctets(tag: number): number[] {
  const out: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) out.unshift(t % 256);
  return out.length ? out : [0];
}

// ---- nodes --------------------------------------------------------------------------------

export abstract class Node {
  /** Outer tag as an integer of its octets (e.g. 0xBF51); -1 for untagged CHOICE and open types. */
  tag = -1;
  tagBytes: number[] = [];
  /** The tag an implicit tag replaced, if any (to explain a doubled tag in error messages). */
  replacedTag?: number;

  /** True when this node's encoding is constructed (needed to compute an implicit tag). */
  abstract get constructed(): boolean;
  /** Decodes the content of a TLV whose header was already read and matched. */
  abstract decode(tag: number, hdr: number, start: number, end: number, cons: boolean): unknown;
  /** Validates `v`, records content lengths, returns the full TLV length. */
  abstract size(v: unknown): number;
  /** Writes the TLV of `v` (after `size` ran on it) at `pos`; returns the new position. */
  abstract write(v: unknown, out: Uint8Array, pos: number): number;

  matches(tag: number): boolean {
    return tag === this.tag;
  }
  /** Every outer tag this node can start with. */
  firstTags(): number[] {
    return [this.tag];
  }
  setTag(tag: number): void {
    this.tag = tag;
    this.tagBytes = tagOctets(tag);
  }
  /** A copy carrying another outer tag (implicit tagging); content handling is shared. */
  retag(tag: number): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    copy.replacedTag = this.tag;
    copy.setTag(tag);
    return copy;
  }
  protected header(out: Uint8Array, pos: number, len: number): number {
    const t = this.tagBytes;
    for (let i = 0; i < t.length; i++) out[pos++] = t[i];
    return writeLen(out, pos, len);
  }
  protected tlvSize(len: number): number {
    LENS[LN++] = len;
    return this.tagBytes.length + lenLen(len) + len;
  }
  protected primitive(hdr: number, cons: boolean): void {
    if (cons) fail('wrong-tag', hdr, `constructed encoding of a primitive type (tag ${tagHex(this.tag)})`);
  }
}

export class BooleanNode extends Node {
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): boolean {
    this.primitive(hdr, cons);
    if (end - start !== 1) fail('bad-length', hdr, `BOOLEAN of ${end - start} bytes`);
    return BUF[start] !== 0;
  }
  size(v: unknown): number {
    if (typeof v !== 'boolean') encFail('bad-value', `expected a boolean, got ${typeof v}`);
    return this.tlvSize(1);
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    pos = this.header(out, pos, LENS[LW++]);
    out[pos] = v ? 0xff : 0;
    return pos + 1;
  }
}

export class NullNode extends Node {
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): null {
    this.primitive(hdr, cons);
    if (end !== start) fail('bad-length', hdr, `NULL with ${end - start} content bytes`);
    return null;
  }
  size(v: unknown): number {
    if (v !== null) encFail('bad-value', 'expected null');
    return this.tlvSize(0);
  }
  write(_v: unknown, out: Uint8Array, pos: number): number {
    return this.header(out, pos, LENS[LW++]);
  }
}

/** INTEGER values are numbers when they fit 48 bits, bigints beyond. */
export class IntegerNode extends Node {
  constructor(readonly named?: Readonly<Record<string, number>>, readonly range?: Range) { super(); }
  get constructed() { return false; }

  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): number | bigint {
    this.primitive(hdr, cons);
    const len = end - start, buf = BUF;
    if (len === 0) fail('bad-length', hdr, 'INTEGER with no content');
    if (len > 1) {
      const a = buf[start], b = buf[start + 1] & 0x80;
      if ((a === 0 && b === 0) || (a === 0xff && b !== 0)) fail('bad-value', hdr, 'INTEGER not in minimal form');
    }
    let v: number | bigint;
    if (len <= 6) {
      let n = (buf[start] ^ 0x80) - 0x80;
      for (let i = start + 1; i < end; i++) n = n * 256 + buf[i];
      v = n;
    } else {
      // Through hex: building the BigInt octet by octet is quadratic, and hostile INTEGERs run to 64 KiB.
      const b = BigInt.asIntN(len * 8, BigInt(`0x${Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('hex')}`));
      v = b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
    }
    const r = this.range;
    if (r && CHECK_CONSTRAINTS && (v < r.min || (r.max !== undefined && v > r.max))) {
      fail('constraint', hdr, `${v} outside (${r.min}..${r.max ?? 'MAX'})`);
    }
    return v;
  }

  size(v: unknown): number {
    let len: number;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) encFail('bad-value', `not a safe integer: ${v}`);
      len = 1;
      if (v >= 0) { for (let lim = 128; v >= lim; lim *= 256) len++; }
      else { for (let lim = -128; v < lim; lim *= 256) len++; }
    } else if (typeof v === 'bigint') {
      // Octets of the two's complement: the magnitude's bits (of -v-1 when negative) plus a sign bit.
      const m = v >= 0n ? v : -v - 1n;
      len = Math.floor((m === 0n ? 0 : m.toString(2).length) / 8) + 1;
    } else {
      return encFail('bad-value', `expected an integer, got ${typeof v}`);
    }
    const r = this.range;
    if (r && ENC_CONSTRAINTS && (v < r.min || (r.max !== undefined && v > r.max))) {
      encFail('constraint', `${v} outside (${r.min}..${r.max ?? 'MAX'})`);
    }
    return this.tlvSize(len);
  }

  write(v: unknown, out: Uint8Array, pos: number): number {
    const len = LENS[LW++];
    pos = this.header(out, pos, len);
    if (typeof v === 'number' && len <= 6) { // beyond 6 bytes, 2^(8*len) + v loses precision
      let n = v < 0 ? 2 ** (8 * len) + v : v;
      for (let i = pos + len - 1; i >= pos; i--) { out[i] = n % 256; n = Math.floor(n / 256); }
    } else {
      const hex = BigInt.asUintN(len * 8, BigInt(v as number | bigint)).toString(16).padStart(len * 2, '0');
      out.set(Buffer.from(hex, 'hex'), pos);
    }
    return pos + len;
  }
}

/** OCTET STRING: values are Uint8Array copies (never views into the input). */
export class OctetsNode extends Node {
  constructor(readonly sizeRange?: Range) { super(); }
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): Uint8Array {
    this.primitive(hdr, cons);
    checkSize(this.sizeRange, end - start, hdr, 'octets');
    return BUF.slice(start, end);
  }
  size(v: unknown): number {
    if (!(v instanceof Uint8Array)) encFail('bad-value', 'expected a Uint8Array');
    encSize(this.sizeRange, v.length, 'octets');
    return this.tlvSize(v.length);
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    pos = this.header(out, pos, LENS[LW++]);
    out.set(v as Uint8Array, pos);
    return pos + (v as Uint8Array).length;
  }
}

/** Checks a BIT STRING's unused-bits octet and SIZE; returns the number of bits it holds. */
function bitCount(size: Range | undefined, hdr: number, start: number, end: number): number {
  if (end === start) fail('bad-length', hdr, 'BIT STRING with no content');
  const unused = BUF[start];
  if (unused > 7 || (unused > 0 && end - start === 1)) fail('bad-value', hdr, `BIT STRING with ${unused} unused bits`);
  const n = (end - start - 1) * 8 - unused;
  checkSize(size, n, hdr, 'bits');
  return n;
}

/**
 * BIT STRING with named bits: the value is the list of names of the bits that are set (an
 * unnamed set bit appears as `bit<N>`). DER drops trailing zero bits, so the list is exact.
 */
export class NamedBitsNode extends Node {
  readonly byPos: string[] = [];
  constructor(readonly named: Readonly<Record<string, number>>, readonly sizeRange?: Range) {
    super();
    for (const [name, p] of Object.entries(named)) this.byPos[p] = name;
  }
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): string[] {
    this.primitive(hdr, cons);
    const nbits = bitCount(this.sizeRange, hdr, start, end);
    const names: string[] = [];
    for (let p = 0; p < nbits; p++) {
      if (BUF[start + 1 + (p >> 3)] & (0x80 >> (p & 7))) names.push(this.byPos[p] ?? `bit${p}`);
    }
    return names;
  }
  private position(name: string): number {
    const p = this.named[name] ?? (/^bit\d+$/.test(name) ? Number(name.slice(3)) : undefined);
    if (p === undefined) encFail('bad-value', `unknown bit name '${name}'`);
    return p;
  }
  size(v: unknown): number {
    if (!Array.isArray(v)) encFail('bad-value', 'expected an array of bit names');
    let top = -1;
    for (const name of v) top = Math.max(top, this.position(name));
    return this.tlvSize(top < 0 ? 1 : 2 + (top >> 3));
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    const len = LENS[LW++];
    pos = this.header(out, pos, len);
    out.fill(0, pos, pos + len);
    let top = -1;
    for (const name of v as string[]) {
      const p = this.position(name);
      top = Math.max(top, p);
      out[pos + 1 + (p >> 3)] |= 0x80 >> (p & 7);
    }
    out[pos] = top < 0 ? 0 : 7 - (top & 7);
    return pos + len;
  }
}

export class BitsNode extends Node {
  constructor(readonly sizeRange?: Range) { super(); }
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): BitString {
    this.primitive(hdr, cons);
    const nbits = bitCount(this.sizeRange, hdr, start, end);
    return new BitString(BUF.slice(start + 1, end), (end - start - 1) * 8 - nbits);
  }
  size(v: unknown): number {
    if (!(v instanceof BitString)) encFail('bad-value', 'expected a BitString');
    return this.tlvSize(1 + v.bytes.length);
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    const b = v as BitString;
    pos = this.header(out, pos, LENS[LW++]);
    out[pos] = b.unusedBits;
    out.set(b.bytes, pos + 1);
    return pos + 1 + b.bytes.length;
  }
}

/** OBJECT IDENTIFIER as dotted decimal text. */
export class OidNode extends Node {
  private static cache = new Map<string, number[]>();
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): string {
    this.primitive(hdr, cons);
    if (end === start) fail('bad-length', hdr, 'OBJECT IDENTIFIER with no content');
    if (BUF[end - 1] & 0x80) fail('truncated', hdr, 'OBJECT IDENTIFIER ends inside a subidentifier');
    let s = '', n = 0, first = true;
    for (let i = start; i < end; i++) {
      const b = BUF[i];
      if (n === 0 && b === 0x80) fail('bad-value', i, 'OBJECT IDENTIFIER subidentifier not in minimal form');
      n = n * 128 + (b & 0x7f);
      if (b & 0x80) continue;
      if (first) { s = n < 80 ? `${Math.floor(n / 40)}.${n % 40}` : `2.${n - 80}`; first = false; }
      else s += '.' + n;
      n = 0;
    }
    return s;
  }
  static octets(v: string): number[] {
    let o = OidNode.cache.get(v);
    if (o) return o;
    const arcs = v.split('.').map(Number);
    if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0) || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) {
      return encFail('bad-value', `not an OBJECT IDENTIFIER: '${v}'`);
    }
    o = [];
    const sub = [arcs[0] * 40 + arcs[1], ...arcs.slice(2)];
    for (const a of sub) {
      const chunk = [a % 128];
      for (let x = Math.floor(a / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift(0x80 | (x % 128));
      o.push(...chunk);
    }
    if (OidNode.cache.size < 4096) OidNode.cache.set(v, o);
    return o;
  }
  size(v: unknown): number {
    if (typeof v !== 'string') encFail('bad-value', 'expected a dotted OBJECT IDENTIFIER string');
    return this.tlvSize(OidNode.octets(v).length);
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    const o = OidNode.octets(v as string);
    pos = this.header(out, pos, LENS[LW++]);
    for (let i = 0; i < o.length; i++) out[pos + i] = o[i];
    return pos + o.length;
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Character strings and times, as JS strings (times keep their exact text). */
export class StringNode extends Node {
  constructor(readonly utf8: boolean, readonly sizeRange?: Range) { super(); }
  get constructed() { return false; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): string {
    this.primitive(hdr, cons);
    const buf = BUF;
    let s = '';
    let ascii = true;
    for (let i = start; i < end; i++) if (buf[i] & 0x80) { ascii = false; break; }
    if (ascii || !this.utf8) {
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
    } else {
      try { s = utf8Decoder.decode(buf.subarray(start, end)); }
      catch { fail('bad-value', hdr, 'UTF8String is not valid UTF-8'); }
    }
    if (this.sizeRange) checkSize(this.sizeRange, ascii ? s.length : [...s].length, hdr, 'characters');
    return s;
  }
  size(v: unknown): number {
    if (typeof v !== 'string') encFail('bad-value', `expected a string, got ${typeof v}`);
    let n = v.length;
    for (let i = 0; i < v.length; i++) {
      if (v.charCodeAt(i) > 0x7f) {
        if (!this.utf8) encFail('bad-value', 'character outside this string type');
        n = Buffer.byteLength(v, 'utf8');
        break;
      }
    }
    if (this.sizeRange) encSize(this.sizeRange, n === v.length ? n : [...v].length, 'characters');
    return this.tlvSize(n);
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    const s = v as string, len = LENS[LW++];
    pos = this.header(out, pos, len);
    if (len === s.length) for (let i = 0; i < len; i++) out[pos + i] = s.charCodeAt(i);
    else Buffer.from(out.buffer, out.byteOffset, out.length).write(s, pos, 'utf8');
    return pos + len;
  }
}

export interface Field {
  readonly name: string;
  readonly node: Node;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
}

/** DER (X.690 11.5) omits a component equal to its DEFAULT, so equality is by value, not identity. */
function isDefault(f: Field, v: unknown): boolean {
  return f.hasDefault && sameValue(v, f.default);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const int = (x: unknown): x is number | bigint => typeof x === 'bigint' || Number.isInteger(x);
  return int(a) && int(b) && BigInt(a) === BigInt(b);
}

/** Decoded values own their data: a DEFAULT is copied, never shared with the schema. */
function copyDefault(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice();
  return Array.isArray(v) ? v.map(copyDefault) : v;
}

export class SequenceNode extends Node {
  /**
   * Outer tag of each component's TLV -> indexes in `fields`, ascending (untagged CHOICEs
   * contribute all their tags; consecutive components may share a tag, e.g. two Certificates).
   */
  readonly index = new Map<number, number[]>();
  constructor(readonly fields: readonly Field[], readonly extensible: boolean) {
    super();
    fields.forEach((f, i) => {
      for (const t of f.node.firstTags()) {
        const at = this.index.get(t);
        if (at) at.push(i); else this.index.set(t, [i]);
      }
    });
  }
  get constructed() { return true; }

  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): Record<string, unknown> {
    if (!cons) fail('wrong-tag', hdr, `primitive encoding of a SEQUENCE (tag ${tagHex(this.tag)})`);
    if (PATH.length > MAX_DEPTH) fail('too-deep', hdr, 'nesting deeper than the codec allows');
    const fields = this.fields, o: Record<string, unknown> = {};
    let fi = 0, pos = start;
    while (pos < end) {
      readHeader(pos, end);
      const t = H_TAG, cs = H_START, ce = H_END, c = H_CONS;
      const at = this.index.get(t);
      if (at === undefined) {
        if (!this.extensible) fail('wrong-tag', pos, `unexpected tag ${tagHex(t)}`);
        pos = ce; // unknown extension: skipped
        continue;
      }
      let k = 0;
      while (k < at.length && at[k] < fi) k++;
      if (k === at.length) fail('duplicate-field', pos, `'${fields[at[k - 1]].name}' (tag ${tagHex(t)}) repeated or out of order`);
      const j = at[k];
      for (; fi < j; fi++) this.absent(o, fields[fi], pos);
      const f = fields[j];
      PATH.push(f.name);
      o[f.name] = f.node.decode(t, pos, cs, ce, c);
      PATH.pop();
      fi = j + 1;
      pos = ce;
    }
    for (; fi < fields.length; fi++) this.absent(o, fields[fi], end);
    return o;
  }
  private absent(o: Record<string, unknown>, f: Field, at: number): void {
    if (f.hasDefault) o[f.name] = copyDefault(f.default);
    else if (!f.optional) {
      PATH.push(f.name);
      fail('missing-field', at, `mandatory component '${f.name}' (tag ${f.node.firstTags().map(tagHex).join('|')}) is absent`);
    }
  }

  size(v: unknown): number {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) encFail('bad-value', 'expected an object (SEQUENCE)');
    const slot = LN++;
    let len = 0, present = 0;
    const o = v as Record<string, unknown>;
    for (const f of this.fields) {
      const x = o[f.name];
      if (x === undefined) {
        if (!f.optional) { PATH.push(f.name); encFail('missing-field', `mandatory component '${f.name}' is absent`); }
        continue;
      }
      present++;
      if (isDefault(f, x)) continue;
      PATH.push(f.name);
      len += f.node.size(x);
      PATH.pop();
    }
    // A property that is not a component (a misspelt name) must not vanish silently.
    let keys = 0;
    for (const k in o) if (o[k] !== undefined) keys++;
    if (keys !== present) {
      const names = new Set(this.fields.map((f) => f.name));
      const stray = Object.keys(o).find((k) => o[k] !== undefined && !names.has(k));
      encFail('bad-value', `'${stray}' is not a component (${[...names].join(', ')})`);
    }
    LENS[slot] = len;
    return this.tagBytes.length + lenLen(len) + len;
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    pos = this.header(out, pos, LENS[LW++]);
    const o = v as Record<string, unknown>;
    for (const f of this.fields) {
      const x = o[f.name];
      if (x !== undefined && !isDefault(f, x)) pos = f.node.write(x, out, pos);
    }
    return pos;
  }
}

export class SequenceOfNode extends Node {
  constructor(readonly item: Node, readonly sizeRange?: Range) { super(); }
  get constructed() { return true; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): unknown[] {
    if (!cons) fail('wrong-tag', hdr, `primitive encoding of a SEQUENCE OF (tag ${tagHex(this.tag)})`);
    const out: unknown[] = [], item = this.item;
    let pos = start;
    while (pos < end) {
      readHeader(pos, end);
      const t = H_TAG, cs = H_START, ce = H_END, c = H_CONS;
      PATH.push(out.length);
      if (!item.matches(t)) fail('wrong-tag', pos, `unexpected tag ${tagHex(t)} for an item (expected ${item.firstTags().map(tagHex).join('|')})`);
      out.push(item.decode(t, pos, cs, ce, c));
      PATH.pop();
      pos = ce;
    }
    checkSize(this.sizeRange, out.length, hdr, 'items');
    return out;
  }
  size(v: unknown): number {
    if (!Array.isArray(v)) encFail('bad-value', 'expected an array (SEQUENCE OF)');
    encSize(this.sizeRange, v.length, 'items');
    const slot = LN++;
    let len = 0;
    for (let i = 0; i < v.length; i++) {
      PATH.push(i);
      len += this.item.size(v[i]);
      PATH.pop();
    }
    LENS[slot] = len;
    return this.tagBytes.length + lenLen(len) + len;
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    pos = this.header(out, pos, LENS[LW++]);
    for (const x of v as unknown[]) pos = this.item.write(x, out, pos);
    return pos;
  }
}

/** Untagged CHOICE: no TLV of its own; the value is `{ alternativeName: value }`. */
export class ChoiceNode extends Node {
  readonly byTag = new Map<number, Field>();
  readonly byName = new Map<string, Field>();
  constructor(readonly alternatives: readonly Field[]) {
    super();
    for (const a of alternatives) {
      this.byName.set(a.name, a);
      for (const t of a.node.firstTags()) this.byTag.set(t, a);
    }
  }
  get constructed(): boolean { throw new Error('an untagged CHOICE has no tag of its own'); }
  override matches(tag: number): boolean { return this.byTag.has(tag); }
  override firstTags(): number[] { return [...this.byTag.keys()]; }
  override retag(): this { throw new Error('an untagged CHOICE cannot be tagged implicitly'); }

  decode(tag: number, hdr: number, start: number, end: number, cons: boolean): Record<string, unknown> {
    const a = this.byTag.get(tag);
    if (!a) return fail('wrong-tag', hdr, `tag ${tagHex(tag)} matches no alternative (expected ${this.firstTags().map(tagHex).join('|')})`);
    PATH.push(a.name);
    const v = a.node.decode(tag, hdr, start, end, cons);
    PATH.pop();
    return { [a.name]: v };
  }
  private pick(v: unknown): [Field, unknown] {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) encFail('bad-value', 'expected { alternative: value } (CHOICE)');
    let found: Field | undefined, n = 0, key = '';
    for (const k in v as object) { key = k; if (++n > 1) break; }
    if (n !== 1) encFail('bad-value', `a CHOICE value needs exactly one alternative, got ${n === 0 ? 'none' : 'several'}`);
    found = this.byName.get(key);
    if (!found) encFail('unknown-alternative', `'${key}' is not an alternative (${[...this.byName.keys()].join(', ')})`);
    return [found, (v as Record<string, unknown>)[key]];
  }
  size(v: unknown): number {
    const [a, x] = this.pick(v);
    PATH.push(a.name);
    const n = a.node.size(x);
    PATH.pop();
    return n;
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    for (const k in v as object) return this.byName.get(k)!.node.write((v as Record<string, unknown>)[k], out, pos);
    return pos;
  }
}

/** An explicit tag: a constructed TLV holding exactly one TLV of the inner type. */
export class ExplicitNode extends Node {
  constructor(readonly inner: Node) { super(); }
  get constructed() { return true; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): unknown {
    if (!cons) fail('wrong-tag', hdr, `primitive encoding of an explicit tag ${tagHex(this.tag)}`);
    readHeader(start, end);
    const t = H_TAG, cs = H_START, ce = H_END, c = H_CONS;
    if (!this.inner.matches(t)) {
      const doubled = t === this.replacedTag
        ? `: a doubled tag layer; the tag on a reference to a tagged CHOICE is implicit (X.680 31.2.7), so ${tagHex(this.tag)} holds the alternative directly`
        : '';
      fail('wrong-tag', start, `unexpected tag ${tagHex(t)} (expected ${this.inner.firstTags().map(tagHex).join('|')})${doubled}`);
    }
    const v = this.inner.decode(t, start, cs, ce, c);
    if (ce !== end) fail('trailing-bytes', ce, `${end - ce} bytes after the value inside explicit tag ${tagHex(this.tag)}`);
    return v;
  }
  size(v: unknown): number {
    const slot = LN++;
    const n = this.inner.size(v);
    LENS[slot] = n;
    return this.tagBytes.length + lenLen(n) + n;
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    pos = this.header(out, pos, LENS[LW++]);
    return this.inner.write(v, out, pos);
  }
}

/** Checks that a constructed value's content is a well-formed run of TLVs, to any depth. */
function walkTlvs(start: number, end: number, depth: number): void {
  if (depth > MAX_DEPTH) fail('too-deep', start, 'nesting deeper than the codec allows');
  let pos = start;
  while (pos < end) {
    readHeader(pos, end);
    const ce = H_END;
    if (H_CONS) walkTlvs(H_START, ce, depth + 1);
    pos = ce;
  }
}

/** X.509 structures: their DER is kept as received (see x509.ts). */
export class X509Node extends Node {
  constructor(readonly kind: X509Kind) { super(); }
  get constructed() { return true; }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): X509Value {
    if (!cons) fail('wrong-tag', hdr, `primitive encoding of ${this.kind}`);
    walkTlvs(start, end, PATH.length);
    const len = end - start;
    const der = new Uint8Array(1 + lenLen(len) + len);
    der[0] = 0x30;
    der.set(BUF.subarray(start, end), writeLen(der, 1, len));
    return new X509Value(this.kind, der);
  }
  size(v: unknown): number {
    if (!(v instanceof X509Value) || v.kind !== this.kind) encFail('bad-value', `expected an X509Value of kind ${this.kind}`);
    return this.tlvSize(v.der.length - headerLength(v.der));
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    const der = (v as X509Value).der, len = LENS[LW++];
    pos = this.header(out, pos, len);
    out.set(der.subarray(der.length - len), pos);
    return pos + len;
  }
}

/** Header size of a DER value whose tag is one octet (30). */
function headerLength(der: Uint8Array): number {
  return der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7f);
}

/** Open type: any single TLV, kept as its raw bytes. */
export class AnyNode extends Node {
  get constructed(): boolean { throw new Error('an open type has no tag of its own'); }
  override matches(): boolean { return true; }
  override firstTags(): number[] { return [-1]; }
  override retag(): this { throw new Error('an open type cannot be tagged implicitly'); }
  decode(_t: number, hdr: number, start: number, end: number, cons: boolean): Uint8Array {
    if (cons) walkTlvs(start, end, PATH.length);
    return BUF.slice(hdr, end);
  }
  size(v: unknown): number {
    if (!(v instanceof Uint8Array) || v.length < 2) encFail('bad-value', 'expected the bytes of one TLV');
    LENS[LN++] = v.length;
    return v.length;
  }
  write(v: unknown, out: Uint8Array, pos: number): number {
    LW++;
    out.set(v as Uint8Array, pos);
    return pos + (v as Uint8Array).length;
  }
}

// ---- entry points -------------------------------------------------------------------------

export interface DecodeOptions {
  /** Check SIZE and range constraints (default true). */
  constraints?: boolean;
  /** Accept bytes after the value (default false); the value's end is reported by `decodeTlv`. */
  allowTrailing?: boolean;
}

/** The outer tag at the start of `bytes` in the `tag` integer form, or -1 if there is none. */
export function peekTag(bytes: Uint8Array): number {
  if (bytes.length === 0) return -1;
  let tag = bytes[0];
  if ((tag & 0x1f) !== 0x1f) return tag;
  for (let i = 1; i < Math.min(bytes.length, 4); i++) {
    tag = tag * 256 + bytes[i];
    if (!(bytes[i] & 0x80)) return tag;
  }
  return -1;
}

/** Decodes one TLV of `node` at the start of `bytes`; returns the value and where it ended. */
export function decodeTlv(node: Node, root: string, bytes: Uint8Array, opts: DecodeOptions = {}): { value: unknown; end: number } {
  // A plain view: Buffer#slice would share memory, and values must own their bytes.
  BUF = bytes instanceof Buffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : bytes;
  ROOT = root;
  PATH.length = 0;
  CHECK_CONSTRAINTS = opts.constraints !== false;
  try {
    readHeader(0, bytes.length);
    const t = H_TAG, cs = H_START, ce = H_END, c = H_CONS;
    if (!node.matches(t)) fail('wrong-tag', 0, `tag ${tagHex(t)} is not ${root} (expected ${node.firstTags().map(tagHex).join('|')})`);
    const value = node.decode(t, 0, cs, ce, c);
    if (!opts.allowTrailing && ce !== bytes.length) fail('trailing-bytes', ce, `${bytes.length - ce} bytes after the value`);
    return { value, end: ce };
  } catch (e) {
    if (e instanceof RangeError) fail('too-deep', 0, `input nests too deeply (${e.message})`);
    throw e;
  } finally {
    BUF = EMPTY;
  }
}
const EMPTY = new Uint8Array(0);

/** Where one TLV sits in a buffer: header at `offset`, content in [start, end). */
export interface TlvSpan { readonly tag: number; readonly constructed: boolean; readonly offset: number; readonly start: number; readonly end: number }

/**
 * The TLV whose header is at `offset`, which must end by `end`; errors name `root` and the offset.
 * With `partial` only the header must be there (its `end` may lie beyond the bytes given).
 */
export function tlvAt(bytes: Uint8Array, root: string, offset = 0, end = bytes.length, partial = false): TlvSpan {
  return withInput(bytes, root, () => span(offset, end, partial));
}

/**
 * The top-level TLVs of `bytes[start, end)`, read with the decoder's own header rules but without a
 * schema. Signatures and MACs cover the bytes exactly as received, so verifiers slice them out
 * with this instead of re-encoding a decoded value.
 */
export function tlvSpans(bytes: Uint8Array, root: string, start = 0, end = bytes.length): TlvSpan[] {
  return withInput(bytes, root, () => {
    const spans: TlvSpan[] = [];
    for (let pos = start; pos < end; pos = H_END) spans.push(span(pos, end));
    return spans;
  });
}

function span(pos: number, end: number, partial = false): TlvSpan {
  readHeader(pos, end, partial);
  return { tag: H_TAG, constructed: H_CONS, offset: pos, start: H_START, end: H_END };
}

function withInput<T>(bytes: Uint8Array, root: string, read: () => T): T {
  BUF = bytes instanceof Buffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : bytes;
  ROOT = root;
  PATH.length = 0;
  try {
    return read();
  } finally {
    BUF = EMPTY;
  }
}

/** One DER TLV from a tag (in the `tag` integer form, e.g. 0x5F49) and its value bytes. */
export function tlv(tag: number, value: Uint8Array): Buffer {
  const t = tagOctets(tag), out = Buffer.allocUnsafe(t.length + lenLen(value.length) + value.length);
  out.set(t, 0);
  out.set(value, writeLen(out, t.length, value.length));
  return out;
}

export interface EncodeOptions {
  /** Refuse values outside SIZE and range constraints (default true; off for deliberate violations). */
  constraints?: boolean;
}

export function encodeValue(node: Node, root: string, value: unknown, opts: EncodeOptions = {}): Uint8Array {
  ENC_CONSTRAINTS = opts.constraints !== false;
  ROOT = root;
  PATH.length = 0;
  LN = 0;
  LW = 0;
  if (LENS.length > 1 << 16) LENS = [];
  const total = node.size(value);
  const out = Buffer.allocUnsafe(total);
  const end = node.write(value, out, 0);
  if (end !== total) throw new Error(`internal: wrote ${end} of ${total} bytes for ${root}`);
  return out;
}
