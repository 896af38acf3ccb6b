/**
 * An assembled code blob in the standard containers: the GP standard program and the
 * JAR v2 blob of engine/transpiler/containers.ts with no RO or RW data — code, a stack
 * and optional zero heap pages (`bun lab asm --format gp|jar`).
 */
import type { CodeBlob } from "../../program/code-blob.ts";
import type { JarBlob } from "../../program/jar-blob.ts";
import { rwStart } from "../../program/layout.ts";
import type { StandardProgram } from "../../program/standard-program.ts";
import { type MemoryOptions, buildContainers } from "../containers.ts";

/** Both containers around `code`. Throws RangeError for a stack or heap that does not fit. */
export function codeOnlyContainers(code: CodeBlob, mem: MemoryOptions): { standard: StandardProgram; jar: JarBlob } {
  const start = rwStart(0);
  return buildContainers(code, { ro: new Uint8Array(0), rw: new Uint8Array(0), rwStart: start, bssEnd: start, placed: new Map() }, mem);
}
