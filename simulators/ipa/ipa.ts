/**
 * S_IPA: an IPAd (SGP.32 §3.1) driving an eUICC through any card connector. Each poll cycle opens a
 * logical channel, reads the EID, the eIM configuration and the pending notifications, delivers
 * those, asks the eIM for a package (ESipa GetEimPackage, with notifyStateChange when the device's
 * state changed) and executes what comes: an eUICC Package (ES10b.LoadEuiccPackage, result back with
 * ProvideEimPackageResult, rollback after lost connectivity), an eUICC data request, or a profile
 * download (indirect through the eIM, or direct over ES9+). With injection served, the eIM can push
 * a package instead (TransferEimPackage). Cycles and injected packages take turns on the card.
 *
 * A cycle never throws: its CycleReport says what happened and keeps the error that ended it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { codec, Codec, DEFAULT_VERSION, SpecVersion } from '../../src/asn1';
import { AsnValue, esipaInjectServer, HttpServer, ServerTls } from '../../src/transport/http';
import { Cycle, CycleHost, withCycle } from './cycle';
import { ipaEuiccDataResponse } from './data-request';
import { profileDownload } from './download';
import { ES10 } from './es10';
import { packageResult, provideEimPackageResult } from './eim-result';
import { executeEuiccPackage, loadEuiccPackage, noteListed } from './euicc-package';
import { deliverNotifications, pendingNotifications, removeNotifications } from './notifications';
import { SimIpaOptions, StateChangeCause } from './options';
import { choiceFrom, codeName, codeNumber, content } from './relay';
import { CycleReport, newReport, PackageKind } from './report';

export interface RunOptions {
  /** Pause between cycles that brought no package (an eIM with a package may have more: the next poll follows at once). */
  intervalMs: number;
  signal?: AbortSignal;
  onReport?: (report: CycleReport) => void;
}

export interface InjectionOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** HTTPS credential; without it the IPA's `insecureHttp` must allow plain HTTP. */
  tls?: ServerTls;
  /** Told of each injected package's report (also kept in `injections`). */
  onReport?: (report: CycleReport) => void;
}

export class SimIpa {
  readonly version: SpecVersion;
  readonly codec: Codec;
  /** One report per injected package (and per download an injected trigger started), in order. */
  readonly injections: CycleReport[] = [];
  private readonly log: (line: string) => void;
  private cause: StateChangeCause | undefined;
  private powered = false;
  private turns: Promise<unknown> = Promise.resolve();
  private injection: HttpServer | undefined;
  private onInjection: ((report: CycleReport) => void) | undefined;

  constructor(readonly options: SimIpaOptions) {
    this.version = options.version ?? DEFAULT_VERSION;
    this.codec = codec('SGP32Definitions', this.version);
    this.log = options.log ?? (() => undefined);
  }

  /**
   * A local state change (StateChangeCause) the eIM hears of with the next
   * GetEimPackageRequest: notifyStateChange, and in v1.2 stateChangeCause.
   */
  notifyStateChange(cause: StateChangeCause = 'undefined'): void {
    this.cause = cause;
  }

  /** One poll cycle. */
  pollOnce(): Promise<CycleReport> {
    return this.exclusive(() => withCycle(this.host(), newReport('poll'), (cycle) => this.poll(cycle)));
  }

  /** Polls until `signal` aborts. */
  async run(o: RunOptions): Promise<void> {
    while (!o.signal?.aborted) {
      const report = await this.pollOnce();
      o.onReport?.(report);
      const more = report.ok && report.package !== undefined && report.package !== 'eimPackageError';
      if (more) continue;
      try {
        await sleep(o.intervalMs, undefined, { signal: o.signal });
      } catch {
        return;
      }
    }
  }

  /** Serves ESipa TransferEimPackage (eIM Package injection, ipaInjectHttps); resolves once listening. */
  async serveInjection(o: InjectionOptions = {}): Promise<HttpServer> {
    this.onInjection = o.onReport;
    this.injection = await esipaInjectServer({
      version: this.version,
      handlers: { transferEimPackage: (request, ctx) => this.inject(request, ctx.body) },
      host: o.host,
      port: o.port,
      tls: o.tls,
      insecureHttp: !o.tls && this.options.insecureHttp === true,
      trace: this.options.trace,
      log: (note) => this.log(`esipa injection ${note.status} ${note.reason}`),
    });
    return this.injection;
  }

  /** Stops serving injection, waits for the card's turn, and powers the card down. */
  async close(): Promise<void> {
    const injection = this.injection;
    this.injection = undefined;
    await injection?.close();
    await this.exclusive(async () => {
      this.powered = false;
      await this.options.card.close();
    });
  }

  private host(): CycleHost {
    return {
      options: this.options,
      version: this.version,
      codec: this.codec,
      log: this.log,
      injection: this.injection !== undefined,
      connect: async () => {
        if (this.powered) return;
        await this.options.card.connect();
        this.powered = true;
      },
      linkLost: () => {
        this.powered = false;
      },
      stateChanged: (cause) => {
        this.cause = cause;
      },
    };
  }

  private injected(report: CycleReport): void {
    this.injections.push(report);
    this.onInjection?.(report);
  }

  /** Runs `work` when the card is free. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turns.then(work, work);
    this.turns = run.catch(() => undefined);
    return run;
  }

  private async poll(cycle: Cycle): Promise<void> {
    const listing = await cycle.card.call(ES10.retrieveNotificationsList, {});
    await deliverNotifications(cycle, pendingNotifications(cycle.codec, listing));

    const cause = this.cause;
    const v12 = this.version === 'v1.2';
    const request = {
      eidValue: cycle.eid,
      ...(cause !== undefined && { notifyStateChange: null, ...(v12 && { stateChangeCause: codeNumber(this.codec, cause, 'StateChangeCause') }) }),
    };
    if (cause !== undefined) cycle.report.stateChange = v12 ? cause : 'notifyStateChange';
    const answer = await cycle.eim.expect('getEimPackageRequest', cycle.eim.encode('getEimPackageRequest', request), 'getEimPackageResponse');
    // The eIM has heard of the change; one made while this cycle runs goes with the next poll.
    if (this.cause === cause) this.cause = undefined;

    const [kind] = Object.keys(answer.value) as PackageKind[];
    const value = answer.value[kind];
    cycle.report.package = kind;
    switch (kind) {
      case 'eimPackageError':
        // Nothing to do; the cycle ends without another request (TTCN TC_get_eim_pkg_req_rej).
        cycle.report.eimPackageError = codeName(this.codec, value, 'GetEimPackageResponse', 'eimPackageError');
        return;
      case 'euiccPackageRequest':
        return executeEuiccPackage(cycle, answer.inner, value);
      case 'ipaEuiccDataRequest':
        await provideEimPackageResult(cycle, 'ipaEuiccDataResponse', await ipaEuiccDataResponse(cycle, value));
        return;
      case 'profileDownloadTriggerRequest':
        return profileDownload(cycle, value);
    }
  }

  /** TransferEimPackage: the injected package runs in a cycle of its own; the answer is TransferEimPackageResponse. */
  private inject(request: AsnValue, body: Uint8Array): Promise<AsnValue> {
    return this.exclusive(async () => {
      let response: AsnValue | undefined;
      const report = await withCycle(this.host(), newReport('injection'), async (cycle) => {
        response = await this.transfer(cycle, request, content(body));
      });
      this.injected(report);
      return response ?? { eimPackageError: codeNumber(this.codec, 'undefinedError', 'TransferEimPackageResponse', 'eimPackageError') };
    });
  }

  private async transfer(cycle: Cycle, request: AsnValue, inner: Uint8Array): Promise<AsnValue> {
    const [kind] = Object.keys(request) as PackageKind[];
    const value = request[kind];
    const c = this.codec;
    const answer = (alternative: string, whole: Uint8Array): AsnValue =>
      c.decode('TransferEimPackageResponse', choiceFrom(c.node('TransferEimPackageResponse'), alternative, whole));
    cycle.report.package = kind;
    switch (kind) {
      case 'euiccPackageRequest': {
        const loaded = await loadEuiccPackage(cycle, inner);
        const result = packageResult(cycle, loaded.result, loaded.listing);
        if (result.alternative === 'ePRAndNotifications') noteListed(cycle, loaded.listing);
        return answer(result.alternative, result.whole);
      }
      case 'ipaEuiccDataRequest':
        return answer('ipaEuiccDataResponse', await ipaEuiccDataResponse(cycle, value));
      case 'eimAcknowledgements': {
        const acks = (value as (number | bigint)[]).map(Number);
        cycle.report.acknowledged.push(...acks);
        await removeNotifications(cycle, acks);
        return { eimPackageReceived: null };
      }
      default:
        // profileDownloadTriggerRequest: acknowledged now, downloaded in the next turn on the card,
        // since the download itself talks to the eIM that is waiting for this answer.
        void this.exclusive(() => withCycle(this.host(), newReport('injection'), (next) => profileDownload(next, value)))
          .then((report) => this.injected(report));
        return { eimPackageReceived: null };
    }
  }
}
