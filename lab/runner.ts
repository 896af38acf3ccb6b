/**
 * A blob made ready to run many times: compiled once per backend (the module is shared),
 * a fresh instance per run under the default host. Each run reports status, φ7 and the
 * gas used, so callers check the answer and gas on every run they care about.
 *
 * Injected slowdown (the lab's detection check, README "Performance"): with
 * PVM_LAB_INJECT_SLOWDOWN="fib=0.10[,sieve=0.05]" every timed run of the named workload
 * busy-waits for that fraction of its own run time after the guest halts, so it gets
 * that much slower while its answer and gas stay the same. `bun lab ci
 * --inject-slowdown fib=0.10` sets it.
 */
import type { Backend, Instance, Module } from "../engine/backend.ts";
import type { IsaProfile } from "../engine/isa/index.ts";
import { applyImage } from "../engine/interpreter/interpreter.ts";
import type { ProgramImage } from "../engine/program/image.ts";
import { UsageError } from "./command.ts";
import { runWithDefaultHost } from "./host.ts";
import { readProgram } from "./program-input.ts";
import type { Timed } from "./timing.ts";

/** Gas every workload run starts with. */
export const WORKLOAD_GAS = 10n ** 12n;

export const SLOWDOWN_ENV = "PVM_LAB_INJECT_SLOWDOWN";

export interface RunOnce {
  status: string;
  /** φ7 at the end */
  result: bigint;
  gasUsed: bigint;
}

export interface PreparedBlob {
  module: Module;
  image: ProgramImage;
  backend: Backend;
  compileNs: number;
  /** one complete run: instantiate, load the image, run, release */
  run(): RunOnce;
  /** the same run split for timing: instance set-up and release stay off the clock */
  timed: Timed<Instance, RunOnce>;
}

/**
 * Parses "name=fraction[,name=fraction]" (fractions in (0, 10]); `source` names where the
 * text came from in the error message.
 */
export function parseSlowdown(text: string | undefined, source = SLOWDOWN_ENV): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    const f = m ? Number(m[2]) : Number.NaN;
    if (!m || !(f > 0 && f <= 10)) throw new UsageError(`${source}: expected workload=fraction (e.g. fib=0.10), got "${part}"`);
    out.set(m[1]!, f);
  }
  return out;
}

/** Spins until `fraction` of the time since `t0` has been added on top of it. */
function spinFor(t0: number, fraction: number): void {
  const end = Bun.nanoseconds() + (Bun.nanoseconds() - t0) * fraction;
  while (Bun.nanoseconds() < end) {
    // busy wait: the injected work must cost CPU time like real guest work
  }
}

function finish(inst: Instance, status: string): RunOnce {
  return { status, result: inst.getReg(7), gasUsed: WORKLOAD_GAS - inst.gas };
}

/**
 * Loads a blob file and compiles it for `backend`. `workload` names the guest, for the
 * injected slowdown.
 */
export async function prepareBlob(path: string, backend: Backend, profile: IsaProfile, workload?: string): Promise<PreparedBlob> {
  const input = await readProgram(path);
  if (input.kind !== "blob") throw new TypeError(`${path}: expected a blob, found a test vector`);
  const module = backend.compile(input.code, { profile });
  const image = input.image;
  const slowdown = workload ? parseSlowdown(process.env[SLOWDOWN_ENV]).get(workload) : undefined;
  const setup = (): Instance => {
    const inst = backend.instantiate(module);
    applyImage(inst, image);
    inst.gas = WORKLOAD_GAS;
    return inst;
  };
  const execute = (inst: Instance): RunOnce => {
    const t0 = Bun.nanoseconds();
    const { exit } = runWithDefaultHost(inst);
    if (slowdown) spinFor(t0, slowdown);
    return finish(inst, exit.status);
  };
  // A JIT instance holds a 4 GiB window reservation: release it at once rather than at
  // garbage collection, so timed runs see no finaliser or munmap bursts.
  const release = (inst: Instance) => inst.dispose?.();
  return {
    module, image, backend, compileNs: module.compileNs,
    run(): RunOnce {
      const inst = setup();
      try {
        return execute(inst);
      } finally {
        release(inst);
      }
    },
    timed: { setup, run: execute, teardown: release },
  };
}

/** Why a run's outcome is not the expected answer, or undefined when it is. */
export function wrongAnswer(r: RunOnce, expected: bigint): string | undefined {
  if (r.status !== "halt") return `ended with ${r.status} instead of halt`;
  if (r.result !== expected) return `returned ${r.result}, expected ${expected}`;
  return undefined;
}
