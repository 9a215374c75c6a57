/**
 * IpaEuiccDataRequest (SGP.32 §2.11.1.2; reference §4.3): the eIM names, in tagList, the IpaEuiccData
 * components it wants; the IPA collects them from the card (GetEuiccConfiguredAddresses BF3C,
 * GetEUICCInfo1 BF20, GetEUICCInfo2 BF22, GetEimConfigurationData BF55, GetCerts BF56,
 * RetrieveNotificationsList BF2B — that order, as the TTCN IPAd suite expects, each only when needed)
 * and from itself (IpaCapabilities, DeviceInfo), and answers IpaEuiccDataResponse. Card data
 * objects go in as the card sent them.
 *
 * Tags are those of the version's IpaEuiccData (v1.2: notificationsList A0, defaultSmdpAddress 81,
 * euiccPackageResultList A2, …; v1.0: defaultSmdpAddress 80, notificationsList BF2B). The constructed
 * bit is not compared, because the eIMs in the wild differ: the TTCN eIM suite asks for ipaCapabilities
 * with 88 where the data object is A8. A tag that names no component gets incorrectTagList(1); a CI
 * the card does not know (GetCerts invalidCiPKId) gets euiccCiPKIdNotFound(5).
 */
import { SequenceNode, tlv } from '../../src/asn1';
import { associationTokenTlv, dataObjects } from '../../src/crypto/rsp-signatures';
import { Cycle } from './cycle';
import { CardAnswer, ES10 } from './es10';
import { deviceInfo, ipaCapabilities } from './options';
import { choiceFrom, codeName, codeNumber, content, nodeAt, octets, sequenceFrom, utf8 } from './relay';

type DataErrorCode = 'incorrectTagList' | 'euiccCiPKIdNotFound' | 'undefinedError';

class DataRequestError extends Error {
  constructor(readonly code: DataErrorCode) {
    super(code);
  }
}

/** The tags of a tagList (5C) value, each as hex of its octets with the constructed bit cleared. */
export function parseTagList(tagList: Uint8Array): string[] {
  const tags: string[] = [];
  for (let i = 0; i < tagList.length;) {
    let end = i + 1;
    if ((tagList[i] & 0x1f) === 0x1f) {
      while (end < tagList.length && tagList[end] & 0x80) end++;
      end++;
    }
    if (end > tagList.length) throw new DataRequestError('incorrectTagList');
    tags.push(normalTag(tagList.subarray(i, end)));
    i = end;
  }
  return tags;
}

function normalTag(octets: Uint8Array): string {
  const copy = Uint8Array.from(octets);
  copy[0] &= ~0x20;
  return Buffer.from(copy).toString('hex').toUpperCase();
}

function tagOctets(tag: number): Uint8Array {
  const out: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) out.unshift(t % 256);
  return Uint8Array.from(out);
}

/** The IpaEuiccData components the tagList asks for, by name. */
function requested(cycle: Cycle, tagList: Uint8Array): Set<string> {
  const node = nodeAt(cycle.codec, 'IpaEuiccDataResponse', 'ipaEuiccData') as SequenceNode;
  const byTag = new Map(node.fields.map((f) => [normalTag(tagOctets(f.node.tag)), f.name]));
  const names = new Set<string>();
  for (const tag of parseTagList(tagList)) {
    const name = byTag.get(tag);
    if (!name) throw new DataRequestError('incorrectTagList');
    names.add(name);
  }
  return names;
}

/** The list alternative `wanted` of a RetrieveNotificationsList answer, or an empty list. */
function listOf(answer: CardAnswer, wanted: string): Uint8Array {
  return answer.value[wanted] !== undefined ? content(answer.bytes) : tlv(0x30, new Uint8Array(0));
}

async function collect(cycle: Cycle, request: Record<string, any>, want: Set<string>): Promise<Record<string, Uint8Array | undefined>> {
  const { card, codec: c } = cycle;
  const v12 = cycle.version === 'v1.2';
  const parts: Record<string, Uint8Array | undefined> = {};
  if (want.has('defaultSmdpAddress') || want.has('rootSmdsAddress')) {
    const { value } = await card.call(ES10.getEuiccConfiguredAddresses, {});
    if (want.has('defaultSmdpAddress') && value.defaultDpAddress !== undefined) parts.defaultSmdpAddress = utf8(value.defaultDpAddress);
    if (want.has('rootSmdsAddress')) parts.rootSmdsAddress = utf8(value.rootDsAddress);
  }
  if (want.has('euiccInfo1')) parts.euiccInfo1 = (await card.call(ES10.getEuiccInfo1, {})).bytes;
  if (want.has('euiccInfo2')) parts.euiccInfo2 = (await card.call(ES10.getEuiccInfo2, {})).bytes;
  if (want.has('associationToken')) {
    const token = (await cycle.readEimConfig())?.associationToken;
    if (token !== undefined) parts.associationToken = associationTokenTlv(token);
  }
  if (want.has('eumCertificate') || want.has('euiccCertificate')) {
    const euiccCiPKId = v12 ? request.euiccCiPKIdentifierToBeUsed : request.euiccCiPKId;
    const certs = await card.call(ES10.getCerts, euiccCiPKId === undefined ? {} : { euiccCiPKId });
    if (certs.value.getCertsError !== undefined) {
      throw new DataRequestError(codeName(c, certs.value.getCertsError, 'GetCertsResponse', 'getCertsError') === 'invalidCiPKId' ? 'euiccCiPKIdNotFound' : 'undefinedError');
    }
    const objects = dataObjects(certs.bytes, 'GetCertsResponse', nodeAt(c, 'GetCertsResponse').tag, nodeAt(c, 'GetCertsResponse', 'certs').tag);
    if (want.has('eumCertificate')) parts.eumCertificate = objects.get(nodeAt(c, 'GetCertsResponse', 'certs', 'eumCertificate').tag);
    if (want.has('euiccCertificate')) parts.euiccCertificate = objects.get(nodeAt(c, 'GetCertsResponse', 'certs', 'euiccCertificate').tag);
  }
  if (want.has('notificationsList')) {
    if (v12) {
      const criteria = request.searchCriteriaNotification;
      const listing = await card.call(ES10.retrieveNotificationsList, criteria ? { searchCriteria: criteria } : {});
      parts.notificationsList = listOf(listing, 'notificationList');
    } else {
      const criteria = request.searchCriteria;
      parts.notificationsList = (await card.call(ES10.retrieveNotificationsList, criteria ? { searchCriteria: criteria } : {})).bytes;
    }
  }
  if (want.has('euiccPackageResultList')) {
    const criteria = request.searchCriteriaEuiccPackageResult;
    const listing = await card.call(ES10.retrieveNotificationsList, { searchCriteria: criteria ?? { euiccPackageResults: null } });
    parts.euiccPackageResultList = listOf(listing, 'euiccPackageResultList');
  }
  if (want.has('ipaCapabilities')) parts.ipaCapabilities = c.encode('IpaCapabilities', ipaCapabilities(cycle.options, cycle.injection));
  if (want.has('deviceInfo')) parts.deviceInfo = c.encode('DeviceInfo', deviceInfo(cycle.options));
  if (v12 && request.eimTransactionId !== undefined) parts.eimTransactionId = octets(request.eimTransactionId);
  return parts;
}

/** The IpaEuiccDataResponse (BF52) DER for `request`; records ipaEuiccData or the error code in the report. */
export async function ipaEuiccDataResponse(cycle: Cycle, request: Record<string, any>): Promise<Uint8Array> {
  const c = cycle.codec;
  try {
    const parts = await collect(cycle, request, requested(cycle, request.tagList));
    cycle.report.dataResponse = 'ipaEuiccData';
    const data = sequenceFrom(nodeAt(c, 'IpaEuiccDataResponse', 'ipaEuiccData'), parts);
    return choiceFrom(c.node('IpaEuiccDataResponse'), 'ipaEuiccData', data);
  } catch (e) {
    if (!(e instanceof DataRequestError)) throw e;
    cycle.report.dataResponse = e.code;
    const path = cycle.version === 'v1.2' ? ['ipaEuiccDataResponseError', 'ipaEuiccDataErrorCode'] : ['ipaEuiccDataError'];
    const code = codeNumber(c, e.code, 'IpaEuiccDataResponse', ...path);
    const error = cycle.version === 'v1.2'
      ? { ipaEuiccDataResponseError: { ...(request.eimTransactionId !== undefined && { eimTransactionId: request.eimTransactionId }), ipaEuiccDataErrorCode: code } }
      : { ipaEuiccDataError: code };
    return c.encode('IpaEuiccDataResponse', error);
  }
}
