/**
 * Fuzz throughput against S_eIM over HTTPS keep-alive, against its ceiling measured in the same run:
 * the request rate of a trivial handler (fixed answer, no decoding) on the same server stack, TLS
 * credential and client, one request at a time on one kept-alive connection like the fuzzer.
 * A third rate bounds what any fuzzer could reach here: the same case mix, generated beforehand,
 * posted to S_eIM with no generation, oracle or state reading — the transport plus S_eIM's own work.
 * Usage: node dist/bench/fuzz.bench.js [--seconds S]
 */
import fc from 'fast-check';
import { ASN1_CONTENT_TYPE, HttpClient, startHttpServer } from '../src/transport/http';
import { runCampaign } from '../src/bench/fuzz/campaign';
import { eimFuzzTarget } from '../src/bench/fuzz/eim';
import { contentTypeOf, pathOf } from '../src/bench/fuzz/eim/cases';
import { eimFuzzEnv } from '../src/bench/fuzz/eim/setup';
import { EVERY_STATUS } from '../src/bench/fuzz/http-answers';
import type { FuzzCase } from '../src/bench/fuzz/target';
import { testContext } from '../test/fuzz/context';
import { arg } from './arg';

const seconds = Number(arg('--seconds', '5'));

/** Requests per second of `post` over `seconds`, after a warm-up. */
async function rate(post: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await post(i);
  let n = 0;
  const started = process.hrtime.bigint(), budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - started < budget) await post(n++);
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function trivialRate(ctx: ReturnType<typeof testContext>): Promise<number> {
  const curve = ctx.config.curves[0];
  // GetEimPackageResponse eimPackageError noEimPackageAvailable: the size of a typical fuzz answer.
  const answer = Buffer.from('BF4F03810101', 'hex');
  const server = await startHttpServer({
    interface: 'esipa', tls: { credential: ctx.pki.get('eimTls', curve) },
    routes: [{ method: 'POST', path: '/gsma/rsp2/asn1', contentTypes: [ASN1_CONTENT_TYPE], handle: async () => ({ status: 200, contentType: ASN1_CONTENT_TYPE, body: answer }) }],
  });
  const client = new HttpClient({ baseUrl: server.url, interface: 'esipa', trust: ctx.pki.trustedCis(curve) });
  const body = Buffer.from(`BF4F125A10${'89'.repeat(16)}`, 'hex');
  try {
    return await rate(() => client.post('/gsma/rsp2/asn1', ASN1_CONTENT_TYPE, body));
  } finally {
    await client.close();
    await server.close();
  }
}

/** S_eIM answering pre-generated cases in turn: what a fuzzer with no cost of its own would reach. */
async function iutBound(client: HttpClient, cases: readonly FuzzCase[]): Promise<number> {
  return rate((i) => {
    const c = cases[i % cases.length];
    return client.post(pathOf(c), contentTypeOf(c), c.bytes, { expect: EVERY_STATUS });
  });
}

async function main(): Promise<void> {
  const ctx = testContext();
  try {
    const env = await eimFuzzEnv(ctx);
    const target = await eimFuzzTarget(ctx, env);
    const direct = new HttpClient({ baseUrl: env.esipaUrl, interface: 'esipa', trust: env.trust });
    ctx.defer(() => direct.close());
    await runCampaign(target, { runs: 500, seed: 1, timeoutMs: 10_000 }); // warm-up
    const ceiling = await trivialRate(ctx);
    const bound = await iutBound(direct, fc.sample(target.cases, { numRuns: 20_000, seed: 3 }));
    const r = await runCampaign(target, { durationMs: seconds * 1000, seed: 2, timeoutMs: 10_000 });
    const fuzz = (r.cases * 1000) / r.ms;
    const line = (label: string, v: number, unit: string, rest = ''): void =>
      console.log(`${label.padEnd(44)} ${v.toFixed(0).padStart(7)} ${unit.padEnd(11)} ratio ${(v / ceiling).toFixed(2)}${rest}`);
    console.log(`fuzz vs S_eIM over HTTPS keep-alive, ${seconds}s each, single connection, node ${process.version}`);
    line('trivial handler (ceiling)', ceiling, 'requests/s');
    line('S_eIM, pre-generated cases (bound)', bound, 'requests/s');
    line(`fuzz cases (${target.name})`, fuzz, 'cases/s', `   of bound ${(fuzz / bound).toFixed(2)}   failures ${r.failures.length}`);
    console.log(JSON.stringify({ bench: 'fuzz', seconds, ceiling, bound, fuzz, ratio: fuzz / ceiling, boundRatio: bound / ceiling, ofBound: fuzz / bound, cases: r.cases, failures: r.failures.length, outcomes: r.outcomes }));
  } finally {
    await ctx.close();
  }
}

void main();
