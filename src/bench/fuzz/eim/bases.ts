/**
 * The realistic messages the eIM fuzz cases start from, made once at setup by playing the IPA for
 * real against the eIM with S_eUICC behind it: a poll, PSMO packages loaded on the card and their
 * eUICC-signed results provided (one with the card's notifications), an eUICC data request answered,
 * and an indirect download run to GetBoundProfilePackage and cancelled. Every order ends final, so
 * during the campaign nothing legitimate is left for a message to execute: a result is a replay, a
 * download call names a closed session, and the eIM's state must not move.
 */
import { AsnValue, EsipaClient, EsipaFunction, ESIPA_FUNCTIONS } from '../../../transport/http';
import { tlv, tlvAt } from '../../../asn1';
import { ChoiceNode, Node } from '../../../asn1/nodes';
import { edrTagList } from '../../ipa/stimuli';
import { OrderHandle } from '../../eim/triggers';
import { ScenarioContext } from '../../scenario';
import { EimFuzzEnv, unknownEid } from './setup';

export const REQUEST = 'EsipaMessageFromIpaToEim';
export const RESPONSE = 'EsipaMessageFromEimToIpa';

/** One request as the IPA sent it. */
export interface Base {
  readonly fn: EsipaFunction;
  /** Alternative of EsipaMessageFromIpaToEim, and its type name. */
  readonly alternative: string;
  readonly message: string;
  readonly value: AsnValue;
  /** DER of the whole EsipaMessageFromIpaToEim. */
  readonly der: Uint8Array;
}

/** An eUICC Package the eIM sent and the card's signed answer to it. */
export interface CardResult {
  readonly pkg: AsnValue;
  /** EuiccPackageResult as the card gave it. */
  readonly der: Uint8Array;
  readonly value: AsnValue;
}

export interface EimFuzzPool {
  readonly eid: string;
  /** A managed eUICC other than the card (no orders), when the trigger could make one. */
  readonly otherEid?: string;
  /** Well-formed EIDs the eIM does not manage. */
  readonly unknownEids: readonly string[];
  /** Realistic requests; the first is the smallest (the poll), where shrinking ends. */
  readonly bases: readonly Base[];
  readonly results: readonly CardResult[];
  /** PendingNotifications (DER) the card produced. */
  readonly notifications: readonly Uint8Array[];
  /** The download's requests (stale after the cancel): ids of the order and of the RSP session. */
  readonly download: { eimTransactionId?: Uint8Array; transactionId: Uint8Array };
  readonly orders: readonly OrderHandle[];
}

/** alternative -> function of the IPA -> eIM direction. */
export const FUNCTION_OF: Readonly<Record<string, EsipaFunction>> = Object.fromEntries(
  (Object.keys(ESIPA_FUNCTIONS) as EsipaFunction[]).map((fn) => [ESIPA_FUNCTIONS[fn].request, fn]),
);

export const messageOf = (alternative: string): string => alternative[0].toUpperCase() + alternative.slice(1);

/** The node of one request alternative (what value mutations and schema generation work on). */
export function alternativeNode(env: EimFuzzEnv, alternative: string): Node {
  return (env.c.node(REQUEST) as ChoiceNode).byName.get(alternative)!.node;
}

export async function buildPool(ctx: ScenarioContext, env: EimFuzzEnv): Promise<EimFuzzPool> {
  const { c, card, version, trigger } = env;
  const v10 = version === 'v1.0';
  const eid = card.eid;
  const eidValue = Buffer.from(eid, 'hex');
  const ipa = new EsipaClient({
    baseUrl: env.esipaUrl, trust: env.trust, insecureSkipVerify: env.insecure, version, adminProtocol: ctx.config.adminProtocol, timeoutMs: ctx.config.timeouts.exchange,
  });
  const bases: Base[] = [];
  const orders: OrderHandle[] = [];
  const results: CardResult[] = [];
  const keep = (alternative: string, value: AsnValue): Uint8Array => {
    const der = c.encode(REQUEST, { [alternative]: value });
    bases.push({ fn: FUNCTION_OF[alternative], alternative, message: messageOf(alternative), value, der });
    return der;
  };
  const poll = async (value: AsnValue = { eidValue }): Promise<AsnValue> => ipa.getEimPackage(keep('getEimPackageRequest', value));
  const order = async (o: Parameters<typeof trigger.create>[0]): Promise<void> => {
    orders.push(await trigger.create(o));
  };
  const provide = (result: AsnValue) => ipa.provideEimPackageResult(keep('provideEimPackageResult', v10 ? result : { eidValue, eimPackageResult: result }));
  const settled = async (): Promise<void> => {
    for (const h of orders) await trigger.lookup(h, ctx.config.timeouts.step / 2);
  };

  try {
    await poll();
    // PSMO packages: each loaded on the card, its signed result provided.
    const iccid = env.smdp.orders.downloadOrder({ profileType: 'Test' }).iccid;
    await card.installProfile(ctx.pki, env.curve, iccid, { enabled: false, smdpAddress: env.smdp.address });
    for (const operations of [[{ listProfileInfo: {} }], [{ enable: { iccid } }]]) {
      await order({ kind: 'psmo', eid, operations });
      const answer = await poll();
      if (!answer.euiccPackageRequest) throw new Error(`the eIM sent no eUICC Package for a PSMO order: ${JSON.stringify(c.toJSON('GetEimPackageResponse', answer))}`);
      const der = await card.raw(c.encode('EuiccPackageRequest', answer.euiccPackageRequest));
      results.push({ pkg: answer.euiccPackageRequest, der, value: c.decode('EuiccPackageResult', der) });
    }
    const list = await card.es10('RetrieveNotificationsListRequest', {});
    const notificationList: AsnValue[] = list.notificationList ?? [];
    const notifications = notificationList.map((n) => c.encode('PendingNotification', n));
    await provide({ euiccPackageResult: results[0].value });
    await provide(v10 ? { euiccPackageResult: results[1].value } : { ePRAndNotifications: { euiccPackageResult: results[1].value, notificationList } });
    for (const n of notificationList) await ipa.handleNotification(keep('handleNotificationEsipa', { pendingNotification: n }));
    if (!v10) await ipa.handleNotification(keep('handleNotificationEsipa', { provideEimPackageResult: { eidValue, eimPackageResult: { euiccPackageResult: results[0].value } } }));
    if (!v10) {
      keep('provideEimPackageResult', {
        eidValue, eimPackageResult: { eimPackageResultResponseError: { eimTransactionId: results[0].pkg.euiccPackageSigned.eimTransactionId, eimPackageResultErrorCode: 2 } },
      });
    }

    // eUICC data request, answered with what the card holds.
    await order({ kind: 'edr', eid, tagList: edrTagList(version, ['euiccInfo1', 'euiccCertificate', 'eumCertificate']) });
    const edr = (await poll()).ipaEuiccDataRequest;
    const { certs } = await card.es10('GetCertsRequest', {});
    await provide({
      ipaEuiccDataResponse: {
        ipaEuiccData: {
          euiccInfo1: await card.es10('GetEuiccInfo1Request', {}), euiccCertificate: certs.euiccCertificate, eumCertificate: certs.eumCertificate,
          ...(edr?.eimTransactionId && { eimTransactionId: edr.eimTransactionId }),
        },
      },
    });

    // Indirect download up to the bound profile package, then cancelled by the card.
    const { iccid: dlIccid } = env.smdp.orders.downloadOrder({ profileType: 'Test' });
    env.smdp.orders.confirmOrder({ iccid: dlIccid, releaseFlag: true });
    const activationCode = env.smdp.activationCode(dlIccid);
    const [, smdpAddress, matchingId] = activationCode.split('$');
    await order({ kind: 'download', eid, activationCode });
    const trigger1 = (await poll()).profileDownloadTriggerRequest;
    if (!trigger1) throw new Error('the eIM sent no profileDownloadTriggerRequest for a download order');
    const euiccInfo1 = await card.es10('GetEuiccInfo1Request', {});
    const { euiccChallenge } = await card.es10('GetEuiccChallengeRequest', {});
    const eimTransactionId: Uint8Array | undefined = v10 ? undefined : trigger1.eimTransactionId;
    const initiate = await ipa.initiateAuthentication(keep('initiateAuthenticationRequestEsipa', {
      euiccChallenge, smdpAddress, euiccInfo1, ...(eimTransactionId && { eimTransactionId }),
    }));
    const ok = initiate.initiateAuthenticationOkEsipa;
    if (!ok) throw new Error(`InitiateAuthentication failed: ${JSON.stringify(c.toJSON('InitiateAuthenticationResponseEsipa', initiate))}`);
    const transactionId = Buffer.from(ok.transactionId);
    const asr = await card.raw(card.euicc.codec.encode('AuthenticateServerRequest', {
      serverSigned1: ok.serverSigned1, serverSignature1: ok.serverSignature1, euiccCiPKIdToBeUsed: ok.euiccCiPKIdentifierToBeUsed ?? ok.euiccCiPKIdToBeUsed,
      serverCertificate: ok.serverCertificate,
      ctxParams1: { ctxParamsForCommonAuthentication: { matchingId, deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} } } },
    }));
    const authenticate = await ipa.authenticateClient(keepRaw(tlv(0xbf3b, Buffer.concat([tlv(0x80, transactionId), asr]))));
    const okDP = authenticate.authenticateClientOkDPEsipa;
    if (!okDP) throw new Error(`AuthenticateClient failed: ${JSON.stringify(c.toJSON('AuthenticateClientResponseEsipa', authenticate))}`);
    const pdr = await card.raw(card.euicc.codec.encode('PrepareDownloadRequest', { smdpSigned2: okDP.smdpSigned2, smdpSignature2: okDP.smdpSignature2, smdpCertificate: okDP.smdpCertificate }));
    await ipa.getBoundProfilePackage(keepRaw(tlv(0xbf3a, Buffer.concat([tlv(0x80, transactionId), pdr]))));
    const cancel = await card.raw(card.euicc.codec.encode('CancelSessionRequest', { transactionId, reason: 0 }));
    const outer = tlvAt(cancel, 'CancelSessionResponse');
    await ipa.cancelSession(keepRaw(tlv(0xbf41, Buffer.concat([tlv(0x80, transactionId), tlv(0xa1, cancel.subarray(outer.start, outer.end))]))));

    // A managed eUICC with nothing queued: an order placed for it, then withdrawn.
    let otherEid: string | undefined;
    if (trigger.remove) {
      otherEid = unknownEid();
      const handle = await trigger.create({ kind: 'psmo', eid: otherEid, operations: [{ listProfileInfo: {} }] });
      await trigger.remove(handle);
    }
    await settled();
    return { eid, otherEid, unknownEids: Array.from({ length: 8 }, unknownEid), bases, results, notifications, download: { eimTransactionId, transactionId }, orders };
  } finally {
    await ipa.close();
  }

  /** A request given as DER (eUICC-signed parts must travel as the card made them), kept decoded too. */
  function keepRaw(der: Uint8Array): Uint8Array {
    const [alternative, value] = Object.entries(c.decode(REQUEST, der))[0] as [string, AsnValue];
    bases.push({ fn: FUNCTION_OF[alternative], alternative, message: messageOf(alternative), value, der });
    return der;
  }
}
