/**
 * SGP.32 v1.2 Emergency Profile (eCall): ES10b.EnableEmergencyProfile (BF5B) enables the profile whose
 * metadata carries ecallIndication TRUE and remembers the profile it replaced;
 * ES10b.DisableEmergencyProfile (BF5C) puts that profile back. While the swap is active other
 * operations answer ecallActive(104) where their result type has that code.
 *
 * Notifications: none. The eCall swap is a temporary, device-local switch that the IPA reports to the
 * eIM as stateChangeCause emergencyProfile(2) (SGP.32 v1.2 GetEimPackageRequest). Not telling the
 * profile owners' SM-DP+ about it is our reading of SGP.32 v1.2, not a quoted rule.
 */
import { PROFILE_RESULT } from '../codes';
import { Es10Context, Es10Function } from '../context';
import { ProfileOpOptions } from '../profile-ops';
import { ProfileRecord } from '../state';
import { swapIn, swapOut } from './profile-swap';

/** EnableEmergencyProfileResponse / DisableEmergencyProfileResponse result numbers (catBusy(5) only through hooks). */
const ENABLE_EMERGENCY_RESULT = { ok: 0, profileNotInDisabledState: 2, ecallNotAvailable: 8, undefinedError: 127 } as const;
const DISABLE_EMERGENCY_RESULT = { ok: 0, profileNotInEnabledState: 2, undefinedError: 127 } as const;

const SILENT: ProfileOpOptions = { notify: false };

/** The Emergency Profile, when the card supports eCall (EUICCInfo2 ecallSupported) and holds one. */
function emergencyProfile(ctx: Es10Context): ProfileRecord | undefined {
  return ctx.config.capabilities.ecallSupported ? ctx.state.profiles.find((p) => p.ecallIndication) : undefined;
}

function enableEmergency(ctx: Es10Context): number {
  const target = emergencyProfile(ctx);
  if (!target) return ENABLE_EMERGENCY_RESULT.ecallNotAvailable;
  if (target.state === 'enabled') return ENABLE_EMERGENCY_RESULT.profileNotInDisabledState;
  const { record } = swapIn(ctx, target, SILENT);
  // PPR1 on the enabled profile is the only refusal left; the response has no code for it.
  if (!record) return ENABLE_EMERGENCY_RESULT.undefinedError;
  ctx.state.emergency = record;
  return ENABLE_EMERGENCY_RESULT.ok;
}

function disableEmergency(ctx: Es10Context): number {
  const target = emergencyProfile(ctx);
  if (!target || target.state !== 'enabled') return DISABLE_EMERGENCY_RESULT.profileNotInEnabledState;
  if (swapOut(ctx, target, ctx.state.emergency, SILENT) !== PROFILE_RESULT.ok) return DISABLE_EMERGENCY_RESULT.undefinedError;
  ctx.state.emergency = { active: false };
  return DISABLE_EMERGENCY_RESULT.ok;
}

export const ENABLE_EMERGENCY_PROFILE: Es10Function = {
  name: 'ES10b.EnableEmergencyProfile',
  request: 'EnableEmergencyProfileRequest',
  response: 'EnableEmergencyProfileResponse',
  versions: ['v1.2'],
  handle: (ctx) => ({ enableEmergencyProfileResult: enableEmergency(ctx) }),
};

export const DISABLE_EMERGENCY_PROFILE: Es10Function = {
  name: 'ES10b.DisableEmergencyProfile',
  request: 'DisableEmergencyProfileRequest',
  response: 'DisableEmergencyProfileResponse',
  versions: ['v1.2'],
  handle: (ctx) => ({ disableEmergencyProfileResult: disableEmergency(ctx) }),
};
