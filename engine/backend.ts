/**
 * The interface every execution backend implements (interpreter now; x86-64 JIT and
 * WebAssembly JIT later). The kernel and the lab talk only to this.
 *
 *   compile(code, options)  -> Module    once per code blob, shared by all instances
 *   instantiate(module, image?) -> Instance   registers, memory, gas of one VM
 *   instance.run()          -> ExitReason   runs from instance.pc until an exit
 *
 * Exit pc convention (what the w3f vectors encode): the pc of the instruction that
 * caused the exit. After a host call the host continues with `resumeAfterHostCall()`;
 * after a page fault it maps memory and calls run() again (the block is not re-charged).
 */
import type { GasCharging, MemoryTier } from "./gas/model.ts";
import type { IsaProfile } from "./isa/index.ts";
import type { CodeBlob } from "./program/code-blob.ts";
import type { ProgramImage } from "./program/image.ts";

export type ExitStatus = "halt" | "panic" | "page-fault" | "out-of-gas" | "host" | "ecall";

export interface ExitReason {
  status: ExitStatus;
  /** pc of the instruction that caused the exit */
  pc: number;
  /** page-fault: start of the faulting page (GP A.8) */
  pageFaultAddress?: number;
  /** host: the ecalli immediate, u64 */
  hostCall?: bigint;
}

export interface CompileOptions {
  profile: IsaProfile;
  /** default: `instruction` for gp-0.7; pipeline profiles always charge by block */
  gasCharging?: GasCharging;
  /** pipeline gas model only; default l2 */
  memoryTier?: MemoryTier;
  /** JIT: exit to the host before every instruction, so `Instance.step` works (slow) */
  trace?: boolean;
  /**
   * JIT: test page rights inline before each guest access (the fallback to guard pages
   * and the SIGSEGV handler). Default: the PVM_JIT_BOUNDS_CHECKS=1 build flag.
   */
  boundsChecks?: boolean;
}

/** A code blob compiled for one backend; immutable, shareable between instances. */
export interface Module {
  readonly backend: string;
  readonly profile: IsaProfile;
  readonly gasCharging: GasCharging;
  readonly code: CodeBlob;
  /** compile time, ns */
  readonly compileNs: number;
  /** Frees native resources now (they are also freed when the module is collected). */
  dispose?(): void;
}

/** One VM: registers φ0..φ12, pc ı, gas ϱ and memory µ. */
export interface Instance {
  pc: number;
  /** remaining gas (u64) */
  gas: bigint;
  getReg(i: number): bigint;
  setReg(i: number, v: bigint): void;
  /** Makes pages [first, first+count) accessible, zero-filled where new. */
  mapPages(first: number, count: number, writable: boolean): void;
  /** Host read ignoring access rights; throws RangeError for unmapped bytes. */
  readMemory(address: number, length: number): Uint8Array;
  /** Host write ignoring access rights; throws RangeError for unmapped bytes. */
  writeMemory(address: number, data: Uint8Array): void;
  /** Page numbers of all accessible pages and whether each is writable. */
  pages(): Array<{ page: number; writable: boolean }>;
  /** Runs until an exit. */
  run(): ExitReason;
  /** After a `host` exit: moves pc past the ecalli without re-charging its block. */
  resumeAfterHostCall(): void;
  /** Sets the u32 start of the heap that `sbrk` extends. */
  setHeapTop(address: number): void;
  /** Frees native resources now (a JIT window); the instance must not run afterwards. */
  dispose?(): void;
  /**
   * Executes exactly one instruction (trace and crosscheck). `exit` is null when
   * execution can go on; `gas` is the balance after the instruction as the interpreter
   * counts it. The JIT offers it on modules compiled with `trace: true`.
   */
  step?(): { exit: ExitReason | null; gas: bigint };
}

export interface Backend {
  readonly name: string;
  compile(code: CodeBlob, options: CompileOptions): Module;
  /** A new VM for `module`, initialised from `image` (regions, registers, pc) when given. */
  instantiate(module: Module, image?: ProgramImage): Instance;
}
