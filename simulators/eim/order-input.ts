/**
 * Orders as the northbound API takes them (JSON, README "S_eIM northbound API"), checked and turned
 * into codec values. Every refusal is an EimInputError naming the JSON member at fault, e.g.
 * `psmos[1].enable.iccid`; a value the SGP.32 version in use cannot carry (a v1.2-only PSMO on a
 * v1.0 eIM) is refused the same way, from the codec's own check.
 */
import { createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { AsnEncodeError, codec, fromHex, SpecVersion } from '../../src/asn1';
import { eidProblem } from '../../src/pki';
import {
  EIM_ID_TYPE, eimConfigurationData, EimConfigurationOptions, EimIdTypeName, EimInputError, EimSupportedProtocolName, EuiccPackage, Psmo,
  ts_ecoAddEim, ts_ecoDeleteEim, ts_ecoListEim, ts_ecoUpdateEim, ts_psmoConfigureAutoEnable, ts_psmoConfigureImmediateEnable, ts_psmoDelete,
  ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoListProfileInfo, ts_psmoSetDefaultDpAddress, ts_psmoSetFallbackAttribute,
  ts_psmoUnsetFallbackAttribute, type Eco,
} from './packages';
import { DELIVERIES, Delivery, ExpectedMetadata, NewOrder, OrderContent, ORDER_TYPES, OrderType } from './orders';

type Json = Record<string, unknown>;

export interface OrderDefaults {
  version: SpecVersion;
  /** Downloads are relayed by the eIM unless the order says `indirect: false`. */
  indirectDownload: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, field: string): Json {
  if (!isObject(v)) throw new EimInputError(field, 'must be a JSON object');
  return v;
}

/** The JSON path of member `key` of the object at `field` ('' for the body itself). */
const at = (field: string, key: string) => (field ? `${field}.${key}` : key);

/** Refuses members other than `known`: a typo must not be ignored silently. */
function only(o: Json, field: string, known: readonly string[]): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new EimInputError(at(field, k), `unknown member (known: ${known.join(', ') || 'none'})`);
}

function str(o: Json, key: string, field: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new EimInputError(at(field, key), 'must be a string');
  return v;
}

function need<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new EimInputError(field, 'is required');
  return v;
}

function bool(o: Json, key: string, field: string): boolean | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'boolean') throw new EimInputError(at(field, key), 'must be true or false');
  return v as boolean | undefined;
}

function int(o: Json, key: string, field: string): number | undefined {
  const v = o[key];
  if (v !== undefined && !Number.isSafeInteger(v)) throw new EimInputError(at(field, key), 'must be an integer');
  return v as number | undefined;
}

function hex(o: Json, key: string, field: string): Uint8Array | undefined {
  const v = str(o, key, field);
  if (v === undefined) return undefined;
  try {
    return fromHex(v);
  } catch (e) {
    throw new EimInputError(at(field, key), (e as Error).message);
  }
}

/** A certificate as PEM text or the hex of its DER. */
function certificate(o: Json, key: string, field: string): X509Certificate | undefined {
  const v = str(o, key, field);
  if (v === undefined) return undefined;
  try {
    return new X509Certificate(v.includes('-----BEGIN') ? v : Buffer.from(fromHex(v)));
  } catch (e) {
    throw new EimInputError(at(field, key), `not a certificate (PEM, or hex of DER): ${(e as Error).message}`);
  }
}

/** A SubjectPublicKeyInfo as PEM text or the hex of its DER. */
function publicKey(o: Json, key: string, field: string): KeyObject | undefined {
  const v = str(o, key, field);
  if (v === undefined) return undefined;
  try {
    return v.includes('-----BEGIN') ? createPublicKey(v) : createPublicKey({ key: Buffer.from(fromHex(v)), format: 'der', type: 'spki' });
  } catch (e) {
    throw new EimInputError(at(field, key), `not a public key (PEM, or hex of SubjectPublicKeyInfo DER): ${(e as Error).message}`);
  }
}

/** A checked EID (32 digits, check digits right). */
export function eidInput(v: unknown, field = 'eid'): string {
  if (typeof v !== 'string') throw new EimInputError(field, 'must be the EID as a string of 32 digits');
  const problem = eidProblem(v);
  if (problem) throw new EimInputError(field, problem);
  return v;
}

/** The single `{ name: body }` of a list item. */
function single(v: unknown, field: string, names: readonly string[]): [string, Json] {
  const o = object(v, field);
  const keys = Object.keys(o);
  if (keys.length !== 1 || !names.includes(keys[0])) throw new EimInputError(field, `must be one of { ${names.join(' | ')}: {...} }`);
  return [keys[0], object(o[keys[0]], `${field}.${keys[0]}`)];
}

const PROFILE_CLASS: Readonly<Record<string, number>> = { test: 0, provisioning: 1, operational: 2 };

const PSMOS: Readonly<Record<string, [members: string[], build: (b: Json, f: string) => Psmo]>> = {
  enable: [['iccid', 'rollback'], (b, f) => ts_psmoEnable(need(str(b, 'iccid', f), `${f}.iccid`), { rollback: bool(b, 'rollback', f) })],
  disable: [['iccid'], (b, f) => ts_psmoDisable(need(str(b, 'iccid', f), `${f}.iccid`))],
  delete: [['iccid'], (b, f) => ts_psmoDelete(need(str(b, 'iccid', f), `${f}.iccid`))],
  listProfileInfo: [['iccid', 'isdpAid', 'profileClass', 'tagList'], (b, f) => {
    const pc = b.profileClass;
    if (pc !== undefined && !(typeof pc === 'string' && Object.hasOwn(PROFILE_CLASS, pc)) && !Number.isSafeInteger(pc)) {
      throw new EimInputError(`${f}.profileClass`, `must be one of ${Object.keys(PROFILE_CLASS).join(', ')} or a number`);
    }
    return ts_psmoListProfileInfo({
      iccid: str(b, 'iccid', f), isdpAid: hex(b, 'isdpAid', f), tagList: hex(b, 'tagList', f),
      profileClass: typeof pc === 'string' ? PROFILE_CLASS[pc] : pc as number | undefined,
    });
  }],
  getRAT: [[], () => ts_psmoGetRAT()],
  configureImmediateEnable: [['immediateEnableFlag', 'defaultSmdpOid', 'defaultSmdpAddress'], (b, f) => ts_psmoConfigureImmediateEnable({
    immediateEnableFlag: bool(b, 'immediateEnableFlag', f), defaultSmdpOid: str(b, 'defaultSmdpOid', f), defaultSmdpAddress: str(b, 'defaultSmdpAddress', f),
  })],
  configureAutoEnable: [['autoEnableFlag', 'smdpOid', 'smdpAddress'], (b, f) => ts_psmoConfigureAutoEnable({
    autoEnableFlag: bool(b, 'autoEnableFlag', f), smdpOid: str(b, 'smdpOid', f), smdpAddress: str(b, 'smdpAddress', f),
  })],
  setFallbackAttribute: [['iccid'], (b, f) => ts_psmoSetFallbackAttribute(need(str(b, 'iccid', f), `${f}.iccid`))],
  unsetFallbackAttribute: [[], () => ts_psmoUnsetFallbackAttribute()],
  setDefaultDpAddress: [['defaultDpAddress'], (b, f) => ts_psmoSetDefaultDpAddress(need(str(b, 'defaultDpAddress', f), `${f}.defaultDpAddress`))],
};

const EIM_CONFIG_MEMBERS = [
  'eimId', 'eimFqdn', 'eimIdType', 'counterValue', 'associationToken', 'eimPublicKey', 'eimCertificate', 'trustedEimPkTls', 'trustedCertificateTls',
  'eimSupportedProtocol', 'euiccCiPKId', 'indirectProfileDownload',
];
const PROTOCOLS: readonly EimSupportedProtocolName[] = ['eimRetrieveHttps', 'eimRetrieveCoaps', 'eimInjectHttps', 'eimInjectCoaps', 'eimProprietary'];

/** EimConfigurationData of an addEim / updateEim eCO. */
function eimConfiguration(b: Json, f: string): Record<string, unknown> {
  const type = str(b, 'eimIdType', f);
  if (type !== undefined && !(type in EIM_ID_TYPE)) throw new EimInputError(`${f}.eimIdType`, `must be one of ${Object.keys(EIM_ID_TYPE).join(', ')}`);
  const protocols = b.eimSupportedProtocol;
  if (protocols !== undefined && !(Array.isArray(protocols) && protocols.every((p) => PROTOCOLS.includes(p)))) {
    throw new EimInputError(`${f}.eimSupportedProtocol`, `must be a list of ${PROTOCOLS.join(', ')}`);
  }
  const options: EimConfigurationOptions = {
    eimId: need(str(b, 'eimId', f), `${f}.eimId`), fqdn: str(b, 'eimFqdn', f), eimIdType: type as EimIdTypeName | undefined,
    counterValue: int(b, 'counterValue', f), associationToken: int(b, 'associationToken', f),
    eimPublicKey: publicKey(b, 'eimPublicKey', f), eimCertificate: certificate(b, 'eimCertificate', f),
    trustedEimPkTls: publicKey(b, 'trustedEimPkTls', f), trustedCertificateTls: certificate(b, 'trustedCertificateTls', f),
    eimSupportedProtocol: protocols as EimSupportedProtocolName[] | undefined, euiccCiPKId: hex(b, 'euiccCiPKId', f),
    indirectProfileDownload: bool(b, 'indirectProfileDownload', f),
  };
  try {
    return eimConfigurationData(options);
  } catch (e) {
    if (e instanceof EimInputError) throw new EimInputError(`${f}.${e.field}`, e.detail);
    throw e;
  }
}

const ECOS: Readonly<Record<string, [members: string[], build: (b: Json, f: string) => Eco]>> = {
  addEim: [EIM_CONFIG_MEMBERS, (b, f) => ts_ecoAddEim(eimConfiguration(b, f))],
  updateEim: [EIM_CONFIG_MEMBERS, (b, f) => ts_ecoUpdateEim(eimConfiguration(b, f))],
  deleteEim: [['eimId'], (b, f) => ts_ecoDeleteEim(need(str(b, 'eimId', f), `${f}.eimId`))],
  listEim: [[], () => ts_ecoListEim()],
};

function operations<T>(v: unknown, field: string, table: Readonly<Record<string, [string[], (b: Json, f: string) => T]>>): T[] {
  if (!Array.isArray(v) || v.length === 0) throw new EimInputError(field, 'must be a non-empty list');
  return v.map((item, i) => {
    const f = `${field}[${i}]`;
    const [name, body] = single(item, f, Object.keys(table));
    const [members, build] = table[name];
    only(body, `${f}.${name}`, members);
    try {
      return build(body, `${f}.${name}`);
    } catch (e) {
      // The templates name the member alone (e.g. `iccid`); say where it sits.
      if (e instanceof EimInputError && !e.field.startsWith(f)) throw new EimInputError(`${f}.${name}.${e.field.replace(`${name}.`, '')}`, e.detail);
      throw e;
    }
  });
}

/** Runs the codec's check; its path (`Type.a[0].b`) becomes the JSON member (`member.a[0].b`). */
function checked(version: SpecVersion, type: string, value: unknown, member: (path: string) => string): void {
  try {
    codec('SGP32Definitions', version).encode(type, value);
  } catch (e) {
    if (e instanceof AsnEncodeError) throw new EimInputError(member(e.path), e.detail);
    throw e;
  }
}

function packageContent(type: 'psmo' | 'eco', o: Json, version: SpecVersion): OrderContent {
  const euiccPackage: EuiccPackage = type === 'psmo' ? { psmoList: operations(o.psmos, 'psmos', PSMOS) } : { ecoList: operations(o.ecos, 'ecos', ECOS) };
  checked(version, 'EuiccPackage', euiccPackage, (p) => p.replace(/^EuiccPackage\.psmoList/, 'psmos').replace(/^EuiccPackage\.ecoList/, 'ecos'));
  return { type, euiccPackage };
}

/** The IpaEuiccDataRequest members an order may set, per version (the transaction id is the eIM's). */
const EDR_MEMBERS: Readonly<Record<SpecVersion, string[]>> = {
  'v1.2': ['tagList', 'euiccCiPKIdentifierToBeUsed', 'searchCriteriaNotification', 'searchCriteriaEuiccPackageResult'],
  'v1.0': ['tagList', 'euiccCiPKId', 'searchCriteria'],
};

function edrContent(o: Json, version: SpecVersion): OrderContent {
  const members = EDR_MEMBERS[version];
  const json = Object.fromEntries(members.filter((m) => o[m] !== undefined).map((m) => [m, o[m]]));
  if (typeof json.tagList !== 'string' || json.tagList === '') throw new EimInputError('tagList', 'is required: the hex of the tags wanted, e.g. "80BF20BF22A5A6"');
  const member = (p: string) => p.replace(/^IpaEuiccDataRequest\./, '');
  let request: Record<string, unknown>;
  try {
    request = codec('SGP32Definitions', version).fromJSON('IpaEuiccDataRequest', json);
  } catch (e) {
    if (e instanceof AsnEncodeError) throw new EimInputError(member(e.path), e.detail);
    throw e;
  }
  checked(version, 'IpaEuiccDataRequest', request, member);
  return { type: 'edr', request };
}

/** `1$<SM-DP+ address>$<matchingId>[$…]` (SGP.22 §4.1): the address and matchingId. */
export function parseActivationCode(code: string, field = 'activationCode'): { smdpAddress: string; matchingId: string } {
  const parts = code.split('$');
  if (parts[0] !== '1' || parts.length < 3 || !parts[1]) throw new EimInputError(field, `'${code}' is not an activation code 1$<SM-DP+ address>$<matchingId>`);
  return { smdpAddress: parts[1], matchingId: parts[2] };
}

function expectedMetadata(o: Json): ExpectedMetadata | undefined {
  if (o.expectedMetadata === undefined) return undefined;
  const m = object(o.expectedMetadata, 'expectedMetadata');
  only(m, 'expectedMetadata', ['iccid', 'serviceProviderName', 'profileName']);
  return { iccid: str(m, 'iccid', 'expectedMetadata'), serviceProviderName: str(m, 'serviceProviderName', 'expectedMetadata'), profileName: str(m, 'profileName', 'expectedMetadata') };
}

function downloadContent(o: Json, d: OrderDefaults): OrderContent {
  const given = ['activationCode', 'contactDefaultSmdp', 'contactSmds'].filter((k) => o[k] !== undefined);
  if (given.length !== 1) throw new EimInputError('activationCode', 'give exactly one of activationCode, contactDefaultSmdp, contactSmds');
  const indirect = bool(o, 'indirect', '') ?? d.indirectDownload;
  const common = { indirect, ...(o.expectedMetadata !== undefined && { expectedMetadata: expectedMetadata(o) }) };
  if (given[0] === 'activationCode') {
    const code = str(o, 'activationCode', '')!;
    if (code.length > 255) throw new EimInputError('activationCode', 'is longer than 255 characters');
    return { type: 'download', profileDownloadData: { activationCode: code }, ...parseActivationCode(code), ...common };
  }
  if (given[0] === 'contactDefaultSmdp') {
    if (o.contactDefaultSmdp !== true) throw new EimInputError('contactDefaultSmdp', 'must be true');
    return { type: 'download', profileDownloadData: { contactDefaultSmdp: null }, ...common };
  }
  const smds = object(o.contactSmds, 'contactSmds');
  only(smds, 'contactSmds', ['smdsAddress']);
  const smdsAddress = str(smds, 'smdsAddress', 'contactSmds');
  return { type: 'download', profileDownloadData: { contactSmds: smdsAddress === undefined ? {} : { smdsAddress } }, ...common };
}

const MEMBERS: Readonly<Record<OrderType, readonly string[]>> = {
  psmo: ['psmos'],
  eco: ['ecos'],
  edr: [...new Set(Object.values(EDR_MEMBERS).flat())],
  download: ['activationCode', 'contactDefaultSmdp', 'contactSmds', 'indirect', 'expectedMetadata'],
};

/** A POST /api/v1/orders body as an order to add. */
export function parseOrder(body: unknown, d: OrderDefaults): NewOrder {
  const o = object(body, 'order');
  const type = o.type as OrderType;
  if (!ORDER_TYPES.includes(type)) throw new EimInputError('type', `must be one of ${ORDER_TYPES.join(', ')}`);
  only(o, '', ['eid', 'type', 'delivery', ...MEMBERS[type]]);
  const eid = eidInput(o.eid);
  const delivery = (o.delivery ?? 'poll') as Delivery;
  if (!DELIVERIES.includes(delivery)) throw new EimInputError('delivery', `must be one of ${DELIVERIES.join(', ')}`);
  if (type === 'edr') {
    for (const k of Object.keys(o)) if (MEMBERS.edr.includes(k) && !EDR_MEMBERS[d.version].includes(k)) throw new EimInputError(k, `not an IpaEuiccDataRequest member in SGP.32 ${d.version}`);
  }
  const content = type === 'download' ? downloadContent(o, d) : type === 'edr' ? edrContent(o, d.version) : packageContent(type, o, d.version);
  return { eid, type, delivery, request: o, content };
}

export interface EuiccUpdate {
  injectUrl?: string;
  /** null: the eUICC issued none (signed as 0). */
  associationToken?: number | null;
  euiccCertificate?: X509Certificate;
  counterValue?: number;
}

/** A PUT /api/v1/euiccs/{eid} body. */
export function parseEuiccUpdate(body: unknown): EuiccUpdate {
  const o = object(body, 'euicc');
  only(o, '', ['injectUrl', 'associationToken', 'euiccCertificate', 'counterValue']);
  const injectUrl = str(o, 'injectUrl', '');
  if (injectUrl !== undefined && !/^https?:\/\/[^/]+$/.test(injectUrl)) throw new EimInputError('injectUrl', 'must be an http(s)://host:port base URL');
  const associationToken = o.associationToken === null ? null : int(o, 'associationToken', '');
  const counterValue = int(o, 'counterValue', '');
  if (counterValue !== undefined && counterValue < 0) throw new EimInputError('counterValue', 'must not be negative');
  return { injectUrl, associationToken, euiccCertificate: certificate(o, 'euiccCertificate', ''), counterValue };
}
