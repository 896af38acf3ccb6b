/**
 * The initial machine state a container describes: code, registers, memory regions.
 * Both the GP standard program and the JAR v2 blob decode to this, and every backend
 * starts from it.
 */
import type { CodeBlob } from "./code-blob.ts";

/** A page-aligned region of guest memory. */
export interface MemoryRegion {
  /** what it holds: "ro", "rw", "stack", "args", or a cap name */
  name: string;
  /** start address, bytes, multiple of 4096 */
  address: number;
  /** length in bytes, multiple of 4096 */
  length: number;
  writable: boolean;
  /** initial contents from `address` on (shorter than length: the rest is zero) */
  data?: Uint8Array;
}

export interface ProgramImage {
  code: CodeBlob;
  /** initial φ0..φ12, u64 */
  regs: bigint[];
  /** initial pc (ı) */
  pc: number;
  regions: MemoryRegion[];
  /** first byte past the RW section: where `sbrk` starts handing out memory */
  heapStart: number;
}
