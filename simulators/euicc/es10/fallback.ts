/**
 * SGP.32 v1.2 fallback mechanism, IPA side of it: ES10b.ExecuteFallbackMechanism (BF5D) enables the
 * profile carrying the Fallback Attribute (set by the setFallbackAttribute PSMO) and remembers the
 * profile it replaced; ES10b.ReturnFromFallback (BF5E) puts that profile back.
 *
 * Notifications: both are ordinary profile state changes, so each queues the enable/disable
 * notifications the profiles' metadata ask for (SGP.22 §3.5 rule, which SGP.32 keeps); the eIM
 * additionally learns of the swap from the IPA's stateChangeCause fallback(1) in GetEimPackageRequest.
 * The refreshFlag asks for a CAT REFRESH, which a simulated card has no toolkit to issue.
 */
import { PROFILE_RESULT } from '../codes';
import { Es10Context, Es10Function } from '../context';
import { ProfileRecord } from '../state';
import { swapIn, swapOut } from './profile-swap';

/** ExecuteFallbackMechanismResponse / ReturnFromFallbackResponse result numbers (catBusy(5) only through hooks). */
const FALLBACK_RESULT = {
  ok: 0,
  profileNotInDisabledState: 2,
  fallbackNotAvailable: 6,
  commandError: 7,
  ecallActive: 104,
  undefinedError: 127,
} as const;

/** The Fallback Profile, when the card supports the mechanism (EUICCInfo2 fallbackSupported) and one is marked. */
function fallbackProfile(ctx: Es10Context): ProfileRecord | undefined {
  return ctx.config.capabilities.fallbackSupported ? ctx.state.profiles.find((p) => p.fallbackAttribute) : undefined;
}

function executeFallback(ctx: Es10Context): number {
  // SGP.32 v1.2: nothing may take the device off the Emergency Profile during an eCall.
  if (ctx.state.emergency.active) return FALLBACK_RESULT.ecallActive;
  const target = fallbackProfile(ctx);
  if (!target) return FALLBACK_RESULT.fallbackNotAvailable;
  if (target.state === 'enabled') return FALLBACK_RESULT.profileNotInDisabledState;
  const { record } = swapIn(ctx, target);
  // The only refusal left is PPR1 on the enabled profile, for which the response has no code.
  if (!record) return FALLBACK_RESULT.undefinedError;
  ctx.state.fallback = record;
  return FALLBACK_RESULT.ok;
}

function returnFromFallback(ctx: Es10Context): number {
  const target = fallbackProfile(ctx);
  if (!target) return FALLBACK_RESULT.fallbackNotAvailable;
  // Only a fallback this card performed can be undone, and only while the Fallback Profile is still the
  // enabled one (not after an eIM enabled another profile, nor during an eCall).
  if (!ctx.state.fallback.active || target.state !== 'enabled') return FALLBACK_RESULT.commandError;
  if (swapOut(ctx, target, ctx.state.fallback) !== PROFILE_RESULT.ok) return FALLBACK_RESULT.undefinedError;
  ctx.state.fallback = { active: false };
  return FALLBACK_RESULT.ok;
}

export const EXECUTE_FALLBACK_MECHANISM: Es10Function = {
  name: 'ES10b.ExecuteFallbackMechanism',
  request: 'ExecuteFallbackMechanismRequest',
  response: 'ExecuteFallbackMechanismResponse',
  versions: ['v1.2'],
  handle: (ctx) => ({ executeFallbackMechanismResult: executeFallback(ctx) }),
};

export const RETURN_FROM_FALLBACK: Es10Function = {
  name: 'ES10b.ReturnFromFallback',
  request: 'ReturnFromFallbackRequest',
  response: 'ReturnFromFallbackResponse',
  versions: ['v1.2'],
  handle: (ctx) => ({ returnFromFallbackResult: returnFromFallback(ctx) }),
};
