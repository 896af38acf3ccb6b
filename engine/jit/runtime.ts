/**
 * Process-wide JIT runtime, installed once in the code arena:
 *   entry(base) -> i32   saves callee-saved registers, loads φ0..φ12 from the context at
 *                        base - CTX_SIZE, jumps to context.resume
 *   exit                 stores φ0..φ12 back, restores the native stack, returns reason
 *   fault stub           where the SIGSEGV handler sends a faulting guest access
 *   SIGSEGV handler      machine code installed with libc sigaction: a fault whose rip is
 *                        in the code arena is redirected to the fault stub (with si_addr
 *                        and rip written to the context, found through the guest's r15);
 *                        any other fault is passed to the handler that was there before
 *                        (Bun's), or to the default action.
 */
import { CFunction, FFIType, toArrayBuffer } from "bun:ffi";
import { CTX, CTX_SIZE, ExitCode, GUEST_REGS, ctxDisp } from "./layout.ts";
import { codeArena } from "./native/arena.ts";
import { PROT_READ, PROT_WRITE, protect, reserve, sigaction } from "./native/libc.ts";
import { Alu, Assembler } from "./x64/assembler.ts";
import { Cond, RAX, RCX, RDI, RDX, RSI, RSP, R10, R15, RBX, RBP, R12, R13, R14 } from "./x64/registers.ts";

const SIGSEGV = 11;
const SA_SIGINFO = 4;
const SA_ONSTACK = 0x08000000;
const SA_RESTART = 0x10000000;
// ucontext_t on x86-64 Linux: uc_mcontext.gregs at 40; REG_R15 = 7, REG_RIP = 16.
const UC_R15 = 40 + 7 * 8;
const UC_RIP = 40 + 16 * 8;
const SI_ADDR = 16;
const SYS_RT_SIGACTION = 13;

export interface Runtime {
  entry: (base: number) => number;
  exitAddress: number;
  faultStubAddress: number;
}

let runtime: Runtime | undefined;

const ctx = (field: number) => ({ base: R15, disp: ctxDisp(field) });

/** Emits: store φ0..φ12 to the context. */
export function emitSaveRegs(a: Assembler): void {
  GUEST_REGS.forEach((r, i) => a.store(8, ctx(CTX.regs + 8 * i), r));
}

function build(dataPage: number): { code: Uint8Array; entry: number; exit: number; fault: number; handler: number } {
  const a = new Assembler();
  const arena = codeArena();
  // entry(base)
  const entry = a.pos;
  for (const r of [RBX, RBP, R12, R13, R14, R15]) a.push(r);
  a.aluRI(true, Alu.SUB, RSP, 8);
  a.movRR(true, R15, RDI);
  a.store(8, ctx(CTX.savedRsp), RSP);
  GUEST_REGS.forEach((r, i) => a.loadZx(8, r, ctx(CTX.regs + 8 * i)));
  a.jmpM(ctx(CTX.resume));
  // exit
  const exit = a.pos;
  emitSaveRegs(a);
  a.loadZx(8, RSP, ctx(CTX.savedRsp));
  a.loadZx(4, RAX, ctx(CTX.reason));
  a.aluRI(true, Alu.ADD, RSP, 8);
  for (const r of [R15, R14, R13, R12, RBP, RBX]) a.pop(r);
  a.ret();
  // fault stub: the guest state is intact; only rax (scratch) may have changed
  const fault = a.pos;
  a.storeImm(4, ctx(CTX.reason), ExitCode.Fault);
  a.jmpM(ctx(CTX.exit));
  // SIGSEGV handler (rdi = sig, rsi = siginfo_t*, rdx = ucontext_t*)
  const handler = a.pos;
  const chain = a.newLabel();
  a.loadZx(8, RAX, { base: RDX, disp: UC_RIP });
  a.movImm(RCX, BigInt(arena.base));
  a.aluRR(true, Alu.CMP, RAX, RCX);
  a.jcc(Cond.B, chain);
  a.movImm(RCX, BigInt(arena.end));
  a.aluRR(true, Alu.CMP, RAX, RCX);
  a.jcc(Cond.AE, chain);
  a.loadZx(8, RCX, { base: RDX, disp: UC_R15 });
  a.store(8, { base: RCX, disp: ctxDisp(CTX.faultRip) }, RAX);
  a.loadZx(8, RAX, { base: RSI, disp: SI_ADDR });
  a.store(8, { base: RCX, disp: ctxDisp(CTX.faultAddress) }, RAX);
  a.loadZx(8, RAX, { base: RCX, disp: ctxDisp(CTX.faultStub) });
  a.store(8, { base: RDX, disp: UC_RIP }, RAX);
  a.ret();
  a.bind(chain);
  // the previous struct sigaction sits at dataPage; sa_handler first
  a.movImm(RAX, BigInt(dataPage));
  a.loadZx(8, RAX, { base: RAX });
  a.aluRI(true, Alu.CMP, RAX, 1);
  const toDefault = a.newLabel();
  a.jcc(Cond.BE, toDefault);
  a.jmpR(RAX);
  a.bind(toDefault);
  // rt_sigaction(SIGSEGV, &zeroed kernel sigaction (SIG_DFL), NULL, 8); returning re-faults
  a.movImm(RDI, BigInt(SIGSEGV));
  a.movImm(RSI, BigInt(dataPage + 2048));
  a.movImm(RDX, 0n);
  a.movImm(R10, 8n); // sigsetsize
  a.movImm(RAX, BigInt(SYS_RT_SIGACTION));
  a.bytes(0x0f, 0x05); // syscall
  a.ret();
  return { code: a.finish().slice(), entry, exit, fault, handler };
}

/**
 * The runtime, installed on first use: code in the arena, the SIGSEGV handler chained
 * in front of the one already there. Throws when not on Linux x86-64.
 */
export function jitRuntime(): Runtime {
  if (runtime) return runtime;
  const dataPage = reserve(4096);
  protect(dataPage, 4096, PROT_READ | PROT_WRITE);
  const b = build(dataPage);
  const { address } = codeArena().install(b.code);
  // struct sigaction (glibc x86-64): handler u64 | sa_mask 128 bytes | flags i32 | pad | restorer u64
  const act = new DataView(toArrayBuffer(dataPage as never, 0, 4096));
  const NEW = 1024;
  act.setBigUint64(NEW, BigInt(address + b.handler), true);
  act.setInt32(NEW + 8 + 128, SA_SIGINFO | SA_ONSTACK | SA_RESTART, true);
  if (sigaction(SIGSEGV, dataPage + NEW, dataPage) !== 0) throw new Error("jit: sigaction(SIGSEGV) failed");
  const entryFn = CFunction({ ptr: (address + b.entry) as never, args: [FFIType.ptr], returns: FFIType.i32 });
  runtime = {
    // the CFunction itself (no wrapper closure): it is called on every host call
    entry: entryFn as unknown as (base: number) => number,
    exitAddress: address + b.exit,
    faultStubAddress: address + b.fault,
  };
  return runtime;
}

export { CTX_SIZE };
