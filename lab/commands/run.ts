/** `bun lab run <program>`: runs a test vector or a blob and prints the result. */
import type { ExitReason } from "../../engine/backend.ts";
import { applyImage } from "../../engine/interpreter/interpreter.ts";
import { resultOf, runVector } from "../../engine/vectors/run-vector.ts";
import { type Command, UsageError, intOption, oneOf, parseCommandArgs } from "../command.ts";
import { ENGINE_OPTIONS, checkCharging, engineChoice } from "../engine-options.ts";
import { resultJson, resultText } from "../format-result.ts";
import { runWithDefaultHost } from "../host.ts";
import { PROGRAM_FORMATS, readProgram } from "../program-input.ts";
import { decodeCodeBlob } from "../../engine/program/code-blob.ts";
import { analyzeCode } from "../../engine/program/code-info.ts";
import { traceToExit } from "../../engine/trace/trace.ts";
import { runCrosscheck } from "../crosscheck.ts";

const usage = `
bun lab run <program> [--backend interpreter] [--isa gp-0.7|gp-0.8-draft|jar]
                      [--gas-charging instruction|block] [--memory-tier l1|l2]
                      [--format jar|gp|generic] [--gas N] [--json] [--trace] [--crosscheck]

  program   a test-vector JSON (shared/vectors format), a JAR v2 blob, a GP standard
            program blob, or (with --format generic) a bare code blob.
  --isa     default: gp-0.8-draft for gas-cost-model vectors, else gp-0.7
  --gas     initial gas for a blob (default 10^12); a vector brings its own
  --json    print the result shape of ARCHITECTURE.md
  --trace   one line per executed instruction: pc, instruction, changed registers, gas
            (the same text on every backend, so traces can be diffed)
  --crosscheck  run the backend in lockstep with the interpreter, one instruction at a
            time, and stop at the first divergence (exit 1)

Blobs run under the default host (lab/host.ts): ecalli 0 no-op, 1 log, 255 REPLY (halt).
Compile time and run time are reported separately.`;

const run: Command = {
  summary: "run a test vector or a blob and print status, gas and registers",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("run", argv, {
      ...ENGINE_OPTIONS,
      format: { type: "string" },
      gas: { type: "string" },
      json: { type: "boolean" },
      trace: { type: "boolean" },
      crosscheck: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("bun lab run: expected exactly one <program>");
    const choice = engineChoice("run", values);
    const format = oneOf("run", "format", values.format, PROGRAM_FORMATS);
    const input = await readProgram(positionals[0]!, format);
    if (values.trace && values.crosscheck) throw new UsageError("bun lab run: --trace and --crosscheck exclude each other");
    const stepping = Boolean(values.trace || values.crosscheck);
    if (values.crosscheck) {
      const profile = choice.profile ?? (input.kind === "vector" && input.vector.suite === "gas-cost-model" ? "gp-0.8-draft" : "gp-0.7");
      checkCharging("run", profile, choice.gasCharging);
      const gas = input.kind === "blob" ? BigInt(intOption("run", "gas", values.gas, 1e12)) : undefined;
      const r = runCrosscheck(input, choice.backend, { profile, gasCharging: choice.gasCharging, memoryTier: choice.memoryTier }, gas);
      console.log(r.line);
      return r.ok ? 0 : 1;
    }
    if (input.kind === "vector") {
      const profile = choice.profile ?? (input.vector.suite === "gas-cost-model" ? "gp-0.8-draft" : "gp-0.7");
      checkCharging("run", profile, choice.gasCharging);
      const info = analyzeCode(decodeCodeBlob(input.vector.program), profile);
      const out = runVector(
        input.vector,
        choice.backend,
        { profile, gasCharging: choice.gasCharging, memoryTier: choice.memoryTier, trace: stepping },
        stepping ? (inst) => traceToExit(inst, info, (l) => console.log(l)) : undefined,
      );
      if (!out.result) throw new UsageError(`${input.vector.file}: the vector has no run step`);
      console.log(values.json ? resultJson(out.result) : resultText(out.result, [`vector: ${out.passed ? "matches" : "DIFFERS: " + out.failures.join("; ")}`]));
      return 0;
    }
    const profile = choice.profile ?? "gp-0.7";
    const module = choice.backend.compile(input.code, { profile, gasCharging: choice.gasCharging, memoryTier: choice.memoryTier, trace: stepping });
    const inst = choice.backend.instantiate(module);
    applyImage(inst, input.image);
    inst.gas = BigInt(intOption("run", "gas", values.gas, 1e12));
    const decoder = new TextDecoder();
    const t0 = Bun.nanoseconds();
    const info = stepping ? analyzeCode(input.code, profile) : undefined;
    const { exit, hostCalls } = runWithDefaultHost(
      inst,
      (b) => process.stdout.write(decoder.decode(b)),
      info ? (i) => traceToExit(i, info, (l) => console.log(l)) : undefined,
    );
    const runNs = Bun.nanoseconds() - t0;
    const result = resultOf(inst, exit as ExitReason, Boolean(values.json));
    if (values.json) console.log(resultJson(result));
    else {
      console.log(
        resultText(result, [
          `format: ${input.format}, isa: ${profile}, backend: ${choice.backend.name}, gas charging: ${module.gasCharging}`,
          `host calls: ${hostCalls}`,
          `compile: ${(module.compileNs / 1e6).toFixed(3)} ms, run: ${(runNs / 1e6).toFixed(3)} ms`,
        ]),
      );
    }
    return 0;
  },
};
export default run;
