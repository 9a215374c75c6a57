/**
 * Generic eUICC Package Download and Execution (SGP.32 §3.3.1), IPA side: the EuiccPackageRequest goes
 * to the card with ES10b.LoadEuiccPackage exactly as the eIM sent it (the card checks eimSignature over
 * those bytes), the pending notifications are read (RetrieveNotificationsList), and the card's
 * EuiccPackageResult travels back unchanged in ProvideEimPackageResult (ePRAndNotifications); what the
 * eIM acknowledges is removed from the card.
 *
 * Rollback (TTCN TC_proc_euicc_pkg_dwnld_exec_rollback): when the package enabled a profile with
 * rollbackFlag and the result cannot reach the eIM because the connection broke or timed out (the new
 * profile may have no connectivity), the IPA asks the card for ES10b.ProfileRollback, reads the
 * notifications again and provides the rollback's own EuiccPackageResult instead, once.
 */
import { dataObjects } from '../../src/crypto/rsp-signatures';
import { HttpConnectionError, HttpTimeoutError } from '../../src/transport/http';
import { Cycle } from './cycle';
import { CardAnswer, ES10 } from './es10';
import { CardAnswerError } from './errors';
import { packageResult, provideEimPackageResult } from './eim-result';
import { codeName, nodeAt } from './relay';

export interface LoadedPackage {
  /** The EuiccPackageResult (BF51) as the card answered it. */
  result: Uint8Array;
  /** The card's RetrieveNotificationsList answer after the package. */
  listing: CardAnswer;
}

/** LoadEuiccPackage with the package's bytes, then RetrieveNotificationsList; records the result's alternative. */
export async function loadEuiccPackage(cycle: Cycle, request: Uint8Array): Promise<LoadedPackage> {
  const result = await cycle.card.send(request, ES10.loadEuiccPackage.name);
  try {
    cycle.report.euiccPackageResult = Object.keys(cycle.codec.decode(ES10.loadEuiccPackage.response, result))[0];
  } catch (e) {
    throw new CardAnswerError(ES10.loadEuiccPackage.name, `undecodable EuiccPackageResult: ${(e as Error).message}`, e);
  }
  const listing = await cycle.card.call(ES10.retrieveNotificationsList, {});
  return { result, listing };
}

/** Records the notifications an ePRAndNotifications carries as delivered to the eIM. */
export function noteListed(cycle: Cycle, listing: CardAnswer): void {
  for (const n of listing.value.notificationList ?? []) {
    const p = n.profileInstallationResult?.profileInstallationResultData.notificationMetadata ?? n.otherSignedNotification?.tbsOtherNotification;
    if (p) cycle.report.notifications.delivered.push({ seqNumber: Number(p.seqNumber), via: 'ePRAndNotifications' });
  }
}

const lostConnectivity = (e: unknown) => e instanceof HttpConnectionError || e instanceof HttpTimeoutError;

/** The package enables a profile with rollbackFlag (the only case ProfileRollback is allowed for). */
function rollbackAllowed(packageValue: Record<string, any>): boolean {
  const psmos: Record<string, any>[] = packageValue.euiccPackageSigned?.euiccPackage?.psmoList ?? [];
  return psmos.some((p) => p.enable && p.enable.rollbackFlag !== undefined);
}

/** The poll path: load, provide (ePRAndNotifications), remove acknowledged, roll back on lost connectivity. */
export async function executeEuiccPackage(cycle: Cycle, request: Uint8Array, value: Record<string, any>): Promise<void> {
  const loaded = await loadEuiccPackage(cycle, request);
  const first = packageResult(cycle, loaded.result, loaded.listing);
  try {
    await provideEimPackageResult(cycle, first.alternative, first.whole);
    if (first.alternative === 'ePRAndNotifications') noteListed(cycle, loaded.listing);
  } catch (e) {
    if (!lostConnectivity(e) || !rollbackAllowed(value)) throw e;
    await rollBack(cycle, e);
  }
}

async function rollBack(cycle: Cycle, lost: unknown): Promise<void> {
  cycle.log(`eIM unreachable after an enable with rollbackFlag: ProfileRollback`);
  // The retry goes out on a new connection.
  await cycle.eim.close();
  const rollback = await cycle.card.call(ES10.profileRollback, { refreshFlag: cycle.options.refreshFlag ?? false });
  cycle.report.rollback = codeName(cycle.codec, rollback.value.cmdResult, 'ProfileRollbackResponse', 'cmdResult');
  if (rollback.value.cmdResult !== 0 || rollback.value.eUICCPackageResult === undefined) throw lost;
  const tag = nodeAt(cycle.codec, 'ProfileRollbackResponse', 'eUICCPackageResult').tag;
  const result = dataObjects(rollback.bytes, ES10.profileRollback.response, nodeAt(cycle.codec, ES10.profileRollback.response).tag).get(tag)!;
  cycle.report.euiccPackageResult = Object.keys(rollback.value.eUICCPackageResult)[0];
  const listing = await cycle.card.call(ES10.retrieveNotificationsList, {});
  const retry = packageResult(cycle, result, listing);
  await provideEimPackageResult(cycle, retry.alternative, retry.whole);
  if (retry.alternative === 'ePRAndNotifications') noteListed(cycle, listing);
}
