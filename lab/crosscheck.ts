/**
 * `bun lab run --crosscheck`: a backend (compiled with trace: true) in lockstep with the
 * reference interpreter, one instruction at a time, from the same initial state; host
 * calls are served by the default host on both. Stops at the first divergence.
 */
import type { Backend, CompileOptions, Instance } from "../engine/backend.ts";
import { applyImage, interpreterBackend } from "../engine/interpreter/interpreter.ts";
import { decodeCodeBlob } from "../engine/program/code-blob.ts";
import { analyzeCode } from "../engine/program/code-info.ts";
import { crosscheck } from "../engine/trace/trace.ts";
import { applySetupStep } from "../engine/vectors/run-vector.ts";
import { HOST_NOOP } from "./host.ts";
import type { ProgramInput } from "./program-input.ts";

/** Runs the crosscheck; `line` summarises it (steps, exit or the divergence). */
export function runCrosscheck(input: ProgramInput, backend: Backend, options: CompileOptions, gas?: bigint): { ok: boolean; line: string } {
  const code = input.kind === "vector" ? decodeCodeBlob(input.vector.program) : input.code;
  const info = analyzeCode(code, options.profile);
  const pair: Instance[] = [interpreterBackend, backend].map((b) => {
    const inst = b.instantiate(b.compile(code, { ...options, trace: true }));
    if (input.kind === "vector") {
      inst.pc = input.vector.initialPc;
      inst.gas = input.vector.initialGas;
      for (const s of input.vector.steps) {
        if (s.kind === "run") break;
        applySetupStep(inst, s);
      }
    } else {
      applyImage(inst, input.image);
      inst.gas = gas ?? 10n ** 12n;
    }
    return inst;
  });
  const [ref, cand] = pair as [Instance, Instance];
  let steps = 0;
  for (;;) {
    const r = crosscheck(ref, cand, info);
    steps += r.steps;
    if (r.divergence) return { ok: false, line: `DIVERGENCE after ${steps} instruction(s) at ${r.divergence.what}` };
    const exit = r.exit!;
    // blobs: continue through no-op host calls, like the default host
    if (input.kind === "blob" && exit.status === "host" && exit.hostCall === HOST_NOOP) {
      ref.resumeAfterHostCall();
      cand.resumeAfterHostCall();
      continue;
    }
    return { ok: true, line: `crosscheck ${backend.name} vs interpreter: ${steps} instruction(s) agree; exit ${exit.status} at pc ${exit.pc}` };
  }
}
