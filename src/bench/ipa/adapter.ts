/**
 * The IPA under test as the bench drives it: one call per poll cycle a scenario asks for. Three
 * kinds: the embedded S_IPA (SimIpa in this process, one pollOnce per cycle), a command launched
 * per cycle (launch.ts), and an IPA that polls by itself (the bench waits for its next cycle).
 */
import { ScenarioTrace } from '../trace';
import { CardConnector } from '../../transport/card';
import { HttpServer, TlsCredential, TrustedCert } from '../../transport/http';
import { SimIpa } from '../../../simulators/ipa/ipa';
import { StateChangeCause } from '../../../simulators/ipa/options';
import { summary } from '../../../simulators/ipa/report';

/** What a scenario needs of the IPA for the whole scenario. */
export interface IpaNeeds {
  /** The AddInitialEimRequest file the IPA gives a virgin card. */
  addInitialEim?: boolean;
  compact?: boolean;
  direct?: boolean;
}

/** What one poll cycle needs: a local state change the IPA is to report. */
export interface CycleNeeds {
  stateChange?: StateChangeCause;
}

export interface CycleOutcome {
  /** One line on how the IPA saw the cycle (its report, its exit code), for the evidence. */
  summary: string;
}

export interface IpaAdapter {
  cycle(needs: CycleNeeds): Promise<CycleOutcome>;
  close(): Promise<void>;
}

export class IpaAdapterError extends Error {
  override readonly name = 'IpaAdapterError';
}

export interface EmbeddedIpaOptions {
  connector: CardConnector;
  version: 'v1.2' | 'v1.0';
  trust: readonly TrustedCert[];
  insecureHttp: boolean;
  smdpUrls: Record<string, string>;
  addInitialEim?: Uint8Array;
  needs: IpaNeeds;
  httpMs: number;
}

/** SimIpa in-process. Its ESipa and ES9+ traffic is recorded by S_eIM and S_SM-DP+, its APDUs by the card link. */
export class EmbeddedIpa implements IpaAdapter {
  readonly ipa: SimIpa;
  private readonly lines: string[] = [];

  constructor(o: EmbeddedIpaOptions) {
    this.ipa = new SimIpa({
      card: o.connector, version: o.version, trust: o.trust, insecureHttp: o.insecureHttp, smdpUrls: o.smdpUrls,
      compact: o.needs.compact, directDownload: o.needs.direct, addInitialEim: o.needs.addInitialEim ? o.addInitialEim : undefined,
      timeouts: { httpMs: o.httpMs }, log: (l) => this.lines.push(l),
    });
  }

  async cycle(needs: CycleNeeds): Promise<CycleOutcome> {
    if (needs.stateChange) this.ipa.notifyStateChange(needs.stateChange);
    this.lines.length = 0;
    const report = await this.ipa.pollOnce();
    return { summary: `S_IPA cycle: ${summary(report)}\n${this.lines.join('\n')}` };
  }

  /** TransferEimPackage served for the eIM (ipaInjectHttps). */
  serveInjection(tls: TlsCredential | undefined): Promise<HttpServer> {
    return this.ipa.serveInjection({ tls: tls && { credential: tls } });
  }

  close(): Promise<void> {
    return this.ipa.close();
  }
}

/** How long the traffic of a self-polling IPA must pause before its cycle counts as over. */
const QUIET_MS = 1500;

/** An IPA that polls by itself: a cycle is its next GetEimPackageRequest and everything up to a pause. */
export class RunningIpa implements IpaAdapter {
  constructor(private readonly trace: ScenarioTrace, private readonly timeoutMs: number) {}

  async cycle(needs: CycleNeeds): Promise<CycleOutcome> {
    if (needs.stateChange) throw new IpaAdapterError('a running IPA cannot be told of a local state change; launch it per scenario instead');
    const mark = this.trace.mark();
    const deadline = Date.now() + this.timeoutMs;
    const polled = () => this.trace.since(mark).some((m) => m.title === 'GetEimPackageRequest');
    while (!polled()) {
      if (Date.now() > deadline) throw new IpaAdapterError(`the running IPA sent no GetEimPackageRequest within ${this.timeoutMs} ms`);
      await sleep(100);
    }
    for (;;) {
      const last = this.trace.messages[this.trace.messages.length - 1]?.time ?? 0;
      if (Date.now() - last >= QUIET_MS) break;
      if (Date.now() > deadline) throw new IpaAdapterError(`the running IPA's cycle did not end within ${this.timeoutMs} ms`);
      await sleep(100);
    }
    return { summary: `running IPA: cycle of ${this.trace.since(mark).length} messages` };
  }

  async close(): Promise<void> {
    // Not ours to stop.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
