/**
 * What the fuzzer sends and what it makes of the answer. A target is one IUT interface reached over
 * its real transport (ESipa over HTTPS, ES9+ over HTTPS, ES10 over APDUs, an IPA polling a
 * fuzzing eIM); it generates cases, sends one, classifies the answer, reads the IUT's observable
 * state and checks that the IUT is still alive. The campaign (campaign.ts) and the oracle
 * (oracle.ts) are the same for every target.
 */
import type { Arbitrary } from 'fast-check';
import type { IutRole } from '../config';

/**
 * `reject`: the IUT must not answer with success — the bytes are not valid DER of the message
 * (the codec refuses them) or a semantic mutation makes the request illegitimate (a replayed
 * counter, a signature over other bytes, a stale transaction id…). `any`: either verdict is right,
 * as long as it is a well-formed answer.
 */
export type Expectation = 'any' | 'reject';

export interface FuzzCase {
  /** The interface and function, e.g. `ESipa ASN.1 getEimPackage`, `ES10b.LoadEuiccPackage`. */
  readonly channel: string;
  /** Type name of the message the case started from. */
  readonly message: string;
  /** `none`, or what was done to it (`tlv length-3-octets at BF4F>80`, `semantic replayed counter`). */
  readonly mutation: string;
  readonly expect: Expectation;
  /** What goes on the wire (for a JSON binding, the UTF-8 body). */
  readonly bytes: Uint8Array;
  /** Target-specific delivery details (APDU chaining plan, HTTP path or headers). */
  readonly delivery?: Readonly<Record<string, unknown>>;
}

/**
 * `success`: the IUT executed the request. `error`: a spec error code, HTTP 4xx or ISO status word
 * error. `broken`: anything else — 5xx, dropped connection, no answer in time, an answer that is
 * not what the binding defines.
 */
export type AnswerKind = 'success' | 'error' | 'broken';

export interface Answer {
  readonly kind: AnswerKind;
  /** One line: `HTTP 200 eimPackageError noEimPackageAvailable(1)`, `SW 6A80`, `connection reset`. */
  readonly summary: string;
  readonly bytes?: Uint8Array;
  /**
   * Broken because a kept-alive connection was reset before any answer. The campaign sends the case
   * once more on a new connection and judges that answer; the resend is counted in the summary.
   */
  readonly staleConnection?: boolean;
}

export interface FuzzTarget {
  readonly role: IutRole;
  /** e.g. `S_eIM (built-in) ESipa ASN.1 + JSON`. */
  readonly name: string;
  readonly cases: Arbitrary<FuzzCase>;
  /** Sends one case and classifies the answer; IUT misbehaviour is an answer, never a throw. */
  send(c: FuzzCase): Promise<Answer>;
  /** A digest of the IUT state rejected input must not change (counters, profiles, orders). */
  state(): Promise<string>;
  /** Undefined when a legitimate request still gets a legitimate answer, else why not. */
  probe(): Promise<string | undefined>;
  /** Decoded view of a case for the report (or the decode error naming field path and offset). */
  describe(c: FuzzCase): unknown;
  close(): Promise<void>;
}

