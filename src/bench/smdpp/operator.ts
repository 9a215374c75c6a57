/**
 * S_operator's ES2+ calls for the order-management scenarios, each one exchange whose answer or
 * refusal the bench keeps. The scenarios need profiles in known states; the only standard way to
 * learn an ICCID the SM-DP+ holds is to order by profile type, so `availableIccid` orders one and
 * cancels it back to Available.
 */
import { luhnCheckDigit } from '../../profile';
import { CancelOrderRequest, ConfirmOrderRequest, DownloadOrderRequest } from '../../transport/http';
import { Outcome, SmdppBench } from './bench';

/** An ICCID of the test range no SM-DP+ of the run holds (valid Luhn digit). */
export const UNKNOWN_ICCID = `8900999999999999999${luhnCheckDigit('8900999999999999999')}`;

export class Operator {
  constructor(private readonly bench: SmdppBench) {}

  downloadOrder(r: DownloadOrderRequest): Promise<Outcome> {
    return this.bench.attempt(async () => ({ ...(await this.bench.es2().downloadOrder(r)) }));
  }

  confirmOrder(r: ConfirmOrderRequest): Promise<Outcome> {
    return this.bench.attempt(async () => ({ ...(await this.bench.es2().confirmOrder(r)) }));
  }

  cancelOrder(r: CancelOrderRequest): Promise<Outcome> {
    return this.bench.attempt(() => this.bench.es2().cancelOrder(r));
  }

  /** An ICCID in state Available: ordered by profile type, then cancelled back to the inventory. */
  async availableIccid(): Promise<string> {
    const es2 = this.bench.es2();
    const { iccid } = await es2.downloadOrder({ profileType: this.bench.target.profileType });
    await es2.cancelOrder({ iccid, finalProfileStatusIndicator: 'Available' });
    return iccid;
  }

  /** DownloadOrder by profile type, not confirmed; optionally linked to S_eUICC. */
  async allocated(linked = false): Promise<string> {
    const { iccid } = await this.bench.es2().downloadOrder({ profileType: this.bench.target.profileType, ...(linked && { eid: this.bench.euicc.eid }) });
    return iccid;
  }
}
