/**
 * Everything an S_eUICC remembers across power cycles, as plain JSON (bytes as upper-case hex) so it
 * can be saved, restored, diffed in a report, and snapshotted before each command: a command that
 * fails part-way restores the snapshot, so a rejected command never changes the card.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SpecVersion } from '../../src/asn1';

export const STATE_FORMAT = 'sgp32-harness/euicc-state@1';

export type ProfileClassName = 'test' | 'provisioning' | 'operational';

export interface ProfileRecord {
  /** Iccid as on the wire (10 bytes, BCD with swapped nibbles), hex. */
  iccid: string;
  /** ISD-P AID, hex. */
  isdpAid: string;
  state: 'enabled' | 'disabled';
  profileClass: ProfileClassName;
  /** A test profile put on the card at manufacturing rather than downloaded (eUICCMemoryReset tells them apart). */
  preLoaded?: boolean;
  serviceProviderName: string;
  profileName: string;
  profileNickname?: string;
  /** StoreMetadataRequest exactly as received in the BPP (hex), the source of ProfileInfo fields. */
  metadata: string;
  /** PPR bit names set in the metadata (ppr1 disable not allowed, ppr2 deletion not allowed). */
  ppr: string[];
  /** SMDP+ OID (from ConfigureISDP / the BPP) and address, for notifications. */
  smdpOid: string;
  smdpAddress: string;
  /** ConfigureISDP dpProprietaryData.dpOid, answered as ProfileInfo dpProprietaryData. */
  dpOid?: string;
  /** SGP.32: profile marked as the fallback profile, and whether it may be (fallbackAllowed). */
  fallbackAttribute: boolean;
  fallbackAllowed: boolean;
  /** SGP.32 v1.2: the emergency (eCall) profile. */
  ecallIndication: boolean;
  /** Size of the UPP installed, charged to free memory. */
  uppBytes: number;
}

export interface EimRecord {
  eimId: string;
  /** EimConfigurationData as given by AddInitialEim / addEim / updateEim, in codec JSON form. */
  config: Record<string, unknown>;
  /** Highest counterValue accepted so far (SGP.32 anti-replay: a package needs a higher one). */
  counterValue: number;
  /** The association token the card issued to this eIM, if any. */
  associationToken?: number;
}

export type NotificationKind = 'profileInstallationResult' | 'otherSignedNotification' | 'euiccPackageResult';

export interface NotificationRecord {
  seqNumber: number;
  kind: NotificationKind;
  /** The stored object's DER, hex: PendingNotification (PIR / other) or EuiccPackageResult. */
  der: string;
  /** NotificationEvent bit name (e.g. 'notificationEnable'), for PIR/other notifications. */
  event?: string;
  iccid?: string;
  /** eIM the result is for (euiccPackageResult). */
  eimId?: string;
  notificationAddress?: string;
}

export interface EuiccState {
  format: typeof STATE_FORMAT;
  eid: string;
  version: SpecVersion;
  profiles: ProfileRecord[];
  /** Next ISD-P AID suffix to allocate. */
  nextIsdpIndex: number;
  eims: EimRecord[];
  nextAssociationToken: number;
  notifications: NotificationRecord[];
  /** Last seqNumber handed out: SGP.22 notification sequence numbers only ever rise, shared by all kinds. */
  lastSeqNumber: number;
  defaultSmdpAddress: string;
  rootSmdsAddress: string;
  /** ConfigureImmediateProfileEnabling / PSMO configureImmediateEnable. */
  immediateEnable: { enabled: boolean; defaultSmdpOid?: string; defaultSmdpAddress?: string };
  /** Set while the fallback profile was enabled by ExecuteFallbackMechanism; holds the profile to return to. */
  fallback: { active: boolean; returnIccid?: string };
  /** Set while the emergency profile is enabled; holds the profile to return to. */
  emergency: { active: boolean; returnIccid?: string };
  /**
   * Set by an enable PSMO with rollbackFlag; ProfileRollback returns to `iccid`. The package's
   * eimSignature (hex), the eIM's associationToken and its signing credential (euiccCiPKId hex) are
   * kept to sign the rollback's EuiccPackageResult as the original result was signed.
   */
  rollback?: {
    iccid: string; eimId: string; counterValue: number; eimTransactionId?: string;
    eimSignature: string; associationToken?: number; ciPkId?: string;
  };
  ipaeActive: boolean;
  /** DER of ConnectivityParameters (the SEQUENCE inside the BF5F answer) as hex, when provisioned. */
  connectivityParameters?: string;
}

export function initialState(eid: string, version: SpecVersion): EuiccState {
  return {
    format: STATE_FORMAT,
    eid,
    version,
    profiles: [],
    nextIsdpIndex: 0x10,
    eims: [],
    nextAssociationToken: 1,
    notifications: [],
    lastSeqNumber: 0,
    defaultSmdpAddress: '',
    rootSmdsAddress: 'lpa.ds.gsma.com',
    immediateEnable: { enabled: false },
    fallback: { active: false },
    emergency: { active: false },
    ipaeActive: false,
  };
}

export class EuiccStateError extends Error {
  constructor(readonly file: string, readonly field: string, message: string) {
    super(`${file}: ${field}: ${message}`);
    this.name = 'EuiccStateError';
  }
}

export function saveState(file: string, state: EuiccState): void {
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

/** Reads a saved state; checks the format marker and the EID so a card never boots with another card's state. */
export function loadState(file: string, eid?: string): EuiccState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EuiccStateError(file, '(file)', (e as Error).message);
  }
  const s = json as Partial<EuiccState>;
  if (!s || typeof s !== 'object' || s.format !== STATE_FORMAT) throw new EuiccStateError(file, 'format', `expected '${STATE_FORMAT}'`);
  if (eid && s.eid !== eid) throw new EuiccStateError(file, 'eid', `state belongs to EID ${s.eid}, not ${eid}`);
  for (const k of ['profiles', 'eims', 'notifications'] as const) {
    if (!Array.isArray(s[k])) throw new EuiccStateError(file, k, 'expected an array');
  }
  return s as EuiccState;
}
