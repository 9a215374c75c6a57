/**
 * Immediate Profile Enabling: the IPA configures it with ES10b.ConfigureImmediateProfileEnabling
 * (BF59) and, right after a download, asks the card to enable the profile it just installed with
 * ES10b.ImmediateEnable (BF5A). SGP.32 v1.0 has the same pair under the same tags as
 * ConfigureAutoProfileEnabling / EnableUsingDD ("enable using the default SM-DP+"), with the same
 * result numbers; both versions share one state, `EuiccState.immediateEnable`.
 *
 * Notifications: the enable is an ordinary profile state change, so it queues the enable (and, for
 * the profile it replaces, disable) notifications the metadata ask for (SGP.22 §3.5); the IPA tells
 * the eIM with stateChangeCause immediateEnableProfile(5).
 */
import { PROFILE_RESULT } from '../codes';
import { Es10Context, Es10Function } from '../context';
import { enableProfile, findProfile } from '../profile-ops';
import { EuiccState } from '../state';

/** ConfigureImmediateProfileEnablingResponse (v1.0: ConfigureAutoProfileEnablingResponse) result numbers. */
const CONFIGURE_RESULT = { ok: 0, associatedEimAlreadyExists: 2 } as const;
/** ImmediateEnableResponse (v1.0: EnableUsingDDResponse) result numbers; catBusy(5) only through hooks. */
const ENABLE_RESULT = { ok: 0, immediateEnableNotAvailable: 1, noSessionContext: 4, undefinedError: 127 } as const;

function configure(ctx: Es10Context, flag: boolean, oid: string | undefined, address: string | undefined): number {
  // This is the IPA's unsigned path: once an eIM is associated only its signed configureImmediateEnable
  // PSMO may change the setting (v1.2 associatedEimAlreadyExists(2), v1.0 unsignedAutoEnableConfigDisallowed(2)).
  if (ctx.state.eims.length > 0) return CONFIGURE_RESULT.associatedEimAlreadyExists;
  const config: EuiccState['immediateEnable'] = { enabled: flag };
  if (oid !== undefined) config.defaultSmdpOid = oid;
  if (address !== undefined) config.defaultSmdpAddress = address;
  ctx.state.immediateEnable = config;
  return CONFIGURE_RESULT.ok;
}

function immediateEnable(ctx: Es10Context): number {
  const config = ctx.state.immediateEnable;
  if (!config.enabled) return ENABLE_RESULT.immediateEnableNotAvailable;
  // Only the profile installed in the current (volatile) RSP session qualifies, and only once.
  const iccid = ctx.session?.installedIccid;
  const profile = iccid === undefined ? undefined : findProfile(ctx, { iccid });
  if (!profile) return ENABLE_RESULT.noSessionContext;
  // The configuration names the SM-DP+ whose profiles may be enabled this way; each part given must match.
  if (config.defaultSmdpOid !== undefined && config.defaultSmdpOid !== profile.smdpOid) return ENABLE_RESULT.immediateEnableNotAvailable;
  if (config.defaultSmdpAddress !== undefined && config.defaultSmdpAddress.toLowerCase() !== profile.smdpAddress.toLowerCase()) {
    return ENABLE_RESULT.immediateEnableNotAvailable;
  }
  // During an eCall the Emergency Profile must stay enabled; the response has no ecallActive code.
  if (ctx.state.emergency.active) return ENABLE_RESULT.undefinedError;
  if (enableProfile(ctx, { iccid: profile.iccid }) !== PROFILE_RESULT.ok) return ENABLE_RESULT.undefinedError;
  delete ctx.session!.installedIccid;
  return ENABLE_RESULT.ok;
}

export const CONFIGURE_IMMEDIATE_PROFILE_ENABLING: Es10Function = {
  name: 'ES10b.ConfigureImmediateProfileEnabling',
  request: 'ConfigureImmediateProfileEnablingRequest',
  response: 'ConfigureImmediateProfileEnablingResponse',
  versions: ['v1.2'],
  handle: (ctx, req: { immediateEnableFlag?: null; defaultSmdpOid?: string; defaultSmdpAddress?: string }) => ({
    configImmediateEnableResult: configure(ctx, req.immediateEnableFlag !== undefined, req.defaultSmdpOid, req.defaultSmdpAddress),
  }),
};

export const IMMEDIATE_ENABLE: Es10Function = {
  name: 'ES10b.ImmediateEnable',
  request: 'ImmediateEnableRequest',
  response: 'ImmediateEnableResponse',
  versions: ['v1.2'],
  handle: (ctx) => ({ immediateEnableResult: immediateEnable(ctx) }),
};

export const CONFIGURE_AUTO_PROFILE_ENABLING: Es10Function = {
  name: 'ES10b.ConfigureAutoProfileEnabling',
  request: 'ConfigureAutoProfileEnablingRequest',
  response: 'ConfigureAutoProfileEnablingResponse',
  versions: ['v1.0'],
  handle: (ctx, req: { autoEnableFlag?: null; smdpOid?: string; smdpAddress?: string }) => ({
    configAutoEnableResult: configure(ctx, req.autoEnableFlag !== undefined, req.smdpOid, req.smdpAddress),
  }),
};

export const ENABLE_USING_DD: Es10Function = {
  name: 'ES10b.EnableUsingDD',
  request: 'EnableUsingDDRequest',
  response: 'EnableUsingDDResponse',
  versions: ['v1.0'],
  handle: (ctx) => ({ enableUsingDDResult: immediateEnable(ctx) }),
};
