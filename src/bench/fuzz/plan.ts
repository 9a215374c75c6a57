/**
 * How many cases a fuzz scenario runs and from which seed: the scenario's own parameters, unless
 * `sgp32 fuzz` overrides them (`--runs`, `--duration`, `--seed`, `--replay`) through the run's world
 * parameters. A progress sink set by the command sees every campaign of the run.
 */
import type { Progress } from './campaign';

export interface FuzzOverrides {
  runs?: number;
  durationMs?: number;
  seed?: number;
  /** fast-check path of a recorded counterexample: replay it from `seed` and stop. */
  replay?: string;
}

export interface FuzzPlan {
  runs?: number;
  durationMs?: number;
  seed: number;
  path?: string;
}

export function fuzzPlan(scenario: { runs: number; seed: number }, o: FuzzOverrides = {}): FuzzPlan {
  const seed = o.seed ?? scenario.seed;
  if (o.replay !== undefined) return { seed, path: o.replay };
  if (o.durationMs !== undefined) return { seed, durationMs: o.durationMs };
  return { seed, runs: o.runs ?? scenario.runs };
}

export function describePlan(p: FuzzPlan): string {
  if (p.path !== undefined) return `replay of seed ${p.seed} path ${p.path}`;
  return `${p.durationMs !== undefined ? `${p.durationMs / 1000} s` : `${p.runs} cases`} from seed ${p.seed}`;
}

type Sink = (scenario: string, p: Progress) => void;
let sink: Sink | undefined;

export function setProgressSink(s: Sink | undefined): void {
  sink = s;
}

export function progressSink(scenario: string): ((p: Progress) => void) | undefined {
  const s = sink;
  return s && ((p) => s(scenario, p));
}
