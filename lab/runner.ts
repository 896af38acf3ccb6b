/**
 * A blob made ready to run many times: compiled once per backend (the module is shared),
 * a fresh instance per run under the default host. Each run checks the answer (φ7
 * against the workload's expected value) and reports the gas used.
 */
import type { Backend, Module } from "../engine/backend.ts";
import type { IsaProfile } from "../engine/isa/index.ts";
import { applyImage } from "../engine/interpreter/interpreter.ts";
import type { ProgramImage } from "../engine/program/image.ts";
import { runWithDefaultHost } from "./host.ts";
import { readProgram } from "./program-input.ts";

/** Gas every workload run starts with. */
export const WORKLOAD_GAS = 10n ** 12n;

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
  run(): RunOnce;
}

/** Loads a blob file and compiles it for `backend`. */
export async function prepareBlob(path: string, backend: Backend, profile: IsaProfile): Promise<PreparedBlob> {
  const input = await readProgram(path);
  if (input.kind !== "blob") throw new TypeError(`${path}: expected a blob, found a test vector`);
  const module = backend.compile(input.code, { profile });
  const image = input.image;
  return {
    module, image, backend, compileNs: module.compileNs,
    run(): RunOnce {
      const inst = backend.instantiate(module);
      applyImage(inst, image);
      inst.gas = WORKLOAD_GAS;
      const { exit } = runWithDefaultHost(inst);
      return { status: exit.status, result: inst.getReg(7), gasUsed: WORKLOAD_GAS - inst.gas };
    },
  };
}

/** Why a run's outcome is not the expected answer, or undefined when it is. */
export function wrongAnswer(r: RunOnce, expected: bigint): string | undefined {
  if (r.status !== "halt") return `ended with ${r.status} instead of halt`;
  if (r.result !== expected) return `returned ${r.result}, expected ${expected}`;
  return undefined;
}
