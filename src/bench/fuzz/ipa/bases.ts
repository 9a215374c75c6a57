/**
 * The eIM's answers the IPA target starts from, built once at set-up: for each channel (the IPA
 * request a case answers) a pool of valid messages — eUICC Packages signed for this card above its
 * counter, eUICC data requests, download triggers, error codes, acknowledgements — each with its
 * decoded value for the value mutators.
 */
import { Codec } from '../../../asn1';
import { IntegerNode, SequenceNode } from '../../../asn1/nodes';
import { edrTagList } from '../../ipa/stimuli';
import { TEST_ICCIDS } from '../../ipa/card';
import {
  EuiccPackage, ts_ecoList, ts_ecoListEim, ts_psmoDisable, ts_psmoEnable, ts_psmoGetRAT, ts_psmoList, ts_psmoListProfileInfo,
  ts_psmoSetFallbackAttribute,
} from '../../../../simulators/eim/packages';
import { choiceFrom, nodeAt } from '../../../../simulators/ipa/relay';
import { BASE_COUNTER, EIM_ID, Rig } from './rig';
import { PackageInput, signPackage } from './sign';

/** The IPA request a case answers: its response's type is what the case must decode as. */
export interface Channel {
  /** Request alternative of EsipaMessageFromIpaToEim, or transferEimPackage (injection: the case is the request). */
  readonly to: 'getEimPackageRequest' | 'provideEimPackageResult' | 'initiateAuthenticationRequestEsipa' | 'transferEimPackage';
  readonly name: string;
  /** Type the case's bytes must decode as. */
  readonly type: string;
  /** GetEimPackageResponse that leads the IPA to the request `to`. */
  readonly lead?: Uint8Array;
  /** The binding allows an answer without content (HTTP 204) here. */
  readonly mayBeEmpty?: boolean;
}

export interface Base {
  readonly channel: Channel;
  /** Type of the message at the heart of the case (EuiccPackageRequest, IpaEuiccDataRequest, …). */
  readonly message: string;
  readonly bytes: Uint8Array;
  /** Carries an eimSignature: any change the card gets to see must be refused. */
  readonly signed: boolean;
}

export const SMDP_ADDRESS = 'smdp.fuzz.example.com';
export const ACTIVATION_CODE = `1$${SMDP_ADDRESS}$FUZZ-MATCHING-ID`;

/** PSMO and eCO lists a valid eIM sends; those the version lacks are left out. */
function packages(): EuiccPackage[] {
  const [first, second] = TEST_ICCIDS;
  return [
    ts_psmoList(ts_psmoListProfileInfo()),
    ts_psmoList(ts_psmoGetRAT()),
    ts_psmoList(ts_psmoEnable(second)),
    ts_psmoList(ts_psmoEnable(first)),
    ts_psmoList(ts_psmoDisable(first)),
    ts_psmoList(ts_psmoListProfileInfo({ iccid: first }), ts_psmoGetRAT()),
    ts_psmoList(ts_psmoSetFallbackAttribute(second)),
    ts_ecoList(ts_ecoListEim()),
  ];
}

/** The named numbers of the INTEGER at `path`. */
function codes(c: Codec, type: string, ...path: string[]): number[] {
  const node = nodeAt(c, type, ...path);
  return node instanceof IntegerNode ? Object.values(node.named ?? {}) : [];
}

export function transactionId(n: number): Uint8Array {
  return Uint8Array.of(0xf0, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

/** A valid package input: this card, this eIM, the counter above the card's. */
export function packageInput(rig: Rig, pkg: EuiccPackage, n: number): PackageInput {
  return { eimId: EIM_ID, eid: rig.eid, counterValue: BASE_COUNTER + 1 + n, eimTransactionId: transactionId(n), package: pkg };
}

/** Signed EuiccPackageRequests (BF51) over the valid packages. */
export function signedPackages(rig: Rig): Uint8Array[] {
  const out: Uint8Array[] = [];
  packages().forEach((pkg, n) => {
    try {
      out.push(signPackage(rig.codec, packageInput(rig, pkg, n), { key: rig.eimKey, associationToken: rig.associationToken }));
    } catch {
      // not in this version's schema
    }
  });
  return out;
}

/** IpaEuiccDataRequest's CI key identifier: v1.0 euiccCiPKId, v1.2 euiccCiPKIdentifierToBeUsed. */
export function ciPkIdField(c: Codec): string {
  return (c.node('IpaEuiccDataRequest') as SequenceNode).fields.some((f) => f.name === 'euiccCiPKId') ? 'euiccCiPKId' : 'euiccCiPKIdentifierToBeUsed';
}

export function dataRequests(rig: Rig): Record<string, unknown>[] {
  const c = rig.codec;
  const node = c.node('IpaEuiccData') as SequenceNode;
  const all = node.fields.map((f) => f.name);
  const v12 = c.version === 'v1.2';
  const tags = (names: string[]) => Buffer.from(edrTagList(c.version, names), 'hex');
  return [
    { tagList: tags(['euiccInfo1']) },
    { tagList: tags(all.filter((f) => f !== 'euiccInfo2')), ...(v12 && { eimTransactionId: transactionId(7) }) },
    { tagList: tags(['euiccInfo2', 'euiccCertificate']), [ciPkIdField(c)]: rig.ciPkId },
    { tagList: tags(all) },
  ];
}

export function triggers(c: Codec): Record<string, unknown>[] {
  return [
    { profileDownloadData: { activationCode: ACTIVATION_CODE }, eimTransactionId: transactionId(11) },
    { profileDownloadData: { activationCode: `1$${SMDP_ADDRESS}$$1.3.6.1.4.1.31746$0` } },
    ...(c.version === 'v1.2' ? [{ profileDownloadData: { activationCode: ACTIVATION_CODE } }] : []),
  ];
}

/** Every pool, by channel. */
export function basePools(rig: Rig): { channels: Channel[]; bases: Base[] } {
  const c = rig.codec;
  const answer = (type: string, alternative: string, whole: Uint8Array) => choiceFrom(c.node(type), alternative, whole);
  const encoded = (type: string, value: unknown) => c.encode(type, value);
  const signed = signedPackages(rig);
  const dataRequest = dataRequests(rig);
  const trigger = triggers(c);

  const getEimPackage: Channel = { to: 'getEimPackageRequest', name: 'ESipa GetEimPackage answer', type: 'GetEimPackageResponse' };
  const lead = (value: unknown) => encoded('GetEimPackageResponse', value);
  const provide: Channel = {
    to: 'provideEimPackageResult', name: 'ESipa ProvideEimPackageResult answer', type: 'ProvideEimPackageResultResponse', mayBeEmpty: true,
    lead: lead({ ipaEuiccDataRequest: dataRequest[0] }),
  };
  const initiate: Channel = {
    to: 'initiateAuthenticationRequestEsipa', name: "ESipa InitiateAuthentication answer (ES9+' relay)", type: 'InitiateAuthenticationResponseEsipa',
    lead: lead({ profileDownloadTriggerRequest: trigger[0] }),
  };
  const channels: Channel[] = [getEimPackage, provide, initiate];
  const bases: Base[] = [
    ...signed.map((b) => ({ channel: getEimPackage, message: 'EuiccPackageRequest', bytes: answer('GetEimPackageResponse', 'euiccPackageRequest', b), signed: true })),
    ...dataRequest.map((v) => ({ channel: getEimPackage, message: 'IpaEuiccDataRequest', bytes: lead({ ipaEuiccDataRequest: v }), signed: false })),
    ...trigger.map((v) => ({ channel: getEimPackage, message: 'ProfileDownloadTriggerRequest', bytes: lead({ profileDownloadTriggerRequest: v }), signed: false })),
    ...codes(c, 'GetEimPackageResponse', 'eimPackageError').map((e) => ({ channel: getEimPackage, message: 'GetEimPackageResponse', bytes: lead({ eimPackageError: e }), signed: false })),
    ...provideAnswers(c).map((v) => ({ channel: provide, message: 'ProvideEimPackageResultResponse', bytes: encoded('ProvideEimPackageResultResponse', v), signed: false })),
    ...codes(c, 'InitiateAuthenticationResponseEsipa', 'initiateAuthenticationErrorEsipa').map((e) => ({
      channel: initiate, message: 'InitiateAuthenticationResponseEsipa', bytes: encoded('InitiateAuthenticationResponseEsipa', { initiateAuthenticationErrorEsipa: e }), signed: false,
    })),
  ];
  if (rig.injection) {
    const inject: Channel = { to: 'transferEimPackage', name: 'ESipa TransferEimPackage (injection)', type: 'TransferEimPackageRequest' };
    channels.push(inject);
    const request = (alternative: string, whole: Uint8Array) => answer('TransferEimPackageRequest', alternative, whole);
    bases.push(
      ...signed.map((b) => ({ channel: inject, message: 'EuiccPackageRequest', bytes: request('euiccPackageRequest', b), signed: true })),
      ...dataRequest.map((v) => ({ channel: inject, message: 'IpaEuiccDataRequest', bytes: encoded('TransferEimPackageRequest', { ipaEuiccDataRequest: v }), signed: false })),
      { channel: inject, message: 'EimAcknowledgements', bytes: encoded('TransferEimPackageRequest', { eimAcknowledgements: [1, 2] }), signed: false },
      { channel: inject, message: 'ProfileDownloadTriggerRequest', bytes: encoded('TransferEimPackageRequest', { profileDownloadTriggerRequest: trigger[0] }), signed: false },
    );
  }
  return { channels, bases };
}

function provideAnswers(c: Codec): unknown[] {
  if (c.version === 'v1.0') return [{}, { eimAcknowledgements: [] }, { eimAcknowledgements: [1, 2, 3] }];
  return [
    { emptyResponse: {} }, { eimAcknowledgements: [] }, { eimAcknowledgements: [1, 2, 3] },
    ...codes(c, 'ProvideEimPackageResultResponse', 'provideEimPackageResultError').map((e) => ({ provideEimPackageResultError: e })),
  ];
}

