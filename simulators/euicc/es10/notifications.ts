/**
 * The IPA's view of the notification store (SGP.22 v2.5 §5.7.9 to §5.7.11; SGP.32
 * RetrieveNotificationsList §5.9.11 in v1.0 numbering):
 * ES10b.ListNotification (BF28) lists the metadata of the profile notifications,
 * ES10b.RetrieveNotificationsList (BF2B) hands them out whole — and, with the SGP.32 search criterion
 * euiccPackageResults, the stored eUICC Package results (euiccPackageResultList A2) —, and
 * ES10b.RemoveNotificationFromList (BF30) forgets one by seqNumber once it was delivered.
 * Profile notifications and package results share one seqNumber space (../notifications.ts).
 */
import { fromHex } from '../../../src/asn1';
import { Es10Context, Es10Function } from '../context';
import { NotificationRecord } from '../state';

type Metadata = { seqNumber: number; profileManagementOperation: string[]; notificationAddress: string; iccid?: Uint8Array };

const DELETE_STATUS = { ok: 0, nothingToDelete: 1 } as const;

const isResult = (n: NotificationRecord) => n.kind === 'euiccPackageResult';

function stored(ctx: Es10Context, keep: (n: NotificationRecord) => boolean): NotificationRecord[] {
  return ctx.state.notifications.filter(keep).sort((a, b) => a.seqNumber - b.seqNumber);
}

function pending(ctx: Es10Context, n: NotificationRecord): Record<string, any> {
  return ctx.codec.decode('PendingNotification', fromHex(n.der));
}

function packageResult(ctx: Es10Context, n: NotificationRecord): Record<string, unknown> {
  return ctx.codec.decode('EuiccPackageResult', fromHex(n.der));
}

/** The NotificationMetadata a PIR or an OtherSignedNotification carries. */
function metadata(ctx: Es10Context, n: NotificationRecord): Metadata {
  const p = pending(ctx, n);
  if (p.profileInstallationResult) return p.profileInstallationResult.profileInstallationResultData.notificationMetadata;
  return p.otherSignedNotification.tbsOtherNotification;
}

/** A notification of any of the `events` (NotificationEvent bit names). */
function ofEvents(ctx: Es10Context, events: readonly string[]): (n: NotificationRecord) => boolean {
  return (n) => !isResult(n) && metadata(ctx, n).profileManagementOperation.some((e) => events.includes(e));
}

function listNotification(ctx: Es10Context, req: { profileManagementOperation?: string[] }) {
  const keep = req.profileManagementOperation ? ofEvents(ctx, req.profileManagementOperation) : (n: NotificationRecord) => !isResult(n);
  return { notificationMetadataList: stored(ctx, keep).map((n) => metadata(ctx, n)) };
}

type SearchCriteria = { seqNumber: number } | { profileManagementOperation: string[] } | { euiccPackageResults: null };

/**
 * No criterion: every profile notification (SGP.22). seqNumber: the one record with that number, in
 * the list of its kind (results in euiccPackageResultList); an unknown number gives an empty list.
 */
function retrieveNotificationsList(ctx: Es10Context, req: { searchCriteria?: SearchCriteria }) {
  const c = req.searchCriteria;
  const notifications = (keep: (n: NotificationRecord) => boolean) => ({ notificationList: stored(ctx, keep).map((n) => pending(ctx, n)) });
  const results = (keep: (n: NotificationRecord) => boolean) => ({ euiccPackageResultList: stored(ctx, keep).map((n) => packageResult(ctx, n)) });
  if (!c) return notifications((n) => !isResult(n));
  if ('euiccPackageResults' in c) return results(isResult);
  if ('profileManagementOperation' in c) return notifications(ofEvents(ctx, c.profileManagementOperation));
  const hit = ctx.state.notifications.find((n) => n.seqNumber === Number(c.seqNumber));
  return hit && isResult(hit) ? results((n) => n === hit) : notifications((n) => n === hit);
}

function removeNotificationFromList(ctx: Es10Context, req: { seqNumber: number | bigint }) {
  const list = ctx.state.notifications;
  const i = list.findIndex((n) => BigInt(n.seqNumber) === BigInt(req.seqNumber));
  if (i < 0) return { deleteNotificationStatus: DELETE_STATUS.nothingToDelete };
  list.splice(i, 1);
  return { deleteNotificationStatus: DELETE_STATUS.ok };
}

export const FUNCTIONS: readonly Es10Function[] = [
  { name: 'ES10b.ListNotification', request: 'ListNotificationRequest', response: 'ListNotificationResponse', handle: listNotification },
  { name: 'ES10b.RetrieveNotificationsList', request: 'RetrieveNotificationsListRequest', response: 'RetrieveNotificationsListResponse', handle: retrieveNotificationsList },
  { name: 'ES10b.RemoveNotificationFromList', request: 'NotificationSentRequest', response: 'NotificationSentResponse', handle: removeNotificationFromList },
];
