/**
 * ES10b.eUICCMemoryReset: BF64 in SGP.32 v1.2 (EuiccMemoryResetRequest with the IoT reset options),
 * BF34 in v1.0 (SGP.22 §5.7.19's type). Profiles of the chosen classes go whatever their state and
 * policy rules, and no delete notification is queued for them: a memory reset wipes the card rather
 * than managing one profile, and the eIM learns of it from the IPA's stateChangeCause reset(4).
 * Notifications already queued stay until the IPA removes them.
 */
import { Es10Context, Es10Function } from '../context';
import { initialState, ProfileRecord } from '../state';

const RESULT = { ok: 0, nothingToDelete: 1, ecallActive: 104 } as const;

/** Which profiles each deletion option takes (v1.2 bit names; v1.0 has the first two). */
const DELETES: Record<string, (p: ProfileRecord) => boolean> = {
  deleteOperationalProfiles: (p) => p.profileClass === 'operational',
  deleteFieldLoadedTestProfiles: (p) => p.profileClass === 'test' && !p.preLoaded,
  deletePreLoadedTestProfiles: (p) => p.profileClass === 'test' && p.preLoaded === true,
  deleteProvisioningProfiles: (p) => p.profileClass === 'provisioning',
};

/**
 * SGP.32 v1.0 kept SGP.22's BF34 type and added two bits after SGP.22's three, as the v1.0 module in
 * onomondo-ipa has them: resetEimConfigData(3), resetAutoEnableConfig(4). The SGP.22 type decodes
 * them as unnamed bits; the v1.0 answer (SGP.22's) has no field for their results.
 */
const V1_0_EXTRA_BITS: Record<string, string> = { bit3: 'resetEimConfigData', bit4: 'resetImmediateEnableConfig' };

interface ResetResponse {
  resetResult: number;
  resetEimResult?: number;
  resetImmediateEnableConfigResult?: number;
}

function memoryReset(ctx: Es10Context, options: ReadonlySet<string>): ResetResponse {
  const state = ctx.state;
  // SGP.32 v1.2: the Emergency Profile stays during an eCall, so nothing is reset.
  if (state.emergency.active) return { resetResult: RESULT.ecallActive };
  const selectors = [...options].map((o) => DELETES[o]).filter((f) => f !== undefined);
  const doomed = state.profiles.filter((p) => selectors.some((f) => f(p)));
  state.profiles = state.profiles.filter((p) => !doomed.includes(p));
  forgetDeleted(ctx, new Set(doomed.map((p) => p.iccid)));
  let resetResult: number = doomed.length > 0 ? RESULT.ok : RESULT.nothingToDelete;
  if (options.has('resetDefaultSmdpAddress')) {
    state.defaultSmdpAddress = initialState(state.eid, state.version).defaultSmdpAddress;
    resetResult = RESULT.ok;
  }
  const response: ResetResponse = { resetResult };
  if (options.has('resetEimConfigData')) {
    response.resetEimResult = state.eims.length > 0 ? RESULT.ok : RESULT.nothingToDelete;
    state.eims = [];
    // A pending rollback was granted by an eIM the card no longer knows.
    delete state.rollback;
  }
  if (options.has('resetImmediateEnableConfig')) {
    state.immediateEnable = { enabled: false };
    response.resetImmediateEnableConfigResult = RESULT.ok;
  }
  return response;
}

/** Drops what pointed at deleted profiles: a rollback target, a fallback to return from or to. */
function forgetDeleted(ctx: Es10Context, gone: ReadonlySet<string>): void {
  const state = ctx.state;
  if (gone.size === 0) return;
  if (state.rollback && gone.has(state.rollback.iccid)) delete state.rollback;
  if (!state.profiles.some((p) => p.fallbackAttribute && p.state === 'enabled')) state.fallback = { active: false };
  else if (state.fallback.returnIccid !== undefined && gone.has(state.fallback.returnIccid)) delete state.fallback.returnIccid;
}

export const EUICC_MEMORY_RESET: Es10Function = {
  name: 'ES10b.eUICCMemoryReset',
  request: 'EuiccMemoryResetRequest',
  response: 'EuiccMemoryResetResponse',
  handle(ctx, req: { resetOptions: string[] }) {
    if (ctx.version === 'v1.2') return memoryReset(ctx, new Set(req.resetOptions));
    const options = new Set(req.resetOptions.map((o) => V1_0_EXTRA_BITS[o] ?? o));
    const r = memoryReset(ctx, options);
    // The v1.0 answer has only resetResult: an eIM configuration or immediate-enable reset done is not "nothing to delete".
    const done = r.resetEimResult === RESULT.ok || r.resetImmediateEnableConfigResult === RESULT.ok;
    return { resetResult: done ? RESULT.ok : r.resetResult };
  },
};

export const FUNCTIONS: readonly Es10Function[] = [EUICC_MEMORY_RESET];
