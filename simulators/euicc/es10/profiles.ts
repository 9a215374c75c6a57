/**
 * ES10c local profile management (SGP.22 v2.5 ES10c): GetProfilesInfo with the
 * SGP.32 v1.2 ProfileInfo additions (ecallIndication, fallbackAttribute, fallbackAllowed), and
 * Enable/Disable/DeleteProfile through the rules the PSMOs share (profile-ops.ts), and SetNickname.
 */
import { toHex } from '../../../src/asn1';
import { Es10Context, Es10Function } from '../context';
import { deleteProfile, disableProfile, enableProfile, ProfileRef } from '../profile-ops';
import { ProfileClassName, ProfileRecord } from '../state';
import { fitTo } from './info';

const PROFILE_CLASSES: readonly ProfileClassName[] = ['test', 'provisioning', 'operational'];

type ProfileIdentifier = { iccid: Uint8Array } | { isdpAid: Uint8Array };

function refOf(id: ProfileIdentifier): ProfileRef {
  return 'iccid' in id ? { iccid: toHex(id.iccid) } : { isdpAid: toHex(id.isdpAid) };
}

/** Every ProfileInfo field the card knows for a profile, as this version's ProfileInfo has them. */
export function profileInfo(ctx: Es10Context, p: ProfileRecord): Record<string, unknown> {
  const md = ctx.codec.decode('StoreMetadataRequest', Buffer.from(p.metadata, 'hex'));
  return fitTo(ctx.codec.node('ProfileInfo'), {
    iccid: Buffer.from(p.iccid, 'hex'),
    isdpAid: Buffer.from(p.isdpAid, 'hex'),
    profileState: p.state === 'enabled' ? 1 : 0,
    profileNickname: p.profileNickname,
    serviceProviderName: p.serviceProviderName,
    profileName: p.profileName,
    iconType: md.iconType,
    icon: md.icon,
    profileClass: PROFILE_CLASSES.indexOf(p.profileClass),
    notificationConfigurationInfo: md.notificationConfigurationInfo,
    profileOwner: md.profileOwner,
    dpProprietaryData: p.dpOid ? { dpOid: p.dpOid } : undefined,
    profilePolicyRules: md.profilePolicyRules === undefined ? undefined : p.ppr,
    serviceSpecificDataStoredInEuicc: md.serviceSpecificDataStoredInEuicc,
    ecallIndication: p.ecallIndication,
    fallbackAttribute: p.fallbackAttribute,
    fallbackAllowed: p.fallbackAllowed,
  });
}

/** The tags of a tagList: BER tags back to back, without lengths (SGP.22 ES10c.GetProfilesInfo). */
function parseTagList(list: Uint8Array): number[] | undefined {
  const tags: number[] = [];
  for (let i = 0; i < list.length;) {
    let tag = list[i++];
    if ((tag & 0x1f) === 0x1f) {
      let b;
      do {
        if (i >= list.length) return undefined;
        b = list[i++];
        tag = tag * 256 + b;
      } while (b & 0x80);
    }
    tags.push(tag);
  }
  return tags;
}

interface ProfileInfoListRequest {
  searchCriteria?: { isdpAid: Uint8Array } | { iccid: Uint8Array } | { profileClass: number };
  tagList?: Uint8Array;
}

function getProfilesInfo(ctx: Es10Context, req: ProfileInfoListRequest): unknown {
  let tags: number[] | undefined;
  if (req.tagList) {
    tags = parseTagList(req.tagList);
    if (!tags) return { profileInfoListError: 1 }; // incorrectInputValues: a tag cut short
  }
  const c = req.searchCriteria;
  const selected = ctx.state.profiles.filter((p) => !c
    || ('iccid' in c && p.iccid === toHex(c.iccid))
    || ('isdpAid' in c && p.isdpAid === toHex(c.isdpAid))
    || ('profileClass' in c && PROFILE_CLASSES.indexOf(p.profileClass) === c.profileClass));
  const fields = (ctx.codec.node('ProfileInfo') as unknown as { fields: { name: string; node: { tag: number } }[] }).fields;
  const wanted = tags && new Set(fields.filter((f) => tags!.includes(f.node.tag)).map((f) => f.name));
  return {
    profileInfoListOk: selected.map((p) => {
      const info = profileInfo(ctx, p);
      return wanted ? Object.fromEntries(Object.entries(info).filter(([k]) => wanted.has(k))) : info;
    }),
  };
}

export const FUNCTIONS: readonly Es10Function[] = [
  { name: 'ES10c.GetProfilesInfo', request: 'ProfileInfoListRequest', response: 'ProfileInfoListResponse', handle: getProfilesInfo },
  {
    name: 'ES10c.EnableProfile',
    request: 'EnableProfileRequest',
    response: 'EnableProfileResponse',
    handle: (ctx, req: { profileIdentifier: ProfileIdentifier }) => ({ enableResult: enableProfile(ctx, refOf(req.profileIdentifier)) }),
  },
  {
    name: 'ES10c.DisableProfile',
    request: 'DisableProfileRequest',
    response: 'DisableProfileResponse',
    handle: (ctx, req: { profileIdentifier: ProfileIdentifier }) => ({ disableResult: disableProfile(ctx, refOf(req.profileIdentifier)) }),
  },
  {
    name: 'ES10c.DeleteProfile',
    request: 'DeleteProfileRequest',
    response: 'DeleteProfileResponse',
    handle: (ctx, req: ProfileIdentifier) => ({ deleteResult: deleteProfile(ctx, refOf(req)) }),
  },
  {
    name: 'ES10c.SetNickname',
    request: 'SetNicknameRequest',
    response: 'SetNicknameResponse',
    handle: (ctx, req: { iccid: Uint8Array; profileNickname: string }) => {
      const profile = ctx.state.profiles.find((p) => p.iccid === toHex(req.iccid));
      if (!profile) return { setNicknameResult: 1 }; // iccidNotFound
      profile.profileNickname = req.profileNickname;
      return { setNicknameResult: 0 };
    },
  },
];
