/** Applicability like the SGP.33 Optional Features Table: skipped with a reason, never passed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applicability } from '../../src/bench/applicability';
import { defaultConfig } from '../../src/bench/config';

const catalogue = [{ id: 'O_E_JSON', iut: 'eim' as const, description: 'ESipa JSON binding' }];

describe('applicability', () => {
  it('the embedded default supports every optional feature unless the declaration says no', () => {
    const c = defaultConfig();
    assert.deepEqual(applicability(['@iut:eim', '@optional:O_E_JSON'], c, catalogue), { applicable: true });
    c.features.O_E_JSON = false;
    assert.deepEqual(applicability(['@iut:eim', '@optional:O_E_JSON'], c, catalogue),
      { applicable: false, reason: 'not applicable: optional feature O_E_JSON (ESipa JSON binding) is not declared supported' });
  });
  it("a vendor's IUT supports only what it declares", () => {
    const c = defaultConfig();
    c.iut.eim = { esipa: { url: 'https://eim' }, trigger: { adapter: 'manual' } };
    assert.equal(applicability(['@iut:eim', '@optional:O_E_JSON'], c, catalogue).applicable, false);
    c.features.O_E_JSON = true;
    assert.equal(applicability(['@iut:eim', '@optional:O_E_JSON'], c, catalogue).applicable, true);
  });
  it('a scenario written for other spec versions is not applicable', () => {
    const c = defaultConfig();
    c.version = 'v1.0';
    assert.match((applicability(['@sgp32:v1.2'], c, catalogue) as { reason: string }).reason, /written for SGP.32 v1.2, the configuration declares v1.0/);
    assert.equal(applicability(['@sgp32:v1.2', '@sgp32:v1.0'], c, catalogue).applicable, true);
  });
});
