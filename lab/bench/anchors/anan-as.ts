/**
 * The anan-as anchor: npm `@fluffylabs/anan-as`, the AssemblyScript PVM interpreter (run
 * by Bun's WebAssembly engine) that the TypeScript JAM client typeberry uses. It runs the
 * same GP standard program blob as our `:gp` backends (GP 0.7, 1 gas per instruction,
 * charged per instruction), so its gas must equal `interpreter:gp`'s.
 *
 * Calls used (the package's release build, its ESM bindings):
 *   prepareProgram(SPI, no metadata, blob, [], [], [], args = [], pages)  decodes the blob
 *   pvmStart(program) -> id;  pvmResume(id, gas, pc) -> pause;  pvmDestroy(id)
 * A prepared program is consumed by the run it starts (a second pvmStart of it faults),
 * so prepareProgram + pvmStart are each run's untimed set-up (and pvmDestroy its
 * untimed teardown); the compile time reported is the median of three such set-ups.
 *
 * The default host (lab/host.ts) is served here too: a pause with status HOST and
 * ecalli 0 (no-op) or 1 (log) resumes at the next instruction with registers unchanged;
 * 255 (REPLY) ends the run as a halt; any other index ends it with status "host".
 */
import { HasMetadata, InputKind, prepareProgram, pvmDestroy, pvmResume, pvmStart } from "@fluffylabs/anan-as";
import { decodeStandardProgram } from "../../../engine/program/standard-program.ts";
import { HOST_LOG, HOST_NOOP, HOST_REPLY } from "../../host.ts";
import { buildBlob } from "../../pipeline.ts";
import { WORKLOAD_GAS } from "../../runner.ts";
import type { BuildConfig } from "../../sweep/config.ts";
import type { BenchTarget, Outcome, PreparedTarget } from "../target.ts";

/** anan-as exit statuses (its `getStatus` / pause `status` codes). */
const STATUS: Record<number, string> = { 0: "halt", 1: "panic", 2: "page-fault", 3: "host", 4: "out-of-gas" };
const HOST = 3;
const PAGE = 4096;

/**
 * Pages anan-as should allocate up front for a standard program: RO, RW, heap, stack and
 * the argument page. Fewer makes it print "Run out of pages! Allocating." on every run.
 */
export function pagesFor(blob: Uint8Array): number {
  const p = decodeStandardProgram(blob);
  return Math.ceil(p.ro.length / PAGE) + Math.ceil(p.rw.length / PAGE) + p.extraPages + Math.ceil(p.stackSize / PAGE) + 1;
}

/** Runs a started VM to its end under the default host; returns the outcome. */
function runToEnd(id: number): Outcome {
  let gas = WORKLOAD_GAS;
  let pc = 0;
  for (;;) {
    const pause = pvmResume(id, gas, pc, false);
    if (!pause) throw new Error("anan-as: pvmResume returned null");
    const status = STATUS[pause.status as number] ?? `status ${pause.status}`;
    const left = pause.gas as bigint;
    const result = (pause.registers[7] as bigint | undefined) ?? 0n;
    if (pause.status === HOST) {
      const index = BigInt(pause.exitCode as number);
      if (index === HOST_REPLY) return { status: "halt", result, gas: WORKLOAD_GAS - left };
      if (index === HOST_NOOP || index === HOST_LOG) {
        gas = left;
        pc = pause.nextPc as number;
        continue;
      }
    }
    return { status, result, gas: WORKLOAD_GAS - left };
  }
}

/** Median of `n` timings of `f`, ns. */
function medianTime(n: number, f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = Bun.nanoseconds();
    f();
    ts.push(Bun.nanoseconds() - t0);
  }
  return ts.sort((a, b) => a - b)[n >> 1]!;
}

/** A GP standard program blob made ready to run on anan-as under the default host. */
export function prepareAnanAs(blob: Uint8Array): PreparedTarget {
  const program = Array.from(blob);
  const pages = pagesFor(blob);
  const start = (): number => pvmStart(prepareProgram(InputKind.SPI, HasMetadata.No, program, [], [], [], [], pages), false);
  // compile time: decoding the blob and setting up the VM, as each run's set-up does
  const compileNs = medianTime(3, () => pvmDestroy(start()));
  return {
    compileNs,
    timed: {
      setup: start,
      run: (id): Outcome => runToEnd(id as number),
      teardown: (id) => {
        pvmDestroy(id as number);
      },
    },
  };
}

/** The anan-as anchor on the GP blob of `config`'s build. */
export function ananAsTarget(config: BuildConfig): BenchTarget {
  return {
    id: "anan-as",
    kind: "anchor",
    gasCheck: { blob: "gp", strict: false },
    async prepare(w): Promise<PreparedTarget> {
      const built = await buildBlob(w.name, config, "gp");
      return prepareAnanAs(new Uint8Array(await Bun.file(built.blobPath).arrayBuffer()));
    },
  };
}
