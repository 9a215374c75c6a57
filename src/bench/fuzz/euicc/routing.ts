/**
 * The ES10 functions of the card at one spec version, routed as a card routes them: by the outer tag
 * of the reassembled STORE DATA payload. The fuzzer uses the table to know what a case's bytes are
 * (a request the card must take, or bytes it must refuse) and how to read the answer.
 */
import { AsnDecodeError, Codec, codec, SpecVersion } from '../../../asn1';
import { peekTag } from '../../../asn1/nodes';
import { ES10_FUNCTIONS } from '../../../../simulators/euicc/functions';
import type { FuzzCase } from '../target';

/** A real IPA's block size for unmutated sequences: the card's maximum. */
export const DEFAULT_BLOCK_SIZE = 255;

export interface Route {
  /** Spec name, e.g. `ES10b.LoadEuiccPackage`. */
  readonly name: string;
  readonly request: string;
  readonly response: string;
  /** The module the request and response types live in at this version. */
  readonly codec: Codec;
}

export class Es10Routes {
  readonly all: readonly Route[];
  private readonly byTag = new Map<number, Route>();

  constructor(readonly version: SpecVersion) {
    const main = codec('SGP32Definitions', version);
    const all: Route[] = [];
    for (const fn of ES10_FUNCTIONS) {
      if (fn.versions && !fn.versions.includes(version)) continue;
      const c = fn.module ? codec(fn.module, version) : main;
      if (!c.has(fn.request)) continue;
      const route = { name: fn.name, request: fn.request, response: fn.response, codec: c };
      all.push(route);
      this.byTag.set(c.node(fn.request).tag, route);
    }
    this.all = all;
  }

  route(command: Uint8Array): Route | undefined {
    return this.byTag.get(peekTag(command));
  }

  /** The request type the card takes for `command`, or undefined when its bytes are not one (they must be refused). */
  accepts(command: Uint8Array): Route | undefined {
    const r = this.route(command);
    if (!r) return undefined;
    try {
      r.codec.decode(r.request, command);
      return r;
    } catch (e) {
      if (e instanceof AsnDecodeError) return undefined;
      throw e;
    }
  }

  byRequest(type: string): Route {
    const r = this.all.find((x) => x.request === type);
    if (!r) throw new Error(`no ES10 function takes ${type} in ${this.version}`);
    return r;
  }
}

/** A case for `route`'s function carrying `bytes` (delivered as STORE DATA blocks of `delivery.blockSize`). */
export function fuzzCase(route: Route, bytes: Uint8Array, mutation: string, expect: FuzzCase['expect'], delivery: Record<string, unknown> = { blockSize: DEFAULT_BLOCK_SIZE }): FuzzCase {
  return { channel: route.name, message: route.request, mutation, expect, bytes, delivery };
}
