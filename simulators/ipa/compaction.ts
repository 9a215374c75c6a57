/**
 * Compact ESipa forms (IPA capability minimizeEsipaBytes, SGP.32 §6.3; reference §5.2): with the
 * `compact` option the IPA sends the card's AuthenticateServerResponse, PrepareDownloadResponse,
 * CancelSessionResponse and notifications to the eIM in their compact forms, made by S_eIM's own
 * compact.ts so both ends agree on the layout. The least aggressive compactions are chosen: the
 * AuthenticateServerResponse keeps euiccSigned1 and the certificates, so it expands without context;
 * the others need what the form itself leaves out by design (the session's transactionId, the ISD-P
 * AID of a compact PIR, the eUICC certificates of a compact OtherSignedNotification), which the eIM
 * must have learnt. A form that cannot be compacted into something that expands back to the signed
 * bytes goes in full. Messages to an SM-DP+ (direct download) are never compacted.
 */
import { tlv, tlvAt, tlvSpans } from '../../src/asn1';
import {
  compactAuthenticateServerResponse, compactCancelSessionResponse, CompactFormError, compactPendingNotification, compactPrepareDownloadResponse,
} from '../eim/compact';
import { Cycle } from './cycle';
import { content } from './relay';

type Compactor = (full: Uint8Array) => Uint8Array;

/** `compact(full)` when the IPA is configured for compact forms, else (or when it cannot be made) `full`. */
function attempt(cycle: Cycle, what: string, full: Uint8Array, compact: Compactor): Uint8Array {
  if (!cycle.options.compact) return full;
  try {
    return compact(full);
  } catch (e) {
    if (!(e instanceof CompactFormError)) throw e;
    cycle.log(`${what} sent in full: ${e.message}`);
    return full;
  }
}

export function authenticateServerResponseForEim(cycle: Cycle, full: Uint8Array): Uint8Array {
  return attempt(cycle, 'AuthenticateServerResponse', full, (f) => compactAuthenticateServerResponse(f, { version: cycle.version }));
}

/** `bppEuiccOtpk` of the PrepareDownloadRequest lets a reused otPK.EUICC be left out. */
export function prepareDownloadResponseForEim(cycle: Cycle, full: Uint8Array, bppEuiccOtpk: Uint8Array | undefined): Uint8Array {
  return attempt(cycle, 'PrepareDownloadResponse', full, (f) => compactPrepareDownloadResponse(f, { version: cycle.version, bppEuiccOtpk }));
}

export function cancelSessionResponseForEim(cycle: Cycle, full: Uint8Array): Uint8Array {
  return attempt(cycle, 'CancelSessionResponse', full, (f) => compactCancelSessionResponse(f, { version: cycle.version }));
}

/** A PendingNotification (BF37 or 30); v1.2 compact OtherSignedNotifications name the EID. */
export function notificationForEim(cycle: Cycle, full: Uint8Array): Uint8Array {
  return attempt(cycle, 'notification', full, (f) => compactPendingNotification(f, { version: cycle.version, includeEid: cycle.version === 'v1.2' }));
}

/** A notification list TLV (`[0] SEQUENCE OF PendingNotification`) with each item in its compact form. */
export function notificationListForEim(cycle: Cycle, list: Uint8Array): Uint8Array {
  if (!cycle.options.compact) return list;
  const items = content(list);
  const compacted = tlvSpans(items, 'notificationList').map((s) => notificationForEim(cycle, items.subarray(s.offset, s.end)));
  return tlv(tlvAt(list, 'notificationList').tag, Buffer.concat(compacted));
}
