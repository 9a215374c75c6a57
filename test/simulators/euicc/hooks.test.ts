/**
 * Deviation hooks, as a test of another IUT would use them: each makes S_eUICC misbehave in one
 * named way, visibly through APDUs, and none of them changes the card's state.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CardStatusError, SW } from '../../../src/transport/apdu';
import { CardLinkError, InProcessConnector } from '../../../src/transport/card';
import { Es10Session } from '../../../src/transport/apdu';
import { EuiccCard, euiccCard } from '../../../simulators/euicc/card';
import { downloadServer, fixtureCards } from './fixture';

const card = fixtureCards();
const GET_EID = { tagList: Buffer.from([0x5a]) };

describe('S_eUICC deviation hooks', () => {
  it('answers a chosen status word to the matching STORE DATA, then behaves again', async () => {
    const f = await card();
    f.card.uicc.hooks.statusWord(({ apdu }) => apdu?.ins === 0xe2, SW.NOT_ENOUGH_MEMORY, { times: 1 });
    const before = structuredClone(f.euicc.state);
    await assert.rejects(f.es10('GetEuiccDataRequest', GET_EID), (e) => e instanceof CardStatusError && e.sw === SW.NOT_ENOUGH_MEMORY);
    assert.deepEqual(f.euicc.state, before);
    const eid = await f.es10('GetEuiccDataRequest', GET_EID);
    assert.equal(Buffer.from(eid.eidValue).toString('hex').toUpperCase(), f.config.eid);
  });

  it('reports a chosen error code for one function, leaving the state as it was', async () => {
    const f = await card();
    f.euicc.hooks.respondWith('ES10c.EnableProfile', { enableResult: 5 });
    const before = structuredClone(f.euicc.state);
    const r = await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: Buffer.alloc(10, 0x98) }, refreshFlag: false });
    assert.equal(r.enableResult, 5);
    assert.deepEqual(f.euicc.state, before);
    const again = await f.es10('EnableProfileRequest', { profileIdentifier: { iccid: Buffer.alloc(10, 0x98) }, refreshFlag: false });
    assert.equal(again.enableResult, 1, 'the hook is used up: the real answer (iccidOrAidNotFound) is back');
  });

  it('drops the RSP session: PrepareDownload then finds no session context', async () => {
    const f = await card({ curves: ['nist'] });
    const server = downloadServer(f);
    const info1 = await f.raw(f.encode('GetEuiccInfo1Request', {}));
    const { euiccChallenge } = await f.es10('GetEuiccChallengeRequest', {});
    const auth = server.initiateAuthentication(euiccChallenge, info1);
    const prepare = server.authenticateClient(await f.raw(auth.bytes));
    f.euicc.hooks.dropSession();
    const r = await f.es10('PrepareDownloadRequest', prepare.value);
    assert.equal(r.downloadResponseError?.downloadErrorCode, 4, 'noSessionContext(4)');
  });

  it('delays an answer past the connector timeout (ES10 level), and a mute card never answers (APDU level)', async () => {
    const f = await card();
    // A second card front-end on the same S_eUICC, so the fixture's own session is not disturbed.
    const slowLink = new InProcessConnector(euiccCard(f.euicc), { timeoutMs: 50 });
    await slowLink.connect();
    const slow = { link: slowLink, session: new Es10Session(slowLink) };
    await slow.session.open();
    f.euicc.hooks.delay('ES10c.GetEID', 200);
    await assert.rejects(slow.session.send(f.encode('GetEuiccDataRequest', GET_EID)), CardLinkError);
    f.euicc.hooks.clear();
    assert.ok(await f.es10('GetEuiccDataRequest', GET_EID), 'once cleared the card answers in time again');

    const mute = new EuiccCard(f.euicc);
    const link = new InProcessConnector(mute, { timeoutMs: 50 });
    await link.connect();
    const session = new Es10Session(link);
    await session.open();
    mute.uicc.hooks.mute(({ apdu }) => apdu?.ins === 0xe2);
    await assert.rejects(session.send(f.encode('GetEuiccDataRequest', GET_EID)), CardLinkError);
    await slow.link.close();
    await link.close();
  });
});
