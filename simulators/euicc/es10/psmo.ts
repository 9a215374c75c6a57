/**
 * Profile State Management Operations inside an eUICC Package (SGP.32 §2.11.1.1.3 Psmo): each
 * one acts on the card and gives one EuiccResultData. enable / disable / delete follow the same
 * rules as ES10c (profile-ops.ts); v1.0 cards answer with the smaller v1.0 result enumerations.
 */
import { toHex } from '../../../src/asn1';
import { PROFILE_RESULT, ProfileResult } from '../codes';
import { Es10Context } from '../context';
import { deleteProfile, disableProfile, enabledProfile, enableProfile, findProfile } from '../profile-ops';
import { rulesAuthorisationTable } from './info';
import { EuiccResultData, PackageOrigin, UnhandledOperationError } from './package-result';
import * as profiles from './profiles';

/** Enable/Disable/DeleteProfileResult in v1.0 know only ok, iccidOrAidNotFound, profileNot…State and undefinedError. */
function versioned(ctx: Es10Context, code: ProfileResult): number {
  return ctx.version === 'v1.0' && code > PROFILE_RESULT.profileNotInDisabledState ? PROFILE_RESULT.undefinedError : code;
}

/** listProfileInfo takes and answers exactly what ES10c.GetProfilesInfo does (SGP.22 ProfileInfoListRequest/Response). */
const GET_PROFILES_INFO = profiles.FUNCTIONS.find((f) => f.request === 'ProfileInfoListRequest')!;

/** SetFallbackAttributeResult / UnsetFallbackAttributeResult (SGP.32 v1.2). */
const FALLBACK_RESULT = { ok: 0, iccidOrAidNotFound: 1, fallbackNotAllowed: 2, noFallbackAttribute: 2, fallbackProfileEnabled: 3 } as const;

/**
 * enable with rollbackFlag: the card remembers the profile enabled before, so that
 * ES10b.ProfileRollback can return to it. With no enabled profile there is nothing to return to:
 * rollbackNotAvailable, and the profile is not enabled (the eIM asked for a reversible switch).
 */
function enable(ctx: Es10Context, origin: PackageOrigin, v: { iccid: Uint8Array; rollbackFlag?: null }): number {
  const iccid = toHex(v.iccid);
  const target = findProfile(ctx, { iccid });
  const previous = enabledProfile(ctx);
  if (v.rollbackFlag !== undefined && target && target.state !== 'enabled' && !previous) return versioned(ctx, PROFILE_RESULT.rollbackNotAvailable);
  const result = enableProfile(ctx, { iccid });
  if (result === PROFILE_RESULT.ok && v.rollbackFlag !== undefined) {
    ctx.state.rollback = {
      iccid: previous!.iccid,
      eimId: origin.eimId,
      counterValue: Number(origin.counterValue),
      ...(origin.eimTransactionId && { eimTransactionId: toHex(origin.eimTransactionId) }),
      eimSignature: toHex(origin.eimSignature),
      ...(origin.associationToken !== undefined && { associationToken: origin.associationToken }),
      ...(origin.ciPkId !== undefined && { ciPkId: origin.ciPkId }),
    };
  }
  return versioned(ctx, result);
}

/** The profile a pending rollback returns to cannot go (deleteResult rollbackNotAvailable). */
function remove(ctx: Es10Context, v: { iccid: Uint8Array }): number {
  const iccid = toHex(v.iccid);
  if (ctx.state.rollback?.iccid.toUpperCase() === iccid && findProfile(ctx, { iccid })) return versioned(ctx, PROFILE_RESULT.rollbackNotAvailable);
  return versioned(ctx, deleteProfile(ctx, { iccid }));
}

/** SGP.32 v1.2 fallback attribute: at most one profile carries it, and only one whose metadata allows it. */
/** The Fallback Mechanism is in effect only while its profile is still the enabled one (a later enable ends it). */
function fallbackInEffect(ctx: Es10Context): boolean {
  return ctx.state.fallback.active && ctx.state.profiles.some((p) => p.fallbackAttribute && p.state === 'enabled');
}

function setFallbackAttribute(ctx: Es10Context, v: { iccid: Uint8Array }): number {
  const target = findProfile(ctx, { iccid: toHex(v.iccid) });
  if (!target) return FALLBACK_RESULT.iccidOrAidNotFound;
  if (!target.fallbackAllowed) return FALLBACK_RESULT.fallbackNotAllowed;
  if (fallbackInEffect(ctx)) return FALLBACK_RESULT.fallbackProfileEnabled;
  for (const p of ctx.state.profiles) p.fallbackAttribute = p === target;
  return FALLBACK_RESULT.ok;
}

function unsetFallbackAttribute(ctx: Es10Context): number {
  const marked = ctx.state.profiles.filter((p) => p.fallbackAttribute);
  if (marked.length === 0) return FALLBACK_RESULT.noFallbackAttribute;
  if (fallbackInEffect(ctx)) return FALLBACK_RESULT.fallbackProfileEnabled;
  for (const p of marked) p.fallbackAttribute = false;
  return FALLBACK_RESULT.ok;
}

/** configureImmediateEnable (v1.2) and its v1.0 precursor configureAutoEnable set the same card setting. */
function configureImmediateEnable(ctx: Es10Context, flag: null | undefined, oid: string | undefined, address: string | undefined): number {
  ctx.state.immediateEnable = {
    enabled: flag !== undefined,
    ...(oid !== undefined && { defaultSmdpOid: oid }),
    ...(address !== undefined && { defaultSmdpAddress: address }),
  };
  return 0;
}

export function executePsmo(ctx: Es10Context, origin: PackageOrigin, psmo: Record<string, any>): EuiccResultData {
  const [name] = Object.keys(psmo);
  const v = psmo[name];
  switch (name) {
    case 'enable': return { enableResult: enable(ctx, origin, v) };
    case 'disable': return { disableResult: versioned(ctx, disableProfile(ctx, { iccid: toHex(v.iccid) })) };
    case 'delete': return { deleteResult: remove(ctx, v) };
    case 'listProfileInfo': return { listProfileInfoResult: GET_PROFILES_INFO.handle(ctx, v, new Uint8Array(0)) };
    case 'getRAT': return { getRATResult: rulesAuthorisationTable() };
    case 'configureImmediateEnable':
      return { configureImmediateEnableResult: configureImmediateEnable(ctx, v.immediateEnableFlag, v.defaultSmdpOid, v.defaultSmdpAddress) };
    case 'configureAutoEnable':
      return { configureAutoEnableResult: configureImmediateEnable(ctx, v.autoEnableFlag, v.smdpOid, v.smdpAddress) };
    case 'setFallbackAttribute': return { setFallbackAttributeResult: setFallbackAttribute(ctx, v) };
    case 'unsetFallbackAttribute': return { unsetFallbackAttributeResult: unsetFallbackAttribute(ctx) };
    case 'setDefaultDpAddress':
      ctx.state.defaultSmdpAddress = v.defaultDpAddress;
      return { setDefaultDpAddressResult: { setDefaultDpAddressResult: 0 } };
    default:
      throw new UnhandledOperationError(name);
  }
}
