/** Fuzz scenarios: pick the IUT's fuzz target, run a campaign, judge it, and attach the evidence. */
import { defineParameterType, Given, Then, When } from '@cucumber/cucumber';
import { IutRole } from '../../src/bench/config';
import { runCampaign } from '../../src/bench/fuzz/campaign';
import { failureText, rate, summaryText } from '../../src/bench/fuzz/evidence';
import { describePlan, fuzzPlan, progressSink } from '../../src/bench/fuzz/plan';
import { FUZZ_TARGETS } from '../../src/bench/fuzz/targets';
import { HarnessWorld } from '../support/world';

const ROLES: Record<string, IutRole> = { eIM: 'eim', IPA: 'ipa', eUICC: 'euicc', 'SM-DP+': 'smdpp' };
defineParameterType({ name: 'fuzzRole', regexp: /eIM|IPA|eUICC|SM-DP\+/, transformer: (s): IutRole => ROLES[s] });

function fuzz(w: HarnessWorld): NonNullable<HarnessWorld['fuzz']> {
  if (!w.fuzz) throw new Error('no fuzz target: the scenario must start with "Given the fuzz target for the … under test"');
  return w.fuzz;
}

function roleOf(w: HarnessWorld): IutRole {
  const tag = w.scenario.tags.find((t) => t.startsWith('@iut:'));
  return (tag?.slice(5) ?? 'eim') as IutRole;
}

Given('the fuzz target for the {fuzzRole} under test', async function (this: HarnessWorld, role: IutRole) {
  const target = await FUZZ_TARGETS[role](this);
  this.defer(() => target.close());
  this.fuzz = { target };
  this.note(`fuzz target: ${target.name}`);
});

// A campaign runs as long as its plan says (up to a million cases or hours): no step timeout.
When('{int} fuzz cases are sent from seed {int}', { timeout: -1 }, async function (this: HarnessWorld, runs: number, seed: number) {
  const f = fuzz(this);
  const plan = fuzzPlan({ runs, seed }, this.parameters.fuzz);
  this.note(`plan: ${describePlan(plan)}`);
  f.result = await runCampaign(f.target, { ...plan, timeoutMs: this.config.timeouts.exchange, onProgress: progressSink(this.scenario.name) });
  this.attach(summaryText(f.target, f.result), { mediaType: 'text/plain', fileName: `campaign: ${f.result.cases} cases, ${rate(f.result.cases, f.result.ms)}/s` });
});

Then('every answer met the oracle', function (this: HarnessWorld) {
  const f = fuzz(this);
  const r = f.result;
  if (!r) throw new Error('no campaign ran in this scenario');
  const role = roleOf(this);
  r.failures.forEach((failure, i) => {
    this.attach(failureText(role, f.target, failure), { mediaType: 'text/plain', fileName: `failure ${i + 1}: seed ${failure.seed} path ${failure.path}` });
  });
  if (r.failures.length) {
    const lines = r.failures.map((x) => `- ${x.reason.split('\n')[0]}\n  ${x.case.channel}, ${x.case.mutation}; replay: --seed ${x.seed} --replay ${x.path}`);
    throw new Error(`${r.failures.length} failure(s) in ${r.cases} cases:\n${lines.join('\n')}`);
  }
  if (r.cases === 0) throw new Error('the campaign ran no case');
});

Then('the IUT still answers a legitimate request', async function (this: HarnessWorld) {
  const dead = await fuzz(this).target.probe();
  if (dead) throw new Error(`liveness probe after the campaign: ${dead}`);
});
