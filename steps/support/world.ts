/**
 * The Cucumber World: one per scenario, holding the scenario's trace, its benches and what must be
 * closed at the end. Steps reach their suite bench through `bench(key, create)`; no protocol state
 * lives here.
 */
import { IWorldOptions, setWorldConstructor, World } from '@cucumber/cucumber';
import { HarnessConfig } from '../../src/bench/config';
import type { CampaignResult } from '../../src/bench/fuzz/campaign';
import type { FuzzOverrides } from '../../src/bench/fuzz/plan';
import type { FuzzTarget } from '../../src/bench/fuzz/target';
import { pkiStore, ScenarioContext, ScenarioInfo } from '../../src/bench/scenario';
import { ScenarioTrace } from '../../src/bench/trace';
import { PkiStore } from '../../src/pki';

export interface RunParameters {
  config: HarnessConfig;
  /** Set by `sgp32 fuzz`: its --runs/--duration/--seed/--replay. */
  fuzz?: FuzzOverrides;
}

export class HarnessWorld extends World<RunParameters> implements ScenarioContext {
  readonly config: HarnessConfig;
  readonly trace: ScenarioTrace;
  scenario: ScenarioInfo = { name: '', tags: [] };
  readonly closers: (() => unknown)[] = [];
  private readonly benches = new Map<string, Promise<unknown>>();
  /** The fuzz scenario's target and, once run, its campaign. */
  fuzz?: { target: FuzzTarget; result?: CampaignResult };

  constructor(options: IWorldOptions<RunParameters>) {
    super(options);
    this.config = options.parameters.config;
    this.trace = new ScenarioTrace(this.config.version);
  }

  get pkiDir(): string {
    if (!this.config.pki) throw new Error('the run has no PKI directory (sgp32 run sets config.pki)');
    return this.config.pki;
  }
  get pki(): PkiStore {
    return pkiStore(this.pkiDir);
  }

  defer(close: () => unknown): void {
    this.closers.push(close);
  }

  note(text: string): void {
    this.attach(text, { mediaType: 'text/plain', fileName: 'note' });
  }

  bench<T>(key: string, create: () => Promise<T>): Promise<T> {
    let b = this.benches.get(key);
    if (!b) this.benches.set(key, (b = create()));
    return b as Promise<T>;
  }
}

setWorldConstructor(HarnessWorld);
