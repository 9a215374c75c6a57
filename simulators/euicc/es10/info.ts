/**
 * What the card says about itself: ES10b.GetEUICCInfo1/2, ES10c.GetEID, ES10a.GetEuiccConfiguredAddresses
 * and SetDefaultDpAddress, ES10b.GetRAT (SGP.22 v2.5 §5.7) and the SGP.32 ES10b.GetCerts.
 * Values come from the fixed config and from the state, so two cards with the same state answer alike.
 */
import { X509Value } from '../../../src/asn1';
import { CardStatus, SW } from '../../../src/transport/apdu';
import { Es10Context, Es10Function } from '../context';

/** '2.5.0' → VersionType (three octets: major, minor, revision). */
export function versionType(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`version '${text}' is not major.minor.revision with each part 0..255`);
  }
  return Uint8Array.from(parts);
}

/** A compiled SEQUENCE as the codec builds it: its components, each with its own node. */
interface SequenceLike { readonly fields?: readonly { readonly name: string; readonly node: unknown }[] }

/** The node of component `name` of a SEQUENCE node (e.g. EuiccSigned1.euiccInfo2). */
export function componentNode(node: unknown, name: string): unknown {
  const f = (node as SequenceLike).fields?.find((x) => x.name === name);
  if (!f) throw new RangeError(`no component '${name}' in this SEQUENCE`);
  return f.node;
}

/**
 * Drops the properties a SEQUENCE node has no component for: the spec version decides which exist
 * (SGP.32 v1.2 additions on a v1.0 card, or the SGP.22 EUICCInfo2 inside a v1.0 EuiccSigned1).
 */
export function fitTo<T extends Record<string, unknown>>(node: unknown, value: T): Partial<T> {
  const names = new Set(((node as SequenceLike).fields ?? []).map((f) => f.name));
  return Object.fromEntries(Object.entries(value).filter(([k]) => names.has(k))) as Partial<T>;
}

/** Non-volatile memory left: the configured amount less what the installed profiles take. */
export function freeNonVolatileMemory(ctx: Es10Context): number {
  const used = ctx.state.profiles.reduce((n, p) => n + p.uppBytes, 0);
  return Math.max(0, ctx.config.limits.freeNonVolatileMemory - used);
}

/** Unsigned big-endian integer in as few octets as it needs (at least one). */
function uintBytes(n: number): number[] {
  const out: number[] = [];
  do {
    out.unshift(n % 256);
    n = Math.floor(n / 256);
  } while (n > 0);
  return out;
}

/**
 * ETSI TS 102 226 extended card resources information: 81 installed applications (one per ISD-P),
 * 82 free non-volatile memory, 83 free volatile memory.
 */
export function extCardResource(ctx: Es10Context): Uint8Array {
  const tlv = (tag: number, v: number[]) => [tag, v.length, ...v];
  return Uint8Array.from([
    ...tlv(0x81, uintBytes(ctx.state.profiles.length)),
    ...tlv(0x82, uintBytes(freeNonVolatileMemory(ctx))),
    ...tlv(0x83, uintBytes(ctx.config.limits.freeVolatileMemory)),
  ]);
}

function ciPkIds(ctx: Es10Context): Uint8Array[] {
  return ctx.config.credentials.map((c) => Uint8Array.from(Buffer.from(c.ciPkId, 'hex')));
}

export function euiccInfo1(ctx: Es10Context): Record<string, unknown> {
  const ids = ciPkIds(ctx);
  return { svn: versionType(ctx.config.capabilities.svn), euiccCiPKIdListForVerification: ids, euiccCiPKIdListForSigning: ids };
}

/**
 * EUICCInfo2 as GetEUICCInfo2 answers it and AuthenticateServer signs it (SGP.32 v1.2 adds ipaMode
 * and iotSpecificInfo), shaped for `node` (default: the card's own EUICCInfo2 type).
 */
export function euiccInfo2(ctx: Es10Context, node: unknown = ctx.codec.node('EUICCInfo2')): Record<string, unknown> {
  const cap = ctx.config.capabilities;
  const ids = ciPkIds(ctx);
  const names = new Set(((node as SequenceLike).fields ?? []).map((f) => f.name));
  const iot = names.has('iotSpecificInfo') ? fitTo(componentNode(node, 'iotSpecificInfo'), {
    iotVersion: cap.iotVersions.map(versionType),
    ecallSupported: cap.ecallSupported ? null : undefined,
    fallbackSupported: cap.fallbackSupported ? null : undefined,
  }) : undefined;
  return fitTo(node, {
    profileVersion: versionType(cap.profileVersion),
    svn: versionType(cap.svn),
    euiccFirmwareVer: versionType(cap.firmwareVersion),
    extCardResource: extCardResource(ctx),
    uiccCapability: ['usimSupport', 'isimSupport', 'akaMilenage', 'usimTestAlgorithm', 'javacard', 'berTlvFileSupport', 'dfLinkSupport', 'catTp', 'getIdentity'],
    ts102241Version: versionType('9.2.0'),
    globalplatformVersion: versionType('2.3.0'),
    rspCapability: ['additionalProfile', 'testProfileSupport'],
    euiccCiPKIdListForVerification: ids,
    euiccCiPKIdListForSigning: ids,
    ppVersion: versionType(cap.ppVersion),
    sasAcreditationNumber: cap.sasAccreditationNumber,
    ipaMode: ctx.state.ipaeActive || cap.ipaMode === 'ipae' ? 1 : 0,
    iotSpecificInfo: iot,
  });
}

/**
 * The card's Rules Authorisation Table (SGP.22 §2.9 profile policy management): any operator (MCC/MNC wildcard EEEEEE)
 * may set PPR1 and PPR2 without end-user consent, which an unattended IoT device cannot give.
 */
export function rulesAuthorisationTable(): Record<string, unknown>[] {
  return [{ pprIds: ['ppr1', 'ppr2'], allowedOperators: [{ mccMnc: Uint8Array.of(0xee, 0xee, 0xee) }], pprFlags: [] }];
}

const EID_TAG = 0x5a;

export const FUNCTIONS: readonly Es10Function[] = [
  {
    name: 'ES10b.GetEUICCInfo1',
    request: 'GetEuiccInfo1Request',
    response: 'EUICCInfo1',
    handle: (ctx) => euiccInfo1(ctx),
  },
  {
    name: 'ES10b.GetEUICCInfo2',
    request: 'GetEuiccInfo2Request',
    response: 'EUICCInfo2',
    handle: (ctx) => euiccInfo2(ctx),
  },
  {
    name: 'ES10c.GetEID',
    request: 'GetEuiccDataRequest',
    response: 'GetEuiccDataResponse',
    handle: (ctx, req: { tagList: Uint8Array }) => {
      // SGP.22 ES10c.GetEID: the only data object the command can ask for is the EID (5A).
      if (req.tagList[0] !== EID_TAG) throw new CardStatus(SW.REFERENCED_DATA_NOT_FOUND, `GetEID: tagList asks for ${Buffer.from(req.tagList).toString('hex').toUpperCase()}, only 5A is available`);
      return { eidValue: Uint8Array.from(Buffer.from(ctx.config.eid, 'hex')) };
    },
  },
  {
    name: 'ES10a.GetEuiccConfiguredAddresses',
    request: 'EuiccConfiguredAddressesRequest',
    response: 'EuiccConfiguredAddressesResponse',
    handle: (ctx) => ({
      defaultDpAddress: ctx.state.defaultSmdpAddress || undefined,
      rootDsAddress: ctx.state.rootSmdsAddress,
    }),
  },
  {
    // SGP.22 ES10a.SetDefaultDpAddress (BF3F). SGP.32 v1.2 gives the type name to its PSMO (BF65), hence the module.
    name: 'ES10a.SetDefaultDpAddress',
    request: 'SetDefaultDpAddressRequest',
    response: 'SetDefaultDpAddressResponse',
    module: 'RSPDefinitions',
    handle: (ctx, req: { defaultDpAddress: string }) => {
      ctx.state.defaultSmdpAddress = req.defaultDpAddress;
      return { setDefaultDpAddressResult: 0 };
    },
  },
  {
    name: 'ES10b.GetCerts',
    request: 'GetCertsRequest',
    response: 'GetCertsResponse',
    handle: (ctx, req: { euiccCiPKId?: Uint8Array }) => {
      const id = req.euiccCiPKId && Buffer.from(req.euiccCiPKId).toString('hex');
      const credential = ctx.credential(id);
      if (!credential) return { getCertsError: 1 }; // invalidCiPKId
      return { certs: {
        eumCertificate: new X509Value('Certificate', credential.eum.raw),
        euiccCertificate: new X509Value('Certificate', credential.euicc.raw),
      } };
    },
  },
  {
    name: 'ES10b.GetRAT',
    request: 'GetRatRequest',
    response: 'GetRatResponse',
    handle: () => ({ rat: rulesAuthorisationTable() }),
  },
];
