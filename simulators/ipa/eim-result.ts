/**
 * ESipa.ProvideEimPackageResult (reference §3): the outcome of an eIM Package
 * back to the eIM, with the card's signed data objects as the card produced them. v1.2 wraps the
 * EimPackageResult CHOICE in a SEQUENCE with eidValue; v1.0 sends the bare CHOICE. The eIM answers with
 * eimAcknowledgements (the seqNumbers it consumed, which the IPA then removes from the card), an
 * empty answer, or (v1.2) provideEimPackageResultError.
 */
import { tlv, tlvAt } from '../../src/asn1';
import { notificationListForEim } from './compaction';
import { Cycle } from './cycle';
import { CardAnswer } from './es10';
import { PeerRefusedError } from './errors';
import { removeNotifications } from './notifications';
import { choiceFrom, codeName, content, nodeAt, octets, sequenceFrom } from './relay';

/** The ProvideEimPackageResult DER for EimPackageResult alternative `alternative` = `whole`. */
export function provideEimPackageResultDer(cycle: Pick<Cycle, 'codec' | 'version' | 'eid'>, alternative: string, whole: Uint8Array): Uint8Array {
  const c = cycle.codec;
  if (cycle.version === 'v1.0') return choiceFrom(c.node('ProvideEimPackageResult'), alternative, whole);
  return sequenceFrom(c.node('ProvideEimPackageResult'), {
    eidValue: octets(cycle.eid),
    eimPackageResult: choiceFrom(nodeAt(c, 'EimPackageResult'), alternative, whole),
  });
}

/** The inline ePRAndNotifications SEQUENCE of the version's EimPackageResult. */
function ePRAndNotificationsNode(cycle: Pick<Cycle, 'codec' | 'version'>) {
  return cycle.version === 'v1.0'
    ? nodeAt(cycle.codec, 'ProvideEimPackageResult', 'ePRAndNotifications')
    : nodeAt(cycle.codec, 'EimPackageResult', 'ePRAndNotifications');
}

/**
 * The notificationList component of ePRAndNotifications from the card's RetrieveNotificationsList
 * answer: v1.2 takes its `[0] PendingNotificationList` alternative, v1.0 the whole
 * `[43] RetrieveNotificationsListResponse` around it; items compacted when so configured.
 * Undefined when the card answered an error.
 */
function notificationList(cycle: Cycle, listing: CardAnswer): Uint8Array | undefined {
  if (!listing.value.notificationList) return undefined;
  const list = notificationListForEim(cycle, content(listing.bytes));
  return cycle.version === 'v1.0' ? tlv(tlvAt(listing.bytes, 'RetrieveNotificationsListResponse').tag, list) : list;
}

/**
 * The EimPackageResult of an EuiccPackageResult: ePRAndNotifications with the pending notifications
 * when the card listed them, else euiccPackageResult alone.
 */
export function packageResult(cycle: Cycle, euiccPackageResult: Uint8Array, listing: CardAnswer): { alternative: string; whole: Uint8Array } {
  const list = notificationList(cycle, listing);
  if (!list) return { alternative: 'euiccPackageResult', whole: euiccPackageResult };
  return { alternative: 'ePRAndNotifications', whole: sequenceFrom(ePRAndNotificationsNode(cycle), { euiccPackageResult, notificationList: list }) };
}

/** The seqNumbers an answer acknowledges; throws PeerRefusedError for provideEimPackageResultError. */
export function acknowledgements(cycle: Pick<Cycle, 'codec'>, answer: Record<string, any> | undefined): number[] {
  if (!answer) return [];
  if (answer.provideEimPackageResultError !== undefined) {
    throw new PeerRefusedError('provideEimPackageResult', codeName(cycle.codec, answer.provideEimPackageResultError, 'ProvideEimPackageResultResponse', 'provideEimPackageResultError'));
  }
  return (answer.eimAcknowledgements ?? []).map(Number);
}

/** Sends the result; removes what the eIM acknowledged; resolves with the acknowledged seqNumbers. */
export async function provideEimPackageResult(cycle: Cycle, alternative: string, whole: Uint8Array): Promise<number[]> {
  const body = provideEimPackageResultDer(cycle, alternative, whole);
  const answer = await cycle.eim.exchange('provideEimPackageResult', body, 'provideEimPackageResultResponse');
  const acks = acknowledgements(cycle, answer?.value);
  cycle.report.acknowledged.push(...acks);
  await removeNotifications(cycle, acks);
  return acks;
}
