/**
 * Named deviations for negative tests of other IUTs (an IPA or eIM must cope with a card that
 * misbehaves). APDU-level deviations (status words, mute card) live in the card-side APDU engine;
 * these act on ES10 semantics. Each is armed for a number of uses, then disarms itself.
 */
export interface ArmedResponse {
  /** ES10 function name as in `Es10Function.name`, e.g. 'ES10b.LoadEuiccPackage'. */
  readonly fn: string;
  /** Response value (codec value of the function's response type) answered instead of the real one. */
  readonly value: unknown;
  remaining: number;
}

export class EuiccHooks {
  private responses: ArmedResponse[] = [];
  private corrupt = 0;
  private delays = new Map<string, number>();
  private drops = 0;

  /** Answer `fn` with a chosen response (e.g. a chosen error code) `times` times; the card state is left as it is. */
  respondWith(fn: string, value: unknown, times = 1): this {
    this.responses.push({ fn, value, remaining: times });
    return this;
  }

  /** Corrupt the next `times` signatures the card makes (one bit of r flipped). */
  corruptSignatures(times = 1): this {
    this.corrupt += times;
    return this;
  }

  /** Wait `ms` before answering `fn` ('*' for every function). */
  delay(fn: string, ms: number): this {
    this.delays.set(fn, ms);
    return this;
  }

  /** Forget the RSP session before the next `times` commands, as if the card had been reset mid-download. */
  dropSession(times = 1): this {
    this.drops += times;
    return this;
  }

  clear(): void {
    this.responses = [];
    this.corrupt = 0;
    this.delays.clear();
    this.drops = 0;
  }

  takeResponse(fn: string): { value: unknown } | undefined {
    const r = this.responses.find((x) => x.fn === fn);
    if (!r) return undefined;
    if (--r.remaining <= 0) this.responses.splice(this.responses.indexOf(r), 1);
    return { value: r.value };
  }

  takeCorruption(): boolean {
    if (this.corrupt <= 0) return false;
    this.corrupt--;
    return true;
  }

  delayFor(fn: string): number {
    return this.delays.get(fn) ?? this.delays.get('*') ?? 0;
  }

  takeDrop(): boolean {
    if (this.drops <= 0) return false;
    this.drops--;
    return true;
  }
}
