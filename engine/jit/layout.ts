/**
 * The JIT's fixed conventions.
 *
 * Register map (PVM φ -> x86-64), kept for the whole run:
 *
 *   φ0 rdx   φ1 rbx   φ2 rcx   φ3 rsi   φ4 rdi   φ5 rbp   φ6 r8
 *   φ7 r9    φ8 r10   φ9 r11   φ10 r12  φ11 r13  φ12 r14
 *   rax  scratch (address arithmetic, results of div/mul)
 *   r15  base of the instance's 4 GiB guest window: guest address a lives at r15 + a
 *   rsp  the native stack (div/mul save rdx on it for a moment)
 *
 * φ0 (ra) sits in rdx because div/mul clobber rdx and return addresses are the guest
 * register used least in straight-line code.
 *
 * Memory of one instance (one mmap reservation):
 *
 *   base - PREFIX ........                      page-rights table, 2^20 bytes (only with
 *                                              inline bounds checks: 0 none, 1 R, 2 RW)
 *   jumpTableDisp ........ base - CTX_SIZE     native jump table: |j| u64 addresses
 *                                              (0 = entry is not a block start)
 *   base - CTX_SIZE ...... base                 context (below)
 *   base ................. base + 2^32          guest window, PROT_NONE except mapped pages
 *   base + 2^32 .......... + GUARD              guard (accesses that run past 2^32)
 *
 * Context, at r15 - CTX_SIZE (all little-endian):
 *   0    φ0..φ12   13 x u64
 *   104  gas       u64 (block prices are subtracted in place; a borrow means out of gas)
 *   112  pc        u32  pc of the instruction that exited
 *   116  reason    u32  ExitCode
 *   120  resume    u64  native address the entry trampoline jumps to
 *   128  saved rsp u64
 *   136  fault address u64 (si_addr), 144 fault rip u64 (written by the signal handler)
 *   152  exit      u64  address of the shared exit routine
 *   160  fault stub u64 address the signal handler redirects a faulting access to
 *   168  scratch   u64 (inline bounds checks keep the guest address here)
 */
import { RBP, RBX, RCX, RDI, RDX, RSI, R8, R9, R10, R11, R12, R13, R14 } from "./x64/registers.ts";

export const GUEST_REGS: readonly number[] = [RDX, RBX, RCX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14];

export const PAGE = 4096;
export const CTX_SIZE = PAGE;
export const WINDOW = 2 ** 32;
export const GUARD = 16 * PAGE;

export const CTX = {
  regs: 0,
  gas: 104,
  pc: 112,
  reason: 116,
  resume: 120,
  savedRsp: 128,
  faultAddress: 136,
  faultRip: 144,
  exit: 152,
  faultStub: 160,
  scratch: 168,
} as const;

/** Displacement from r15 of a context field. */
export const ctxDisp = (field: number) => field - CTX_SIZE;

/** Why native code returned to JS (the entry trampoline's i32 result). */
export const enum ExitCode {
  Halt = 0,
  Panic = 1,
  Fault = 2,
  Host = 3,
  OutOfGas = 4,
  Ecall = 5,
  Sbrk = 6,
  /** trace mode: about to execute the instruction at pc (ctx.resume points at it) */
  Step = 7,
}

/** Size of the page-rights table used by inline bounds checks: one byte per page. */
export const RIGHTS_BYTES = 1 << 20;

/** Displacement from base (r15) of native jump-table entry 0. */
export function jumpTableDisp(jumpTableLength: number): number {
  return -(CTX_SIZE + Math.ceil((jumpTableLength * 8) / PAGE) * PAGE);
}

/** Displacement from base of the page-rights table (inline bounds checks). */
export function rightsDisp(jumpTableLength: number): number {
  return jumpTableDisp(jumpTableLength) - RIGHTS_BYTES;
}

/** Bytes below `base` an instance reserves: context, jump table, rights table if checked. */
export function prefixBytes(jumpTableLength: number, boundsChecks = false): number {
  return -jumpTableDisp(jumpTableLength) + (boundsChecks ? RIGHTS_BYTES : 0);
}
