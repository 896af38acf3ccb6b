/**
 * Experiment files (experiments/*.yaml): what a sweep tunes, on which workloads, and
 * how it decides. Validated key by key; a bad file is a UsageError naming the file, the
 * key and the allowed values (exit 2).
 *
 *   name: smoke
 *   workloads: [fib, sieve]
 *   backend: interpreter            # execution backend of every trial
 *   isa: gp-0.7
 *   metric: time                    # time (wall, ns) | gas (deterministic)
 *   strategy: grid                  # grid | random
 *   baseline: { toolchain: rust-1.96, inline-threshold: 275, opt-level: "3" }
 *   axes: { inline-threshold: [50, 1000] }
 *   acceptance: { min-improvement: 0.02, confidence: 0.95 }
 *   timing: { rounds: 6, samples-per-round: 3 }
 */
import { parseDocument } from "yaml";
import { ISA_PROFILES, type IsaProfile } from "../../engine/isa/index.ts";
import { BACKEND_NAMES } from "../backends.ts";
import { UsageError } from "../command.ts";

/** One point of the build space. Keys are the YAML axis names. */
export interface BuildConfig {
  toolchain: string;
  "inline-threshold": number;
  "opt-level": string;
  /** RISC-V extensions beyond rv64em: "none", "all" (c,zba,zbb,zbs,zicond) or a comma list */
  extensions: string;
  /** transpiler optimisation passes: "none", "all" or a comma list of pass names */
  passes: string;
}

export const EXTENSIONS = ["c", "zba", "zbb", "zbs", "zicond"] as const;
export const PASSES = ["liveness", "peephole", "superblock", "stack-frame", "layout"] as const;

export const AXES = ["toolchain", "inline-threshold", "opt-level", "extensions", "passes"] as const;
export type Axis = (typeof AXES)[number];
export const OPT_LEVELS = ["0", "1", "2", "3", "s", "z"] as const;
export const STRATEGIES = ["grid", "random"] as const;
export const METRICS = ["time", "gas"] as const;

export interface Experiment {
  name: string;
  file: string;
  description: string;
  workloads: string[];
  backend: string;
  isa: IsaProfile;
  metric: (typeof METRICS)[number];
  strategy: (typeof STRATEGIES)[number];
  baseline: BuildConfig;
  axes: Partial<Record<Axis, Array<string | number>>>;
  acceptance: { minImprovement: number; confidence: number };
  timing: { rounds: number; samplesPerRound: number };
  /** trials at most (a trial = one configuration measured against the baseline) */
  budget?: number;
  seed: number;
}

export const DEFAULT_BASELINE: BuildConfig = { toolchain: "rust-1.96", "inline-threshold": 275, "opt-level": "3", extensions: "none", passes: "none" };

/**
 * Normalises a set-valued knob: "none", "all", or a comma list of `allowed` names
 * (sorted, deduplicated). Returns undefined when a name is not allowed.
 */
export function normaliseSet(value: string, allowed: readonly string[]): string | undefined {
  if (value === "none" || value === "all") return value;
  const parts = [...new Set(value.split(",").map((x) => x.trim()).filter(Boolean))];
  if (!parts.length || parts.some((x) => !allowed.includes(x))) return undefined;
  if (parts.length === allowed.length) return "all";
  return parts.sort((a, b) => allowed.indexOf(a) - allowed.indexOf(b)).join(",");
}

const TOP_KEYS = ["name", "description", "workloads", "backend", "isa", "metric", "strategy", "baseline", "axes", "acceptance", "timing", "budget", "seed"];

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

  const str = (key: string, v: unknown, fallback?: string): string => {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "string" || !v) return bad(key, v === undefined ? "missing" : "expected a non-empty string");
    return v;
  };
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
  const axisValue = (key: string, axis: Axis, v: unknown): string | number => {
    switch (axis) {
      case "toolchain":
        return str(key, v);
      case "inline-threshold":
        return num(key, v, 0, 100000, undefined, true);
      case "opt-level":
        return pick(key, typeof v === "number" ? String(v) : v, OPT_LEVELS, "3");
      case "extensions":
      case "passes": {
        const allowed = axis === "extensions" ? EXTENSIONS : PASSES;
        const n = typeof v === "string" ? normaliseSet(v, allowed) : undefined;
        if (n === undefined) bad(key, `must be "none", "all" or a comma list of ${allowed.join(", ")} (got ${JSON.stringify(v)})`);
        return n!;
      }
    }
  };

  const workloadsRaw = o.workloads;
  if (!Array.isArray(workloadsRaw) || workloadsRaw.length === 0) bad("workloads", "expected a non-empty list of workload names");
  const workloads = (workloadsRaw as unknown[]).map((w, i) => {
    const name = str(`workloads[${i}]`, w);
    if (!knownWorkloads.includes(name)) bad(`workloads[${i}]`, `unknown workload "${name}"; known: ${knownWorkloads.join(", ")}`);
    return name;
  });

  const b = mapping("baseline", o.baseline, AXES);
  const baseline: BuildConfig = { ...DEFAULT_BASELINE };
  for (const axis of AXES) if (b[axis] !== undefined) (baseline as unknown as Record<string, unknown>)[axis] = axisValue(`baseline.${axis}`, axis, b[axis]);

  const a = mapping("axes", o.axes, AXES);
  const axes: Experiment["axes"] = {};
  for (const axis of AXES) {
    const vals = a[axis];
    if (vals === undefined) continue;
    if (!Array.isArray(vals) || vals.length === 0) bad(`axes.${axis}`, "expected a non-empty list of values");
    axes[axis] = (vals as unknown[]).map((v, i) => axisValue(`axes.${axis}[${i}]`, axis, v));
  }
  if (Object.keys(axes).length === 0) bad("axes", `missing: name at least one of ${AXES.join(", ")}`);

  const acc = mapping("acceptance", o.acceptance, ["min-improvement", "confidence"]);
  const tim = mapping("timing", o.timing, ["rounds", "samples-per-round"]);
  return {
    name: str("name", o.name),
    file,
    description: o.description === undefined ? "" : str("description", o.description),
    workloads,
    backend: pick("backend", o.backend, BACKEND_NAMES, "interpreter"),
    isa: pick("isa", o.isa, ISA_PROFILES, "gp-0.7"),
    metric: pick("metric", o.metric, METRICS, "time"),
    strategy: pick("strategy", o.strategy, STRATEGIES, "grid"),
    baseline,
    axes,
    acceptance: {
      minImprovement: num("acceptance.min-improvement", acc["min-improvement"], 0, 0.9, 0.02),
      confidence: num("acceptance.confidence", acc.confidence, 0.5, 0.999, 0.95),
    },
    timing: {
      rounds: num("timing.rounds", tim.rounds, 1, 1000, 6, true),
      samplesPerRound: num("timing.samples-per-round", tim["samples-per-round"], 1, 1000, 3, true),
    },
    budget: o.budget === undefined ? undefined : num("budget", o.budget, 1, 1_000_000, undefined, true),
    seed: num("seed", o.seed, 0, 2 ** 31, 1, true),
  };
}

/** Stable text key of a configuration (sorted keys). */
export function configKey(c: BuildConfig): string {
  return JSON.stringify(Object.fromEntries(Object.entries(c).sort(([x], [y]) => x.localeCompare(y))));
}

/** Short label, e.g. "rust-1.96 it=275 O3" (+ " ext=..." / " passes=..." when not none). */
export function configLabel(c: BuildConfig): string {
  const ext = c.extensions && c.extensions !== "none" ? ` ext=${c.extensions}` : "";
  const passes = c.passes && c.passes !== "none" ? ` passes=${c.passes}` : "";
  return `${c.toolchain} it=${c["inline-threshold"]} O${c["opt-level"]}${ext}${passes}`;
}
