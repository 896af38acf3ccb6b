/**
 * results/baseline.json: what `bun lab ci` compares the current tree against. Written by
 * `bun lab ci --update-baseline` from a real run; committed.
 *
 *   { "written": ISO time, "machine": { cpu, cores, kernel, bun, gitCommit },
 *     "config": the best-known configuration it was built with,
 *     "timing": { rounds, samplesPerRound, roundMs },
 *     "results": [ { workload, backend, isa, blob (sha256, 16 hex), gas (decimal u64 text),
 *                    median_ns, samples_ns: [sorted, thinned to at most 400] }, ... ] }
 * Gas is recorded for every backend; time only for the best configuration's backend
 * (the interpreter takes seconds per run on the larger guests).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../command.ts";
import { RESULTS_DIR } from "../paths.ts";
import type { MachineInfo } from "../store/db.ts";
import type { Config } from "../sweep/config.ts";

export interface BaselineRow {
  workload: string;
  backend: string;
  isa: string;
  blob: string;
  gas: string;
  /** null and [] on backends whose time is not recorded (only the best configuration's is) */
  median_ns: number | null;
  samples_ns: number[];
}

export interface BaselineFile {
  written: string;
  machine: MachineInfo;
  config: Config;
  timing: { rounds: number; samplesPerRound: number; roundMs: number };
  results: BaselineRow[];
}

/** $PVM_LAB_BASELINE, else results/baseline.json */
export function baselinePath(): string {
  return process.env.PVM_LAB_BASELINE ?? join(RESULTS_DIR, "baseline.json");
}

/** Reads and checks the file; bad content is a UsageError naming the key. */
export function readBaseline(path = baselinePath()): BaselineFile {
  if (!existsSync(path)) throw new UsageError(`${path}: missing; write it with bun lab ci --update-baseline`);
  let o: BaselineFile;
  try {
    o = JSON.parse(readFileSync(path, "utf8")) as BaselineFile;
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(o?.results)) throw new UsageError(`${path}: key "results": expected a list`);
  o.results.forEach((r, i) => {
    const bad = (k: string, what: string) => {
      throw new UsageError(`${path}: key "results[${i}].${k}": expected ${what}`);
    };
    if (typeof r.workload !== "string") bad("workload", "a workload name");
    if (typeof r.backend !== "string") bad("backend", "a backend name");
    if (typeof r.gas !== "string" || !/^\d+$/.test(r.gas)) bad("gas", "a decimal u64 string");
    if (!Array.isArray(r.samples_ns) || r.samples_ns.some((x) => typeof x !== "number")) bad("samples_ns", "a list of numbers");
  });
  if (!o.machine || typeof o.machine.cpu !== "string") throw new UsageError(`${path}: key "machine.cpu": missing`);
  return o;
}

/** At most `n` samples, evenly spaced through the sorted list (keeps the distribution's shape). */
export function thin(samples: number[], n = 400): number[] {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length <= n) return s.map(Math.round);
  return Array.from({ length: n }, (_, i) => Math.round(s[Math.round((i * (s.length - 1)) / (n - 1))]!));
}

export function writeBaseline(b: BaselineFile, path = baselinePath()): void {
  writeFileSync(path, `${JSON.stringify(b, null, 1)}\n`);
}
