/**
 * The eUICC suite's test bench: the card under test behind S_IPA, with S_eIM and S_SM-DP+ beside it.
 * An external card keeps its state between scenarios, so every scenario starts by bringing the card
 * to a known state through its own interfaces, as a tester would (Emergency Profile off, memory reset
 * of profiles, eIM configuration and immediate-enable configuration, notification list emptied); the
 * embedded card goes through the same steps so both give the same trace and verdict.
 */
import { X509Certificate } from 'node:crypto';
import { SpecVersion } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { parseCertificate, PkiStore, validateChain } from '../../pki';
import { EuiccPackage, OpenedEuiccPackageResult } from '../../../simulators/eim/packages';
import { INS, P1_LAST_BLOCK, P1_MORE_BLOCKS, ResponseApdu } from '../../transport/apdu';
import { contains, expectMatch, mismatches, where } from '../matchers';
import { ScenarioContext } from '../scenario';
import { CardLink, openCardLink } from './card-link';
import { pkg } from './packages';
import { iccidBcd, iccidOf } from './profiles';
import { ConfigurationOptions, DEFAULT_EIM_ID, EimIdentity, PackageExchange, PackageOptions, SEim } from './s-eim';
import { SIpa } from './s-ipa';
import { downloadProfile, Installation, SMDP_ADDRESS } from './s-smdpp';

/** The card could not be brought to the scenario's initial conditions. */
export class InitialConditionError extends Error {
  constructor(what: string, answer: unknown) {
    super(`initial conditions: ${what} (card answered ${JSON.stringify(answer, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))})`);
    this.name = 'InitialConditionError';
  }
}

const RESET_OPTIONS = ['deleteOperationalProfiles', 'deleteFieldLoadedTestProfiles', 'resetDefaultSmdpAddress', 'resetEimConfigData', 'resetImmediateEnableConfig'];

export class EuiccBench {
  readonly ipa: SIpa;
  readonly eim: SEim;
  /** The eIMs S_eIM has configured on the card, by eimId. */
  readonly eims = new Map<string, EimIdentity>();
  /** The last answer a When step received, for the Then steps. */
  last: { what: string; value: unknown } | undefined;
  /** The last package exchange. */
  exchange: PackageExchange | undefined;
  /** The last raw APDU answer (APDU-level cases). */
  lastApdu: ResponseApdu | undefined;
  /** The last download, with the curve of its S_SM-DP+. */
  installation: (Installation & { curve: Curve }) | undefined;
  /** Observable card state saved by a step, to check an error left it unchanged. */
  saved: unknown;
  private readonly certificates = new Map<Curve, X509Certificate>();

  constructor(readonly ctx: ScenarioContext, readonly link: CardLink) {
    this.ipa = new SIpa(link, ctx.config.version);
    this.eim = new SEim(ctx.pki, ctx.config.version, (c) => this.ciPkId(c));
  }

  get version(): SpecVersion {
    return this.ctx.config.version;
  }
  get pki(): PkiStore {
    return this.ctx.pki;
  }
  /** The EID of the card under test (the run PKI's eUICC certificate carries it). */
  get eid(): string {
    return this.pki.get('euicc', this.pki.curves[0]).eid!;
  }

  /** SubjectKeyIdentifier of the run's CI on `curve`: the euiccCiPKId that selects it. */
  ciPkId(curve: Curve): Buffer {
    return parseCertificate(this.pki.trustedCis(curve)[0]).subjectKeyId!;
  }

  /** The eUICC certificate for `curve` as ES10b.GetCerts gives it, checked to chain to the run CI. */
  async euiccCertificate(curve: Curve = this.pki.curves[0]): Promise<X509Certificate> {
    const known = this.certificates.get(curve);
    if (known) return known;
    const answer = await this.ipa.es10('GetCertsRequest', { euiccCiPKId: this.ciPkId(curve) });
    if (!answer.certs) throw new InitialConditionError(`GetCerts for the ${curve} CI`, answer);
    const chain = this.checkCertificates(answer.certs, curve);
    if (!chain.ok) throw new InitialConditionError(`the ${curve} eUICC certificate does not chain to the run CI: ${chain.message}`, {});
    const cert = new X509Certificate(Buffer.from(answer.certs.euiccCertificate.der));
    this.certificates.set(curve, cert);
    return cert;
  }

  /** Validates GetCerts' eUICC and EUM certificates against the run CI of `curve`, for the card's EID. */
  checkCertificates(certs: { eumCertificate: { der: Uint8Array }; euiccCertificate: { der: Uint8Array } }, curve: Curve) {
    return validateChain({
      leaf: certs.euiccCertificate.der, intermediates: [certs.eumCertificate.der], trustAnchors: this.pki.trustedCis(curve), expectedCurve: curve, expectedEid: this.eid,
    });
  }

  /** Initial conditions every scenario starts from: no eIM, no operational profile, nothing queued. */
  async reset(): Promise<void> {
    await this.ipa.es10('DisableEmergencyProfileRequest', { refreshFlag: false });
    const reset = await this.ipa.es10('EuiccMemoryResetRequest', { resetOptions: RESET_OPTIONS });
    if (reset.resetResult > 1) throw new InitialConditionError('eUICCMemoryReset', reset);
    const { notificationMetadataList = [] } = await this.ipa.es10('ListNotificationRequest', {});
    const results = await this.ipa.es10('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } });
    const seqNumbers = [
      ...notificationMetadataList.map((m: { seqNumber: number }) => m.seqNumber),
      ...(results.euiccPackageResultList ?? []).flatMap((r: Record<string, any>) => {
        const n = r.euiccPackageResultSigned?.euiccPackageResultDataSigned?.seqNumber;
        return n === undefined ? [] : [n];
      }),
    ];
    for (const seqNumber of seqNumbers) await this.ipa.es10('NotificationSentRequest', { seqNumber });
    this.ctx.note(`card ${this.link.endpoint}: reset to no eIM, no operational profile, ${seqNumbers.length} notification(s) removed`);
  }

  /** One ES10 command whose decoded answer the Then steps check. */
  async ask<T = any>(request: string, value: unknown): Promise<T> {
    const answer = await this.ipa.es10<T>(request, value);
    this.last = { what: request.replace(/Request$/, 'Response'), value: answer };
    return answer;
  }

  /** The answer of the last When step, checked against `template`. */
  expectLast(template: unknown): void {
    if (!this.last) throw new Error('no answer to check: no When step received one');
    expectMatch(this.last.what, this.last.value, template);
  }

  /** ES10b.AddInitialEim with one configuration; on success S_eIM remembers the eIM and its token. */
  async addInitialEim(o: ConfigurationOptions = {}): Promise<Record<string, any>> {
    const { data, eim } = this.eim.configuration(o);
    const answer = await this.ask('AddInitialEimRequest', { eimConfigurationDataList: [data] });
    const ok = answer.addInitialEimOk?.[0];
    if (ok) {
      eim.associationToken = ok.associationToken === undefined ? undefined : Number(ok.associationToken);
      this.eims.set(eim.eimId, eim);
    }
    return answer;
  }

  /** Initial condition: an eIM associated (with a token unless told). */
  async associate(o: ConfigurationOptions = {}): Promise<EimIdentity> {
    const answer = await this.addInitialEim(o);
    if (!answer.addInitialEimOk) throw new InitialConditionError('AddInitialEim', answer);
    return this.eimNamed(o.eimId ?? DEFAULT_EIM_ID);
  }

  /** The eIM S_eIM acts as: the one named, else the first configured. */
  eimNamed(eimId?: string): EimIdentity {
    const eim = eimId ? this.eims.get(eimId) : this.eims.values().next().value;
    if (!eim) throw new Error(eimId ? `S_eIM has not configured ${eimId} on the card` : 'no eIM is associated with the card');
    return eim;
  }

  /** Signs `pkg` as `eim`, loads it through ES10b.LoadEuiccPackage and opens the answer. */
  async sendPackage(pkg: EuiccPackage, o: PackageOptions & { eim?: EimIdentity } = {}): Promise<PackageExchange> {
    const eim = o.eim ?? this.eimNamed();
    const { bytes, counterValue, eimTransactionId } = this.eim.sign(eim, pkg, this.eid, o);
    const answer = await this.ipa.send(bytes);
    const result = this.eim.open(eim, answer, await this.euiccCertificate(eim.curve));
    if (result.alternative === 'euiccPackageResultSigned') eim.counter = counterValue;
    this.exchange = { eim, counterValue, eimTransactionId, answer, result };
    this.last = { what: 'EuiccPackageResult', value: result.value };
    return this.exchange;
  }

  /** Downloads test profile `letter` from S_SM-DP+ on `curve`. */
  async download(letter: string, curve: Curve = this.pki.curves[0]): Promise<Installation> {
    const installation = await downloadProfile(this.ipa, this.pki, { curve, iccid: iccidOf(letter), version: this.version, euiccCertificate: await this.euiccCertificate(curve) });
    this.last = { what: 'ProfileInstallationResult', value: installation.decoded };
    this.installation = { ...installation, curve };
    return installation;
  }

  /** Initial condition: each test profile of `letters` ("A, B") downloaded and installed. */
  async install(letters: string, curve?: Curve): Promise<void> {
    for (const letter of letters.split(/[ ,]+/).filter(Boolean)) {
      const { decoded, signatureValid } = await this.download(letter, curve);
      if (!decoded.profileInstallationResultData.finalResult.successResult || !signatureValid) throw new InitialConditionError(`download of profile ${letter}`, decoded.profileInstallationResultData.finalResult);
    }
    this.last = undefined;
  }

  /** Initial condition: profile `letter` enabled by S_eIM's enable PSMO. */
  async enableForSetup(letter: string, rollback = false): Promise<void> {
    const { result } = await this.sendPackage(pkg.enable(letter, rollback));
    const items = result.value.euiccPackageResultSigned?.euiccPackageResultDataSigned?.euiccResult;
    if (items?.[0]?.enableResult !== 0) throw new InitialConditionError(`enable of profile ${letter}`, result.value);
    this.last = undefined;
  }

  /** The configuration of a further eIM, on the first eIM's curve, asking for a token. */
  furtherEim(eimId: string) {
    return this.eim.configuration({ eimId, curve: this.eimNamed().curve });
  }

  /**
   * Opens the EuiccPackageResult of the last answer (ProfileRollback's) as the eIM of the last
   * package, checking the eUICC's signature; the DER is re-made from the decoded value (DER is unique).
   */
  async openEmbeddedResult(field: string): Promise<OpenedEuiccPackageResult> {
    const value = (this.last?.value as Record<string, unknown> | undefined)?.[field];
    if (value === undefined) throw new Error(`the last answer has no ${field}`);
    const eim = this.exchange?.eim ?? this.eimNamed();
    return this.eim.open(eim, this.ipa.codec.encode('EuiccPackageResult', value), await this.euiccCertificate(eim.curve));
  }

  /** The seqNumber the card gave the last package's result. */
  lastResultSeqNumber(): number | bigint {
    const n = this.exchange?.result.value.euiccPackageResultSigned?.euiccPackageResultDataSigned?.seqNumber;
    if (n === undefined) throw new Error('the last package got no signed result with a seqNumber');
    return n;
  }

  /** The last package's result is (or no longer is) among the results RetrieveNotificationsList gives. */
  async expectStoredResult(present: boolean): Promise<void> {
    const result = this.exchange?.result.value;
    const answer = await this.ask('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } });
    if (present) expectMatch('RetrieveNotificationsListResponse', answer, { euiccPackageResultList: contains(result) });
    else expectMatch('RetrieveNotificationsListResponse', answer, { euiccPackageResultList: where('a list without the last result', (l) => Array.isArray(l) && l.every((r) => mismatches(r, result).length > 0)) });
  }

  /** ES10b.RemoveNotificationFromList of the last package's result. */
  async removeLastResult(): Promise<void> {
    await this.ask('NotificationSentRequest', { seqNumber: this.lastResultSeqNumber() });
  }

  /** Sends an addEim eCO for a further eIM; on success S_eIM can act as that eIM too. */
  async addEim(eimId: string): Promise<PackageExchange> {
    const { data, eim } = this.furtherEim(eimId);
    const exchange = await this.sendPackage(pkg.addEim(data));
    const added = exchange.result.value.euiccPackageResultSigned?.euiccPackageResultDataSigned?.euiccResult?.[0]?.addEimResult;
    if (added?.associationToken !== undefined || added?.addEimResultCode === 0) {
      eim.associationToken = added.associationToken === undefined ? undefined : Number(added.associationToken);
      this.eims.set(eimId, eim);
    }
    return exchange;
  }

  /** Initial condition: a further eIM added by the first one. */
  async addEimForSetup(eimId: string): Promise<void> {
    await this.addEim(eimId);
    if (!this.eims.has(eimId)) throw new InitialConditionError(`addEim of ${eimId}`, this.exchange?.result.value);
    this.last = undefined;
  }

  /** Initial condition: ES10b.ConfigureImmediateProfileEnabling with the flag set and S_SM-DP+'s address. */
  async configureImmediateEnable(): Promise<void> {
    const answer = await this.ipa.es10('ConfigureImmediateProfileEnablingRequest', { immediateEnableFlag: null, defaultSmdpAddress: SMDP_ADDRESS });
    if (answer.configImmediateEnableResult !== 0) throw new InitialConditionError('ConfigureImmediateProfileEnabling', answer);
  }

  async saveState(): Promise<void> {
    this.saved = await this.observableState();
  }

  /** The card's observable state is the one saved before. */
  async expectStateUnchanged(): Promise<void> {
    if (this.saved === undefined) throw new Error('no observable state was saved before (step "S_IPA has saved the observable state of the eUICC")');
    expectMatch('observable eUICC state', await this.observableState(), this.saved);
  }

  /** The state of profile `letter` ('enabled', 'disabled' or 'absent'). */
  async profileState(letter: string): Promise<'enabled' | 'disabled' | 'absent'> {
    const bcd = iccidBcd(letter).toString('hex');
    const p = (await this.profiles()).find((i) => i.iccid && Buffer.from(i.iccid).toString('hex') === bcd);
    return p === undefined ? 'absent' : p.profileState === 1 ? 'enabled' : 'disabled';
  }

  /** ES10c.GetProfilesInfo of every profile. */
  async profiles(): Promise<Record<string, any>[]> {
    const answer = await this.ipa.es10('ProfileInfoListRequest', {});
    if (!answer.profileInfoListOk) throw new InitialConditionError('GetProfilesInfo', answer);
    return answer.profileInfoListOk;
  }

  /** A STORE DATA sequence that starts at block 01 instead of 00 (GP Card Spec §11.11.2.3: P2 numbers blocks from 00). */
  storeDataOutOfSequence(): Promise<ResponseApdu> {
    const command = this.ipa.codec.encode('GetEimConfigurationDataRequest', {});
    return this.ipa.apdu({ ins: INS.STORE_DATA, p1: P1_MORE_BLOCKS, p2: 0x01, data: command });
  }

  /** A last STORE DATA block whose ES10 TLV announces more bytes than it carries. */
  storeDataTruncated(): Promise<ResponseApdu> {
    const command = this.ipa.codec.encode('GetCertsRequest', { euiccCiPKId: this.ciPkId(this.pki.curves[0]) });
    return this.ipa.apdu({ ins: INS.STORE_DATA, p1: P1_LAST_BLOCK, p2: 0x00, data: command.subarray(0, command.length - 4) });
  }

  /** What S_IPA can observe of the card's state: profiles, eIM configuration, queued notifications and results. */
  async observableState(): Promise<unknown> {
    const c = this.ipa.codec;
    const json = (type: string, v: unknown) => c.toJSON(type, v);
    return {
      profiles: json('ProfileInfoListResponse', await this.ipa.es10('ProfileInfoListRequest', {})),
      eims: json('GetEimConfigurationDataResponse', await this.ipa.es10('GetEimConfigurationDataRequest', {})),
      notifications: json('ListNotificationResponse', await this.ipa.es10('ListNotificationRequest', {})),
      results: json('RetrieveNotificationsListResponse', await this.ipa.es10('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } })),
    };
  }
}

/** The scenario's bench, built on first use. */
export function euiccBench(ctx: ScenarioContext): Promise<EuiccBench> {
  return ctx.bench('euicc', async () => new EuiccBench(ctx, await openCardLink(ctx)));
}
