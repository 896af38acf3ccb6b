/**
 * The best-known configuration: results/best.yaml, committed. A sweep starts from it
 * (with its experiment's pins applied) and rewrites it only when it promotes a
 * configuration; `bun lab ci` and `bun lab bench` build with it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { UsageError } from "../command.ts";
import { RESULTS_DIR } from "../paths.ts";
import { AXES, type Config, DEFAULT_CONFIG, axisValue } from "./config.ts";

/** $PVM_LAB_BEST, else results/best.yaml */
export function bestPath(): string {
  return process.env.PVM_LAB_BEST ?? join(RESULTS_DIR, "best.yaml");
}

export interface BestRecord {
  config: Config;
  promotedBy?: { run: number; experiment: string; trial: number; geomeanRatio: number; at: string; reason: string };
}

/** Reads best.yaml; undefined when there is none. Bad content is a UsageError naming the key. */
export function readBest(path = bestPath()): BestRecord | undefined {
  if (!existsSync(path)) return undefined;
  let o: Record<string, unknown> | null;
  try {
    o = parse(readFileSync(path, "utf8")) as Record<string, unknown> | null;
  } catch (e) {
    throw new UsageError(`${path}: YAML error: ${(e as Error).message.split("\n")[0]}`);
  }
  const c = o?.config as Record<string, unknown> | undefined;
  if (!c || typeof c !== "object") throw new UsageError(`${path}: key "config": missing`);
  const config = { ...DEFAULT_CONFIG } as unknown as Record<string, unknown>;
  for (const k of Object.keys(c)) {
    if (!(AXES as readonly string[]).includes(k)) throw new UsageError(`${path}: key "config.${k}": unknown key; allowed: ${AXES.join(", ")}`);
    const r = axisValue(k as (typeof AXES)[number], c[k]);
    if ("problem" in r) throw new UsageError(`${path}: key "config.${k}": ${r.problem}`);
    config[k] = r.value;
  }
  const p = o?.["promoted-by"] as Record<string, unknown> | undefined;
  return {
    config: config as unknown as Config,
    promotedBy: p
      ? { run: Number(p.run), experiment: String(p.experiment), trial: Number(p.trial), geomeanRatio: Number(p["geomean-ratio"]), at: String(p.at), reason: String(p.reason ?? "") }
      : undefined,
  };
}

/** Writes best.yaml. */
export function writeBest(rec: BestRecord, path = bestPath()): void {
  const body: Record<string, unknown> = { config: rec.config };
  if (rec.promotedBy) {
    const p = rec.promotedBy;
    body["promoted-by"] = { run: p.run, experiment: p.experiment, trial: p.trial, "geomean-ratio": Number(p.geomeanRatio.toFixed(4)), at: p.at, reason: p.reason };
  }
  writeFileSync(path, "# Best-known configuration. Written by `bun lab sweep` when it promotes one; sweeps\n# start here, and `bun lab ci` / `bun lab bench` build with it.\n" + stringify(body));
}
