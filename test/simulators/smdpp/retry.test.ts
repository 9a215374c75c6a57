/**
 * Download retries against S_SM-DP+ over real HTTPS (SGP.23 §4.3.13 retry sequences, reference
 * sgp33-catalog §4.2 / §4.3): a first session binds a BPP and is cancelled (postponed), a second
 * session on the same order gets smdpSigned2.bppEuiccOtpk. The same otPK.EUICC back reuses otSK.DP
 * (same otPK.DP, the card opens the BPP); another one is bound anew or refused (8.2 / 3.7) as the
 * rebinding policy says. The stand-in keeps its one-time key across sessions like a card that
 * honours bppEuiccOtpk; S_eUICC makes a new one each session.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codec } from '../../../src/asn1';
import { segmentBoundProfilePackage } from '../../../src/crypto/bpp-segments';
import { RebindingPolicy } from '../../../simulators/smdpp/server';
import { fixtureCards } from '../euicc/fixture';
import { EuiccStandIn } from './euicc-stand-in';
import { fails, failsAsn1, pki, smdppBench } from './fixture';
import { authenticate, Authenticated, cancel, downloadOverEs9, getBpp, install, notify, prepare } from './ipa';

const rsp = codec('RSPDefinitions');
const card = fixtureCards();
const CODE = '12345678';
const benches = {
  allowed: smdppBench({}, ['nist']),
  ppkOnly: smdppBench({ rebinding: 'ppkOnly' }, ['nist']),
} satisfies Partial<Record<RebindingPolicy, ReturnType<typeof smdppBench>>>;

const smdpOtpk = (bpp: Buffer) => Buffer.from(rsp.decode('BoundProfilePackage', bpp).initialiseSecureChannelRequest.smdpOtpk);
const offered = (auth: Authenticated) => auth.ok.smdpSigned2.bppEuiccOtpk && Buffer.from(auth.ok.smdpSigned2.bppEuiccOtpk);

interface RetryCase {
  readonly title: string;
  /** 'same': the card still holds otSK.EUICC; 'new': it lost it; 'omitted': the SM-DP+ leaves bppEuiccOtpk out (hook). */
  readonly otpk: 'same' | 'new' | 'omitted';
  readonly profileType: 'Test' | 'PPK';
  readonly cc: boolean;
  readonly policy: keyof typeof benches;
  /** A new binding (a new otPK.DP), the same one, or refused with 8.2 / 3.7. */
  readonly expect: 'reused' | 'rebound' | 'refused';
}

const CASES: readonly RetryCase[] = [
  { title: 'DP-ES9P-GBPP-RTY-03 same otPK.EUICC, session keys, no CC: otSK.DP reused, the card installs', otpk: 'same', profileType: 'Test', cc: false, policy: 'ppkOnly', expect: 'reused' },
  { title: 'DP-ES9P-GBPP-RTY-04 same otPK.EUICC, session keys, with CC: otSK.DP reused, the card installs', otpk: 'same', profileType: 'Test', cc: true, policy: 'ppkOnly', expect: 'reused' },
  { title: 'DP-ES9P-GBPP-RTY-05 same otPK.EUICC, PPK, no CC: otSK.DP reused, the card installs', otpk: 'same', profileType: 'PPK', cc: false, policy: 'ppkOnly', expect: 'reused' },
  { title: 'DP-ES9P-GBPP-RTY-06 same otPK.EUICC, PPK, with CC: otSK.DP reused, the card installs', otpk: 'same', profileType: 'PPK', cc: true, policy: 'ppkOnly', expect: 'reused' },
  { title: 'DP-ES9P-GBPP-RTY-07 new otPK.EUICC, session keys, no CC, rebinding for PPK only: 8.2 / 3.7 bppRebindingRefused', otpk: 'new', profileType: 'Test', cc: false, policy: 'ppkOnly', expect: 'refused' },
  { title: 'DP-ES9P-GBPP-RTY-08 new otPK.EUICC, session keys, with CC, rebinding for PPK only: 8.2 / 3.7 bppRebindingRefused', otpk: 'new', profileType: 'Test', cc: true, policy: 'ppkOnly', expect: 'refused' },
  { title: 'DP-ES9P-GBPP-RTY-09 new otPK.EUICC, PPK, no CC: bound anew (new otPK.DP), the card installs', otpk: 'new', profileType: 'PPK', cc: false, policy: 'ppkOnly', expect: 'rebound' },
  { title: 'DP-ES9P-GBPP-RTY-10 new otPK.EUICC, PPK, with CC: bound anew (new otPK.DP), the card installs', otpk: 'new', profileType: 'PPK', cc: true, policy: 'ppkOnly', expect: 'rebound' },
  { title: 'DP-ES9P-GBPP-RTY-12 retry without bppEuiccOtpk, session keys, no CC: bound anew, the card installs', otpk: 'omitted', profileType: 'Test', cc: false, policy: 'allowed', expect: 'rebound' },
  { title: 'DP-ES9P-GBPP-RTY-13 retry without bppEuiccOtpk, session keys, with CC: bound anew, the card installs', otpk: 'omitted', profileType: 'Test', cc: true, policy: 'allowed', expect: 'rebound' },
  { title: 'DP-ES9P-GBPP-RTY-14 retry without bppEuiccOtpk, PPK, no CC: bound anew, the card installs', otpk: 'omitted', profileType: 'PPK', cc: false, policy: 'allowed', expect: 'rebound' },
  { title: 'DP-ES9P-GBPP-RTY-15 retry without bppEuiccOtpk, PPK, with CC: bound anew, the card installs', otpk: 'omitted', profileType: 'PPK', cc: true, policy: 'allowed', expect: 'rebound' },
];

describe('S_SM-DP+ GetBoundProfilePackage retries', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const b = benches[c.policy];
      const euicc = EuiccStandIn.fromStore(pki, 'nist');
      const o = await b.order({ profileType: c.profileType, ...(c.cc && { confirmationCode: CODE }) });
      const ipa = { address: b.address(), matchingId: o.matchingId };
      const code = c.cc ? CODE : undefined;

      let auth = await authenticate(euicc.card(), b.es9(), ipa);
      assert.equal(offered(auth), undefined, 'nothing bound yet');
      const first = await getBpp(b.es9(), auth, await prepare(euicc.card(), auth, code));
      const firstOtpk = Buffer.from(euicc.oneTimePublicKey!);
      await cancel(euicc.card(), b.es9(), auth.transactionId, 1);
      assert.equal(b.sim().orders.get(o.iccid)!.state, 'released');

      if (c.otpk === 'new') euicc.loseOneTimeKey();
      if (c.otpk === 'omitted') b.sim().hooks.omitBppEuiccOtpk();
      auth = await authenticate(euicc.card(), b.es9(), ipa);
      assert.deepEqual(offered(auth), c.otpk === 'omitted' ? undefined : firstOtpk);
      const answer = await prepare(euicc.card(), auth, code);
      assert.equal(Buffer.from(euicc.oneTimePublicKey!).equals(firstOtpk), c.otpk === 'same');

      if (c.expect === 'refused') {
        await fails(getBpp(b.es9(), auth, answer), '8.2', '3.7');
        await failsAsn1(getBpp(b.es9('nist', 'asn1'), auth, answer), 'bppRebindingRefused');
        return;
      }
      const retried = await getBpp(b.es9(), auth, answer);
      assert.equal(smdpOtpk(retried).equals(smdpOtpk(first)), c.expect === 'reused');
      const opened = euicc.load(segmentBoundProfilePackage(retried));
      assert.ok(opened.upp.equals(b.sim().profileOf(o.iccid).upp));
      assert.equal(opened.replaceSessionKeys !== undefined, c.profileType === 'PPK');
      assert.equal(b.sim().orders.get(o.iccid)!.state, 'downloaded');
    });
  }

  it('DP-ES9P-GBPP-RTY-01 retry with the same otPK.EUICC (same challenge): the same otPK.DP, over both bindings', async () => {
    const b = benches.allowed;
    const euicc = EuiccStandIn.fromStore(pki, 'nist');
    const o = await b.order();
    let auth = await authenticate(euicc.card(), b.es9(), { address: b.address(), matchingId: o.matchingId });
    const first = await getBpp(b.es9(), auth, await prepare(euicc.card(), auth));
    await cancel(euicc.card(), b.es9(), auth.transactionId, 2);
    const asn1 = b.es9('nist', 'asn1');
    auth = await authenticate(euicc.card(), asn1, { address: b.address(), matchingId: o.matchingId });
    const again = await getBpp(asn1, auth, await prepare(euicc.card(), auth));
    assert.deepEqual(smdpOtpk(again), smdpOtpk(first));
    assert.ok(euicc.load(segmentBoundProfilePackage(again)).upp.equals(b.sim().profileOf(o.iccid).upp));
  });

  it('DP-ES9P-GBPP-RTY-02 / AUTHCL-RTY-01 S_eUICC retries after a cancelled session: new transactionId, new otPK.EUICC, new otPK.DP, installed', async () => {
    const b = benches.allowed;
    const f = await card();
    const o = await b.order();
    const client = b.es9();
    const first = await authenticate(f, client, { address: b.address(), matchingId: o.matchingId });
    const bpp = await getBpp(client, first, await prepare(f, first));
    await cancel(f, client, first.transactionId, 1);
    const second = await authenticate(f, client, { address: b.address(), matchingId: o.matchingId });
    assert.notDeepEqual(second.transactionId, first.transactionId);
    assert.ok(offered(second), 'smdpSigned2 offers the earlier otPK.EUICC');
    const retried = await getBpp(client, second, await prepare(f, second));
    assert.notDeepEqual(smdpOtpk(retried), smdpOtpk(bpp));
    const pir = await install(f, retried);
    await notify(client, pir);
    assert.equal(b.sim().orders.get(o.iccid)!.state, 'installed');
  });

  it('DP-ES9P-AUTHCL-RTY-01 cancelled right after AuthenticateClient, the next session downloads from scratch', async () => {
    const b = benches.allowed;
    const f = await card();
    const o = await b.order();
    const auth = await authenticate(f, b.es9(), { address: b.address(), matchingId: o.matchingId });
    await cancel(f, b.es9(), auth.transactionId, 1);
    const { auth: second } = await downloadOverEs9(f, b.es9(), { address: b.address(), matchingId: o.matchingId });
    assert.equal(offered(second), undefined, 'no BPP was bound before');
    assert.equal(b.sim().orders.get(o.iccid)!.state, 'installed');
  });
});
