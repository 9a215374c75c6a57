/** The eIM suite's bench of the running scenario: built by the first Given, or on first use with the default curve. */
import { Curve } from '../../src/crypto/curves';
import { EimBench } from '../../src/bench/eim/bench';
import { HarnessWorld } from '../support/world';

export const KEY = 'eim';

export function defaultCurve(w: HarnessWorld): Curve {
  return w.config.iut.eim?.curve ?? w.config.curves[0];
}

export function eim(w: HarnessWorld, o: { curve?: Curve; otherEims?: string[] } = {}): Promise<EimBench> {
  return w.bench(KEY, () => EimBench.create(w, { curve: o.curve ?? defaultCurve(w), otherEims: o.otherEims }));
}
