/** Shared pieces of the eUICC suite's steps: the curve parameter and the scenario's bench. */
import { defineParameterType } from '@cucumber/cucumber';
import { Curve } from '../../src/crypto/curves';
import { EuiccBench, euiccBench } from '../../src/bench/euicc/bench';
import { HarnessWorld } from '../support/world';

defineParameterType({ name: 'euiccCurve', regexp: /NIST|BRP/, transformer: (s): Curve => (s === 'NIST' ? 'nist' : 'brp') });

export function bench(world: HarnessWorld): Promise<EuiccBench> {
  return euiccBench(world);
}
