/**
 * The card's list of associated eIMs (SGP.32 §2.11.1.1.1 EimConfigurationData): ES10b.AddInitialEim
 * (BF57, §5.9.4 in v1.0 numbering, procedure §3.5.2.1) fills an empty list without a signature,
 * ES10b.GetEimConfigurationData (BF55) reads it, and the signed eCOs (addEim / updateEim, see eco.ts)
 * go through the same checks here. The eIM's key comes from eimPublicKeyData as given: SGP.32 trusts
 * the configuration itself, so no certificate chain is checked for it.
 */
import { createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { toHex, X509Value } from '../../../src/asn1';
import { ADD_EIM_RESULT_CODE } from '../../../src/asn1/sgp32/v1.2';
import { curveOfKey } from '../../../src/crypto/curves';
import { Es10Context, Es10Function } from '../context';
import { EimRecord } from '../state';

/** Codes AddInitialEimResponse and AddEimResult / UpdateEimResult share (SGP.32 v1.2 ASN.1). */
export const EIM_CONFIG_RESULT = ADD_EIM_RESULT_CODE;
export type EimConfigResult = keyof typeof EIM_CONFIG_RESULT;

/** The card's own range for association tokens: a positive INTEGER it can hold in 4 bytes. */
const MAX_ASSOCIATION_TOKEN = 0x7fffffff;

/** EimConfigurationData as the codec gives it (only the fields the card acts on are typed). */
export interface EimConfigurationValue {
  eimId: string;
  counterValue?: number | bigint;
  associationToken?: number | bigint;
  eimPublicKeyData?: { eimPublicKey?: X509Value; eimCertificate?: X509Value };
  euiccCiPKId?: Uint8Array;
  [field: string]: unknown;
}

export function findEim(ctx: Es10Context, eimId: string): EimRecord | undefined {
  return ctx.state.eims.find((e) => e.eimId === eimId);
}

/** PK.EIM.ECDSA from eimPublicKeyData (a SubjectPublicKeyInfo or a certificate); throws if it is not an EC key on an RSP curve. */
export function keyOfPublicKeyData(data: NonNullable<EimConfigurationValue['eimPublicKeyData']>): KeyObject {
  const key = data.eimPublicKey
    ? createPublicKey({ key: Buffer.from(data.eimPublicKey.der), format: 'der', type: 'spki' })
    : new X509Certificate(Buffer.from(data.eimCertificate!.der)).publicKey;
  curveOfKey(key);
  return key;
}

/** The stored eIM's signing key. */
export function eimPublicKey(ctx: Es10Context, eim: EimRecord): KeyObject {
  const cfg = ctx.codec.fromJSON<EimConfigurationValue>('EimConfigurationData', eim.config);
  return keyOfPublicKeyData(cfg.eimPublicKeyData!);
}

/** The credential this eIM's results are signed with: its euiccCiPKId, else the card's default. */
export function eimCredentialId(eim: EimRecord): string | undefined {
  const id = (eim.config as { euiccCiPKId?: string }).euiccCiPKId;
  return id === undefined ? undefined : id.toUpperCase();
}

function inRange(v: number | bigint, max: number): boolean {
  return BigInt(v) >= 0n && BigInt(v) <= BigInt(max);
}

/**
 * The checks AddInitialEim, addEim and updateEim share, first failure first. `update` leaves out what
 * an update may omit (the key). A counterValue must lie in the card's range; a proposed (positive)
 * associationToken must be one the card can hold and not belong to another eIM (`taken`).
 */
export function checkEimConfiguration(ctx: Es10Context, cfg: EimConfigurationValue, opts: { update?: boolean; taken?: ReadonlySet<number> } = {}): EimConfigResult | undefined {
  if (cfg.euiccCiPKId !== undefined && !ctx.credential(toHex(cfg.euiccCiPKId))) return 'ciPKUnknown';
  if (cfg.counterValue !== undefined && !inRange(cfg.counterValue, ctx.config.limits.maxCounterValue)) return 'counterValueOutOfRange';
  const t = cfg.associationToken;
  if (t !== undefined && BigInt(t) > 0n && (!inRange(t, MAX_ASSOCIATION_TOKEN) || opts.taken?.has(Number(t)))) return 'invalidAssociationToken';
  if (!cfg.eimPublicKeyData) return opts.update ? undefined : 'commandError';
  try {
    keyOfPublicKeyData(cfg.eimPublicKeyData);
  } catch {
    return 'commandError';
  }
  return undefined;
}

/** Tokens of the associated eIMs. */
export function takenTokens(ctx: Es10Context): Set<number> {
  return new Set(ctx.state.eims.flatMap((e) => (e.associationToken === undefined ? [] : [e.associationToken])));
}

/**
 * SGP.32 §2.11.1.1.1: an eIM asks for an association token by including associationToken in its
 * configuration. The public eIM sends -1 and a real card answered 1; we read a value ≤ 0 as "make
 * one" (the card's next free token) and a positive value as the eIM's own proposal, kept as is
 * (checked free by `checkEimConfiguration`).
 */
export function issueAssociationToken(ctx: Es10Context, requested: number | bigint, reserved: ReadonlySet<number> = new Set()): number {
  if (BigInt(requested) > 0n) return Number(requested);
  const taken = new Set([...takenTokens(ctx), ...reserved]);
  let t = ctx.state.nextAssociationToken;
  while (taken.has(t)) t++;
  ctx.state.nextAssociationToken = t + 1;
  return t;
}

/** Adds a checked configuration; returns the token issued, if one was asked for (never one of `reserved`). */
export function addEimRecord(ctx: Es10Context, cfg: EimConfigurationValue, reserved?: ReadonlySet<number>): number | undefined {
  const { associationToken: requested, ...rest } = cfg;
  const associationToken = requested === undefined ? undefined : issueAssociationToken(ctx, requested, reserved);
  ctx.state.eims.push({
    eimId: cfg.eimId,
    config: ctx.codec.toJSON('EimConfigurationData', rest) as Record<string, unknown>,
    counterValue: Number(cfg.counterValue ?? 0),
    ...(associationToken !== undefined && { associationToken }),
  });
  return associationToken;
}

/** The configuration as the card reports it: the current counter and the token it issued. */
export function reportedConfiguration(ctx: Es10Context, eim: EimRecord): EimConfigurationValue {
  const cfg = ctx.codec.fromJSON<EimConfigurationValue>('EimConfigurationData', eim.config);
  const { associationToken: _, ...rest } = cfg;
  return { ...rest, counterValue: eim.counterValue, ...(eim.associationToken !== undefined && { associationToken: eim.associationToken }) };
}

/** The code by name, or commandError's fallback where the version lacks the name (v1.0 AddInitialEim has no commandError). */
function addInitialCode(ctx: Es10Context, name: EimConfigResult): number {
  return ctx.version === 'v1.0' && name === 'commandError' ? EIM_CONFIG_RESULT.undefinedError : EIM_CONFIG_RESULT[name];
}

/**
 * ES10b.AddInitialEim (SGP.32 §3.5.2.1, §5.9.4 v1.0): only while no eIM is associated, all or nothing —
 * the answer is one list of per-item results or one error code.
 */
function addInitialEim(ctx: Es10Context, req: { eimConfigurationDataList: EimConfigurationValue[] }) {
  const list = req.eimConfigurationDataList;
  const error = (name: EimConfigResult) => ({ addInitialEimError: addInitialCode(ctx, name) });
  if (ctx.state.eims.length > 0) return error('associatedEimAlreadyExists');
  if (list.length === 0 || new Set(list.map((c) => c.eimId)).size !== list.length) return error('commandError');
  if (list.length > ctx.config.limits.maxEims) return error('insufficientMemory');
  const proposed = new Set<number>();
  for (const cfg of list) {
    const problem = checkEimConfiguration(ctx, cfg, { taken: proposed });
    if (problem) return error(problem);
    if (cfg.associationToken !== undefined && BigInt(cfg.associationToken) > 0n) proposed.add(Number(cfg.associationToken));
  }
  // Tokens proposed further down the list are not handed out to the eIMs before them.
  const results = list.map((cfg) => {
    const token = addEimRecord(ctx, cfg, proposed);
    return token === undefined ? { addOk: null } : { associationToken: token };
  });
  return { addInitialEimOk: results };
}

/** ES10b.GetEimConfigurationData (§5.9.18 v1.0): every associated eIM, or (v1.2) the one named by searchCriteria. */
function getEimConfigurationData(ctx: Es10Context, req: { searchCriteria?: { eimId: string } }) {
  const wanted = req.searchCriteria?.eimId;
  const eims = ctx.state.eims.filter((e) => wanted === undefined || e.eimId === wanted);
  return { eimConfigurationDataList: eims.map((e) => reportedConfiguration(ctx, e)) };
}

export const FUNCTIONS: readonly Es10Function[] = [
  { name: 'ES10b.AddInitialEim', request: 'AddInitialEimRequest', response: 'AddInitialEimResponse', handle: addInitialEim },
  { name: 'ES10b.GetEimConfigurationData', request: 'GetEimConfigurationDataRequest', response: 'GetEimConfigurationDataResponse', handle: getEimConfigurationData },
];
