/**
 * The three answers to an eUICC Package (SGP.32 §2.11.2.1 EuiccPackageResult, BF51) and where they go.
 * - euiccPackageResultSigned: the per-operation results, signed with euiccSignEPR and kept in the
 *   notification store under its seqNumber until the IPA removes it (the eIM acknowledges it by seqNumber in
 *   EimAcknowledgements, §2.11.1.4; the IPA then calls RemoveNotificationFromList).
 * - euiccPackageErrorSigned: the package was the eIM's but was refused whole; signed with euiccSignEPE.
 *   It is not stored: it has no seqNumber, so nothing could ever acknowledge or remove it.
 * - euiccPackageErrorUnsigned: the card cannot vouch for the sender, so it signs nothing.
 * Both signatures cover the …DataSigned object ‖ the eIM's associationToken (v1.1 on) or ‖ the
 * request's eimSignature data object (v1.0), see src/crypto/rsp-signatures.ts.
 */
import { toHex } from '../../../src/asn1';
import { associationTokenTlv, signatureTlv, SignatureName, signedData, SignedParts } from '../../../src/crypto/rsp-signatures';
import { Es10Context } from '../context';
import { storeNotification } from '../notifications';

/** EuiccPackageErrorCode (SGP.32 v1.2; ecallActive is v1.2 only). */
export const PACKAGE_ERROR = { invalidEid: 3, replayError: 4, counterValueOutOfRange: 6, sizeOverflow: 15, ecallActive: 104, undefinedError: 127 } as const;
export type PackageError = keyof typeof PACKAGE_ERROR;

/** EuiccResultData processingTerminated: the eUICC stopped before the end of the package. */
export const PROCESSING_TERMINATED = { resultSizeOverflow: 1 } as const;

/** What the answer to one package is built from. */
export interface PackageOrigin {
  eimId: string;
  counterValue: number | bigint;
  eimTransactionId?: Uint8Array;
  /** Raw r‖s eimSignature of the request (v1.0 results are signed over it). */
  eimSignature: Uint8Array;
  /** The token the card issued to the sender, if any. */
  associationToken?: number;
  /** euiccCiPKId of the credential that signs for this eIM (hex), or the card's default. */
  ciPkId?: string;
}

export type EuiccResultData = Record<string, unknown>;

/** An operation the codec decoded but the card has no handler for: a bug in the simulator, not a card answer. */
export class UnhandledOperationError extends Error {
  override readonly name = 'UnhandledOperationError';
  constructor(readonly operation: string) {
    super(`eUICC Package operation '${operation}' has no handler`);
  }
}
export type EuiccPackageResultValue = Record<string, unknown>;

/** v1.0 names the eIM's transaction id `transactionId`. */
function transactionField(ctx: Es10Context): string {
  return ctx.version === 'v1.0' ? 'transactionId' : 'eimTransactionId';
}

function withTransaction(ctx: Es10Context, origin: PackageOrigin): Record<string, unknown> {
  return origin.eimTransactionId === undefined ? {} : { [transactionField(ctx)]: origin.eimTransactionId };
}

/** The data object after …DataSigned in what the card signs. */
function signatureTail(ctx: Es10Context, origin: PackageOrigin): SignedParts {
  return ctx.version === 'v1.0'
    ? { eimSignature: signatureTlv(origin.eimSignature) }
    : { associationToken: associationTokenTlv(origin.associationToken) };
}

function sign(ctx: Es10Context, origin: PackageOrigin, name: SignatureName, part: string, der: Uint8Array): Buffer {
  const bytes = signedData(name, { [part]: der, ...signatureTail(ctx, origin) }, ctx.version);
  return ctx.sign(bytes, ctx.credential(origin.ciPkId) ?? ctx.credential());
}

/** SGP.32 v1.2 carries the transaction id and the token in the unsigned error; v1.0 only the token. */
export function unsignedError(ctx: Es10Context, eimId: string, eimTransactionId?: Uint8Array, associationToken?: number): EuiccPackageResultValue {
  return {
    euiccPackageErrorUnsigned: {
      eimId,
      ...(ctx.version !== 'v1.0' && eimTransactionId !== undefined && { eimTransactionId }),
      ...(associationToken !== undefined && { associationToken }),
    },
  };
}

export function signedError(ctx: Es10Context, origin: PackageOrigin, code: PackageError): EuiccPackageResultValue {
  const data = { eimId: origin.eimId, counterValue: origin.counterValue, ...withTransaction(ctx, origin), euiccPackageErrorCode: PACKAGE_ERROR[code] };
  const der = ctx.codec.encode('EuiccPackageErrorDataSigned', data);
  return { euiccPackageErrorSigned: { euiccPackageErrorDataSigned: data, euiccSignEPE: sign(ctx, origin, 'euiccSignEPE', 'euiccPackageErrorDataSigned', der) } };
}

function resultData(ctx: Es10Context, origin: PackageOrigin, seqNumber: number, euiccResult: readonly EuiccResultData[]) {
  return { eimId: origin.eimId, counterValue: origin.counterValue, ...withTransaction(ctx, origin), seqNumber, euiccResult };
}

export function signedResult(ctx: Es10Context, origin: PackageOrigin, seqNumber: number, euiccResult: readonly EuiccResultData[]): EuiccPackageResultValue {
  const data = resultData(ctx, origin, seqNumber, euiccResult);
  const der = ctx.codec.encode('EuiccPackageResultDataSigned', data);
  return { euiccPackageResultSigned: { euiccPackageResultDataSigned: data, euiccSignEPR: sign(ctx, origin, 'euiccSignEPR', 'euiccPackageResultDataSigned', der) } };
}

/** Upper bound of the encoded EuiccPackageResult for these items (largest seqNumber, a 64-byte signature). */
export function resultSize(ctx: Es10Context, origin: PackageOrigin, euiccResult: readonly EuiccResultData[]): number {
  const data = resultData(ctx, origin, 0x7fffffff, euiccResult);
  return ctx.codec.encode('EuiccPackageResult', { euiccPackageResultSigned: { euiccPackageResultDataSigned: data, euiccSignEPR: new Uint8Array(64) } }).length;
}

/** Results are never dropped from the store (notifications.ts), so a store full of them takes no more. */
export function resultStoreFull(ctx: Es10Context): boolean {
  return ctx.state.notifications.filter((n) => n.kind === 'euiccPackageResult').length >= ctx.config.limits.maxNotifications;
}

export function storeResult(ctx: Es10Context, eimId: string, seqNumber: number, result: EuiccPackageResultValue): void {
  storeNotification(ctx, { seqNumber, kind: 'euiccPackageResult', der: toHex(ctx.codec.encode('EuiccPackageResult', result)), eimId });
}
