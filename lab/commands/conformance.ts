/** `bun lab conformance <dir-or-file>...`: runs test vectors and counts passes. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { runVector } from "../../engine/vectors/run-vector.ts";
import { readVector } from "../../engine/vectors/vector.ts";
import { type Command, UsageError, parseCommandArgs } from "../command.ts";
import { ENGINE_OPTIONS, checkCharging, engineChoice } from "../engine-options.ts";

const usage = `
bun lab conformance <dir-or-file>... [--backend interpreter] [--isa gp-0.7|gp-0.8-draft|jar]
                                     [--gas-charging instruction|block] [--memory-tier l1|l2]

Runs every *.json test vector given (folders are searched one level deep), prints each
failure with its mismatches, then the line "N passed, N failed". Exit 1 if any failed.
--isa defaults per vector: gp-0.8-draft for the gas-cost-model suite, else gp-0.7.
A malformed vector is an error (exit 2), never a pass.`;

/** The vector files named by `args`, sorted. */
export function vectorFiles(args: string[]): string[] {
  const files: string[] = [];
  for (const a of args) {
    const st = statSync(a);
    if (st.isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith(".json")) files.push(join(a, f));
    } else files.push(a);
  }
  return files;
}

const conformance: Command = {
  summary: "run test vectors and print `N passed, N failed`",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("conformance", argv, ENGINE_OPTIONS);
    if (positionals.length === 0) throw new UsageError("bun lab conformance: expected at least one <dir-or-file>");
    const choice = engineChoice("conformance", values);
    let passed = 0;
    let failed = 0;
    for (const file of vectorFiles(positionals)) {
      const v = await readVector(file);
      const profile = choice.profile ?? (v.suite === "gas-cost-model" ? "gp-0.8-draft" : "gp-0.7");
      checkCharging("conformance", profile, choice.gasCharging);
      const out = runVector(v, choice.backend, { profile, gasCharging: choice.gasCharging, memoryTier: choice.memoryTier });
      if (out.passed) passed++;
      else {
        failed++;
        console.log(`FAIL ${v.name} (${file}): ${out.failures.join("; ")}`);
      }
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  },
};
export default conformance;
