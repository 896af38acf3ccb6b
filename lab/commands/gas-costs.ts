/** `bun lab gas-costs <program.json>...`: every block's pipeline gas against `block-gas-costs`. */
import { diffBlockCosts, formatMismatch } from "../../engine/gas/block-cost-diff.ts";
import { BlockCosts } from "../../engine/gas/block-costs.ts";
import { MEMORY_TIERS } from "../../engine/gas/model.ts";
import { pipelineModel } from "../../engine/gas/pipeline.ts";
import { formatInstruction, OPCODES } from "../../engine/isa/index.ts";
import { decodeCodeBlob } from "../../engine/program/code-blob.ts";
import { analyzeCode, type CodeInfo, instructionAt } from "../../engine/program/code-info.ts";
import { readIntegrationProgram } from "../../engine/vectors/integration.ts";
import { type Command, UsageError, oneOf, parseCommandArgs } from "../command.ts";

const usage = `
bun lab gas-costs <program.json>... [--isa gp-0.8-draft|jar] [--memory-tier l2|l3] [--max-blocks N]

Prices every basic block of each program with the pipeline gas model (gas-cost-model
draft A.9/A.10) and compares it with the file's "block-gas-costs" (same block starts,
same gas). Reads the jam-gas-cost-model integration programs (name, program,
block-gas-costs) and also the suite's step vectors (other keys are ignored).
Prints a PASS or FAIL line per file; for each mismatching block (the first N per file,
--max-blocks, default 10) the block's pc, expected and actual gas and its disassembly;
then "N passed, N failed". Exit 1 if any failed, 2 on malformed input.
--isa defaults to gp-0.8-draft; --memory-tier to l2 (25-cycle loads, what the vectors use).`;

/** Listing of the straight-line code from `pc` through its terminator, one instruction a line. */
function blockListing(info: CodeInfo, pc: number): string[] {
  const out: string[] = [];
  const end = info.blob.code.length;
  for (;;) {
    const ins = instructionAt(info, pc);
    out.push(`      ${String(pc).padStart(7)}: ${formatInstruction(ins)}`);
    if (OPCODES[ins.id]!.terminator || pc >= end) return out;
    pc += ins.len;
  }
}

const gasCosts: Command = {
  summary: "compare pipeline block gas with a program's `block-gas-costs`",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("gas-costs", argv, {
      isa: { type: "string" },
      "memory-tier": { type: "string" },
      "max-blocks": { type: "string" },
    });
    if (positionals.length === 0) throw new UsageError("bun lab gas-costs: expected at least one <program.json>");
    const profile = oneOf("gas-costs", "isa", values.isa, ["gp-0.8-draft", "jar"] as const, "gp-0.8-draft");
    const tier = oneOf("gas-costs", "memory-tier", values["memory-tier"], MEMORY_TIERS, "l2");
    const maxBlocks = values["max-blocks"] === undefined ? 10 : Number(values["max-blocks"]);
    if (!Number.isInteger(maxBlocks) || maxBlocks < 0) throw new UsageError(`bun lab gas-costs: --max-blocks must be an integer >= 0 (got "${values["max-blocks"]}")`);
    let passed = 0;
    let failed = 0;
    for (const file of positionals) {
      const prog = await readIntegrationProgram(file);
      const info = analyzeCode(decodeCodeBlob(prog.program, `${file}: program`), profile);
      const actual = new BlockCosts(info, pipelineModel(tier)).blocks();
      const diff = diffBlockCosts(prog.blockGasCosts, actual);
      if (diff.length === 0) {
        passed++;
        console.log(`PASS ${prog.name} (${file}): ${actual.size} blocks`);
        continue;
      }
      failed++;
      console.log(`FAIL ${prog.name} (${file}): ${diff.length} block(s) differ (${prog.blockGasCosts.size} expected, ${actual.size} computed)`);
      for (const m of diff.slice(0, maxBlocks)) {
        console.log(`  ${formatMismatch(m)}`);
        console.log(blockListing(info, m.pc).join("\n"));
      }
      if (diff.length > maxBlocks) console.log(`  ... ${diff.length - maxBlocks} more`);
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  },
};
export default gasCosts;
