/**
 * The two containers of one transpiled program, with the same addresses:
 *
 *   GP standard program (GP A.7)      JAR v2 blob (ARCHITECTURE.md, seed 000)
 *   o = RO data at Z_Z                cap 66 RO    at Z_Z, RO, data o
 *   w = RW data at rwStart(|o|)       cap 67 RW    at rwStart, RW, data w, covering BSS too
 *   z = BSS pages beyond w + heap     cap 68 HEAP  right after cap 67, heapPages zero pages
 *   s = stack below STACK_TOP         cap 65 STACK below STACK_TOP, zero
 *   c = code                          cap 64 CODE  (invoke_cap), memory_pages 0
 *
 * Caps 66-68 are left out when they would have no pages. The stack size is rounded up to
 * whole pages in both.
 */
import type { CodeBlob } from "../program/code-blob.ts";
import { CAP_CODE, CAP_HEAP, CAP_RO, CAP_RW, CAP_STACK, type JarBlob, type JarCap } from "../program/jar-blob.ts";
import { ADDRESS_SPACE, INPUT_SIZE, PAGE_SIZE, RO_START, STACK_TOP, ZONE_SIZE, pageAlign, zoneAlign } from "../program/layout.ts";
import type { StandardProgram } from "../program/standard-program.ts";
import type { DataLayout } from "./data-layout.ts";

export interface MemoryOptions {
  /** stack size in bytes (rounded up to pages) */
  stackSize: number;
  /** zero pages after RW data and BSS, for sbrk */
  heapPages: number;
}

/**
 * Builds both containers. Throws RangeError when the program does not fit the standard
 * program's fields (3-byte |o|, |w| and s; 2-byte z) or the 32-bit address space (GP A.41).
 */
export function buildContainers(code: CodeBlob, layout: DataLayout, mem: MemoryOptions): { standard: StandardProgram; jar: JarBlob } {
  const stackSize = pageAlign(mem.stackSize);
  if (stackSize >= 2 ** 24) throw new RangeError(`stack size ${mem.stackSize} does not fit the standard program's 3-byte field`);
  if (layout.ro.length >= 2 ** 24 || layout.rw.length >= 2 ** 24) throw new RangeError(`RO data (${layout.ro.length} bytes) or RW data (${layout.rw.length} bytes) does not fit the standard program's 3-byte fields`);
  const rwPages = pageAlign(layout.bssEnd - layout.rwStart) / PAGE_SIZE;
  const bssPages = rwPages - pageAlign(layout.rw.length) / PAGE_SIZE;
  const extraPages = bssPages + mem.heapPages;
  if (extraPages >= 2 ** 16) throw new RangeError(`BSS and heap need ${extraPages} pages; the standard program allows at most 65535`);
  const span = 5 * ZONE_SIZE + zoneAlign(layout.ro.length) + zoneAlign(layout.rw.length + extraPages * PAGE_SIZE) + zoneAlign(stackSize) + INPUT_SIZE;
  if (span > ADDRESS_SPACE) throw new RangeError(`data, BSS, heap and stack need ${span} bytes of address space; GP A.41 allows 2^32`);
  const standard: StandardProgram = { ro: layout.ro, rw: layout.rw, extraPages, stackSize, code };
  const caps: JarCap[] = [
    { index: CAP_CODE, type: "code", code },
    { index: CAP_STACK, type: "data", basePage: (STACK_TOP - stackSize) / PAGE_SIZE, pageCount: stackSize / PAGE_SIZE, writable: true, data: new Uint8Array(0) },
  ];
  if (layout.ro.length) {
    caps.push({ index: CAP_RO, type: "data", basePage: RO_START / PAGE_SIZE, pageCount: pageAlign(layout.ro.length) / PAGE_SIZE, writable: false, data: layout.ro });
  }
  if (rwPages) {
    caps.push({ index: CAP_RW, type: "data", basePage: layout.rwStart / PAGE_SIZE, pageCount: rwPages, writable: true, data: layout.rw });
  }
  if (mem.heapPages) {
    caps.push({ index: CAP_HEAP, type: "data", basePage: layout.rwStart / PAGE_SIZE + rwPages, pageCount: mem.heapPages, writable: true, data: new Uint8Array(0) });
  }
  return { standard, jar: { memoryPages: 0, invokeCap: CAP_CODE, caps } };
}
