/** `bun lab build <workload>`: guest source -> ELF -> PVM blob; prints the blob path last. */
import { type Command, UsageError, intOption, oneOf, parseCommandArgs } from "../command.ts";
import { buildBlob } from "../pipeline.ts";
import { explainPasses } from "../../engine/transpiler/passes/explain.ts";
import { PASS_NAMES, PASS_ORDER } from "../../engine/transpiler/passes/pass.ts";
import { passesOption } from "./transpile.ts";
import { DEFAULT_BASELINE, OPT_LEVELS } from "../sweep/experiment.ts";
import { EXTENSIONS, normaliseSet } from "../sweep/config.ts";
import { readWorkload } from "../workloads.ts";

/** --extensions: "none", "all" (c,zba,zbb,zbs,zicond) or a comma list; UsageError otherwise. */
function extensionsOption(v: string): string {
  const n = normaliseSet(v, EXTENSIONS);
  if (n === undefined) throw new UsageError(`bun lab build: --extensions must be "none", "all" or a comma list of ${EXTENSIONS.join(", ")} (got "${v}")`);
  return n;
}

const usage = `
bun lab build <workload> [--toolchain rust-1.96|...] [--inline-threshold N] [--opt-level 0|1|2|3|s|z]
                         [--format jar|gp] [--extensions none|all|zba,zbb,...]
                         [--passes name,name|all|none] [--explain]

Builds the workload (reusing the content-hash cache), transpiles it and prints the
blob's path as the last line. Defaults: rust-1.96, inline threshold 275, opt-level 3,
format gp.

  --extensions  RISC-V extensions the guest may use: none (default), all (c,zba,zbb,zbs,zicond)
             or a comma list
  --passes   transpiler optimisation passes: ${PASS_NAMES.join(", ")} (they run in the
             order ${PASS_ORDER.join(", ")}), "all", or "none" (default)
  --explain  per pass: instructions removed, changed and added; code bytes before/after`;

const build: Command = {
  summary: "build a workload into a PVM blob (cached); prints the blob path last",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("build", argv, {
      toolchain: { type: "string" },
      "inline-threshold": { type: "string" },
      "opt-level": { type: "string" },
      format: { type: "string" },
      passes: { type: "string" },
      extensions: { type: "string" },
      explain: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("bun lab build: expected exactly one <workload>");
    readWorkload(positionals[0]!);
    const config = {
      toolchain: values.toolchain ?? DEFAULT_BASELINE.toolchain,
      "inline-threshold": intOption("build", "inline-threshold", values["inline-threshold"], DEFAULT_BASELINE["inline-threshold"]),
      "opt-level": oneOf("build", "opt-level", values["opt-level"], OPT_LEVELS, "3"),
      extensions: extensionsOption(values.extensions ?? DEFAULT_BASELINE.extensions),
      passes: passesOption("build", values.passes ?? DEFAULT_BASELINE.passes),
    };
    const format = oneOf("build", "format", values.format, ["jar", "gp"] as const, "gp");
    const b = await buildBlob(positionals[0]!, config, format);
    console.log(`elf: ${b.elfPath}${b.cached ? " (cached)" : ""}`);
    console.log(`RISC-V instructions: ${b.stats.rvInstructions}, PVM instructions: ${b.stats.pvmInstructions}, code: ${b.stats.codeBytes} bytes`);
    console.log(`expected answer (φ7): ${b.expected}`);
    if (values.explain) for (const line of explainPasses(b.passes, b.dataPages)) console.log(line);
    console.log(b.blobPath);
    return 0;
  },
};
export default build;
