/**
 * Property: whatever sequence of orders, poll cycles and replayed results two eUICCs go through,
 * S_eIM signs each eUICC's packages with strictly rising counterValues, every package's result is
 * accepted exactly once (a replayed result is acknowledged again and changes nothing), and the
 * eIM's view of the counter ends where the card's is.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eidCheckDigits } from '../../../src/pki';
import { AsnValue, EsipaClient } from '../../../src/transport/http';
import { SimEim } from '../../../simulators/eim/eim';
import { Order } from '../../../simulators/eim/orders';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { EuiccFixture, euiccFixture } from '../euicc/fixture';
import { codec } from '../../../src/asn1';

const c = codec('SGP32Definitions');
const EID2 = `890490320000000000000000000123${eidCheckDigits('890490320000000000000000000123')}`;

type Step = { card: 0 | 1; op: 'psmo' | 'eco' | 'cycle' | 'replay' };
const step: fc.Arbitrary<Step> = fc.record({ card: fc.constantFrom(0 as const, 1 as const), op: fc.constantFrom('psmo' as const, 'eco' as const, 'cycle' as const, 'cycle' as const, 'replay' as const) });

interface Side { f: EuiccFixture; ipa: EsipaClient; eid: Buffer; counters: number[]; last?: AsnValue; lastAcks?: number[] }

describe('S_eIM orders, property', () => {
  it('counters strictly rising per eUICC, each result accepted once, eIM and card agree on the counter', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
      const cards = [await euiccFixture({ curves: ['nist'] }), await euiccFixture({ curves: ['nist'], eid: EID2 })];
      const eim = new SimEim({ pki: cards[0].pki, curve: 'nist' });
      const urls = await eim.start();
      eim.updateEuicc(EID2, { euiccCertificate: cards[1].pki.get('euicc', 'nist').cert.toString() });
      const sides: Side[] = [];
      try {
        for (const f of cards) {
          assert.ok(c.decode('AddInitialEimResponse', await f.raw(eim.addInitialEimRequest())).addInitialEimOk);
          installProfiles(f, [{ iccid: ICCIDS[0], enabled: true }]);
          sides.push({ f, ipa: new EsipaClient({ baseUrl: urls.esipa, trust: cards[0].pki.trustedCis() }), eid: Buffer.from(f.config.eid, 'hex'), counters: [] });
        }
        const orders: Order[] = [];
        const runCycle = async (s: Side): Promise<boolean> => {
          const answer = await s.ipa.getEimPackage({ eidValue: s.eid });
          if (!answer.euiccPackageRequest) return false;
          s.counters.push(answer.euiccPackageRequest.euiccPackageSigned.counterValue);
          const result = c.decode('EuiccPackageResult', await s.f.raw(c.encode('EuiccPackageRequest', answer.euiccPackageRequest)));
          s.last = { eidValue: s.eid, eimPackageResult: { euiccPackageResult: result } };
          const provided = await s.ipa.provideEimPackageResult(s.last);
          s.lastAcks = provided!.eimAcknowledgements;
          return true;
        };
        for (const { card, op } of steps) {
          const s = sides[card];
          if (op === 'psmo') orders.push(eim.createOrder({ eid: s.f.config.eid, type: 'psmo', psmos: [{ getRAT: {} }] }));
          else if (op === 'eco') orders.push(eim.createOrder({ eid: s.f.config.eid, type: 'eco', ecos: [{ listEim: {} }] }));
          else if (op === 'cycle') await runCycle(s);
          else if (s.last) {
            const snapshot = orders.map((o) => [o.status, o.updated]);
            assert.deepEqual((await s.ipa.provideEimPackageResult(s.last))!.eimAcknowledgements, s.lastAcks, 'a replay is acknowledged again');
            assert.deepEqual(orders.map((o) => [o.status, o.updated]), snapshot, 'a replay changes no order');
          }
        }
        for (const s of sides) while (await runCycle(s));
        for (const s of sides) {
          for (let i = 1; i < s.counters.length; i++) assert.ok(s.counters[i] > s.counters[i - 1], `counters ${s.counters}`);
          const record = eim.euiccs.get(s.f.config.eid)!;
          assert.equal(record.lastAccepted, s.f.euicc.state.eims[0].counterValue);
          assert.equal(record.counter, s.counters.at(-1) ?? 0);
        }
        assert.ok(orders.every((o) => o.status === 'done'), JSON.stringify(orders.map((o) => [o.id, o.status, o.outcome])));
        const seqs = orders.map((o) => `${o.eid}/${o.outcome!.seqNumber}`);
        assert.equal(new Set(seqs).size, seqs.length, 'one result per package');
      } finally {
        for (const s of sides) await s.ipa.close();
        await eim.close();
        for (const f of cards) await f.close();
      }
    }), { numRuns: 15 });
  });
});
