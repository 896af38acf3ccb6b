/**
 * The guest workloads: experiments/workloads/<name>/workload.json holds
 * { "entry": symbol, "expected": decimal u64 (a0 at the end), "description" }.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";
import { UsageError } from "./command.ts";

export const WORKLOADS_DIR = join(REPO_ROOT, "experiments", "workloads");

export interface WorkloadSpec {
  name: string;
  dir: string;
  entry: string;
  expected: bigint;
  description: string;
}

/** Names of the workloads that have a workload.json, sorted. */
export function workloadNames(): string[] {
  if (!existsSync(WORKLOADS_DIR)) return [];
  return readdirSync(WORKLOADS_DIR).filter((n) => existsSync(join(WORKLOADS_DIR, n, "workload.json"))).sort();
}

/** Reads a workload's spec; bad or missing files are UsageErrors naming file and key. */
export function readWorkload(name: string): WorkloadSpec {
  const dir = join(WORKLOADS_DIR, name);
  const file = join(dir, "workload.json");
  if (!existsSync(file)) throw new UsageError(`unknown workload "${name}"; known: ${workloadNames().join(", ")}`);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  if (typeof o.entry !== "string") throw new UsageError(`${file}: key "entry": expected a symbol name`);
  if (typeof o.expected !== "string" || !/^\d+$/.test(o.expected)) throw new UsageError(`${file}: key "expected": expected a decimal u64 string`);
  return { name, dir, entry: o.entry, expected: BigInt(o.expected), description: typeof o.description === "string" ? o.description : "" };
}
