/**
 * The built-in S_SM-DP+'s state as the campaign compares it: every order (ICCID, state, matchingId)
 * and the number of open RSP sessions. The target's own work between batches (expiring sessions,
 * making new ones for the pools, which frees orders whose session expired) is not a case's doing:
 * what it changed keeps showing its value from before, until something else changes it again.
 */
import type { SimSmdpp } from '../../../../simulators/smdpp/server';

type Parts = Map<string, string>;

export class StateView {
  /** Per part changed by the target: its value right after, and the value shown instead. */
  private readonly masked = new Map<string, { raw: string; shown: string }>();

  constructor(private readonly sim: SimSmdpp) {}

  private parts(): Parts {
    const parts: Parts = new Map([['sessions', String(this.sim.download.openSessions)]]);
    for (const o of this.sim.orders.all()) parts.set(o.iccid, `${o.state}/${o.matchingId ?? '-'}`);
    return parts;
  }

  private view(raw: Parts): Parts {
    const shown = new Map(raw);
    for (const [k, m] of this.masked) {
      if (raw.get(k) === m.raw) shown.set(k, m.shown);
      else this.masked.delete(k);
    }
    return shown;
  }

  digest(): string {
    return [...this.view(this.parts())].map(([k, v]) => `${k}=${v}`).join(' ');
  }

  /** Runs the target's own `work`, whose changes the digest does not show. */
  async unobserved<T>(work: () => Promise<T>): Promise<T> {
    const before = this.view(this.parts());
    try {
      return await work();
    } finally {
      for (const [k, v] of this.parts()) if (v !== before.get(k)) this.masked.set(k, { raw: v, shown: before.get(k) ?? '(none)' });
    }
  }
}
