/**
 * Profile state changes shared by ES10c (EnableProfile, DisableProfile, DeleteProfile) and the
 * SGP.32 PSMOs (enable, disable, delete): one set of rules, one numbering of results.
 * Invariant kept by every operation: at most one profile is enabled.
 */
import { PROFILE_RESULT, ProfileResult } from './codes';
import { Es10Context } from './context';
import { queueProfileNotification } from './notifications';
import { ProfileRecord } from './state';

/** A profile named by ICCID or ISD-P AID (hex, as on the wire). */
export interface ProfileRef {
  iccid?: string;
  isdpAid?: string;
}

export function findProfile(ctx: Es10Context, ref: ProfileRef): ProfileRecord | undefined {
  const want = (ref.iccid ?? ref.isdpAid ?? '').toUpperCase();
  return ctx.state.profiles.find((p) => (ref.iccid ? p.iccid : p.isdpAid).toUpperCase() === want);
}

export function enabledProfile(ctx: Es10Context): ProfileRecord | undefined {
  return ctx.state.profiles.find((p) => p.state === 'enabled');
}

export interface ProfileOpOptions {
  /** Queue the enable/disable notifications the profiles ask for (default true); the eCall swap queues none. */
  notify?: boolean;
}

/** SGP.22 §5.7.17 / SGP.32 enable PSMO. The enabled profile, if any, is disabled first (PPR1 may forbid it). */
export function enableProfile(ctx: Es10Context, ref: ProfileRef, opts: ProfileOpOptions = {}): ProfileResult {
  const target = findProfile(ctx, ref);
  if (!target) return PROFILE_RESULT.iccidOrAidNotFound;
  if (target.state === 'enabled') return PROFILE_RESULT.profileNotInDisabledState;
  const current = enabledProfile(ctx);
  if (current?.ppr.includes('ppr1')) return PROFILE_RESULT.disallowedByPolicy;
  const notify = opts.notify ?? true;
  if (current) {
    current.state = 'disabled';
    if (notify) queueProfileNotification(ctx, 'notificationDisable', current);
  }
  target.state = 'enabled';
  if (notify) queueProfileNotification(ctx, 'notificationEnable', target);
  return PROFILE_RESULT.ok;
}

/** SGP.22 §5.7.18 / SGP.32 disable PSMO. */
export function disableProfile(ctx: Es10Context, ref: ProfileRef, opts: ProfileOpOptions = {}): ProfileResult {
  const target = findProfile(ctx, ref);
  if (!target) return PROFILE_RESULT.iccidOrAidNotFound;
  if (target.state !== 'enabled') return PROFILE_RESULT.profileNotInEnabledState;
  if (target.ppr.includes('ppr1')) return PROFILE_RESULT.disallowedByPolicy;
  target.state = 'disabled';
  if (opts.notify ?? true) queueProfileNotification(ctx, 'notificationDisable', target);
  return PROFILE_RESULT.ok;
}

/** SGP.22 §5.7.19 / SGP.32 delete PSMO. Only a disabled profile can go; PPR2 forbids deletion. */
export function deleteProfile(ctx: Es10Context, ref: ProfileRef): ProfileResult {
  const target = findProfile(ctx, ref);
  if (!target) return PROFILE_RESULT.iccidOrAidNotFound;
  if (target.state === 'enabled') return PROFILE_RESULT.profileNotInDisabledState;
  if (target.ppr.includes('ppr2')) return PROFILE_RESULT.disallowedByPolicy;
  ctx.state.profiles.splice(ctx.state.profiles.indexOf(target), 1);
  queueProfileNotification(ctx, 'notificationDelete', target);
  return PROFILE_RESULT.ok;
}
