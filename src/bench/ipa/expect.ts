/**
 * Expected results of the ipa suite, checked on the decoded messages S_eUICC and S_eIM received:
 * command sequences, partial templates (matchers.ts), bytes relayed unchanged, chaining. Every
 * failure names what was expected and lists what was received.
 */
import { ABSENT, ANY, expectMatch, render, Template } from '../matchers';
import { Es10Command, EsipaExchange, Observations } from './observe';

export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
}

const names = (list: readonly { name?: string; type?: string }[]) => list.map((x) => x.name ?? x.type).join(', ');

/** `wanted` appear in `actual` in this order, others may come between. */
function inOrder(what: string, actual: readonly string[], wanted: readonly string[]): void {
  let i = 0;
  for (const name of actual) if (name === wanted[i]) i++;
  if (i < wanted.length) throw new ExpectationError(`${what}: expected ${wanted.join(', ')} in this order; missing from ${wanted[i]} on.\nreceived: ${actual.join(', ')}`);
}

export function commandsInOrder(obs: Observations, wanted: readonly string[]): void {
  inOrder('commands S_eUICC received', obs.es10().map((c) => c.name), wanted);
}

export function commandsExactly(obs: Observations, wanted: readonly string[]): void {
  const got = obs.es10().map((c) => c.name);
  if (got.join('|') !== wanted.join('|')) throw new ExpectationError(`commands S_eUICC received: expected exactly ${wanted.join(', ')}\nreceived: ${got.join(', ')}`);
}

export function noCommand(obs: Observations, name: string): void {
  const hit = obs.es10().find((c) => c.name === name);
  if (hit) throw new ExpectationError(`S_eUICC received ${name} (trace #${hit.seq}), expected none\nreceived: ${names(obs.es10())}`);
}

function lastRequest(obs: Observations, type: string): EsipaExchange {
  const hit = obs.esipa().filter((x) => x.type === type).pop();
  if (!hit) throw new ExpectationError(`S_eIM received no ${type}\nreceived: ${names(obs.esipa())}`);
  return hit;
}

/** After S_eIM answered `type`, the card saw at most the channel being closed. */
export function nothingAfter(obs: Observations, type: string): void {
  const request = lastRequest(obs, type);
  const later = obs.es10().filter((c) => c.seq > request.seq && c.name !== 'MANAGE CHANNEL close');
  if (later.length) throw new ExpectationError(`after S_eIM answered ${type} the IPA still sent S_eUICC ${names(later)}`);
  const requests = obs.esipa().filter((x) => x.seq > request.seq);
  if (requests.length) throw new ExpectationError(`after S_eIM answered ${type} the IPA still sent S_eIM ${names(requests)}`);
}

export function channelClosed(obs: Observations): void {
  const all = obs.es10();
  const last = all[all.length - 1];
  if (!all.some((c) => c.name === 'MANAGE CHANNEL open')) return; // a basic-channel IPA has nothing to close
  if (last?.name !== 'MANAGE CHANNEL close') throw new ExpectationError(`the IPA did not close its logical channel last\nreceived: ${names(all)}`);
}

export function noRequest(obs: Observations, type: string): void {
  const hit = obs.esipa().find((x) => x.type === type);
  if (hit) throw new ExpectationError(`S_eIM received ${type} (trace #${hit.seq}), expected none\nreceived: ${names(obs.esipa())}`);
}

export function requestsInOrder(obs: Observations, wanted: readonly string[]): void {
  inOrder('ESipa requests S_eIM received', obs.esipa().map((x) => x.type), wanted);
}

export function requestsExactly(obs: Observations, wanted: readonly string[]): void {
  const got = obs.esipa().map((x) => x.type);
  if (got.join('|') !== wanted.join('|')) throw new ExpectationError(`ESipa requests S_eIM received: expected exactly ${wanted.join(', ')}\nreceived: ${got.join(', ')}`);
}

/** The JSON template of a feature file: "<ANY>", "<ABSENT>" and "<EID>" stand for what they say. */
export function template(json: string, vars: Record<string, string>): Template {
  const walk = (v: unknown): unknown => {
    if (v === '<ANY>') return ANY;
    if (v === '<ABSENT>') return ABSENT;
    if (typeof v === 'string') return v.replace(/<(\w+)>/g, (m, k: string) => vars[k] ?? m);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(JSON.parse(json));
}

function pick<T extends { seq: number }>(list: readonly T[], which: string, what: string): T {
  const index = which === 'last' ? list.length - 1 : ['first', 'second', 'third'].indexOf(which);
  const hit = list[index];
  if (index < 0 || !hit) throw new ExpectationError(`there is no ${which} ${what} (${list.length} received)`);
  return hit;
}

export function requestMatches(obs: Observations, which: string, type: string, t: Template): void {
  const request = pick(obs.esipa().filter((x) => x.type === type), which, `${type} at S_eIM`);
  expectMatch(`the ${which} ${type} S_eIM received (trace #${request.seq})`, request.value, t);
}

export function commandMatches(obs: Observations, which: string, type: string, t: Template): void {
  const command = pick(obs.es10().filter((c) => c.name === type), which, `${type} at S_eUICC`);
  expectMatch(`the ${which} ${type} S_eUICC received (trace #${command.seq})`, command.value, t);
}

function es10(obs: Observations, type: string): Es10Command {
  const hit = obs.es10().filter((c) => c.name === type).pop();
  if (!hit) throw new ExpectationError(`S_eUICC received no ${type}\nreceived: ${names(obs.es10())}`);
  return hit;
}

/** The content octets of the TLV `hex` (an ESipa message may carry a card answer under another tag). */
function contentOf(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  let i = 1;
  if ((b[0] & 0x1f) === 0x1f) while (i < b.length && b[i++] & 0x80);
  const first = b[i++];
  if (first & 0x80) i += first & 0x7f;
  return b.subarray(i).toString('hex').toUpperCase();
}

/** The card's answer to `es10Type` (its content, byte for byte) inside the ESipa request `esipaType`. */
export function answerRelayed(obs: Observations, es10Type: string, esipaType: string): void {
  const full = es10(obs, es10Type).answer?.hex;
  if (!full) throw new ExpectationError(`S_eUICC gave no data in answer to ${es10Type}`);
  const answer = contentOf(full);
  const carriers = obs.esipa().filter((x) => x.type === esipaType);
  if (!carriers.some((x) => x.hex.includes(answer))) {
    throw new ExpectationError(`no ${esipaType} S_eIM received carries S_eUICC's answer to ${es10Type} unchanged\nanswer: ${answer}\n${esipaType}: ${carriers.map((x) => x.hex).join('\n') || 'none'}`);
  }
}

/** The ES10 command `es10Type`, byte for byte, inside an answer of S_eIM. */
export function commandFromEim(obs: Observations, es10Type: string): void {
  const command = es10(obs, es10Type).hex;
  if (!obs.fromEim().some((x) => x.hex.includes(command))) throw new ExpectationError(`S_eUICC received a ${es10Type} S_eIM never sent: ${command}`);
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** The value at `esipaPath` of the ESipa request equals the one at `answerPath` of the card's answer to `es10Type`. */
export function carriedFromCard(obs: Observations, esipaType: string, esipaPath: string, es10Type: string, answerPath: string): void {
  const want = at(es10(obs, es10Type).answer?.value, answerPath);
  if (want === undefined) throw new ExpectationError(`S_eUICC's answer to ${es10Type} has no ${answerPath}`);
  expectMatch(`${esipaType} at ${esipaPath}`, at(lastRequest(obs, esipaType).value, esipaPath), want);
}

/** The value at `es10Path` of the ES10 command equals the one at `answerPath` of S_eIM's answer to `esipaType`. */
export function carriedFromEim(obs: Observations, es10Type: string, es10Path: string, esipaType: string, answerPath: string): void {
  const want = at(lastRequest(obs, esipaType).answer?.value, answerPath);
  if (want === undefined) throw new ExpectationError(`S_eIM's answer to ${esipaType} has no ${answerPath}`);
  expectMatch(`${es10Type} at ${es10Path}`, at(es10(obs, es10Type).value, es10Path), want);
}

/** Every seqNumber in S_eIM's eimAcknowledgements was removed with NotificationSentRequest, and there was one. */
export function acknowledgedRemoved(obs: Observations): void {
  const acks = obs.esipa().flatMap((x) => {
    const v = x.answer?.value as Record<string, unknown> | undefined;
    const list = (v?.eimAcknowledgements ?? []) as unknown[];
    return list.map(Number);
  });
  if (!acks.length) throw new ExpectationError(`S_eIM acknowledged nothing\nanswers: ${obs.esipa().map((x) => `${x.type} -> ${x.answer?.type}: ${render(x.answer?.value)}`).join('\n')}`);
  const removed = obs.es10().filter((c) => c.name === 'NotificationSentRequest').map((c) => Number((c.value as { seqNumber?: unknown })?.seqNumber));
  const missing = acks.filter((a) => !removed.includes(a));
  if (missing.length) throw new ExpectationError(`S_eIM acknowledged ${acks.join(', ')}; the IPA removed ${removed.join(', ') || 'none'} (missing ${missing.join(', ')})`);
}

/** The command went in several STORE DATA blocks: P1 11 then 91 on the last, P2 counting from 00. */
export function chained(obs: Observations, type: string): void {
  const command = es10(obs, type);
  const apdus = obs.apdus();
  const end = apdus.findIndex((a) => a.seq === command.seq);
  let start = end;
  while (start > 0 && apdus[start - 1].ins === 0xe2 && !(apdus[start - 1].p1 & 0x80)) start--;
  const blocks = apdus.slice(start, end + 1);
  const shape = blocks.map((a) => `P1 ${a.p1.toString(16).padStart(2, '0')} P2 ${a.p2.toString(16).padStart(2, '0')}`);
  const ok = blocks.length > 1 && blocks.every((a, i) => a.p2 === i && a.p1 === (i === blocks.length - 1 ? 0x91 : 0x11));
  if (!ok) throw new ExpectationError(`${type} (${command.hex.length / 2} bytes) was not sent as chained STORE DATA: ${shape.join('; ')}`);
}

/** The card announced its answer to `type` with 61xx and the IPA collected it with GET RESPONSE. */
export function fetchedWithGetResponse(obs: Observations, type: string): void {
  const command = es10(obs, type);
  const apdus = obs.apdus();
  const i = apdus.findIndex((a) => a.seq === command.seq);
  const first = apdus[i];
  if (!first?.sw?.startsWith('61')) throw new ExpectationError(`S_eUICC answered ${type} with ${first?.sw}, not 61xx (answer ${command.answer?.hex.length ?? 0 / 2} bytes)`);
  let j = i + 1;
  while (apdus[j]?.ins === 0xc0) j++;
  if (j === i + 1) throw new ExpectationError(`after 61xx on ${type} the IPA sent ${apdus[i + 1]?.name ?? 'nothing'}, not GET RESPONSE`);
  if (apdus[j - 1].sw !== '9000') throw new ExpectationError(`the last GET RESPONSE after ${type} ended with ${apdus[j - 1].sw}, not 9000`);
}

function answered(obs: Observations, answerType: string): Es10Command {
  const hit = obs.es10().filter((c) => c.answer?.type === answerType).pop();
  if (!hit) throw new ExpectationError(`S_eUICC answered no command with a ${answerType}\nreceived: ${names(obs.es10())}`);
  return hit;
}

/** The card's `answerType` (e.g. ProfileInstallationResult), byte for byte, inside the ESipa request `esipaType`. */
export function answerTypeRelayed(obs: Observations, answerType: string, esipaType: string): void {
  const answer = contentOf(answered(obs, answerType).answer!.hex);
  if (!obs.esipa().some((x) => x.type === esipaType && x.hex.includes(answer))) {
    throw new ExpectationError(`no ${esipaType} S_eIM received carries S_eUICC's ${answerType} unchanged\n${answerType}: ${answer}\nreceived: ${names(obs.esipa())}`);
  }
}

/** After delivering it, the IPA removed the ProfileInstallationResult from the card's notification list. */
export function pirRemoved(obs: Observations): void {
  const pir = answered(obs, 'ProfileInstallationResult').answer!.value as { profileInstallationResultData?: { notificationMetadata?: { seqNumber?: unknown } } };
  const seq = Number(pir.profileInstallationResultData?.notificationMetadata?.seqNumber);
  const removed = obs.es10().filter((c) => c.name === 'NotificationSentRequest').map((c) => Number((c.value as { seqNumber?: unknown })?.seqNumber));
  if (!removed.includes(seq)) throw new ExpectationError(`the IPA did not remove the ProfileInstallationResult (seqNumber ${seq}); it removed ${removed.join(', ') || 'nothing'}`);
}

/** The ES9+ functions the IPA called on S_SM-DP+, in this order. */
export function es9InOrder(obs: Observations, wanted: readonly string[]): void {
  inOrder('ES9+ functions S_SM-DP+ received from the IPA', obs.es9().map((x) => x.fn), wanted);
}

/** S_eIM injected `request` and the IPA answered with a TransferEimPackageResponse matching `t`. */
export function injectionAnswered(obs: Observations, t: Template): void {
  const sent = obs.fromEim().find((x) => x.type === 'TransferEimPackageRequest');
  if (!sent) throw new ExpectationError(`S_eIM injected nothing\nS_eIM sent: ${names(obs.fromEim())}`);
  const answer = obs.esipa().find((x) => x.seq > sent.seq && x.type === 'TransferEimPackageResponse');
  if (!answer) throw new ExpectationError(`the IPA did not answer the TransferEimPackageRequest (trace #${sent.seq})\nreceived: ${names(obs.esipa())}`);
  expectMatch(`the TransferEimPackageResponse of the IPA (trace #${answer.seq})`, answer.value, t);
}

/** The card received exactly these bytes as the command `type`. */
export function commandBytes(obs: Observations, type: string, hex: string): void {
  const got = es10(obs, type).hex;
  if (got !== hex.toUpperCase()) throw new ExpectationError(`S_eUICC received a ${type} other than the one given to the IPA\nexpected: ${hex.toUpperCase()}\nreceived: ${got}`);
}
