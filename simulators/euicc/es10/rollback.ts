/**
 * ES10b.ProfileRollback (BF58, SGP.32 §5.9.16 in v1.0 numbering): after an enable PSMO with
 * rollbackFlag, the IPA that cannot reach the eIM through the new profile returns to the one enabled
 * before. The answer carries, besides cmdResult, a new EuiccPackageResult for the eIM: same eimId,
 * counterValue and eimTransactionId as the package that asked for the rollback, a new seqNumber and
 * euiccResult [rollbackResult ok], signed like that package's result and stored with the other results
 * until the IPA removes it.
 */
import { fromHex } from '../../../src/asn1';
import { PROFILE_RESULT } from '../codes';
import { Es10Context, Es10Function } from '../context';
import { nextSeqNumber } from '../notifications';
import { enableProfile, findProfile } from '../profile-ops';
import { PackageOrigin, signedResult, storeResult } from './package-result';

const CMD_RESULT = { ok: 0, rollbackNotAllowed: 1, undefinedError: 127 } as const;
const ROLLBACK_OK = 0;

/** Without a pending rollback, or once its profile is gone, there is nothing to return to: rollbackNotAllowed. */
function profileRollback(ctx: Es10Context): Record<string, unknown> {
  const pending = ctx.state.rollback;
  if (!pending || !findProfile(ctx, { iccid: pending.iccid })) return { cmdResult: CMD_RESULT.rollbackNotAllowed };
  // A refused enable (e.g. PPR1 on the current profile) changes nothing and keeps the rollback pending.
  if (enableProfile(ctx, { iccid: pending.iccid }) !== PROFILE_RESULT.ok) return { cmdResult: CMD_RESULT.undefinedError };
  ctx.state.rollback = undefined;
  const origin: PackageOrigin = {
    eimId: pending.eimId,
    counterValue: pending.counterValue,
    ...(pending.eimTransactionId !== undefined && { eimTransactionId: fromHex(pending.eimTransactionId) }),
    eimSignature: fromHex(pending.eimSignature),
    ...(pending.associationToken !== undefined && { associationToken: pending.associationToken }),
    ...(pending.ciPkId !== undefined && { ciPkId: pending.ciPkId }),
  };
  const seqNumber = nextSeqNumber(ctx);
  const result = signedResult(ctx, origin, seqNumber, [{ rollbackResult: ROLLBACK_OK }]);
  storeResult(ctx, pending.eimId, seqNumber, result);
  return { cmdResult: CMD_RESULT.ok, eUICCPackageResult: result };
}

export const FUNCTIONS: readonly Es10Function[] = [
  { name: 'ES10b.ProfileRollback', request: 'ProfileRollbackRequest', response: 'ProfileRollbackResponse', handle: profileRollback },
];
