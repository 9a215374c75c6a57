/**
 * The profile swaps the IPA may ask of an SGP.32 v1.2 eUICC (fallback, eCall): enable one profile in
 * place of the enabled one while remembering which one to go back to, and later go back. Both
 * directions go through profile-ops, so at most one profile is ever enabled.
 */
import { PROFILE_RESULT, ProfileResult } from '../codes';
import { Es10Context } from '../context';
import { disableProfile, enableProfile, enabledProfile, findProfile, ProfileOpOptions } from '../profile-ops';
import { ProfileRecord } from '../state';

/** Shape of `EuiccState.fallback` and `EuiccState.emergency`. */
export interface SwapRecord {
  active: boolean;
  returnIccid?: string;
}

/** Enables `target` (disabling the enabled profile); the record to keep when it worked. */
export function swapIn(ctx: Es10Context, target: ProfileRecord, opts?: ProfileOpOptions): { result: ProfileResult; record?: SwapRecord } {
  const previous = enabledProfile(ctx)?.iccid;
  const result = enableProfile(ctx, { iccid: target.iccid }, opts);
  if (result !== PROFILE_RESULT.ok) return { result };
  return { result, record: previous === undefined ? { active: true } : { active: true, returnIccid: previous } };
}

/**
 * Undoes a swap: re-enables the profile that was enabled before it, or, when there was none (or it has
 * since been deleted), disables `swapped` so the card is back to having no enabled profile.
 */
export function swapOut(ctx: Es10Context, swapped: ProfileRecord, record: SwapRecord, opts?: ProfileOpOptions): ProfileResult {
  const back = record.returnIccid === undefined ? undefined : findProfile(ctx, { iccid: record.returnIccid });
  return back ? enableProfile(ctx, { iccid: back.iccid }, opts) : disableProfile(ctx, { iccid: swapped.iccid }, opts);
}
