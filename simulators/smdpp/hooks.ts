/**
 * Named deviations of the SM-DP+ for negative tests of an eUICC or IPA: each is armed for a number
 * of uses, then disarms itself. Certificate defects need no hook: give the server a defective
 * credential from the test PKI instead.
 */
export type CorruptibleSignature = 'serverSignature1' | 'smdpSignature2';

export class DownloadHooks {
  private corrupt = new Map<CorruptibleSignature, number>();
  private expiries = 0;
  private omittedOtpks = 0;

  /** Send the next `times` signatures `name` with one bit of r flipped. */
  corruptSignature(name: CorruptibleSignature, times = 1): this {
    this.corrupt.set(name, (this.corrupt.get(name) ?? 0) + times);
    return this;
  }

  /** The next `times` download orders looked up by S_SM-DP+ are past their expiry (SGP.22 ES2+ order lifetime). */
  expireOrder(times = 1): this {
    this.expiries += times;
    return this;
  }

  /**
   * The next `times` AuthenticateClient answers on an order whose BPP was bound before leave out
   * bppEuiccOtpk, so the eUICC makes a new one-time key and the retry needs a new binding.
   */
  omitBppEuiccOtpk(times = 1): this {
    this.omittedOtpks += times;
    return this;
  }

  clear(): void {
    this.corrupt.clear();
    this.expiries = 0;
    this.omittedOtpks = 0;
  }

  /** The signature to send: `raw` itself, or a corrupted copy when a corruption is armed. */
  apply(name: CorruptibleSignature, raw: Buffer): Buffer {
    const left = this.corrupt.get(name) ?? 0;
    if (left <= 0) return raw;
    this.corrupt.set(name, left - 1);
    const out = Buffer.from(raw);
    out[31] ^= 0x01;
    return out;
  }

  /** Whether an order lookup is to see its order expired; uses up one armed expiry. */
  takeExpiry(): boolean {
    if (this.expiries <= 0) return false;
    this.expiries--;
    return true;
  }

  /** Whether bppEuiccOtpk is to be left out; uses up one armed omission. */
  takeOtpkOmission(): boolean {
    if (this.omittedOtpks <= 0) return false;
    this.omittedOtpks--;
    return true;
  }
}
