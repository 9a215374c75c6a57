/** ES2+ exchanges of S_operator with the SM-DP+ and what it must answer. */
import { Given, Then, When } from '@cucumber/cucumber';
import { smdppBench, SmdppBench } from '../../src/bench/smdpp/bench';
import { Operator, UNKNOWN_ICCID } from '../../src/bench/smdpp/operator';
import { expectMatch, where } from '../../src/bench/matchers';
import { HttpConnectionError, HttpStatusError, HttpTlsError } from '../../src/transport/http';
import { HarnessWorld } from '../support/world';

/** The ICCID the scenario works on, per World. */
const iccids = new WeakMap<HarnessWorld, string>();
const bench = (w: HarnessWorld): Promise<SmdppBench> => smdppBench(w);
const operator = async (w: HarnessWorld) => new Operator(await bench(w));
const iccidOf = (w: HarnessWorld): string => iccids.get(w) ?? (() => { throw new Error('no ICCID chosen in this scenario'); })();

Given('S_operator knows the ICCID of an available profile on the SM-DP+', async function (this: HarnessWorld) {
  iccids.set(this, await (await operator(this)).availableIccid());
});

Given('S_operator has a download order on the SM-DP+ that is not confirmed', async function (this: HarnessWorld) {
  iccids.set(this, await (await operator(this)).allocated());
});

Given('S_operator has a download order on the SM-DP+ for S_eUICC that is not confirmed', async function (this: HarnessWorld) {
  iccids.set(this, await (await operator(this)).allocated(true));
});

Given('S_operator works on the ordered profile', async function (this: HarnessWorld) {
  iccids.set(this, (await bench(this)).requireOrder().iccid);
});

Given('S_operator works on an ICCID the SM-DP+ does not hold', function (this: HarnessWorld) {
  iccids.set(this, UNKNOWN_ICCID);
});

When('S_operator sends DownloadOrder for that ICCID to the SM-DP+', async function (this: HarnessWorld) {
  await (await operator(this)).downloadOrder({ iccid: iccidOf(this) });
});

When('S_operator sends DownloadOrder for the profile type to the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  await new Operator(b).downloadOrder({ profileType: b.target.profileType });
});

When('S_operator sends ConfirmOrder with release for that ICCID to the SM-DP+', async function (this: HarnessWorld) {
  await (await operator(this)).confirmOrder({ iccid: iccidOf(this), releaseFlag: true });
});

When('S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with the ordered matchingId', async function (this: HarnessWorld) {
  const b = await bench(this);
  await new Operator(b).confirmOrder({ iccid: iccidOf(this), releaseFlag: true, matchingId: b.requireOrder().matchingId });
});

When('S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with SM-DS address {word}', async function (this: HarnessWorld, smdsAddress: string) {
  await (await operator(this)).confirmOrder({ iccid: iccidOf(this), releaseFlag: true, smdsAddress });
});

When('S_operator sends ConfirmOrder for that ICCID to the SM-DP+ with an empty matchingId and no EID', async function (this: HarnessWorld) {
  await (await operator(this)).confirmOrder({ iccid: iccidOf(this), releaseFlag: true, matchingId: '' });
});

When('S_operator sends ConfirmOrder for that ICCID to the SM-DP+ for another EID', async function (this: HarnessWorld) {
  await (await operator(this)).confirmOrder({ iccid: iccidOf(this), releaseFlag: true, eid: '89049032123451234512345678901000' });
});

When('S_operator sends CancelOrder for the order to the SM-DP+', async function (this: HarnessWorld) {
  const b = await bench(this);
  const o = b.requireOrder();
  await new Operator(b).cancelOrder({ iccid: o.iccid, matchingId: o.matchingId, ...(o.eid && { eid: o.eid }), finalProfileStatusIndicator: 'Available' });
});

When('S_operator sends CancelOrder for the order to the SM-DP+ without its EID', async function (this: HarnessWorld) {
  const b = await bench(this);
  const o = b.requireOrder();
  await new Operator(b).cancelOrder({ iccid: o.iccid, matchingId: o.matchingId, finalProfileStatusIndicator: 'Available' });
});

When('S_operator sends CancelOrder for the order to the SM-DP+ with another matchingId', async function (this: HarnessWorld) {
  const b = await bench(this);
  const o = b.requireOrder();
  await new Operator(b).cancelOrder({ iccid: o.iccid, matchingId: `${o.matchingId}X`, finalProfileStatusIndicator: 'Available' });
});

When('S_operator sends CancelOrder for that ICCID to the SM-DP+', async function (this: HarnessWorld) {
  await (await operator(this)).cancelOrder({ iccid: iccidOf(this), finalProfileStatusIndicator: 'Available' });
});

Then('the SM-DP+ answers that ICCID', async function (this: HarnessWorld) {
  expectMatch('DownloadOrder answer', (await bench(this)).accepted('DownloadOrder'), { iccid: iccidOf(this) });
});

Then('the SM-DP+ answers the ICCID of one of its profiles', async function (this: HarnessWorld) {
  expectMatch('DownloadOrder answer', (await bench(this)).accepted('DownloadOrder'), { iccid: where('an ICCID (89, 19 or 20 digits)', (v) => /^89\d{17,18}$/.test(v)) });
});

Then('the SM-DP+ answers a matchingId and its own address', async function (this: HarnessWorld) {
  const b = await bench(this);
  expectMatch('ConfirmOrder answer', b.accepted('ConfirmOrder'), {
    matchingId: where('a non-empty matchingId', (v) => typeof v === 'string' && v.length > 0), smdpAddress: b.target.address,
  });
});

const unauthenticated = new WeakMap<HarnessWorld, unknown>();

When('S_operator sends DownloadOrder to the SM-DP+ without a client certificate', async function (this: HarnessWorld) {
  const b = await bench(this);
  unauthenticated.set(this, await b.es2(false).downloadOrder({ profileType: b.target.profileType }).then((answer) => ({ accepted: answer }), (e: unknown) => e));
});

Then('the SM-DP+ refuses S_operator\'s connection', function (this: HarnessWorld) {
  const outcome = unauthenticated.get(this);
  const refused = outcome instanceof HttpTlsError || outcome instanceof HttpConnectionError || (outcome instanceof HttpStatusError && outcome.status >= 400 && outcome.status < 500);
  if (!refused) throw new Error(`ES2+ without a client certificate was not refused: ${outcome instanceof Error ? outcome.message : JSON.stringify(outcome)}`);
  this.note(`refused: ${(outcome as Error).message}`);
});
