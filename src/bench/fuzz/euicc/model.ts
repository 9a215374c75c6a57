/**
 * What the fuzzer knows of the card, and how it keeps the card fuzzable. Setup brings the card to a
 * known state as the eUICC suite does (memory reset, the fuzz eIM associated, test profile A
 * downloaded, notifications removed) and records the download's AuthenticateServer and
 * PrepareDownload for the stale-session cases. Accepted cases may undo that (a valid memory reset
 * wipes the eIM); they mark the model dirty and the next `state()` — which the campaign calls at the
 * end of the very batch that accepted something — re-establishes it before reading, so rejected
 * batches never see the card change under them.
 */
import { toHex } from '../../../asn1';
import { peekTag } from '../../../asn1/nodes';
import { buildTestProfile } from '../../../profile';
import { DownloadServer } from '../../../../simulators/smdpp/download';
import type { ScenarioContext } from '../../scenario';
import { EuiccBench } from '../../euicc/bench';
import { iccidBcd, iccidOf } from '../../euicc/profiles';
import { SMDP_ADDRESS } from '../../euicc/s-smdpp';
import type { FuzzCardLink } from './card';
import { FUZZ_EIM_ID } from './eim';
import type { Es10Routes } from './routing';

/** Results and notifications the card may hold before the fuzzer removes them (cards keep a few dozen). */
const MAX_KEPT_NOTIFICATIONS = 16;
/** Everything a memory reset can wipe; v1.0 has SGP.22's BF34 type, whose bits 3 and 4 SGP.32 v1.0 added unnamed. */
const RESET_OPTIONS = {
  'v1.2': ['deleteOperationalProfiles', 'deleteFieldLoadedTestProfiles', 'resetDefaultSmdpAddress', 'resetEimConfigData', 'resetImmediateEnableConfig'],
  'v1.0': ['deleteOperationalProfiles', 'deleteFieldLoadedTestProfiles', 'resetDefaultSmdpAddress', 'bit3', 'bit4'],
};

export class CardModel {
  /** The fuzz eIM's counter as the card stores it. */
  counter = 0;
  associationToken: number | undefined;
  /** The fuzz eIM is associated for sure (false after any accepted state-changing case, until `state()`). */
  associated = false;
  /** Sequence numbers of the card's notifications and stored results. */
  seqNumbers: number[] = [];
  /** The last package the card executed, for the whole-package replay. */
  lastAccepted: Uint8Array | undefined;
  dirty = false;
  /** ES10 commands of the setup download, stale once it ended. */
  stale: { authenticateServer?: Uint8Array; prepareDownload?: Uint8Array } = {};
  private bench?: { generation: number; bench: EuiccBench };

  constructor(private readonly ctx: ScenarioContext, private readonly card: FuzzCardLink, private readonly routes: Es10Routes) {}

  /** Test profile A, the one the fuzzer's PSMOs and ES10c commands act on. */
  get iccid(): string {
    return iccidOf('A');
  }

  /** The eUICC suite's bench on the current link (rebuilt after a reconnection). */
  async suite(): Promise<EuiccBench> {
    const link = await this.card.link();
    if (this.bench?.generation !== this.card.generation) this.bench = { generation: this.card.generation, bench: new EuiccBench(this.ctx, link) };
    return this.bench.bench;
  }

  /** ES10 `request` with `value`, answered decoded (a status word or link failure throws). */
  async es10<T = any>(request: string, value: unknown): Promise<T> {
    const r = this.routes.byRequest(request);
    return r.codec.decode<T>(r.response, await this.card.send(r.codec.encode(request, value)));
  }

  /** Memory reset, the fuzz eIM associated, profile A downloaded, notifications removed. */
  async establish(): Promise<void> {
    const version = this.ctx.config.version;
    if (version === 'v1.2') await this.es10('DisableEmergencyProfileRequest', { refreshFlag: false });
    await this.es10('EuiccMemoryResetRequest', { resetOptions: RESET_OPTIONS[version] });
    await this.removeNotifications();
    const eim = await (await this.suite()).associate({ eimId: FUZZ_EIM_ID });
    this.associationToken = eim.associationToken;
    const curve = this.ctx.pki.curves[0];
    const server = DownloadServer.fromStore(this.ctx.pki, { serverAddress: SMDP_ADDRESS, version, curve, profile: buildTestProfile({ iccid: this.iccid }) });
    await server.downloadTo((bytes) => {
      const tag = peekTag(bytes);
      if (tag === 0xbf38) this.stale.authenticateServer ??= bytes;
      if (tag === 0xbf21) this.stale.prepareDownload ??= bytes;
      return this.card.send(bytes);
    });
    await this.removeNotifications();
  }

  async removeNotifications(): Promise<void> {
    for (const seqNumber of (await this.read()).seqNumbers) await this.es10('NotificationSentRequest', { seqNumber });
  }

  /** Restores what accepted cases may have undone: the eIM, profile A, room in the notification store, no eCall. */
  async repair(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.ctx.config.version === 'v1.2') await this.es10('DisableEmergencyProfileRequest', { refreshFlag: false });
    const s = await this.read();
    const eim = s.eims.find((e) => e.eimId === FUZZ_EIM_ID);
    const profile = s.profiles.some((p) => p.iccid !== undefined && toHex(p.iccid) === toHex(iccidBcd('A')));
    if (!eim || s.eims.length > 2 || !profile) await this.establish();
    else if (s.seqNumbers.length > MAX_KEPT_NOTIFICATIONS) await this.removeNotifications();
  }

  /** The state digest the campaign compares, read after `repair`; it also refreshes the model. */
  async digest(): Promise<string> {
    await this.repair();
    const s = await this.read();
    const eim = s.eims.find((e) => e.eimId === FUZZ_EIM_ID);
    this.associated = eim !== undefined;
    if (eim) {
      this.counter = Number(eim.counterValue ?? 0);
      if (eim.associationToken !== undefined) this.associationToken = Number(eim.associationToken);
    }
    this.seqNumbers = s.seqNumbers;
    const c = this.routes.byRequest('GetEimConfigurationDataRequest').codec;
    return JSON.stringify({
      eims: c.toJSON('GetEimConfigurationDataResponse', { eimConfigurationDataList: s.eims }),
      profiles: c.toJSON('ProfileInfoListResponse', { profileInfoListOk: s.profiles }),
      seqNumbers: s.seqNumbers,
    });
  }

  private async read() {
    const { eimConfigurationDataList: eims = [] } = await this.es10('GetEimConfigurationDataRequest', {});
    const profiles = await this.es10('ProfileInfoListRequest', {});
    const { notificationMetadataList = [] } = await this.es10('ListNotificationRequest', {});
    const results = await this.es10('RetrieveNotificationsListRequest', { searchCriteria: { euiccPackageResults: null } });
    const seqNumbers: number[] = [
      ...notificationMetadataList.map((m: { seqNumber: number | bigint }) => Number(m.seqNumber)),
      ...(results.euiccPackageResultList ?? []).flatMap((r: Record<string, any>) => {
        const n = r.euiccPackageResultSigned?.euiccPackageResultDataSigned?.seqNumber;
        return n === undefined ? [] : [Number(n)];
      }),
    ].sort((a, b) => a - b);
    return { eims: eims as Record<string, any>[], profiles: (profiles.profileInfoListOk ?? []) as Record<string, any>[], seqNumbers };
  }
}
