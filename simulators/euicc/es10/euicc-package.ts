/**
 * ES10b.LoadEuiccPackage (BF51): the eUICC side of an eIM's signed package (SGP.32 §2.11.1.1
 * EuiccPackageRequest, §2.11.2.1 EuiccPackageResult).
 * The checks run in this order, each answer chosen by what the card can still vouch for:
 * 1. eimId not associated → euiccPackageErrorUnsigned {eimId, eimTransactionId}: the card has no key
 *    to check the package with, and no association token to sign an answer for.
 * 2. eimSignature (§2.11.1.1: over euiccPackageSigned as received ‖ the eIM's associationToken) does
 *    not verify → euiccPackageErrorUnsigned {eimId, eimTransactionId, associationToken}. The v1.2
 *    EuiccPackageErrorCode has no "bad signature" value, and euiccPackageErrorSigned would sign fields
 *    (counterValue, eimTransactionId) nobody vouched for; the unsigned error is the one that carries
 *    the associationToken, so the eIM can tell which association refused it. Nothing is executed,
 *    stored or counted.
 * 3. eidValue is not this card's → euiccPackageErrorSigned invalidEid.
 * 4. counterValue not above the eIM's stored counter → replayError.
 * 5. counterValue above limits.maxCounterValue → counterValueOutOfRange.
 * 6. (v1.2) a PSMO package while the emergency profile is enabled → ecallActive.
 * 7. the card cannot hold another result (its store is full of unacknowledged results, or not even
 *    an empty result fits in limits.maxResultBytes) → sizeOverflow.
 * Then the counter becomes the package's, the operations run in order, and the signed result is
 * stored. If the result would outgrow limits.maxResultBytes, the operation that does not fit is
 * undone, processingTerminated resultSizeOverflow ends the list and the rest is not executed.
 * A pending rollback (enable with rollbackFlag) lapses once the next package is accepted: the eIM
 * reached the card, so the new profile works.
 */
import { toHex } from '../../../src/asn1';
import { associationTokenTlv, dataObjects, verifyRsp } from '../../../src/crypto/rsp-signatures';
import { Es10Context, Es10Function } from '../context';
import { nextSeqNumber } from '../notifications';
import { executeEco } from './eco';
import { eimCredentialId, eimPublicKey, findEim } from './eim-config';
import {
  EuiccResultData, PackageOrigin, PROCESSING_TERMINATED, resultSize, resultStoreFull, signedError, signedResult, storeResult, unsignedError,
} from './package-result';
import { executePsmo } from './psmo';
import * as rollback from './rollback';

interface EuiccPackageSigned {
  eimId: string;
  eidValue: Uint8Array;
  counterValue: number | bigint;
  eimTransactionId?: Uint8Array;
  /** v1.0 name of eimTransactionId. */
  transactionId?: Uint8Array;
  euiccPackage: { psmoList?: Record<string, unknown>[]; ecoList?: Record<string, unknown>[] };
}

interface EuiccPackageRequest {
  euiccPackageSigned: EuiccPackageSigned;
  eimSignature: Uint8Array;
}

const TERMINATED: EuiccResultData = { processingTerminated: PROCESSING_TERMINATED.resultSizeOverflow };

/** Runs the operations in order, keeping the result within limits.maxResultBytes (see the file comment). */
function execute(ctx: Es10Context, origin: PackageOrigin, pkg: EuiccPackageSigned['euiccPackage']): EuiccResultData[] {
  const ops = pkg.psmoList ?? pkg.ecoList ?? [];
  const run = pkg.psmoList ? (op: Record<string, unknown>) => executePsmo(ctx, origin, op) : (op: Record<string, unknown>) => executeEco(ctx, op);
  const max = ctx.config.limits.maxResultBytes;
  const items: EuiccResultData[] = [];
  for (let i = 0; i < ops.length; i++) {
    const before = structuredClone(ctx.state);
    const item = run(ops[i]);
    // Room is kept for a processingTerminated after this item unless it is the last one.
    const needed = i === ops.length - 1 ? [...items, item] : [...items, item, TERMINATED];
    if (resultSize(ctx, origin, needed) > max) {
      ctx.state = before;
      items.push(TERMINATED);
      break;
    }
    items.push(item);
  }
  return items;
}

function loadEuiccPackage(ctx: Es10Context, req: EuiccPackageRequest, raw: Uint8Array) {
  const signed = req.euiccPackageSigned;
  const eimTransactionId = signed.eimTransactionId ?? signed.transactionId;
  const eim = findEim(ctx, signed.eimId);
  if (!eim) return unsignedError(ctx, signed.eimId, eimTransactionId);

  const objects = dataObjects(raw, 'EuiccPackageRequest', 0xbf51);
  const parts = { euiccPackageSigned: objects.get(0x30)!, associationToken: associationTokenTlv(eim.associationToken) };
  if (!verifyRsp('eimSignature', eimPublicKey(ctx, eim), parts, req.eimSignature, ctx.version)) {
    return unsignedError(ctx, signed.eimId, eimTransactionId, eim.associationToken);
  }

  const origin: PackageOrigin = {
    eimId: signed.eimId,
    counterValue: signed.counterValue,
    ...(eimTransactionId !== undefined && { eimTransactionId }),
    eimSignature: req.eimSignature,
    ...(eim.associationToken !== undefined && { associationToken: eim.associationToken }),
    ...(eimCredentialId(eim) !== undefined && { ciPkId: eimCredentialId(eim) }),
  };
  const counter = BigInt(signed.counterValue);
  if (toHex(signed.eidValue) !== ctx.config.eid.toUpperCase()) return signedError(ctx, origin, 'invalidEid');
  if (counter <= BigInt(eim.counterValue)) return signedError(ctx, origin, 'replayError');
  if (counter > BigInt(ctx.config.limits.maxCounterValue)) return signedError(ctx, origin, 'counterValueOutOfRange');
  if (ctx.version !== 'v1.0' && ctx.state.emergency.active && signed.euiccPackage.psmoList) return signedError(ctx, origin, 'ecallActive');
  if (resultStoreFull(ctx) || resultSize(ctx, origin, [TERMINATED]) > ctx.config.limits.maxResultBytes) return signedError(ctx, origin, 'sizeOverflow');

  // Counted before the operations run, so an updateEim of the sender's own counter has the last word.
  eim.counterValue = Number(counter);
  ctx.state.rollback = undefined;
  const items = execute(ctx, origin, signed.euiccPackage);
  const seqNumber = nextSeqNumber(ctx);
  const result = signedResult(ctx, origin, seqNumber, items);
  storeResult(ctx, origin.eimId, seqNumber, result);
  return result;
}

export const FUNCTIONS: readonly Es10Function[] = [
  { name: 'ES10b.LoadEuiccPackage', request: 'EuiccPackageRequest', response: 'EuiccPackageResult', handle: loadEuiccPackage },
  ...rollback.FUNCTIONS,
];
