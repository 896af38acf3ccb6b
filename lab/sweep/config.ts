/**
 * A point of the tuning space: how a guest is built (toolchain, extensions, inline
 * threshold, opt-level, transpiler passes) and how it is run (backend, ISA profile,
 * which fixes the gas model). Keys are the YAML axis names of experiment files and
 * results/best.yaml.
 */
import { gasModelNameFor } from "../../engine/gas/model.ts";
import { ISA_PROFILES, type IsaProfile } from "../../engine/isa/index.ts";
import { BACKEND_NAMES } from "../backends.ts";
import type { BlobFormat } from "../pipeline.ts";

/** The build knobs (what lab/pipeline.ts's buildBlob reads). */
export interface BuildConfig {
  toolchain: string;
  "inline-threshold": number;
  "opt-level": string;
  /** RISC-V extensions beyond rv64em: "none", "all" (c,zba,zbb,zbs,zicond) or a comma list */
  extensions: string;
  /** transpiler optimisation passes: "none", "all" or a comma list of pass names */
  passes: string;
}

/** Build knobs plus the run knobs: the full configuration a trial measures. */
export interface Config extends BuildConfig {
  /** execution backend (lab/backends.ts) */
  backend: string;
  /** ISA profile: gp-0.7 (1 gas per instruction) | gp-0.8-draft | jar (pipeline gas) */
  isa: IsaProfile;
}

export const EXTENSIONS = ["c", "zba", "zbb", "zbs", "zicond"] as const;
export const PASSES = ["liveness", "peephole", "superblock", "stack-frame", "layout"] as const;
export const OPT_LEVELS = ["0", "1", "2", "3", "s", "z"] as const;

/** Axis names in the order the greedy tuner visits them when an experiment does not say. */
export const AXES = ["backend", "isa", "toolchain", "opt-level", "inline-threshold", "extensions", "passes"] as const;
export type Axis = (typeof AXES)[number];
export const BUILD_AXES: readonly Axis[] = ["toolchain", "opt-level", "inline-threshold", "extensions", "passes"];

export const DEFAULT_CONFIG: Config = {
  toolchain: "rust-1.96",
  "inline-threshold": 275,
  "opt-level": "3",
  extensions: "none",
  passes: "none",
  backend: "interpreter",
  isa: "gp-0.7",
};

/**
 * Normalises a set-valued knob: "none", "all", or a comma list of `allowed` names
 * (sorted in `allowed` order, deduplicated). Returns undefined when a name is not allowed.
 */
export function normaliseSet(value: string, allowed: readonly string[]): string | undefined {
  if (value === "none" || value === "all") return value;
  const parts = [...new Set(value.split(",").map((x) => x.trim()).filter(Boolean))];
  if (!parts.length || parts.some((x) => !allowed.includes(x))) return undefined;
  if (parts.length === allowed.length) return "all";
  return parts.sort((a, b) => allowed.indexOf(a) - allowed.indexOf(b)).join(",");
}

/**
 * Checks one axis value and returns it in canonical form, or a problem text naming the
 * allowed values.
 */
export function axisValue(axis: Axis, v: unknown): { value: string | number } | { problem: string } {
  const bad = (allowed: string) => ({ problem: `must be ${allowed} (got ${JSON.stringify(v)})` });
  switch (axis) {
    case "toolchain":
      return typeof v === "string" && /^[a-z][a-z0-9.-]*$/.test(v) ? { value: v } : bad("a toolchain name such as rust-1.96 or clang-22");
    case "inline-threshold":
      return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100000 ? { value: v } : bad("an integer in [0, 100000]");
    case "opt-level": {
      const s = typeof v === "number" ? String(v) : v;
      return typeof s === "string" && (OPT_LEVELS as readonly string[]).includes(s) ? { value: s } : bad(`one of ${OPT_LEVELS.join(", ")}`);
    }
    case "extensions":
    case "passes": {
      const allowed = axis === "extensions" ? EXTENSIONS : PASSES;
      const n = typeof v === "string" ? normaliseSet(v, allowed) : undefined;
      return n === undefined ? bad(`"none", "all" or a comma list of ${allowed.join(", ")}`) : { value: n };
    }
    case "backend":
      return typeof v === "string" && BACKEND_NAMES.includes(v) ? { value: v } : bad(`one of ${BACKEND_NAMES.join(", ")}`);
    case "isa":
      return typeof v === "string" && (ISA_PROFILES as readonly string[]).includes(v) ? { value: v } : bad(`one of ${ISA_PROFILES.join(", ")}`);
  }
}

/** The blob container a profile runs from: the kernel's JAR v2 blob for jar, else GP. */
export function blobFormatFor(isa: IsaProfile): BlobFormat {
  return isa === "jar" ? "jar" : "gp";
}

/** "per-instruction" or "pipeline": the gas model a profile charges. */
export function gasModelOf(isa: IsaProfile): string {
  return gasModelNameFor(isa);
}

/** Stable text key of a configuration (sorted keys). */
export function configKey(c: Config): string {
  return JSON.stringify(Object.fromEntries(Object.entries(c).sort(([x], [y]) => x.localeCompare(y))));
}

/** True when two configurations run the same code the same way apart from the build. */
export function sameRunKnobs(a: Config, b: Config): boolean {
  return a.backend === b.backend && a.isa === b.isa;
}

/** Short label, e.g. "jit gp-0.7 rust-1.96 O3 it=275" (+ " ext=..." / " passes=..." when not none). */
export function configLabel(c: Config): string {
  const ext = c.extensions && c.extensions !== "none" ? ` ext=${c.extensions}` : "";
  const passes = c.passes && c.passes !== "none" ? ` passes=${c.passes}` : "";
  return `${c.backend} ${c.isa} ${c.toolchain} O${c["opt-level"]} it=${c["inline-threshold"]}${ext}${passes}`;
}

/** Only the knobs where `c` differs from `from`, e.g. "it=50 O2"; "same" when none. */
export function configDiff(c: Config, from: Config): string {
  const parts: string[] = [];
  for (const axis of AXES) if (c[axis] !== from[axis]) parts.push(`${axis}=${c[axis]}`);
  return parts.length ? parts.join(" ") : "same";
}
