/** `bun lab transpile <elf>`: rv64em ELF -> PVM blob (engine/transpiler); prints the blob path last. */
import { readFileSync, writeFileSync } from "node:fs";
import { encodeJarBlob } from "../../engine/program/jar-blob.ts";
import { encodeStandardProgram } from "../../engine/program/standard-program.ts";
import { DEFAULT_STACK_SIZE, transpileElf } from "../../engine/transpiler/index.ts";
import { explainPasses } from "../../engine/transpiler/passes/explain.ts";
import { PASS_NAMES, PASS_ORDER, parsePasses } from "../../engine/transpiler/passes/pass.ts";
import { type Command, UsageError, intOption, oneOf, parseCommandArgs } from "../command.ts";

const usage = `
bun lab transpile <elf> [--entry SYMBOL] [--format jar|gp] [--passes name,name|all|none]
                        [--explain] [--stack-size BYTES] [--heap-pages N] [-o blob]

  elf           an rv64em ELF (RV64E with M, and any of C, Zba, Zbb, Zbs, Zicond): a PIE
                linked with --emit-relocs --no-relax, or an object file
  --entry       the function the run starts in (default: the ELF's entry point; required
                for object files). It is called with no arguments; its return halts the
                run with its a0 in φ7.
  --format      gp (GP standard program, default) or jar (JAR v2 capability blob)
  --passes      optimisation passes: ${PASS_NAMES.join(", ")}; "all" or "none"
                (default). Selected passes run in the order ${PASS_ORDER.join(", ")}.
  --explain     per pass: instructions removed, changed and added; code bytes before/after
  --stack-size  stack bytes, rounded up to pages (default ${DEFAULT_STACK_SIZE})
  --heap-pages  zero pages after the data for sbrk (default 0)
  -o            output path (default: <elf>.<format>.blob beside the input)

Guest host calls: \`li t0, N\` then \`ecall\` becomes \`ecalli N\` (arguments and results
in a0..a5 = φ7..φ12). Prints the translation statistics, then the blob's path as the
last line.`;

/** Validates a --passes value ("none", "all" or a comma list); throws a UsageError naming `command`. */
export function passesOption(command: string, value: string): string {
  try {
    parsePasses(value);
  } catch (e) {
    throw new UsageError(`bun lab ${command}: --passes: ${(e as Error).message}`);
  }
  return value;
}

const transpile: Command = {
  summary: "translate a RISC-V rv64em ELF into a PVM blob; prints the blob path last",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("transpile", argv, {
      entry: { type: "string" },
      format: { type: "string" },
      passes: { type: "string" },
      explain: { type: "boolean" },
      "stack-size": { type: "string" },
      "heap-pages": { type: "string" },
      output: { type: "string", short: "o" },
    });
    if (positionals.length !== 1) throw new UsageError("bun lab transpile: expected exactly one <elf>");
    const elfPath = positionals[0]!;
    const format = oneOf("transpile", "format", values.format, ["gp", "jar"] as const, "gp");
    const passes = parsePasses(passesOption("transpile", values.passes ?? "none"));
    const stackSize = intOption("transpile", "stack-size", values["stack-size"], DEFAULT_STACK_SIZE);
    const heapPages = intOption("transpile", "heap-pages", values["heap-pages"], 0);
    let r;
    try {
      r = transpileElf(readFileSync(elfPath), { entry: values.entry, file: elfPath, stackSize, heapPages, passes });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(`bun lab transpile: ${e.message}`);
      throw e;
    }
    const blob = format === "jar" ? encodeJarBlob(r.jar) : encodeStandardProgram(r.standard);
    const out = values.output ?? `${elfPath}.${format}.blob`;
    writeFileSync(out, blob);
    const s = r.stats;
    console.log(`RISC-V instructions: ${s.rvInstructions}, PVM instructions: ${s.pvmInstructions}, code: ${s.codeBytes} bytes, jump table: ${s.jumpTableEntries} entries`);
    console.log(`RO ${r.standard.ro.length} bytes, RW ${r.standard.rw.length} bytes, zero pages ${r.standard.extraPages}, stack ${r.standard.stackSize} bytes; ${format} blob: ${blob.length} bytes`);
    if (values.explain) for (const line of explainPasses(s.passes, { placed: s.dataPages, byAddress: s.dataPagesByAddress })) console.log(line);
    console.log(out);
    return 0;
  },
};
export default transpile;
