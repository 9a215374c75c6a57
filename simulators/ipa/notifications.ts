/**
 * Pending notifications (SGP.22 §3.5): the ProfileInstallationResults
 * and OtherSignedNotifications the card lists with ES10b.RetrieveNotificationsList, delivered as the
 * card signed them — directly to the SM-DP+ named in notificationAddress with ES9+ HandleNotification
 * when the IPA has directRspServerCommunication, else through the eIM with ESipa handleNotificationEsipa
 * — and removed from the card with ES10b.RemoveNotificationFromList once delivered.
 */
import { codec, Codec, tlvSpans } from '../../src/asn1';
import { AsnValue, Es9PlusClient } from '../../src/transport/http';
import { notificationForEim } from './compaction';
import { Cycle } from './cycle';
import { CardAnswer, ES10 } from './es10';
import { choiceFrom, content, sequenceFrom } from './relay';

export interface PendingNotification {
  seqNumber: number;
  notificationAddress: string;
  kind: 'profileInstallationResult' | 'otherSignedNotification';
  /** The PendingNotification TLV as the card sent it (BF37 or 30). */
  bytes: Uint8Array;
}

/** The notifications of a RetrieveNotificationsListResponse (none when it is another alternative). */
export function pendingNotifications(c: Codec, answer: CardAnswer): PendingNotification[] {
  if (!answer.value.notificationList) return [];
  // BF2B holds the notificationList alternative ([0] SEQUENCE OF PendingNotification), which holds the items.
  const items = content(content(answer.bytes));
  return tlvSpans(items, 'notificationList').map((s) => {
    const bytes = items.subarray(s.offset, s.end);
    const value: AsnValue = c.decode('PendingNotification', bytes);
    const [kind] = Object.keys(value) as PendingNotification['kind'][];
    const metadata = kind === 'profileInstallationResult'
      ? value.profileInstallationResult.profileInstallationResultData.notificationMetadata
      : value.otherSignedNotification.tbsOtherNotification;
    return { seqNumber: Number(metadata.seqNumber), notificationAddress: metadata.notificationAddress, kind, bytes };
  });
}

/** ES10b.RemoveNotificationFromList for each seqNumber, in order; the report lists those the card had (ok, not nothingToDelete). */
export async function removeNotifications(cycle: Cycle, seqNumbers: readonly number[]): Promise<void> {
  for (const seqNumber of seqNumbers) {
    // An acknowledgement beyond what ES10 can carry names no notification the card holds.
    if (!Number.isSafeInteger(seqNumber)) continue;
    const { value } = await cycle.card.call(ES10.removeNotificationFromList, { seqNumber });
    if (value.deleteNotificationStatus === 0) cycle.report.notifications.removed.push(seqNumber);
  }
}

/** handleNotificationEsipa carrying one pending notification as the card sent it (or its compact form). */
export async function handleNotificationEsipa(cycle: Cycle, notification: Uint8Array): Promise<void> {
  const body = choiceFrom(cycle.codec.node('HandleNotificationEsipa'), 'pendingNotification', notificationForEim(cycle, notification));
  await cycle.eim.exchange('handleNotificationEsipa', body);
}

/** The base URL of an SM-DP+ address: the configured table, else https://<address>. */
export function smdpUrl(cycle: Pick<Cycle, 'options'>, address: string): string {
  return cycle.options.smdpUrls?.[address] ?? `${cycle.options.insecureHttp ? 'http' : 'https'}://${address}`;
}

/** An ES9+ client towards `address`, with the IPA's trust, timeouts and trace. */
export function es9Client(cycle: Pick<Cycle, 'options'>, address: string): Es9PlusClient {
  const o = cycle.options;
  return new Es9PlusClient({
    baseUrl: smdpUrl(cycle, address), trust: o.trust, resolve: o.resolve, keepAlive: o.keepAlive, timeoutMs: o.timeouts?.httpMs,
    adminProtocol: o.adminProtocol, trace: o.trace, binding: o.es9Binding, functionRequesterIdentifier: 'S_IPA',
  });
}

/** Whether notifications to `address` go straight to an SM-DP+ rather than through the eIM. */
function direct(cycle: Cycle, address: string): boolean {
  if (!cycle.options.directDownload) return false;
  const eim = cycle.eimConfig;
  const host = (fqdn: string) => fqdn.replace(/:\d+$/, '').toLowerCase();
  return !(eim && (address === eim.eimId || (eim.eimFqdn && host(address) === host(eim.eimFqdn))));
}

/**
 * Delivers each notification and removes it once delivered. A failure towards the eIM ends the
 * cycle (the eIM is the IPA's link to everything); a failure towards an SM-DP+ is recorded and the
 * notification stays on the card for a later cycle.
 */
export async function deliverNotifications(cycle: Cycle, pending: readonly PendingNotification[]): Promise<void> {
  for (const n of pending) {
    if (direct(cycle, n.notificationAddress)) {
      if (!(await deliverEs9(cycle, n.notificationAddress, n.bytes))) continue;
      cycle.report.notifications.delivered.push({ seqNumber: n.seqNumber, via: 'es9plus' });
    } else {
      await handleNotificationEsipa(cycle, n.bytes);
      cycle.report.notifications.delivered.push({ seqNumber: n.seqNumber, via: 'esipa' });
    }
    await removeNotifications(cycle, [n.seqNumber]);
  }
}

/** ES9+ HandleNotification (BF3D { [0] PendingNotification }) to `address`; resolves whether it was accepted. */
export async function deliverEs9(cycle: Cycle, address: string, notification: Uint8Array): Promise<boolean> {
  const client = es9Client(cycle, address);
  const request = sequenceFrom(codec('RSPDefinitions').node('HandleNotification'), { pendingNotification: notification });
  try {
    await client.handleNotification(request);
    cycle.report.es9plus.push({ url: client.http.baseUrl, function: 'handleNotification' });
    cycle.log(`es9plus handleNotification ${client.http.baseUrl} -> delivered`);
    return true;
  } catch (e) {
    cycle.report.es9plus.push({ url: client.http.baseUrl, function: 'handleNotification', error: (e as Error).message });
    cycle.log(`es9plus handleNotification ${client.http.baseUrl} -> ${(e as Error).name}: ${(e as Error).message}`);
    return false;
  } finally {
    await client.close();
  }
}
