/**
 * Properties of ES10b.LoadEuiccPackage through APDUs: a tampered package or an old counter is refused
 * and changes nothing; random PSMO sequences (with rollbacks) keep the profiles consistent and answer
 * what a small model of the rules predicts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tlvAt, tlvSpans } from '../../../src/asn1';
import { CardStatusError } from '../../../src/transport/apdu';
import { signEuiccPackage, ts_psmoDelete, ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList } from '../../../simulators/eim/packages';
import { EuiccState } from '../../../simulators/euicc/state';
import { EuiccFixture, euiccFixture } from './fixture';
import { associateEim, iccidHex, installProfiles, resultData, TestEim } from './eim-helpers';

/** Three installed profiles and one ICCID the card never had. */
const ICCIDS = ['89000123456789012341', '89000123456789012358', '89000123456789012366', '89000123456789012399'];
const INSTALLED = 3;

let f: EuiccFixture;
let eim: TestEim;
let base: EuiccState;

before(async () => {
  f = await euiccFixture({ curves: ['nist'] });
  installProfiles(f, ICCIDS.slice(0, INSTALLED).map((iccid, i) => ({ iccid, enabled: i === 0, notify: ['notificationEnable', 'notificationDisable', 'notificationDelete'] })));
  eim = await associateEim(f, { counterValue: 10 });
  base = structuredClone(f.euicc.state);
});
after(() => f.close());

const reset = () => {
  f.euicc.state = structuredClone(base);
  eim.counter = 10;
};

/** The card's answer to raw bytes: a decoded EuiccPackageResult alternative, or the status word it refused them with. */
async function outcome(bytes: Uint8Array): Promise<string> {
  try {
    return eim.open(await f.raw(bytes)).alternative;
  } catch (e) {
    if (e instanceof CardStatusError) return `sw ${e.sw.toString(16).toUpperCase()}`;
    throw e;
  }
}

describe('EuiccPackageRequest tampering', () => {
  it('any altered byte in the signed data or the signature is refused (unsigned error or 6A80) and changes nothing', async () => {
    reset();
    const good = signEuiccPackage({ eimId: eim.eimId, eid: f.config.eid, counterValue: 11, eimTransactionId: '0102', package: ts_psmoList(ts_psmoEnable(ICCIDS[1])) }, eim.key, eim.associationToken).bytes;
    // From the first byte of euiccPackageSigned (30) to the end of eimSignature (5F37).
    const outer = tlvAt(good, 'EuiccPackageRequest');
    const from = tlvSpans(good, 'EuiccPackageRequest', outer.start, outer.end)[0].offset;
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.integer({ min: from, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      const bytes = Buffer.from(good);
      bytes[at] ^= mask;
      const before = structuredClone(f.euicc.state);
      const result = await outcome(bytes);
      seen.add(result);
      assert.ok(result === 'euiccPackageErrorUnsigned' || result === 'sw 6A80', `byte ${at} ^ ${mask}: ${result}`);
      assert.deepEqual(f.euicc.state, before);
    }), { numRuns: 150 });
    assert.ok(seen.has('euiccPackageErrorUnsigned'), 'some alterations still decode and fail the signature');
    assert.equal(await outcome(good), 'euiccPackageResultSigned', 'the untouched package is accepted');
  });
});

describe('anti-replay counter', () => {
  it('a replayed or lower counterValue → replayError(4) and nothing changes', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 11, max: 1_000_000 }), fc.nat(), fc.boolean(), async (accepted, below, same) => {
      reset();
      const first = await eim.send(ts_psmoList(ts_psmoGetRAT()), { counterValue: accepted });
      assert.equal(first.alternative, 'euiccPackageResultSigned');
      const before = structuredClone(f.euicc.state);
      const counterValue = same ? accepted : accepted - (below % (accepted + 1));
      const again = await eim.send(ts_psmoList(ts_psmoEnable(ICCIDS[1])), { counterValue });
      assert.equal(again.alternative, 'euiccPackageErrorSigned');
      assert.equal(again.signatureValid, true);
      assert.equal(again.value.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode, 4);
      assert.deepEqual(f.euicc.state, before);
    }), { numRuns: 40 });
  });
});

type Op =
  | { kind: 'enable'; i: number; rollback: boolean }
  | { kind: 'disable'; i: number }
  | { kind: 'delete'; i: number };
type Step = { kind: 'package'; ops: Op[] } | { kind: 'rollback' };

/** The rules of profile-ops.ts and the rollback PSMO, on profile indexes. */
class Model {
  readonly profiles = new Map<number, 'enabled' | 'disabled'>(Array.from({ length: INSTALLED }, (_, i) => [i, i === 0 ? 'enabled' : 'disabled']));
  rollback: number | undefined;

  private enabled(): number | undefined {
    return [...this.profiles].find(([, s]) => s === 'enabled')?.[0];
  }

  run(op: Op): number {
    const state = this.profiles.get(op.i);
    switch (op.kind) {
      case 'enable': {
        if (!state) return 1;
        if (state === 'enabled') return 2;
        const current = this.enabled();
        if (op.rollback && current === undefined) return 20;
        if (current !== undefined) this.profiles.set(current, 'disabled');
        this.profiles.set(op.i, 'enabled');
        if (op.rollback) this.rollback = current;
        return 0;
      }
      case 'disable':
        if (!state) return 1;
        if (state !== 'enabled') return 2;
        this.profiles.set(op.i, 'disabled');
        return 0;
      case 'delete':
        if (this.rollback === op.i && state) return 20;
        if (!state) return 1;
        if (state === 'enabled') return 2;
        this.profiles.delete(op.i);
        return 0;
    }
  }

  /** ProfileRollback's cmdResult. */
  rollBack(): number {
    const target = this.rollback;
    if (target === undefined || !this.profiles.has(target)) return 1;
    if (this.profiles.get(target) === 'enabled') return 127;
    const current = this.enabled();
    if (current !== undefined) this.profiles.set(current, 'disabled');
    this.profiles.set(target, 'enabled');
    this.rollback = undefined;
    return 0;
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('enable' as const), i: fc.integer({ min: 0, max: 3 }), rollback: fc.boolean() }),
  fc.record({ kind: fc.constant('disable' as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), i: fc.integer({ min: 0, max: 3 }) }),
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('package' as const), ops: fc.array(opArb, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'rollback' as const }) },
);

const psmo = (op: Op) => op.kind === 'enable' ? ts_psmoEnable(ICCIDS[op.i], { rollback: op.rollback })
  : op.kind === 'disable' ? ts_psmoDisable(ICCIDS[op.i]) : ts_psmoDelete(ICCIDS[op.i]);
const resultName = { enable: 'enableResult', disable: 'disableResult', delete: 'deleteResult' } as const;

describe('PSMO sequences', () => {
  it('keep at most one profile enabled, never bring a deleted one back, and answer as the model does', async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 6 }), async (steps) => {
      reset();
      const model = new Model();
      const deleted = new Set<string>();
      for (const step of steps) {
        if (step.kind === 'rollback') {
          const res = await f.es10('ProfileRollbackRequest', { refreshFlag: false });
          assert.equal(res.cmdResult, model.rollBack());
          if (res.cmdResult === 0) assert.equal(eim.open(f.euicc.codec.encode('EuiccPackageResult', res.eUICCPackageResult)).signatureValid, true);
        } else {
          model.rollback = undefined; // an accepted package ends a pending rollback
          const sent = await eim.send(ts_psmoList(...step.ops.map(psmo)));
          assert.equal(sent.signatureValid, true);
          assert.deepEqual(resultData(sent).euiccResult, step.ops.map((op) => ({ [resultName[op.kind]]: model.run(op) })));
        }
        const profiles = f.euicc.state.profiles;
        assert.ok(profiles.filter((p) => p.state === 'enabled').length <= 1, 'at most one enabled profile');
        for (const [i] of [...ICCIDS.entries()].filter(([i]) => i < INSTALLED && !model.profiles.has(i))) deleted.add(iccidHex(ICCIDS[i]));
        assert.ok(profiles.every((p) => !deleted.has(p.iccid)), 'a deleted profile never comes back');
        assert.deepEqual(
          new Map(profiles.map((p) => [ICCIDS.findIndex((x) => iccidHex(x) === p.iccid), p.state])),
          model.profiles,
        );
      }
    }), { numRuns: 200 });
  });
});
