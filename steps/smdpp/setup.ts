/** Initial conditions of the SM-DP+ suite: the curve, S_eUICC's make-up, and S_operator's orders. */
import { Given } from '@cucumber/cucumber';
import { Curve } from '../../src/crypto/curves';
import { smdppBench } from '../../src/bench/smdpp/bench';
import { HarnessWorld } from '../support/world';

const CURVES: Record<string, Curve> = { NIST: 'nist', BRP: 'brp' };
const bench = (w: HarnessWorld) => smdppBench(w);

Given('the SM-DP+ \\(IUT) serves S_eUICC on the {word} curve', async function (this: HarnessWorld, name: string) {
  const curve = CURVES[name];
  if (!curve) throw new Error(`unknown curve '${name}' (NIST or BRP)`);
  await smdppBench(this, curve);
});

Given('S_eUICC declares SGP.22 version {word}', async function (this: HarnessWorld, svn: string) {
  await (await bench(this)).replaceEuicc({ svn });
});

Given('S_eUICC presents the defective certificate {word}', async function (this: HarnessWorld, defect: string) {
  await (await bench(this)).replaceEuicc({ defect });
});

Given('S_IPA uses the ASN.1 binding towards the SM-DP+', async function (this: HarnessWorld) {
  (await bench(this)).binding = 'asn1';
});

Given('S_operator has a released download order on the SM-DP+', async function (this: HarnessWorld) {
  await (await bench(this)).placeOrder();
});

Given('S_operator has a released download order on the SM-DP+ for S_eUICC', async function (this: HarnessWorld) {
  await (await bench(this)).placeOrder({ eid: 'S_eUICC' });
});

Given('S_operator has a released download order on the SM-DP+ for S_eUICC without matchingId', async function (this: HarnessWorld) {
  await (await bench(this)).placeOrder({ eid: 'S_eUICC', matchingId: '' });
});

Given('S_operator has a released download order on the SM-DP+ for another eUICC', async function (this: HarnessWorld) {
  await (await bench(this)).placeOrder({ eid: 'other' });
});

Given('S_operator has a released download order on the SM-DP+ with confirmation code {word}', async function (this: HarnessWorld, code: string) {
  await (await bench(this)).placeOrder({ confirmationCode: code });
});

Given('S_operator has a confirmed but not released download order on the SM-DP+', async function (this: HarnessWorld) {
  await (await bench(this)).placeOrder({ release: false });
});

Given('the SM-DP+\'s download order has expired', async function (this: HarnessWorld) {
  const b = await bench(this);
  const lifetime = b.target.orderLifetimeMs;
  if (lifetime === undefined) throw new Error('iut.smdpp.orderLifetimeMs is not configured (needed for O_DP_ORDER_EXPIRY)');
  await b.target.letTimePass(lifetime + 1_000);
});
