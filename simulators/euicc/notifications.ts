/**
 * The card's notification store (SGP.22 §3.5, SGP.32 §3.7): install/enable/disable/delete
 * notifications and eUICC Package results share one rising sequence-number space and stay until
 * the IPA removes them (ES10b.RemoveNotificationFromList).
 */
import { toHex, X509Value } from '../../src/asn1';
import { Es10Context } from './context';
import { NotificationRecord, ProfileRecord } from './state';

export type NotificationEventName = 'notificationInstall' | 'notificationEnable' | 'notificationDisable' | 'notificationDelete';

export function nextSeqNumber(ctx: Es10Context): number {
  return ++ctx.state.lastSeqNumber;
}

/** Keeps a record; when the store is full the oldest profile notification gives way (results are never dropped). */
export function storeNotification(ctx: Es10Context, record: NotificationRecord): void {
  const list = ctx.state.notifications;
  list.push(record);
  while (list.length > ctx.config.limits.maxNotifications) {
    const i = list.findIndex((n) => n.kind !== 'euiccPackageResult');
    if (i < 0) break;
    list.splice(i, 1);
  }
}

/** Where a profile wants `event` reported (its metadata's notificationConfigurationInfo), if anywhere. */
export function notificationAddress(ctx: Es10Context, profile: ProfileRecord, event: NotificationEventName): string | undefined {
  const md = ctx.codec.decode('StoreMetadataRequest', Buffer.from(profile.metadata, 'hex'));
  const list = (md.notificationConfigurationInfo ?? []) as { profileManagementOperation: string[]; notificationAddress: string }[];
  return list.find((n) => n.profileManagementOperation.includes(event))?.notificationAddress;
}

/**
 * Queues a signed OtherSignedNotification (SGP.22 §5.7.10: signed over tbsOtherNotification) for an
 * enable, disable or delete, when the profile asked for that event. Returns its seqNumber.
 */
export function queueProfileNotification(ctx: Es10Context, event: Exclude<NotificationEventName, 'notificationInstall'>, profile: ProfileRecord): number | undefined {
  const address = notificationAddress(ctx, profile, event);
  if (address === undefined) return undefined;
  const seqNumber = nextSeqNumber(ctx);
  const credential = ctx.credential()!;
  const tbsOtherNotification = { seqNumber, profileManagementOperation: [event], notificationAddress: address, iccid: Buffer.from(profile.iccid, 'hex') };
  const tbs = ctx.codec.encode('NotificationMetadata', tbsOtherNotification);
  const der = ctx.codec.encode('PendingNotification', { otherSignedNotification: {
    tbsOtherNotification,
    euiccNotificationSignature: ctx.sign(tbs, credential),
    euiccCertificate: new X509Value('Certificate', credential.euicc.raw),
    eumCertificate: new X509Value('Certificate', credential.eum.raw),
  } });
  storeNotification(ctx, { seqNumber, kind: 'otherSignedNotification', der: toHex(der), event, iccid: profile.iccid, notificationAddress: address });
  return seqNumber;
}

