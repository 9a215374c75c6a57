/**
 * Result codes the card answers, by their spec names (SGP.22 v2.5 ES10c, SGP.32 v1.2 EuiccResultData).
 * The ES10c and PSMO results share one numbering for the cases they have in common.
 */
export const PROFILE_RESULT = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInDisabledState: 2,
  profileNotInEnabledState: 2,
  disallowedByPolicy: 3,
  wrongProfileReenabling: 4,
  catBusy: 5,
  rollbackNotAvailable: 20,
  returnFallbackProfile: 21,
  undefinedError: 127,
} as const;
export type ProfileResult = (typeof PROFILE_RESULT)[keyof typeof PROFILE_RESULT];
