/**
 * Fuzz throughput against S_eIM over HTTPS keep-alive, against its ceiling measured in the same run:
 * the request rate of a trivial handler (fixed answer, no decoding) on the same server stack, TLS
 * credential and client, one request at a time on one kept-alive connection like the fuzzer.
 * Usage: node dist/bench/fuzz.bench.js [--seconds S]
 */
import { ASN1_CONTENT_TYPE, HttpClient, startHttpServer } from '../src/transport/http';
import { runCampaign } from '../src/bench/fuzz/campaign';
import { eimFuzzTarget } from '../src/bench/fuzz/eim';
import { testContext } from '../test/fuzz/context';
import { arg } from './arg';

const seconds = Number(arg('--seconds', '5'));

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
    for (let i = 0; i < 200; i++) await client.post('/gsma/rsp2/asn1', ASN1_CONTENT_TYPE, body);
    let n = 0;
    const started = process.hrtime.bigint(), budget = BigInt(Math.round(seconds * 1e9));
    while (process.hrtime.bigint() - started < budget) {
      await client.post('/gsma/rsp2/asn1', ASN1_CONTENT_TYPE, body);
      n++;
    }
    return n / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await client.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const ctx = testContext();
  try {
    const target = await eimFuzzTarget(ctx);
    await runCampaign(target, { runs: 500, seed: 1, timeoutMs: 10_000 }); // warm-up
    const ceiling = await trivialRate(ctx);
    const r = await runCampaign(target, { durationMs: seconds * 1000, seed: 2, timeoutMs: 10_000 });
    const fuzz = (r.cases * 1000) / r.ms;
    console.log(`fuzz vs S_eIM over HTTPS keep-alive, ${seconds}s each, single connection, node ${process.version}`);
    console.log(`${'trivial handler (ceiling)'.padEnd(28)} ${ceiling.toFixed(0).padStart(7)} requests/s`);
    console.log(`${`fuzz cases (${target.name})`.padEnd(28)} ${fuzz.toFixed(0).padStart(7)} cases/s   ratio ${(fuzz / ceiling).toFixed(2)}   failures ${r.failures.length}`);
    console.log(JSON.stringify({ bench: 'fuzz', seconds, ceiling, fuzz, ratio: fuzz / ceiling, cases: r.cases, failures: r.failures.length, outcomes: r.outcomes }));
  } finally {
    await ctx.close();
  }
}

void main();
