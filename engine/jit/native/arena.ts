/**
 * Executable memory for JIT code: one reserved range (so the fault handler can tell JIT
 * code from anything else with two compares), handed out in page runs. Code is written
 * while a run is RW, then flipped to RX (W^X). Freed runs are reused first-fit.
 */
import { toArrayBuffer } from "bun:ffi";
import { PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, protect, reserve } from "./libc.ts";

const PAGE = 4096;
/** Address space reserved for all JIT code of the process. */
export const ARENA_BYTES = 1 << 30;

interface Run {
  start: number;
  pages: number;
}

class CodeArena {
  readonly base: number;
  readonly end: number;
  private free: Run[];

  constructor() {
    this.base = reserve(ARENA_BYTES);
    this.end = this.base + ARENA_BYTES;
    this.free = [{ start: this.base, pages: ARENA_BYTES / PAGE }];
  }

  /** Copies `code` into fresh executable pages; returns its address. Throws when the arena is full. */
  install(code: Uint8Array): { address: number; bytes: number } {
    const pages = Math.max(1, Math.ceil(code.length / PAGE));
    const i = this.free.findIndex((r) => r.pages >= pages);
    if (i < 0) throw new Error(`jit: code arena full (${ARENA_BYTES} bytes)`);
    const run = this.free[i]!;
    const address = run.start;
    if (run.pages === pages) this.free.splice(i, 1);
    else this.free[i] = { start: run.start + pages * PAGE, pages: run.pages - pages };
    const bytes = pages * PAGE;
    protect(address, bytes, PROT_READ | PROT_WRITE);
    new Uint8Array(toArrayBuffer(address as never, 0, bytes)).set(code);
    protect(address, bytes, PROT_READ | PROT_EXEC);
    return { address, bytes };
  }

  /** Returns a run to the arena (made inaccessible again). */
  uninstall(address: number, bytes: number): void {
    protect(address, bytes, PROT_NONE);
    this.free.push({ start: address, pages: bytes / PAGE });
    this.free.sort((a, b) => a.start - b.start);
    const merged: Run[] = [];
    for (const r of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.start + last.pages * PAGE === r.start) last.pages += r.pages;
      else merged.push({ ...r });
    }
    this.free = merged;
  }
}

let arena: CodeArena | undefined;

/** The process-wide code arena (reserved on first use). */
export function codeArena(): CodeArena {
  return (arena ??= new CodeArena());
}
