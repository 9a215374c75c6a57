/**
 * What S_eIM knows of each eUICC it manages: its anti-replay counter (SGP.32 §2.11.1.1: every
 * package signs a counterValue above the last), the association token the eUICC issued to this eIM,
 * the eUICC certificates that sign its results (learnt from eUICC data responses, from the
 * AuthenticateServerResponse of a relayed download, from the test PKI, or registered by the
 * operator), and what its IPA reported: state change causes, notifications, acknowledged seqNumbers.
 */
import { X509Certificate } from 'node:crypto';
import { peekTag } from '../../src/asn1/nodes';
import { childrenAt } from './raw';

export interface ReceivedNotification {
  kind: 'profileInstallationResult' | 'otherSignedNotification';
  seqNumber: number;
  /** NotificationEvent bit names, e.g. ['notificationInstall']. */
  operations: string[];
  iccid?: string;
  notificationAddress?: string;
  /** PIRs: the RSP transactionId (hex) and whether finalResult is successResult. */
  transactionId?: string;
  success?: boolean;
  /** Undefined when no key was known to check it with. */
  signatureValid?: boolean;
  /** How it reached the eIM. */
  via: 'handleNotification' | 'ePRAndNotifications' | 'ipaEuiccData' | 'profileDownloadTriggerResult';
  /** ES9+ HandleNotification to the SM-DP+ at notificationAddress: 'ok', or why not. */
  forwarded?: string;
  received: Date;
}

export interface StateChange {
  /** StateChangeCause name (v1.2), or 'notifyStateChange' when the IPA named none (v1.0). */
  cause: string;
  at: Date;
}

export interface EuiccRecord {
  readonly eid: string;
  /** counterValue of the last package signed for this eUICC. */
  counter: number;
  /** The highest counterValue the eUICC accepted (signed results echo it). */
  lastAccepted: number;
  /** The token this eIM signs with (absent: none issued, signed as 0). */
  associationToken?: number;
  /** A token the eUICC named in an unsigned error: shown to the operator, not trusted. */
  reportedAssociationToken?: number;
  certificates: X509Certificate[];
  /** The eUICC's last certificate and its EUM's as DER, and EUICCInfo2 (BF22): what compact forms leave out. */
  certificatePair?: { euicc: Uint8Array; eum: Uint8Array };
  euiccInfo2?: Uint8Array;
  /** EUICCInfo1 (DER) from an eUICC data response: used when an IPA's InitiateAuthentication omits it. */
  euiccInfo1?: Uint8Array;
  /** Where the IPA takes injected packages (TransferEimPackage). */
  injectUrl?: string;
  stateChanges: StateChange[];
  notifications: ReceivedNotification[];
  /** Every seqNumber acknowledged to the IPA, in order. */
  acknowledged: number[];
  /** seqNumbers consumed without an answer to carry their acknowledgement (HandleNotification), sent with the next one. */
  pendingAcks: number[];
  /** The ESipa connection that last fetched a package. */
  connectionId?: number;
}

export interface EuiccDefaults {
  counter: number;
  associationToken?: number;
}

export class EuiccRegistry {
  private readonly records = new Map<string, EuiccRecord>();

  constructor(private readonly defaults: EuiccDefaults) {}

  get(eid: string): EuiccRecord | undefined {
    return this.records.get(eid);
  }

  /** The record of `eid`, made with the defaults when new. */
  ensure(eid: string): EuiccRecord {
    let r = this.records.get(eid);
    if (!r) {
      r = {
        eid, counter: this.defaults.counter, lastAccepted: this.defaults.counter,
        ...(this.defaults.associationToken !== undefined && { associationToken: this.defaults.associationToken }),
        certificates: [], stateChanges: [], notifications: [], acknowledged: [], pendingAcks: [],
      };
      this.records.set(eid, r);
    }
    return r;
  }

  list(): EuiccRecord[] {
    return [...this.records.values()];
  }

  /** The eUICC whose IPA last fetched a package over `connectionId`. */
  byConnection(connectionId: number): EuiccRecord | undefined {
    return this.list().find((r) => r.connectionId === connectionId);
  }
}

export function addCertificate(r: EuiccRecord, cert: X509Certificate): void {
  if (!r.certificates.some((c) => c.fingerprint256 === cert.fingerprint256)) r.certificates.push(cert);
}

/**
 * What a full AuthenticateServerResponse (BF38, as sent) that the SM-DP+ accepted says of its eUICC:
 * its certificate (returned, and kept to check what it signs), its EUM's, and EUICCInfo2.
 */
export function learnFromAuthenticateServerResponse(r: EuiccRecord, asr: Uint8Array): X509Certificate | undefined {
  const parts = childrenAt(asr, 'AuthenticateServerResponse', 0xbf38, 0xa0);
  if (!parts || parts.length !== 4) return undefined; // authenticateResponseError
  const [signed1, , euicc, eum] = parts;
  r.euiccInfo2 = childrenAt(signed1, 'EuiccSigned1', 0x30)?.find((t) => peekTag(t) === 0xbf22) ?? r.euiccInfo2;
  r.certificatePair = { euicc: Buffer.from(euicc), eum: Buffer.from(eum) };
  const cert = new X509Certificate(Buffer.from(euicc));
  addCertificate(r, cert);
  return cert;
}

/** The record as the northbound API shows it. */
export function euiccView(r: EuiccRecord): Record<string, unknown> {
  return {
    eid: r.eid, counterValue: r.counter, lastAcceptedCounterValue: r.lastAccepted,
    ...(r.associationToken !== undefined && { associationToken: r.associationToken }),
    ...(r.reportedAssociationToken !== undefined && { reportedAssociationToken: r.reportedAssociationToken }),
    ...(r.injectUrl !== undefined && { injectUrl: r.injectUrl }),
    certificates: r.certificates.map((c) => ({ subject: c.subject.replace(/\n/g, ', '), serialNumber: c.serialNumber, fingerprint256: c.fingerprint256 })),
    stateChanges: r.stateChanges.map((s) => ({ cause: s.cause, at: s.at.toISOString() })),
    notifications: r.notifications.map((n) => ({ ...n, received: n.received.toISOString() })),
    acknowledged: r.acknowledged,
  };
}
