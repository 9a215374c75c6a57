/** S_eUICC as a card: ATR, SELECT answers, STORE DATA framing, power cycles, and the TCP link. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TlvSpan, tlvSpans, toHex } from '../../../src/asn1';
import { CardStatusError, ECASD_AID, Es10Session, ISD_R_AID, SW } from '../../../src/transport/apdu';
import { serveTcp, TcpConnector } from '../../../src/transport/card';
import { TraceEvent } from '../../../src/transport/trace';
import { euiccCard } from '../../../simulators/euicc/card';
import { DEFAULT_ATR } from '../../../simulators/euicc/config';
import { downloadProfile, euiccFixture, EuiccFixture, EuiccFixtureOptions, FIXTURE_EID, fixtureCards } from './fixture';

const card = fixtureCards();

/** The children of the 6F FCI template, tag → hex of the whole TLV. */
function fciParts(fci: Uint8Array): Map<number, string> {
  const [top] = tlvSpans(fci, 'FCI');
  assert.equal(top.tag, 0x6f);
  return new Map(tlvSpans(fci, 'FCI', top.start, top.end).map((s: TlvSpan) => [s.tag, toHex(fci.subarray(s.offset, s.end))]));
}

const hex = (h: string) => Buffer.from(h, 'hex');
const GET_EID = hex('BF3E035C015A');

async function transmit(f: EuiccFixture, apdu: string): Promise<string> {
  return toHex(await f.connector.transmit(hex(apdu)));
}

describe('power-up and SELECT', () => {
  it('EUICC-CARD-ATR-NOM-01 the configured ATR', async () => {
    const f = await card();
    assert.equal(toHex(await f.connector.reset()), toHex(DEFAULT_ATR));
    await f.session.open();
  });

  it('EUICC-CARD-FCI-NOM-01 ISD-R FCI: 84 AID, A5 {9F65 FF}, E0 svn, E1 ipaeSupported; enabledProfile once one is enabled', async () => {
    const f = await card();
    const parts = fciParts(f.session.fci!);
    assert.deepEqual([...parts.keys()], [0x84, 0xa5, 0xe0, 0xe1]);
    assert.equal(parts.get(0x84), `8410${toHex(ISD_R_AID)}`);
    assert.equal(parts.get(0xa5), 'A5049F6501FF');
    assert.equal(parts.get(0xe0), 'E0058203020500');
    assert.equal(parts.get(0xe1), 'E10480020780');
    const { server } = await downloadProfile(f);
    await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: server.profile.iccidBcd }, refreshFlag: false });
    const again = new Es10Session(f.connector);
    assert.equal(fciParts(await again.open()).get(0xe1), 'E104800206C0');
    await again.close();
  });

  it('EUICC-CARD-FCI-NOM-02 no IPAe support: E1 without bits; v1.0 cards have no E1', async () => {
    const f = await card({ capabilities: { ipaeSupported: false } });
    assert.equal(fciParts(f.session.fci!).get(0xe1), 'E103800100');
    const old = await card({ version: 'v1.0' });
    assert.deepEqual([...fciParts(old.session.fci!).keys()], [0x84, 0xa5, 0xe0]);
  });

  it('EUICC-CARD-ECASD-NOM-01 the ECASD answers its FCI; ES10 commands sent to it are 6A88', async () => {
    const f = await card();
    const ecasd = new Es10Session(f.connector, { aid: ECASD_AID });
    assert.equal(toHex(await ecasd.open()), `6F188410${toHex(ECASD_AID)}A5049F6501FF`);
    await assert.rejects(ecasd.send(GET_EID), (e: CardStatusError) => e.sw === SW.REFERENCED_DATA_NOT_FOUND);
    await ecasd.close();
  });
});

describe('STORE DATA framing of ES10', () => {
  it('EUICC-CARD-APDU-NOM-01 GetEID as the IPAd suite sends it: 81 E2 91 00, 61xx, GET RESPONSE', async () => {
    const f = await card();
    assert.equal(f.session.channel, 1);
    assert.equal(await transmit(f, '81E2910006BF3E035C015A'), '6115');
    assert.equal(await transmit(f, '81C0000015'), `BF3E125A10${FIXTURE_EID}9000`);
  });

  it('EUICC-CARD-APDU-NOM-02 a command cut into 2-byte blocks is reassembled', async () => {
    const f = await card();
    const small = new Es10Session(f.connector, { blockSize: 2 });
    await small.open();
    assert.equal(toHex(await small.send(GET_EID)), `BF3E125A10${FIXTURE_EID}`);
    await small.close();
  });

  it('EUICC-ES10-APDU-ERR-01 bad P1/P2 sequence, truncated TLV, unknown tag: ISO status words, card state unchanged', async () => {
    const f = await card();
    await downloadProfile(f);
    const before = JSON.stringify(f.euicc.state);
    // Block 00 of a SetDefaultDpAddress, then a block numbered 02: the sequence is broken.
    assert.equal(await transmit(f, '81E2110004BF3F1280'), '9000');
    assert.equal(await transmit(f, '81E29102040E657861'), '6A86');
    assert.equal(await transmit(f, '81E2010003BF3E03'), '6A86');
    assert.equal(await transmit(f, '81E2910003BF3E05'), '6A80');
    assert.equal(await transmit(f, '81E2910005BF3E035C01'), '6A80');
    assert.equal(await transmit(f, '81E2910003BF7F00'), '6A88');
    await assert.rejects(f.raw(hex('BF3F03810141')), (e: CardStatusError) => e.sw === SW.INCORRECT_DATA);
    assert.equal(JSON.stringify(f.euicc.state), before);
    assert.equal(toHex(await f.raw(GET_EID)), `BF3E125A10${FIXTURE_EID}`, 'the card still answers');
  });

  it('EUICC-CARD-TRACE-NOM-01 the card reports each command and response APDU once', async () => {
    const events: TraceEvent[] = [];
    const f = await card({ trace: { record: (e) => events.push(e) } });
    events.length = 0;
    await f.raw(GET_EID);
    assert.deepEqual(events.map((e) => [e.direction, toHex(e.bytes)]), [
      ['out', '81E2910006BF3E035C015A'], ['in', '6115'], ['out', '01C0000015'], ['in', `BF3E125A10${FIXTURE_EID}9000`],
    ]);
  });
});

describe('power cycle', () => {
  it('EUICC-CARD-RESET-NOM-01 a reset ends the RSP session; persistent state stays', async () => {
    const f = await card();
    await downloadProfile(f);
    await f.es10('GetEuiccChallengeRequest', {});
    assert.ok(f.euicc.session);
    await f.connector.reset();
    assert.equal(f.euicc.session, undefined);
    await f.session.open();
    const r = await f.es10('ProfileInfoListRequest', {});
    assert.equal(r.profileInfoListOk.length, 1);
  });
});

describe('over TCP', () => {
  it('EUICC-CARD-TCP-NOM-01 the same eUICC served on the TCP APDU link answers GetEID', async () => {
    const f = await card();
    const server = await serveTcp(euiccCard(f.euicc), { port: 0 });
    const connector = new TcpConnector('127.0.0.1', server.port);
    try {
      assert.equal(toHex(await connector.connect()), toHex(f.config.atr));
      const session = new Es10Session(connector);
      await session.open();
      assert.equal(toHex(await session.send(GET_EID)), `BF3E125A10${FIXTURE_EID}`);
      await session.close();
    } finally {
      await connector.close();
      await server.close();
    }
  });
});
