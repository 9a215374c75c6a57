/**
 * What a suite's test bench gets from the running scenario: the configuration, the trace its
 * transports record into, the PKI, and a place to register what must be closed when the scenario
 * ends. The Cucumber World implements it; benches never see Cucumber.
 */
import { PkiStore } from '../pki';
import { HarnessConfig } from './config';
import { ScenarioTrace } from './trace';

export interface ScenarioInfo {
  readonly name: string;
  /** From the `@id:` tag. */
  readonly id?: string;
  readonly tags: readonly string[];
}

export interface ScenarioContext {
  readonly config: HarnessConfig;
  readonly trace: ScenarioTrace;
  readonly scenario: ScenarioInfo;
  /** The PKI every simulator of the run shares (`config.pki`). */
  readonly pki: PkiStore;
  readonly pkiDir: string;
  /** Runs `close` when the scenario ends, last registered first, whatever the verdict. */
  defer(close: () => unknown): void;
  /** A line of evidence on the current step (IUT output, adapter actions, operator prompts). */
  note(text: string): void;
  /** The suite bench of this scenario, built once by `create` and kept until the scenario ends. */
  bench<T>(key: string, create: () => Promise<T>): Promise<T>;
}

const stores = new Map<string, PkiStore>();

/** The PKI store of a directory, read once per process. */
export function pkiStore(dir: string): PkiStore {
  let s = stores.get(dir);
  if (!s) stores.set(dir, (s = PkiStore.fromManifest(dir)));
  return s;
}
