/**
 * What one S_IPA cycle did, for tests and logs: which eIM Package came, every ES10 command and ESipa /
 * ES9+ exchange in order, the outcome of the package, which notifications went where and which were
 * removed, and the error that ended the cycle early, if any (kept as thrown, so its type tells
 * a refused certificate from a mute card from an eIM that broke the binding).
 */
import type { Es10Exchange } from './es10';
import type { EsipaExchange } from './esipa-link';

export type PackageKind = 'euiccPackageRequest' | 'ipaEuiccDataRequest' | 'profileDownloadTriggerRequest' | 'eimAcknowledgements' | 'eimPackageError';

export interface Es9Exchange {
  url: string;
  function: string;
  error?: string;
}

export interface DownloadReport {
  route: 'indirect' | 'direct';
  smdpAddress?: string;
  matchingId?: string;
  transactionId?: string;
  /** finalResult of the ProfileInstallationResult. */
  result?: 'success' | 'error';
  iccid?: string;
  /** Reason given to ES10b.CancelSession, when the download was cancelled. */
  cancelled?: string;
  /** immediateEnableResult (or enableUsingDDResult) when ImmediateEnable was sent. */
  immediateEnable?: string;
}

export interface CycleReport {
  /** True when the cycle ran to its end without an error (an eimPackageError answer included). */
  ok: boolean;
  /** 'poll' for pollOnce, 'injection' for a TransferEimPackage. */
  trigger: 'poll' | 'injection';
  eid?: string;
  eimUrl?: string;
  /** The AddInitialEim result, when the IPA configured a virgin card. */
  addInitialEim?: string;
  /** stateChangeCause sent with GetEimPackageRequest (or 'notifyStateChange' for v1.0, which has no cause). */
  stateChange?: string;
  package?: PackageKind;
  /** Named eimPackageError of the GetEimPackageResponse. */
  eimPackageError?: string;
  /** Alternative of the EuiccPackageResult the card produced (euiccPackageResultSigned, …). */
  euiccPackageResult?: string;
  /** ProfileRollback cmdResult, when the IPA rolled back after losing the eIM. */
  rollback?: string;
  /** ipaEuiccData, or the named ipaEuiccDataResponseError code. */
  dataResponse?: string;
  download?: DownloadReport;
  /** eimAcknowledgements received. */
  acknowledged: number[];
  notifications: {
    /** seqNumbers delivered, and how. */
    delivered: { seqNumber: number; via: 'esipa' | 'es9plus' | 'ePRAndNotifications' }[];
    /** seqNumbers removed with ES10b.RemoveNotificationFromList. */
    removed: number[];
  };
  es10: Es10Exchange[];
  esipa: EsipaExchange[];
  es9plus: Es9Exchange[];
  error?: Error;
}

export function newReport(trigger: CycleReport['trigger']): CycleReport {
  return { ok: false, trigger, acknowledged: [], notifications: { delivered: [], removed: [] }, es10: [], esipa: [], es9plus: [] };
}

/** One line summing up a cycle, for the CLI. */
export function summary(r: CycleReport): string {
  const parts = [r.trigger, r.ok ? 'ok' : 'failed'];
  if (r.package) parts.push(r.package + (r.eimPackageError ? ` ${r.eimPackageError}` : ''));
  if (r.euiccPackageResult) parts.push(r.euiccPackageResult);
  if (r.rollback) parts.push(`rollback ${r.rollback}`);
  if (r.download) parts.push(`download ${r.download.route} ${r.download.result ?? r.download.cancelled ?? 'unfinished'}`);
  if (r.notifications.delivered.length) parts.push(`delivered ${r.notifications.delivered.map((d) => d.seqNumber).join(',')}`);
  if (r.notifications.removed.length) parts.push(`removed ${r.notifications.removed.join(',')}`);
  if (r.error) parts.push(`${r.error.name}: ${r.error.message}`);
  return parts.join(' | ');
}
