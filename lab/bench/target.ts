/**
 * What `bun lab bench` times: a bench target is one of our backends on one blob format
 * (`interpreter`, `jit`, `interpreter:gp`, `jit:gp`) or an anchor (`native`, `wasm32`,
 * `anan-as`). Each prepares a workload once (build, load, compile), then runs it many
 * times; every run reports its status, its answer (φ7, or the entry function's return
 * value) and, where the target meters gas, the gas used.
 */
import type { TimedRun } from "./sampling.ts";
import type { BenchWorkload } from "./workload-info.ts";

/** The result of one run of a workload on a target. */
export interface Outcome {
  /** "halt" for a normal end; otherwise the reason the run stopped */
  status: string;
  /** φ7 at the end (PVM targets) or the entry function's return value (anchors) */
  result: bigint;
  /** gas used; undefined for targets without gas metering (native, wasm32) */
  gas?: bigint;
}

/** A workload made ready on one target. */
export interface PreparedTarget {
  /** time to turn the loaded program into runnable code, ns; null when done ahead of time */
  compileNs: number | null;
  /** one run: `setup` (untimed) makes a fresh instance, `run` is the timed part */
  timed: TimedRun<unknown, Outcome>;
  /** frees what prepare made (compiled modules, loaded libraries) */
  dispose?(): void;
}

export interface BenchTarget {
  /** backend id in `--backends` and in the results */
  id: string;
  /** anchors are the reference points the ratios divide by; ours are measured against them */
  kind: "ours" | "anchor";
  /**
   * The blob whose gas this target reports, when it meters gas: targets on the same blob
   * must agree. `strict`: a difference fails the run (interpreter vs JIT); otherwise it
   * is noted (a peer implementation such as anan-as).
   */
  gasCheck?: { blob: "jar" | "gp"; strict: boolean };
  /**
   * Builds, loads and compiles `workload`. Throws NotAvailable when this target cannot
   * run it (the row says "not available" with the reason); any other error is a failure.
   */
  prepare(workload: BenchWorkload): Promise<PreparedTarget>;
}

/** This target cannot run this workload here (missing tool, unsupported feature): not a failure. */
export class NotAvailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotAvailable";
  }
}
