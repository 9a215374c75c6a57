/**
 * The eIM's side of the card in tests: profiles put straight into the card's state, an eIM associated
 * through ES10b.AddInitialEim, and eUICC Packages built and signed exactly as S_eIM builds them
 * (simulators/eim/packages.ts), sent through APDUs and opened with the eIM's own result check.
 */
import { KeyObject } from 'node:crypto';
import { codec, toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { iccidToSwappedBcd } from '../../../src/profile';
import {
  eimConfigurationData, EimConfigurationOptions, EuiccPackage, openEuiccPackageResult, OpenedEuiccPackageResult, signEuiccPackage, ts_addInitialEimRequest,
} from '../../../simulators/eim/packages';
import { ProfileRecord } from '../../../simulators/euicc/state';
import { EuiccFixture } from './fixture';

/** ICCIDs of the profiles the tests install (19 digits + check digit, as SGP.26 test profiles). */
export const ICCIDS = ['89000123456789012341', '89000123456789012358', '89000123456789012366'] as const;

export const iccidHex = (iccid: string) => toHex(iccidToSwappedBcd(iccid));

export interface ProfileSpec {
  iccid: string;
  enabled?: boolean;
  ppr?: string[];
  fallbackAllowed?: boolean;
  /** Events the profile's metadata asks notifications for. */
  notify?: string[];
}

/** A profile record as the download would leave it (the metadata is the source of ProfileInfo fields). */
export function profileRecord(f: EuiccFixture, spec: ProfileSpec, index: number): ProfileRecord {
  const c = codec('SGP32Definitions', f.config.version);
  const metadata = c.encode('StoreMetadataRequest', {
    iccid: iccidToSwappedBcd(spec.iccid),
    serviceProviderName: 'Harness Telecom',
    profileName: `Profile ${index}`,
    ...(spec.notify && { notificationConfigurationInfo: [{ profileManagementOperation: spec.notify, notificationAddress: 'smdp.example.com' }] }),
    ...(spec.ppr && { profilePolicyRules: spec.ppr }),
  });
  return {
    iccid: iccidHex(spec.iccid),
    isdpAid: `A0000005591010FFFFFFFF89000010${(0x10 + index).toString(16).toUpperCase()}`,
    state: spec.enabled ? 'enabled' : 'disabled',
    profileClass: 'operational',
    serviceProviderName: 'Harness Telecom',
    profileName: `Profile ${index}`,
    metadata: toHex(metadata),
    ppr: spec.ppr ?? [],
    smdpOid: '1.3.6.1.4.1.31746',
    smdpAddress: 'smdp.example.com',
    fallbackAttribute: false,
    fallbackAllowed: spec.fallbackAllowed ?? false,
    ecallIndication: false,
    uppBytes: 2048,
  };
}

export function installProfiles(f: EuiccFixture, specs: readonly ProfileSpec[]): void {
  f.euicc.state.profiles.push(...specs.map((s, i) => profileRecord(f, s, i)));
}

/** An eIM as the tests drive it: its key, its id and the token the card gave it. */
export class TestEim {
  /** The counterValue of the last package sent. */
  counter: number;
  constructor(readonly f: EuiccFixture, readonly eimId: string, readonly key: KeyObject, readonly associationToken: number | undefined, counter: number) {
    this.counter = counter;
  }

  /** Signs a package (next counter unless given), sends it through APDUs and opens the answer. */
  async send(pkg: EuiccPackage, opts: { counterValue?: number; eid?: string; eimTransactionId?: string; tamper?: (bytes: Buffer) => Buffer; token?: number } = {}): Promise<Sent> {
    const counterValue = opts.counterValue ?? this.counter + 1;
    const signed = signEuiccPackage({
      eimId: this.eimId, eid: opts.eid ?? this.f.config.eid, counterValue, eimTransactionId: opts.eimTransactionId ?? '0A0B0C0D', package: pkg,
    }, this.key, opts.token ?? this.associationToken, this.f.config.version);
    const bytes = opts.tamper ? opts.tamper(signed.bytes) : signed.bytes;
    const answer = await this.f.raw(bytes);
    if (opts.counterValue === undefined) this.counter = counterValue;
    return { bytes: answer, eimSignature: signed.value.eimSignature, ...this.open(answer, signed.value.eimSignature) };
  }

  open(answer: Uint8Array, eimSignature?: Uint8Array): OpenedEuiccPackageResult {
    return openEuiccPackageResult(answer, {
      euiccCertificate: this.f.config.credentials[0].euicc, associationToken: this.associationToken, eimSignature, version: this.f.config.version,
    });
  }
}

/** The answer, opened, with its bytes and the eimSignature of the request it answers. */
export type Sent = OpenedEuiccPackageResult & { bytes: Uint8Array; eimSignature: Uint8Array };

/** Associates an eIM with ES10b.AddInitialEim on a virgin card, asking for a token unless told not to. */
export async function associateEim(f: EuiccFixture, opts: Partial<EimConfigurationOptions> & { curve?: Curve; token?: boolean } = {}): Promise<TestEim> {
  const key = f.pki.get('eimSign', opts.curve ?? f.pki.curves[0]).key;
  const { curve: _, token, ...cfg } = opts;
  const counterValue = cfg.counterValue ?? 10;
  const data = eimConfigurationData({ eimId: 'eim.example.com', eimPublicKey: key, ...cfg, counterValue, ...(token !== false && { associationToken: -1 }) });
  const res = await f.es10('AddInitialEimRequest', ts_addInitialEimRequest(data));
  if (!res.addInitialEimOk) throw new Error(`AddInitialEim refused: ${JSON.stringify(res)}`);
  return new TestEim(f, data.eimId as string, key, res.addInitialEimOk[0].associationToken, counterValue);
}

/** The decoded result's data and items, for the signed alternative. */
export function resultData(sent: OpenedEuiccPackageResult): Record<string, any> {
  return sent.value.euiccPackageResultSigned.euiccPackageResultDataSigned;
}
