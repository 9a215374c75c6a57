/**
 * eIM Package injection (catalogue EIM-ESIPA-INJECT-NOM-01; eimInjectHttps): S_eIM POSTs
 * transferEimPackageRequest to the IPA's inject URL, takes the transferEimPackageResponse like a
 * provided result, and acknowledges with a second transfer. The IPA is an esipaInjectServer stand-in
 * over HTTPS in front of an S_eUICC card.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alternativeOf, AsnValue, esipaInjectServer, HttpServer } from '../../../src/transport/http';
import { ICCIDS, installProfiles } from '../euicc/eim-helpers';
import { benches, EimBench, load, order, provide, removeAcknowledged } from './bench';

const bench = benches();
const servers: HttpServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

type Mode = 'execute' | 'receive' | 'refuse';

/** An IPA taking injected packages for the bench's card; `transfers` lists what it was sent. */
async function ipa(b: EimBench, mode: Mode) {
  const transfers: string[] = [];
  const acks: number[] = [];
  const server = await esipaInjectServer({
    version: b.eim.version, tls: { credential: b.f.pki.get('eimTls', 'nist') },
    handlers: {
      transferEimPackage: async (req: AsnValue) => {
        const [alternative, value] = alternativeOf(req) as [string, any];
        transfers.push(alternative);
        if (alternative === 'eimAcknowledgements') {
          acks.push(...value);
          await removeAcknowledged(b, value);
          return { eimPackageReceived: null };
        }
        if (mode === 'refuse') return { eimPackageError: 2 };
        if (mode === 'receive') return { eimPackageReceived: null };
        return { euiccPackageResult: b.c.decode('EuiccPackageResult', await load(b, value)) };
      },
    },
  });
  servers.push(server);
  b.eim.updateEuicc(b.f.config.eid, { injectUrl: server.url });
  return { transfers, acks, server };
}

async function until(done: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !done(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > end) assert.fail('condition not reached in time');
  }
}

async function managed(): Promise<EimBench> {
  const b = await bench();
  installProfiles(b.f, [{ iccid: ICCIDS[0], enabled: true }, { iccid: ICCIDS[1] }]);
  return b;
}

describe('S_eIM injection', () => {
  it('EIM-ESIPA-INJECT-NOM-01: transferEimPackageRequest executed by the IPA, result taken, acknowledged by a second transfer', async () => {
    const b = await managed();
    const stub = await ipa(b, 'execute');
    const o = order(b, { type: 'psmo', delivery: 'inject', psmos: [{ enable: { iccid: ICCIDS[1] } }] });
    await b.eim.settled(o.id, 5000);
    assert.equal(o.status, 'done', JSON.stringify(o.outcome));
    assert.deepEqual(o.outcome!.results, [{ enableResult: 'ok' }]);
    // The acknowledgement follows the accepted result.
    const record = b.eim.euiccs.get(b.f.config.eid)!;
    await until(() => record.acknowledged.length > 0);
    assert.deepEqual(stub.transfers, ['euiccPackageRequest', 'eimAcknowledgements']);
    assert.deepEqual(stub.acks, [o.outcome!.seqNumber]);
    assert.deepEqual(record.acknowledged, stub.acks);
  });

  it('eimPackageReceived: the order stays sent until the IPA provides the result', async () => {
    const b = await managed();
    const stub = await ipa(b, 'receive');
    const o = order(b, { type: 'psmo', delivery: 'inject', psmos: [{ getRAT: {} }] });
    await until(() => stub.transfers.length > 0);
    assert.equal(o.status, 'sent');
    const result = b.c.decode('EuiccPackageResult', await load(b, b.c.decode('EuiccPackageRequest', o.sent!.der)));
    const answer = await provide(b, { euiccPackageResult: result });
    assert.equal(o.status, 'done');
    assert.deepEqual(answer, { eimAcknowledgements: [o.outcome!.seqNumber] });
  });

  it('eimPackageError unknownPackage(2) from the IPA → order failed unknownPackage', async () => {
    const b = await managed();
    await ipa(b, 'refuse');
    const o = order(b, { type: 'eco', delivery: 'inject', ecos: [{ listEim: {} }] });
    await b.eim.settled(o.id, 5000);
    assert.equal(o.outcome!.reason, 'unknownPackage');
  });

  it('an IPA that cannot be reached → order failed injectFailed; an EID without inject URL → refused with field delivery', async () => {
    const b = await managed();
    assert.throws(() => order(b, { type: 'psmo', delivery: 'inject', psmos: [{ getRAT: {} }] }), (e: any) => e.field === 'delivery');
    const stub = await ipa(b, 'execute');
    await stub.server.close();
    const o = order(b, { type: 'psmo', delivery: 'inject', psmos: [{ getRAT: {} }] });
    await b.eim.settled(o.id, 5000);
    assert.equal(o.outcome!.reason, 'injectFailed');
  });
});
