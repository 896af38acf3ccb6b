/** `bun lab asm <file.s>`: PVM assembly -> code blob (engine/transpiler/asm); prints the blob path last. */
import { readFileSync, writeFileSync } from "node:fs";
import { ISA_PROFILES } from "../../engine/isa/index.ts";
import { encodeCodeBlob } from "../../engine/program/code-blob.ts";
import { encodeJarBlob } from "../../engine/program/jar-blob.ts";
import { encodeStandardProgram } from "../../engine/program/standard-program.ts";
import { codeOnlyContainers } from "../../engine/transpiler/asm/containers.ts";
import { assembleText } from "../../engine/transpiler/asm/encode.ts";
import { DEFAULT_STACK_SIZE } from "../../engine/transpiler/index.ts";
import { type Command, UsageError, intOption, oneOf, parseCommandArgs } from "../command.ts";

const usage = `
bun lab asm <file.s> [-o blob] [--isa gp-0.7|gp-0.8-draft|jar] [--format generic|gp|jar]
                     [--stack-size BYTES] [--heap-pages N]

PVM assembly in the disassembler's syntax, one instruction per line
(\`add_64 φ7, φ8, φ9\`, \`branch_eq_imm φ7, 0, @12\`), plus labels (\`loop:\` and \`@loop\`),
\`.jump_table @a, @b\` (djump address (i+1)·2 reaches entry i) and \`;\` comments.

  --isa         opcode numbering (default gp-0.7; \`unlikely\` needs gp-0.8-draft or jar)
  --format      generic (a GP code blob, default), gp (GP standard program) or jar (JAR v2
                blob); the containers hold the code, a stack and no data
  --stack-size  stack bytes for gp/jar, rounded up to pages (default ${DEFAULT_STACK_SIZE})
  --heap-pages  zero pages after the (empty) data for gp/jar (default 0)
  -o            output path (default: <file.s>.<format>.blob)

Prints the code size, then the blob's path as the last line. Bad input: one line naming
the file, the line and the problem, exit status 2.`;

const asm: Command = {
  summary: "assemble PVM assembly text into a code blob; prints the blob path last",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("asm", argv, {
      isa: { type: "string" },
      format: { type: "string" },
      "stack-size": { type: "string" },
      "heap-pages": { type: "string" },
      output: { type: "string", short: "o" },
    });
    if (positionals.length !== 1) throw new UsageError("bun lab asm: expected exactly one <file.s>");
    const file = positionals[0]!;
    const profile = oneOf("asm", "isa", values.isa, ISA_PROFILES, "gp-0.7");
    const format = oneOf("asm", "format", values.format, ["generic", "gp", "jar"] as const, "generic");
    const stackSize = intOption("asm", "stack-size", values["stack-size"], DEFAULT_STACK_SIZE);
    const heapPages = intOption("asm", "heap-pages", values["heap-pages"], 0);
    const code = assembleText(readFileSync(file, "utf8"), profile, file);
    let blob: Uint8Array;
    if (format === "generic") {
      blob = encodeCodeBlob(code);
    } else {
      let c;
      try {
        c = codeOnlyContainers(code, { stackSize, heapPages });
      } catch (e) {
        if (e instanceof RangeError) throw new UsageError(`bun lab asm: ${e.message}`);
        throw e;
      }
      blob = format === "jar" ? encodeJarBlob(c.jar) : encodeStandardProgram(c.standard);
    }
    const out = values.output ?? `${file}.${format}.blob`;
    writeFileSync(out, blob);
    const instructions = code.mask.reduce((n, b) => n + b, 0);
    console.log(`${instructions} instructions, ${code.code.length} code bytes, ${code.jumpTable.length} jump-table entries (isa ${profile}); ${format} blob: ${blob.length} bytes`);
    console.log(out);
    return 0;
  },
};
export default asm;
