/**
 * eIM Configuration Operations inside an eUICC Package (SGP.32 §2.11.1.1.2 Eco; addEim procedure
 * §3.5.1.1): addEim, updateEim, deleteEim and listEim, each giving one EuiccResultData. The checks on
 * a configuration are the ones AddInitialEim makes (eim-config.ts).
 */
import { Es10Context } from '../context';
import { EuiccResultData, UnhandledOperationError } from './package-result';
import {
  addEimRecord, checkEimConfiguration, EIM_CONFIG_RESULT, EimConfigurationValue, findEim, takenTokens,
} from './eim-config';

const DELETE_EIM_RESULT = { ok: 0, eimNotFound: 1, lastEimDeleted: 2 } as const;
const UPDATE_EIM_RESULT = { ok: 0, eimNotFound: 1 } as const;

/** v1.2 answers an eimId already present with associatedEimAlreadyExists; v1.0's AddEimResult lacks it. */
function addEim(ctx: Es10Context, cfg: EimConfigurationValue): Record<string, unknown> {
  const code = (n: number) => ({ addEimResultCode: n });
  if (findEim(ctx, cfg.eimId)) return code(ctx.version === 'v1.0' ? EIM_CONFIG_RESULT.commandError : EIM_CONFIG_RESULT.associatedEimAlreadyExists);
  if (ctx.state.eims.length >= ctx.config.limits.maxEims) return code(EIM_CONFIG_RESULT.insufficientMemory);
  const problem = checkEimConfiguration(ctx, cfg, { taken: takenTokens(ctx) });
  if (problem) return code(EIM_CONFIG_RESULT[problem]);
  const token = addEimRecord(ctx, cfg);
  return token === undefined ? code(EIM_CONFIG_RESULT.ok) : { associationToken: token };
}

/**
 * updateEim: an update replaces the fields it carries. A new counterValue must be higher than the
 * stored one (the anti-replay counter never goes back). UpdateEimResult has no room for a token, so an
 * associationToken in the update is ignored and the eIM keeps the one it has.
 */
function updateEim(ctx: Es10Context, cfg: EimConfigurationValue): number {
  const eim = findEim(ctx, cfg.eimId);
  if (!eim) return UPDATE_EIM_RESULT.eimNotFound;
  const { associationToken: _, ...update } = cfg;
  const problem = checkEimConfiguration(ctx, update, { update: true });
  if (problem) return EIM_CONFIG_RESULT[problem];
  if (update.counterValue !== undefined && BigInt(update.counterValue) <= BigInt(eim.counterValue)) return EIM_CONFIG_RESULT.counterValueOutOfRange;
  const merged = { ...ctx.codec.fromJSON<EimConfigurationValue>('EimConfigurationData', eim.config), ...update };
  delete merged.counterValue;
  eim.config = ctx.codec.toJSON('EimConfigurationData', merged) as Record<string, unknown>;
  if (update.counterValue !== undefined) eim.counterValue = Number(update.counterValue);
  return UPDATE_EIM_RESULT.ok;
}

/** Deleting the last eIM leaves the card unmanaged: lastEimDeleted, and ES10b.AddInitialEim is accepted again. */
function deleteEim(ctx: Es10Context, eimId: string): number {
  const eims = ctx.state.eims;
  const i = eims.findIndex((e) => e.eimId === eimId);
  if (i < 0) return DELETE_EIM_RESULT.eimNotFound;
  eims.splice(i, 1);
  return eims.length === 0 ? DELETE_EIM_RESULT.lastEimDeleted : DELETE_EIM_RESULT.ok;
}

function listEim(ctx: Es10Context): Record<string, unknown> {
  return {
    eimIdList: ctx.state.eims.map((e) => {
      const type = (e.config as { eimIdType?: number }).eimIdType;
      return { eimId: e.eimId, ...(type !== undefined && { eimIdType: type }) };
    }),
  };
}

export function executeEco(ctx: Es10Context, eco: Record<string, any>): EuiccResultData {
  const [name] = Object.keys(eco);
  const v = eco[name];
  switch (name) {
    case 'addEim': return { addEimResult: addEim(ctx, v) };
    case 'deleteEim': return { deleteEimResult: deleteEim(ctx, v.eimId) };
    case 'updateEim': return { updateEimResult: updateEim(ctx, v) };
    case 'listEim': return { listEimResult: listEim(ctx) };
    default: throw new UnhandledOperationError(name);
  }
}
