/**
 * The ipa suite's test bench, one per scenario: S_eUICC (SEuicc) exposed to the IPA under test,
 * S_eIM (SimEim behind EimFront, so faults can be armed and every ESipa message is traced once),
 * S_SM-DP+ (SimSmdpp, reached by S_eIM on ES9+' or by the IPA directly), and the IPA adapter the
 * configuration names. Initial conditions are set on `setup` first; the simulators start on the
 * first step that needs them and the IPA on its first poll cycle, so those conditions shape both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { TraceEvent, TraceSink } from '../../transport/trace';
import { ScenarioContext } from '../scenario';
import { SimEim } from '../../../simulators/eim/eim';
import { Order } from '../../../simulators/eim/orders';
import { SimSmdpp, testInventory } from '../../../simulators/smdpp/server';
import { CycleNeeds, EmbeddedIpa, IpaAdapter, IpaNeeds, RunningIpa } from './adapter';
import { CardExposure, ExposedCard, hostPort, SEuicc } from './card';
import { EimFault, EimFront } from './eim-front';
import { LaunchedIpa } from './launch';
import { IUT, Observations, S_EIM } from './observe';

/** Initial conditions a scenario sets before the simulators start. */
export interface IpaSetup {
  /** No eIM on the card. */
  virgin: boolean;
  /** Profiles installed on the card, the first enabled when `enabledFirst`. */
  profiles: number;
  enabledFirst: boolean;
  /** Events the installed profiles want notifications for (e.g. notificationEnable). */
  notify?: string[];
  /** Whether the eIM configuration asks for indirect download (SimEim indirectDownload). */
  indirect: boolean;
  /** Curve of S_SM-DP+'s credentials (default the run's first). */
  smdpCurve?: Curve;
  needs: IpaNeeds;
}

interface Started {
  card: SEuicc;
  eim: SimEim;
  front: EimFront;
  smdpp: SimSmdpp;
  smdpUrl: string;
  exposed: ExposedCard;
  workDir: string;
  addInitialEimFile: string;
}

export class IpaBenchError extends Error {
  override readonly name = 'IpaBenchError';
}

/** How much the embedded S_IPA waits for an answer before it gives up (short, for the timeout scenarios). */
const EMBEDDED_HTTP_MS = 3000;

/** The profiles S_SM-DP+ can deliver in one scenario. */
const INVENTORY = testInventory(3);

export class IpaBench {
  readonly setup: IpaSetup = { virgin: false, profiles: 0, enabledFirst: false, indirect: true, needs: {} };
  private started?: Promise<Started>;
  private adapter?: IpaAdapter;
  private injectPort?: number;
  /** The orders this scenario queued at S_eIM, latest last. */
  readonly orders: Order[] = [];
  private iccidCounter = 0;
  /** Where each poll cycle began in the trace. */
  private readonly cycleMarks: number[] = [];

  private constructor(private readonly ctx: ScenarioContext) {}

  static of(ctx: ScenarioContext): Promise<IpaBench> {
    return ctx.bench('ipa', async () => new IpaBench(ctx));
  }

  get version() {
    return this.ctx.config.version;
  }
  private get iut() {
    return this.ctx.config.iut.ipa;
  }

  /** Starts the simulators (once); `setup` is fixed from then on. */
  start(): Promise<Started> {
    this.started ??= this.launch();
    return this.started;
  }

  private async launch(): Promise<Started> {
    const { config, pki, trace } = this.ctx;
    const s = this.setup;
    const curve = config.curves[0];
    const card = new SEuicc(pki, config.version);
    if (s.profiles) card.installProfiles(s.profiles, { enabledFirst: s.enabledFirst, notify: s.notify });

    const smdpCurve = s.smdpCurve ?? curve;
    if (!pki.has('dpAuth', smdpCurve)) throw new IpaBenchError(`the run PKI has no SM-DP+ credentials on ${smdpCurve} (config curves: ${config.curves.join(', ')})`);
    const smdpp = new SimSmdpp({ pki, curve: smdpCurve, version: config.version, profiles: INVENTORY });
    const smdpPeer = s.needs.direct ? IUT : S_EIM;
    const smdpUrls = await smdpp.start({ host: config.simulators.host, es9Port: config.simulators.smdppPort || undefined, trace: trace.sink('S_SM-DP+', smdpPeer) });
    this.ctx.defer(() => smdpp.close());

    const insecure = this.iut?.insecureHttp === true;
    const front = await EimFront.start({
      codec: codec('SGP32Definitions', config.version), tls: insecure ? undefined : pki.get('eimTls', curve),
      host: config.simulators.host, port: config.simulators.eimPort, trace: trace.sink(S_EIM, IUT), timeoutMs: config.timeouts.exchange,
    });
    this.ctx.defer(() => front.close());
    const eim = new SimEim({ pki, curve, version: config.version, smdpUrls: { [smdpp.address]: smdpUrls.es9 }, indirectDownload: s.indirect });
    // SimEim's own ESipa is the loopback hop behind the front (not traced twice); what it sends the IPA (injection) is.
    const urls = await eim.start({ insecureHttp: true, fqdn: front.hostPort, trace: this.injectionSink(trace.sink(S_EIM, IUT)) });
    this.ctx.defer(() => eim.close());
    front.forwardTo(urls.esipa);

    if (!s.virgin) await card.associate(eim.addInitialEimRequest());
    const workDir = mkdtempSync(join(tmpdir(), 'sgp32-ipa-scenario-'));
    this.ctx.defer(() => rmSync(workDir, { recursive: true, force: true }));
    const addInitialEimFile = join(workDir, 'add-initial-eim.der');
    writeFileSync(addInitialEimFile, eim.addInitialEimRequest());

    const exposed = await card.expose(this.exposure(), trace.sink('S_eUICC', IUT, 'card'), config.timeouts.iut);
    this.ctx.defer(() => exposed.close());
    return { card, eim, front, smdpp, smdpUrl: smdpUrls.es9, exposed, workDir, addInitialEimFile };
  }

  /** The injection client's messages go to the IPA: only those are recorded from SimEim. */
  private injectionSink(sink: TraceSink): TraceSink {
    return { record: (e: TraceEvent) => {
      if (this.injectPort !== undefined && e.interface === 'esipa' && e.endpoint.includes(`:${this.injectPort}`)) sink.record(e);
    } };
  }

  private exposure(): CardExposure {
    const card = this.iut?.card;
    if (!this.iut) return { kind: 'in-process' };
    if (card?.tcp) return { kind: 'tcp', ...hostPort(card.tcp, 'iut.ipa.card.tcp') };
    if (card?.vpcd) return { kind: 'vpcd', ...hostPort(card.vpcd, 'iut.ipa.card.vpcd') };
    throw new IpaBenchError('iut.ipa.card must give tcp (HOST:PORT to listen on) or vpcd (HOST:PORT of pcscd\'s vpcd driver)');
  }

  private async ipa(): Promise<IpaAdapter> {
    if (this.adapter) return this.adapter;
    const st = await this.start();
    const { config, pki } = this.ctx;
    const iut = this.iut;
    if (!iut) {
      this.adapter = new EmbeddedIpa({
        connector: st.exposed.connector!, version: config.version, trust: pki.trustedCis(), insecureHttp: false,
        smdpUrls: { [st.smdpp.address]: st.smdpUrl }, addInitialEim: Buffer.from(st.eim.addInitialEimRequest()), needs: this.setup.needs,
        httpMs: Math.min(EMBEDDED_HTTP_MS, config.timeouts.exchange),
      });
    } else if (iut.running) {
      this.adapter = new RunningIpa(this.ctx.trace, config.timeouts.iut);
    } else if (iut.launch) {
      this.adapter = new LaunchedIpa(iut.launch, {
        eimUrl: st.front.url, eimHostPort: st.front.hostPort, card: st.exposed.endpoint, cardHost: st.exposed.host ?? '', cardPort: String(st.exposed.port ?? ''),
        pkiDir: this.ctx.pkiDir, workDir: st.workDir, addInitialEim: st.addInitialEimFile, smdpUrl: st.smdpUrl, smdpAddress: st.smdpp.address, version: config.version,
      }, this.setup.needs, config.timeouts.iut, (t) => this.ctx.note(t));
    } else {
      throw new IpaBenchError('iut.ipa needs launch (a command run per poll cycle) or running: true');
    }
    const adapter = this.adapter;
    this.ctx.defer(() => adapter.close());
    return adapter;
  }

  // ---- stimuli ----

  /** One poll cycle of the IPA under test. */
  async pollCycle(needs: CycleNeeds = {}): Promise<void> {
    const adapter = await this.ipa();
    this.cycleMarks.push(this.ctx.trace.mark());
    const outcome = await adapter.cycle(needs);
    this.ctx.note(outcome.summary);
  }

  /** Queues an order at S_eIM (its northbound JSON, eid filled in). */
  async order(json: Record<string, unknown>): Promise<Order> {
    const st = await this.start();
    const order = st.eim.createOrder({ eid: st.card.eid, ...json });
    this.orders.push(order);
    return order;
  }

  /** A released S_SM-DP+ order for this card; resolves with its activation code. */
  async smdpOrder(): Promise<{ iccid: string; activationCode: string }> {
    const st = await this.start();
    const iccid = INVENTORY[this.iccidCounter++]?.iccid;
    if (!iccid) throw new IpaBenchError(`S_SM-DP+ has only ${INVENTORY.length} profiles for a scenario`);
    st.smdpp.orders.downloadOrder({ iccid, eid: st.card.eid });
    st.smdpp.orders.confirmOrder({ iccid, releaseFlag: true });
    return { iccid, activationCode: st.smdpp.activationCode(iccid) };
  }

  async armEim(type: string, fault: EimFault): Promise<void> {
    (await this.start()).front.arm(type, fault);
  }

  /** S_eIM pushes its next order (delivery inject) to the IPA's TransferEimPackage endpoint; resolves when S_eIM is done. */
  async inject(json: Record<string, unknown>): Promise<Order> {
    const st = await this.start();
    const adapter = await this.ipa();
    if (!(adapter instanceof EmbeddedIpa)) throw new IpaBenchError('eIM Package injection is driven with the embedded IPA only (its endpoint must be known)');
    const server = await adapter.serveInjection(this.iut?.insecureHttp ? undefined : this.ctx.pki.get('eimTls', this.ctx.config.curves[0]));
    this.injectPort = server.port;
    st.eim.updateEuicc(st.card.eid, { injectUrl: server.url });
    const order = await this.order({ ...json, delivery: 'inject' });
    await st.eim.settled(order.id, this.ctx.config.timeouts.iut);
    // The IPA runs the injected package in a turn of its own: wait for it.
    await adapter.ipa.close().catch(() => undefined);
    return order;
  }

  async card(): Promise<SEuicc> {
    return (await this.start()).card;
  }
  async eim(): Promise<SimEim> {
    return (await this.start()).eim;
  }

  // ---- observations ----

  observe(): Observations {
    return new Observations(this.ctx.trace.messages, this.ctx.config.version);
  }

  /** What happened in the latest poll cycle only. */
  observeLastCycle(): Observations {
    const mark = this.cycleMarks[this.cycleMarks.length - 1];
    if (mark === undefined) throw new IpaBenchError('no poll cycle has run yet');
    return new Observations(this.ctx.trace.since(mark), this.ctx.config.version);
  }
}

