/**
 * The eIM fuzz target: the fuzzer plays the IPA and sends ESipa requests over HTTPS on one
 * kept-alive connection, each case on the ASN.1 or the JSON binding. Everything realistic is made at
 * setup (bases.ts, semantic.ts); a case costs one mutation, one POST and the decoding of the answer.
 * Against the built-in S_eIM every case is also checked not to move the eIM's state (state.ts): at
 * steady state every order is final, so no request — replays included — has anything legitimate
 * left to execute; a move is reported on the case that made it.
 */
import { HttpClient } from '../../../transport/http';
import { ScenarioContext } from '../../scenario';
import type { Answer, FuzzCase, FuzzTarget } from '../target';
import { EVERY_STATUS, failedExchange } from '../http-answers';
import { classify } from './answers';
import { buildPool, REQUEST } from './bases';
import { contentTypeOf, EimDelivery, eimCases, pathOf } from './cases';
import { semanticVariants } from './semantic';
import { EimFuzzEnv, eimFuzzEnv } from './setup';
import { drainLogs, simDigest, triggerDigest } from './state';

/** `given`: an eIM already set up (the throughput bench also drives it directly); by default one is. */
export async function eimFuzzTarget(ctx: ScenarioContext, given?: EimFuzzEnv): Promise<FuzzTarget> {
  const env = given ?? await eimFuzzEnv(ctx);
  const pool = await buildPool(ctx, env);
  const variants = semanticVariants(ctx, env, pool);
  const { c, sim } = env;
  const eids = [pool.eid, ...(pool.otherEid ? [pool.otherEid] : [])];
  const http = new HttpClient({
    baseUrl: env.esipaUrl, interface: 'esipa', trust: env.trust, insecureSkipVerify: env.insecure, adminProtocol: ctx.config.adminProtocol,
    timeoutMs: ctx.config.timeouts.exchange,
  });
  ctx.defer(() => http.close());
  const probeBody = pool.bases[0].der;
  // seqNumbers handed over in HandleNotification, which has no answer: the eIM acknowledges them with a later
  // ProvideEimPackageResult, where they say nothing about that request.
  const pending = new Set<number>();
  // S_eIM's digest after the last case, while nothing but cases has reached it since: the next case's "before".
  let settled: string | undefined;

  const exchange = async (c0: FuzzCase): Promise<Answer> => {
    const d = c0.delivery as EimDelivery;
    try {
      const res = await http.post(pathOf(c0), contentTypeOf(c0), c0.bytes, { expect: EVERY_STATUS });
      const answer = classify(c, d.fn, d.json ? 'json' : 'asn1', res, d.offered?.filter((s) => !pending.has(s)));
      for (const s of answer.acks ?? []) pending.delete(s);
      if (d.fn === 'handleNotification' && answer.kind === 'success') for (const s of d.offered ?? []) pending.add(s);
      return answer;
    } catch (e) {
      return failedExchange(e as Error);
    }
  };

  return {
    role: 'eim',
    name: env.name,
    cases: eimCases(env, pool, variants),
    async send(c0) {
      if (!sim) return exchange(c0);
      const before = settled ?? simDigest(sim, eids);
      const answer = await exchange(c0);
      const after = (settled = simDigest(sim, eids));
      if (after === before) return answer;
      return { kind: 'broken', summary: `${answer.summary}; yet the eIM's state moved, with nothing left to execute: ${before} -> ${after}`, bytes: answer.bytes };
    },
    async state() {
      drainLogs(sim, env.smdp);
      return sim ? simDigest(sim, eids) : triggerDigest(env.trigger, pool.orders);
    },
    async probe() {
      settled = undefined;
      const answer = await exchange({ channel: 'probe', message: 'GetEimPackageRequest', mutation: 'none', expect: 'any', bytes: probeBody, delivery: { fn: 'getEimPackage' } });
      return answer.kind !== 'success' ? `GetEimPackageRequest for ${pool.eid}: ${answer.summary}` : undefined;
    },
    describe(c0) {
      const d = c0.delivery as EimDelivery;
      if (d.json) return { path: pathOf(c0), json: JSON.parse(Buffer.from(c0.bytes).toString('utf8')) };
      return c.toJSON(REQUEST, c.decode(REQUEST, c0.bytes));
    },
    async close() {
      await http.close();
    },
  };
}
