/**
 * Send templates (`ts_…`, as in osmo-ttcn3-hacks) for Profile State Management Operations: each
 * returns one `Psmo` alternative as the codec shapes a CHOICE, `{ alternative: value }`.
 * Alternatives are those of the SGP.32 v1.2 ASN.1 `Psmo`; the last four (configureImmediateEnable,
 * fallback, setDefaultDpAddress) are v1.2 only, and v1.0 has configureAutoEnable in place of
 * configureImmediateEnable (same tag [7]): the versioned codec refuses an alternative its version lacks.
 */
import { EimInputError } from './errors';
import { iccidBytes, IccidInput } from './identifiers';

export type Psmo = { readonly [alternative: string]: unknown };

export function ts_psmoEnable(iccid: IccidInput, opts: { rollback?: boolean } = {}): Psmo {
  return { enable: { iccid: iccidBytes(iccid), ...(opts.rollback && { rollbackFlag: null }) } };
}

export function ts_psmoDisable(iccid: IccidInput): Psmo {
  return { disable: { iccid: iccidBytes(iccid) } };
}

export function ts_psmoDelete(iccid: IccidInput): Psmo {
  return { delete: { iccid: iccidBytes(iccid) } };
}

/** SGP.22 ProfileInfoListRequest: at most one search criterion, and the tags wanted (5C). */
export interface ListProfileInfoRequest {
  iccid?: IccidInput;
  isdpAid?: Uint8Array;
  /** ProfileClass: test 0, provisioning 1, operational 2. */
  profileClass?: number;
  tagList?: Uint8Array;
}

export function ts_psmoListProfileInfo(request: ListProfileInfoRequest = {}): Psmo {
  const criteria = (['iccid', 'isdpAid', 'profileClass'] as const).filter((k) => request[k] !== undefined);
  if (criteria.length > 1) throw new EimInputError('listProfileInfo.searchCriteria', `is a CHOICE: one of ${criteria.join(', ')}`);
  const [c] = criteria;
  const searchCriteria = c === 'iccid' ? { iccid: iccidBytes(request.iccid!, 'listProfileInfo.iccid') } : c ? { [c]: request[c] } : undefined;
  return {
    listProfileInfo: {
      ...(searchCriteria && { searchCriteria }),
      ...(request.tagList && { tagList: request.tagList }),
    },
  };
}

export function ts_psmoGetRAT(): Psmo {
  return { getRAT: {} };
}

export interface ConfigureImmediateEnable {
  immediateEnableFlag?: boolean;
  /** OBJECT IDENTIFIER in dotted form. */
  defaultSmdpOid?: string;
  defaultSmdpAddress?: string;
}

/** v1.2 only. */
export function ts_psmoConfigureImmediateEnable(o: ConfigureImmediateEnable = {}): Psmo {
  return {
    configureImmediateEnable: {
      ...(o.immediateEnableFlag && { immediateEnableFlag: null }),
      ...(o.defaultSmdpOid !== undefined && { defaultSmdpOid: o.defaultSmdpOid }),
      ...(o.defaultSmdpAddress !== undefined && { defaultSmdpAddress: o.defaultSmdpAddress }),
    },
  };
}

export interface ConfigureAutoEnable {
  autoEnableFlag?: boolean;
  smdpOid?: string;
  smdpAddress?: string;
}

/** v1.0 only: the precursor of configureImmediateEnable. */
export function ts_psmoConfigureAutoEnable(o: ConfigureAutoEnable = {}): Psmo {
  return {
    configureAutoEnable: {
      ...(o.autoEnableFlag && { autoEnableFlag: null }),
      ...(o.smdpOid !== undefined && { smdpOid: o.smdpOid }),
      ...(o.smdpAddress !== undefined && { smdpAddress: o.smdpAddress }),
    },
  };
}

/** v1.2 only. */
export function ts_psmoSetFallbackAttribute(iccid: IccidInput): Psmo {
  return { setFallbackAttribute: { iccid: iccidBytes(iccid) } };
}

/** v1.2 only. */
export function ts_psmoUnsetFallbackAttribute(): Psmo {
  return { unsetFallbackAttribute: {} };
}

/** v1.2 only. */
export function ts_psmoSetDefaultDpAddress(defaultDpAddress: string): Psmo {
  return { setDefaultDpAddress: { defaultDpAddress } };
}
