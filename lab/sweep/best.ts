/**
 * The best-known build configuration: results/best.yaml, committed. A sweep starts from
 * it and rewrites it only when it promotes a configuration.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { RESULTS_DIR } from "../paths.ts";
import { UsageError } from "../command.ts";
import { AXES, type BuildConfig, DEFAULT_BASELINE } from "./experiment.ts";

export function bestPath(): string {
  return process.env.PVM_LAB_BEST ?? join(RESULTS_DIR, "best.yaml");
}

export interface BestRecord {
  config: BuildConfig;
  promotedBy?: { run: number; experiment: string; trial: number; geomeanRatio: number; at: string };
}

/** Reads best.yaml; undefined when there is none. Bad content is a UsageError naming the key. */
export function readBest(path = bestPath()): BestRecord | undefined {
  if (!existsSync(path)) return undefined;
  const o = parse(readFileSync(path, "utf8")) as Record<string, unknown> | null;
  const c = o?.config as Record<string, unknown> | undefined;
  if (!c || typeof c !== "object") throw new UsageError(`${path}: key "config": missing`);
  const config = { ...DEFAULT_BASELINE } as unknown as Record<string, unknown>;
  for (const axis of AXES) if (c[axis] !== undefined) config[axis] = axis === "inline-threshold" ? c[axis] : String(c[axis]);
  if (typeof config["inline-threshold"] !== "number") throw new UsageError(`${path}: key "config.inline-threshold": expected an integer`);
  const p = o?.["promoted-by"] as Record<string, unknown> | undefined;
  return {
    config: config as unknown as BuildConfig,
    promotedBy: p ? { run: Number(p.run), experiment: String(p.experiment), trial: Number(p.trial), geomeanRatio: Number(p["geomean-ratio"]), at: String(p.at) } : undefined,
  };
}

/** Writes best.yaml. */
export function writeBest(rec: BestRecord, path = bestPath()): void {
  const body: Record<string, unknown> = { config: rec.config };
  if (rec.promotedBy) {
    const p = rec.promotedBy;
    body["promoted-by"] = { run: p.run, experiment: p.experiment, trial: p.trial, "geomean-ratio": Number(p.geomeanRatio.toFixed(4)), at: p.at };
  }
  writeFileSync(path, "# Best-known build configuration. Written by `bun lab sweep` when it promotes a\n# configuration; a sweep's baseline starts here.\n" + stringify(body));
}
