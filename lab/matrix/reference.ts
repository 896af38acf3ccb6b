/**
 * Reference answers for the matrix. C programs: the same source compiled natively for
 * x86-64 (toolchains/native.ts) and called in-process, one value per entry. Rust
 * programs: workload.json's "expected" (their own tests pin it).
 */
import { readWorkload } from "../../toolchains/workload.ts";
import { buildNativeGuest, callNativeEntry } from "../../toolchains/native.ts";
import type { MatrixProgram } from "./plan.ts";
import type { Reference } from "./run-cell.ts";

export interface ProgramReference {
  ref: Reference;
  /** Where the values came from, for the report. */
  source: string;
  /** Set when workload.json's expected value disagrees with the native build. */
  problem?: string;
}

/** Computes the reference of one program; throws when the native build fails. */
export async function programReference(program: MatrixProgram, log?: (s: string) => void): Promise<ProgramReference> {
  const wl = readWorkload(program.name);
  const expected = BigInt(wl.expected);
  if (program.language !== "c") {
    return { ref: new Map([["main", expected]]), source: `${program.name}/workload.json` };
  }
  const native = await buildNativeGuest({ workload: program.name, log });
  const ref: Reference = new Map();
  for (const entry of program.entries) ref.set(entry, callNativeEntry(native.libPath, entry));
  const main = ref.get("main")!;
  const problem =
    main !== expected ? `${program.name}/workload.json expects ${expected} but the native build returns ${main}` : undefined;
  return { ref, source: `native x86-64 (${native.compilerVersion})`, problem };
}
