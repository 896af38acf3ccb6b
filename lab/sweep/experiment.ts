/**
 * Experiment files (experiments/*.yaml): what a sweep tunes, on which workloads, and
 * how it decides. Validated key by key; a bad file is a UsageError naming the file, the
 * key and the allowed values (exit 2).
 *
 *   name: tune-all
 *   description: free text
 *   workloads: [fib, sieve]          # or "all": every workload that the starting
 *                                   # configuration builds and runs correctly
 *   metric: time                    # time (wall ns, interleaved) | gas (deterministic)
 *   strategy: greedy                # grid | random | greedy (coordinate descent)
 *   baseline:                       # pins: these knobs override results/best.yaml
 *     backend: jit                  #   for this experiment's starting point
 *   axes:                           # knob -> values; greedy visits them in this order
 *     opt-level: [2, 3, s]
 *     inline-threshold: [50, 1000]
 *   acceptance: { min-improvement: 0.02, confidence: 0.95 }
 *   timing: { rounds: 10, samples-per-round: 3, round-ms: 40 }   # per side per round:
 *                                   # >= 3 samples, and enough to fill 40 ms
 *   budget: 20                      # trials at most (--budget overrides)
 *   max-passes: 3                   # greedy: sweeps over all axes at most
 *   seed: 1                         # random: order of the grid
 *
 * Axes: backend, isa (the ISA profile, which fixes the gas model), toolchain,
 * opt-level, inline-threshold, extensions, passes (lab/sweep/config.ts). Top-level
 * `backend:` and `isa:` are shorthands for the same pins under `baseline:`.
 */
import { parseDocument } from "yaml";
import { UsageError } from "../command.ts";
import { smallestSignedRankP } from "../stats/compare.ts";
import { AXES, type Axis, type BuildConfig, type Config, DEFAULT_CONFIG, axisValue } from "./config.ts";

export type { BuildConfig, Config } from "./config.ts";
export { AXES, EXTENSIONS, OPT_LEVELS, PASSES, configKey, configLabel, normaliseSet } from "./config.ts";
/** The default configuration (kept under its old name for lab/bench and lab/commands/build). */
export const DEFAULT_BASELINE: Config = DEFAULT_CONFIG;

export const STRATEGIES = ["grid", "random", "greedy"] as const;
export const METRICS = ["time", "gas"] as const;

export interface Experiment {
  name: string;
  file: string;
  description: string;
  workloads: string[];
  /** `workloads: all`: every workload of experiments/workloads; those the starting configuration cannot run are left out */
  allWorkloads: boolean;
  metric: (typeof METRICS)[number];
  strategy: (typeof STRATEGIES)[number];
  /** knobs the experiment pins over the best-known configuration */
  pins: Partial<Config>;
  /** axis -> values, in the file's order */
  axes: Partial<Record<Axis, Array<string | number>>>;
  acceptance: { minImprovement: number; confidence: number };
  /** rounds of interleaved timing; samples per side per round: at least samplesPerRound, enough to fill roundMs */
  timing: { rounds: number; samplesPerRound: number; roundMs: number };
  /** trials at most (a trial = one configuration measured against the baseline) */
  budget?: number;
  maxPasses: number;
  seed: number;
}

const TOP_KEYS = ["name", "description", "workloads", "backend", "isa", "metric", "strategy", "baseline", "axes", "acceptance", "timing", "budget", "max-passes", "seed"];

/** Parses and validates experiment YAML `text` from `file`; `knownWorkloads` are the valid names. */
export function parseExperiment(text: string, file: string, knownWorkloads: readonly string[]): Experiment {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : "";
    throw new UsageError(`${file}${at}: YAML error: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  const raw = doc.toJS() as unknown;
  const bad = (key: string, problem: string): never => {
    throw new UsageError(`${file}: key "${key}": ${problem}`);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) bad("(top level)", "expected a mapping");
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) bad(k, `unknown key; allowed: ${TOP_KEYS.join(", ")}`);

  const str = (key: string, v: unknown): string => (typeof v === "string" && v ? v : bad(key, v === undefined ? "missing" : "expected a non-empty string"));
  const pick = <T extends string>(key: string, v: unknown, allowed: readonly T[], fallback: T): T => {
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) bad(key, `must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`);
    return v as T;
  };
  const num = (key: string, v: unknown, min: number, max: number, fallback?: number, integer = false): number => {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      bad(key, `must be ${integer ? "an integer" : "a number"} in [${min}, ${max}] (got ${JSON.stringify(v)})`);
    }
    return v as number;
  };
  const mapping = (key: string, v: unknown, allowed: readonly string[]): Record<string, unknown> => {
    if (v === undefined) return {};
    if (v === null || typeof v !== "object" || Array.isArray(v)) return bad(key, "expected a mapping");
    for (const k of Object.keys(v)) if (!allowed.includes(k)) bad(`${key}.${k}`, `unknown key; allowed: ${allowed.join(", ")}`);
    return v as Record<string, unknown>;
  };
  const value = (key: string, axis: Axis, v: unknown): string | number => {
    const r = axisValue(axis, v);
    return "value" in r ? r.value : bad(key, r.problem);
  };

  const workloadsRaw = o.workloads;
  const allWorkloads = workloadsRaw === "all";
  if (!allWorkloads && (!Array.isArray(workloadsRaw) || workloadsRaw.length === 0)) bad("workloads", 'expected "all" or a non-empty list of workload names');
  const workloads = allWorkloads ? [...knownWorkloads] : (workloadsRaw as unknown[]).map((w, i) => {
    const name = str(`workloads[${i}]`, w);
    if (!knownWorkloads.includes(name)) bad(`workloads[${i}]`, `unknown workload "${name}"; known: ${knownWorkloads.join(", ")}`);
    return name;
  });

  const pins: Record<string, string | number> = {};
  for (const k of ["backend", "isa"] as const) if (o[k] !== undefined) pins[k] = value(k, k, o[k]);
  const b = mapping("baseline", o.baseline, AXES);
  for (const axis of AXES) if (b[axis] !== undefined) pins[axis] = value(`baseline.${axis}`, axis, b[axis]);

  const a = mapping("axes", o.axes, AXES);
  const axes: Experiment["axes"] = {};
  for (const axis of Object.keys(a) as Axis[]) {
    const vals = a[axis];
    if (!Array.isArray(vals) || vals.length === 0) bad(`axes.${axis}`, "expected a non-empty list of values");
    axes[axis] = (vals as unknown[]).map((v, i) => value(`axes.${axis}[${i}]`, axis, v));
  }
  if (Object.keys(axes).length === 0) bad("axes", `missing: name at least one of ${AXES.join(", ")}`);

  const metric = pick("metric", o.metric, METRICS, "time");
  // Gas of one profile is not in the unit of another (1 per instruction vs pipeline
  // cycles): a gas "improvement" across profiles would be meaningless.
  if (metric === "gas" && axes.isa) bad("axes.isa", "cannot be tuned with metric gas: gas models count in different units");

  const acc = mapping("acceptance", o.acceptance, ["min-improvement", "confidence"]);
  const tim = mapping("timing", o.timing, ["rounds", "samples-per-round", "round-ms"]);
  const confidence = num("acceptance.confidence", acc.confidence, 0.5, 0.999, 0.95);
  const rounds = num("timing.rounds", tim.rounds, 2, 1000, 10, true);
  // The signed-rank test over n round pairs cannot go below p = 2/2^n.
  if (metric === "time" && smallestSignedRankP(rounds) >= 1 - confidence) {
    let need = rounds;
    while (smallestSignedRankP(need) >= 1 - confidence) need++;
    bad("timing.rounds", `${rounds} rounds can never be significant at confidence ${confidence} (need at least ${need})`);
  }
  return {
    name: str("name", o.name),
    file,
    description: o.description === undefined ? "" : str("description", o.description),
    workloads,
    allWorkloads,
    metric,
    strategy: pick("strategy", o.strategy, STRATEGIES, "grid"),
    pins: pins as Partial<Config>,
    axes,
    acceptance: {
      minImprovement: num("acceptance.min-improvement", acc["min-improvement"], 0, 0.9, 0.02),
      confidence,
    },
    timing: {
      rounds,
      samplesPerRound: num("timing.samples-per-round", tim["samples-per-round"], 1, 1000, 3, true),
      roundMs: num("timing.round-ms", tim["round-ms"], 0, 60000, 40),
    },
    budget: o.budget === undefined ? undefined : num("budget", o.budget, 1, 1_000_000, undefined, true),
    maxPasses: num("max-passes", o["max-passes"], 1, 100, 3, true),
    seed: num("seed", o.seed, 0, 2 ** 31, 1, true),
  };
}

/** The starting configuration: the best-known one with the experiment's pins applied. */
export function startingConfig(exp: Experiment, best: Config | undefined): Config {
  return { ...DEFAULT_CONFIG, ...(best ?? {}), ...exp.pins };
}

/**
 * What a promotion writes to results/best.yaml: the previous best with only the
 * experiment's tuned axes taken from the promoted configuration, so an experiment that
 * pins a knob (say the interpreter) does not overwrite that knob for everyone.
 */
export function promotedBest(exp: Experiment, previousBest: Config | undefined, promoted: Config): Config {
  const out: Config = { ...DEFAULT_CONFIG, ...(previousBest ?? {}) };
  for (const axis of Object.keys(exp.axes) as Axis[]) (out as unknown as Record<string, unknown>)[axis] = promoted[axis];
  return out;
}

/** The build knobs of a configuration (what the guest build pipeline reads). */
export function buildPart(c: Config): BuildConfig {
  return { toolchain: c.toolchain, "inline-threshold": c["inline-threshold"], "opt-level": c["opt-level"], extensions: c.extensions, passes: c.passes };
}
