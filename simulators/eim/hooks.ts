/**
 * Named deviations of S_eIM for negative tests of an IPA or an eUICC, in the style of
 * simulators/smdpp/hooks.ts: each is armed for a number of uses, then disarms itself.
 */
import type { EsipaFunction } from '../../src/transport/http';

/** Codes of GetEimPackageResponse.eimPackageError (SGP.32 v1.2; v1.0 has 1 and 127 only). */
export type EimPackageErrorName = 'noEimPackageAvailable' | 'eidNotFound' | 'invalidEid' | 'missingEid' | 'undefinedError';
/** Codes of ProvideEimPackageResultResponse.provideEimPackageResultError (v1.2 only). */
export type ProvideResultErrorName = 'eidNotFound' | 'invalidEid' | 'missingEid' | 'undefinedError';


interface Armed<T> { value: T; left: number }

function take<T>(list: Armed<T>[]): T | undefined {
  const head = list[0];
  if (!head) return undefined;
  if (--head.left <= 0) list.shift();
  return head.value;
}

export class EimHooks {
  private signatures: Armed<true>[] = [];
  private counters: Armed<number>[] = [];
  private packageErrors: Armed<EimPackageErrorName>[] = [];
  private resultErrors: Armed<ProvideResultErrorName>[] = [];
  private delays = new Map<EsipaFunction, Armed<number>[]>();
  private statuses = new Map<EsipaFunction, Armed<number>[]>();

  /** Send the next `times` eimSignatures with one bit of r flipped (the eUICC must refuse them). */
  corruptSignature(times = 1): this {
    this.signatures.push({ value: true, left: times });
    return this;
  }

  /**
   * Sign the next `times` packages with the previous package's counterValue plus `delta` instead of
   * plus 1: 0 replays it and a negative delta goes below it (the eUICC answers replayError), a large
   * one leaves the eUICC's range (counterValueOutOfRange).
   */
  shiftCounter(delta: number, times = 1): this {
    this.counters.push({ value: delta, left: times });
    return this;
  }

  /** shiftCounter(0): the previous package's counterValue again. */
  reuseCounter(times = 1): this {
    return this.shiftCounter(0, times);
  }

  /** Answer the next `times` GetEimPackage requests with eimPackageError `code`, whatever is queued. */
  answerEimPackageError(code: EimPackageErrorName, times = 1): this {
    this.packageErrors.push({ value: code, left: times });
    return this;
  }

  /** Answer the next `times` ProvideEimPackageResult requests with provideEimPackageResultError `code` (v1.2), unprocessed. */
  answerProvideResultError(code: ProvideResultErrorName, times = 1): this {
    this.resultErrors.push({ value: code, left: times });
    return this;
  }

  /** Hold the answer to the next `times` requests of `fn` for `ms` (an IPA's timeout path). */
  delay(fn: EsipaFunction, ms: number, times = 1): this {
    this.delays.set(fn, [...(this.delays.get(fn) ?? []), { value: ms, left: times }]);
    return this;
  }

  /** Answer the next `times` requests of `fn` with HTTP `status` and no ESipa message (e.g. 500). */
  httpStatus(fn: EsipaFunction, status: number, times = 1): this {
    this.statuses.set(fn, [...(this.statuses.get(fn) ?? []), { value: status, left: times }]);
    return this;
  }

  clear(): void {
    this.signatures = [];
    this.counters = [];
    this.packageErrors = [];
    this.resultErrors = [];
    this.delays.clear();
    this.statuses.clear();
  }

  /** The signature to send: `raw`, or a corrupted copy when armed. */
  signature(raw: Buffer): Buffer {
    if (!take(this.signatures)) return raw;
    const out = Buffer.from(raw);
    out[31] ^= 0x01;
    return out;
  }

  /** The counterValue to sign after `last`: last + 1, or last + an armed delta. */
  counter(last: number): number {
    return last + (take(this.counters) ?? 1);
  }

  takePackageError(): EimPackageErrorName | undefined {
    return take(this.packageErrors);
  }

  takeResultError(): ProvideResultErrorName | undefined {
    return take(this.resultErrors);
  }

  takeDelay(fn: EsipaFunction): number | undefined {
    const list = this.delays.get(fn);
    return list && take(list);
  }

  takeHttpStatus(fn: EsipaFunction): number | undefined {
    const list = this.statuses.get(fn);
    return list && take(list);
  }
}
