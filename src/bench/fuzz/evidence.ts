/**
 * How a campaign reads in the report: a summary (cases, rate, seeds, outcomes) and, per failure,
 * everything needed to understand and replay it — seed, path, the replay command, the shrunk case in
 * hex and decoded, and the IUT's answer.
 */
import { toHex } from '../../asn1';
import type { IutRole } from '../config';
import type { CampaignResult, FuzzFailure } from './campaign';
import type { FuzzTarget } from './target';

export function rate(cases: number, ms: number): number {
  return ms > 0 ? Math.round((cases * 1000) / ms) : 0;
}

export function summaryText(target: FuzzTarget, r: CampaignResult): string {
  return [
    `target: ${target.name}`,
    `cases: ${r.cases} in ${(r.ms / 1000).toFixed(1)} s (${rate(r.cases, r.ms)} cases/s)`,
    `answers: ${r.outcomes.success} accepted, ${r.outcomes.error} rejected`,
    ...(r.resent ? [`sent again on a new connection after a kept-alive connection was reset before any answer: ${r.resent}`] : []),
    `seeds: ${r.seeds.join(', ')}`,
    `failures: ${r.failures.length}`,
  ].join('\n');
}

export function replayCommand(role: IutRole, f: FuzzFailure): string {
  return `sgp32 fuzz --iut ${role} --seed ${f.seed} --replay ${f.path}`;
}

export function failureText(role: IutRole, target: FuzzTarget, f: FuzzFailure): string {
  let decoded: string;
  try {
    decoded = JSON.stringify(target.describe(f.case), null, 2);
  } catch (e) {
    decoded = `(not decodable: ${(e as Error).message})`;
  }
  return [
    `reason: ${f.reason}`,
    `seed: ${f.seed}`,
    `path: ${f.path}`,
    `replay: ${replayCommand(role, f)}`,
    'replay runs the same case with the same configuration; session material in it (challenges, signatures, the EID of a generated PKI) is fresh each run',
    `found at case ${f.foundAt}, shrunk in ${f.shrinks} step(s)`,
    `channel: ${f.case.channel}`,
    `message: ${f.case.message}`,
    `mutation: ${f.case.mutation}`,
    `expected: ${f.case.expect === 'reject' ? 'rejection' : 'any well-formed answer'}`,
    `case (${f.case.bytes.length} bytes): ${toHex(f.case.bytes)}`,
    `case decoded: ${decoded}`,
    `answer: ${f.answer ? f.answer.summary : '(none)'}`,
    ...(f.answer?.bytes ? [`answer bytes: ${toHex(f.answer.bytes)}`] : []),
  ].join('\n');
}
