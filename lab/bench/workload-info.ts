/**
 * What the bench needs to know about a workload beyond its answer: the language (Rust
 * crate or C sources, which decides how anchors build it) and what it requires of the
 * engine. experiments/workloads/<name>/workload.json may say
 *
 *   "requires": "kernel"   the guest talks to the capability kernel (CREATE/CALL/REPLY,
 *                          ARCHITECTURE.md "Kernel ABI"), so it cannot run under the
 *                          default host; the bench builds it and lists it as "needs kernel"
 *   "language": "c"        a C workload (toolchains/workload.ts); default "rust"
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../command.ts";
import { type WorkloadSpec, readWorkload } from "../workloads.ts";

/** Capabilities a workload can require that the default host does not provide. */
export const REQUIREMENTS = ["kernel"] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export interface BenchWorkload extends WorkloadSpec {
  language: "rust" | "c";
  requires?: Requirement;
}

/** Reads `name`'s workload.json; bad values are UsageErrors naming the file and key. */
export function readBenchWorkload(name: string): BenchWorkload {
  const spec = readWorkload(name);
  const file = join(spec.dir, "workload.json");
  const o = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const language = o.language ?? "rust";
  if (language !== "rust" && language !== "c") throw new UsageError(`${file}: key "language": expected "rust" or "c"`);
  const requires = o.requires;
  if (requires !== undefined && !(REQUIREMENTS as readonly unknown[]).includes(requires)) {
    throw new UsageError(`${file}: key "requires": expected one of ${REQUIREMENTS.join(", ")}`);
  }
  return { ...spec, language, requires: requires as Requirement | undefined };
}
