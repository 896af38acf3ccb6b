/** `bun lab disasm <blob>`: code with basic blocks and their gas. */
import { BlockCosts } from "../../engine/gas/block-costs.ts";
import { gasModelFor } from "../../engine/gas/select.ts";
import { formatInstruction } from "../../engine/isa/index.ts";
import { decodeCodeBlob } from "../../engine/program/code-blob.ts";
import { analyzeCode } from "../../engine/program/code-info.ts";
import { type Command, UsageError, oneOf, parseCommandArgs } from "../command.ts";
import { ENGINE_OPTIONS, engineChoice } from "../engine-options.ts";
import { PROGRAM_FORMATS, readProgram } from "../program-input.ts";

const usage = `
bun lab disasm <program> [--isa gp-0.7|gp-0.8-draft|jar] [--memory-tier l1|l2] [--format jar|gp|generic]

Prints every instruction with its pc; each basic block starts with a header line
"@pc: block, gas N" (the gas model of the profile). Jump-table entries are listed first.
When the code can run off its end (it ends in fallthrough, a branch or ecall), the
end pc |c| starts a block of its own holding GP A.4's implicit trap, shown last.
program: a GP standard program (default), a JAR v2 blob, a generic code blob
(--format generic) or a test-vector JSON.`;

const disasm: Command = {
  summary: "disassemble a blob or vector program, with basic blocks and their gas",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("disasm", argv, { ...ENGINE_OPTIONS, format: { type: "string" } });
    if (positionals.length !== 1) throw new UsageError("bun lab disasm: expected exactly one <program>");
    const choice = engineChoice("disasm", values);
    const input = await readProgram(positionals[0]!, oneOf("disasm", "format", values.format, PROGRAM_FORMATS));
    const code = input.kind === "vector" ? decodeCodeBlob(input.vector.program, `${input.vector.file}: program`) : input.code;
    const profile = choice.profile ?? (input.kind === "vector" && input.vector.suite === "gas-cost-model" ? "gp-0.8-draft" : "gp-0.7");
    const info = analyzeCode(code, profile);
    const costs = new BlockCosts(info, gasModelFor(profile, choice.memoryTier));
    const out: string[] = [`; isa ${profile}, ${code.code.length} code bytes, ${code.jumpTable.length} jump-table entries, gas model ${costs.model.name}`];
    code.jumpTable.forEach((t, i) => out.push(`; jump table [${i}] address ${(i + 1) * 2} -> @${t}`));
    for (const pc of info.order) {
      if (pc === code.code.length) {
        if (info.blockStart[pc]) out.push(`@${pc}: block, gas ${costs.at(pc)} (end of code)`, `  ${String(pc).padStart(6)}: ${"".padEnd(30)} trap ; implicit (GP A.4)`);
        break;
      }
      if (info.blockStart[pc]) out.push(`@${pc}: block, gas ${costs.at(pc)}`);
      const ins = info.instructions[pc]!;
      const bytes = Array.from(code.code.subarray(pc, pc + ins.len), (b) => b.toString(16).padStart(2, "0")).join(" ");
      out.push(`  ${String(pc).padStart(6)}: ${bytes.padEnd(30)} ${formatInstruction(ins)}`);
    }
    console.log(out.join("\n"));
    return 0;
  },
};
export default disasm;
