/**
 * The x86-64 JIT backend: a code blob is compiled once into native code (a JitModule,
 * shared by all its instances); each JitInstance owns a 4 GiB guest window and a
 * context block, and runs by calling the runtime's entry trampoline through bun:ffi.
 *
 * Gas (engine/gas BlockCosts, the same prices the interpreter uses):
 *   block        native block entries subtract the segment price; a borrow exits with
 *                out-of-gas and JS adds the price back (the block did not start).
 *   instruction  the same native code; JS refunds what an exit in mid-block did not run
 *                (the rest of the segment; the faulting instruction too for memory
 *                exceptions, GP A.8) and, when a block cannot be paid in full, steps it
 *                with the interpreter over the same registers and memory, so the
 *                out-of-gas pc and gas are the interpreter's.
 * Entering from JS at a pc whose segment is not yet paid, JS charges it and enters at
 * the instruction entry (no native charge).
 */
import type { Backend, CompileOptions, ExitReason, ExitStatus, Instance, Module } from "../backend.ts";
import type { BlockCosts } from "../gas/block-costs.ts";
import { prepareCode } from "../gas/prepare.ts";
import type { GasCharging } from "../gas/model.ts";

import { InterpreterInstance, InterpreterModule, applyImage } from "../interpreter/interpreter.ts";
import { type IsaProfile, OPCODES, READ_ONLY_WRITE, accessAddress, memoryAccess } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { type CodeInfo, instructionAt } from "../program/code-info.ts";
import type { ProgramImage } from "../program/image.ts";
import { ACCESS_WRITE, MEM_FAULT, MEM_PANIC, checkAccess } from "../memory/paged-memory.ts";
import { generate } from "./codegen.ts";
import { CTX, CTX_SIZE, ExitCode, GUARD, PAGE, RIGHTS_BYTES, WINDOW, jumpTableDisp, prefixBytes, rightsDisp } from "./layout.ts";
import { codeArena } from "./native/arena.ts";
import { PROT_READ, PROT_WRITE, protect, release, reserve } from "./native/libc.ts";
import { jitRuntime } from "./runtime.ts";
import { WindowMemory } from "./window-memory.ts";
import { pageList } from "../memory/guest-memory.ts";
import { toArrayBuffer } from "bun:ffi";

/** internal markers: a Step exit while stepping; one instruction run by the interpreter */
const STEP: ExitReason = { status: "halt", pc: -1 };
const STEP_INTERPRETED: ExitReason = { status: "halt", pc: -2 };

const codeRegistry = new FinalizationRegistry<{ address: number; bytes: number }>((r) => codeArena().uninstall(r.address, r.bytes));

export class JitModule implements Module {
  readonly backend = "jit";
  readonly profile: IsaProfile;
  readonly gasCharging: GasCharging;
  readonly code: CodeBlob;
  readonly compileNs: number;
  private readonly options: CompileOptions;
  /** compiled with a Step exit before every instruction */
  readonly trace: boolean;
  /** compiled with inline page-rights checks (no reliance on guard-page faults) */
  readonly boundsChecks: boolean;
  /** 1 where native code charges a segment's gas on entry */
  readonly blockEntry: Uint8Array;
  private interpModule?: InterpreterModule;
  readonly info: CodeInfo;
  readonly costs: BlockCosts;
  readonly address: number;
  readonly nativeBytes: number;
  readonly codeSize: number;
  private readonly instrOffset: Int32Array;
  readonly jumpTargets: Int32Array;
  private readonly trapOffsets: Int32Array;
  private readonly trapPcs: Int32Array;

  constructor(code: CodeBlob, options: CompileOptions) {
    const t0 = Bun.nanoseconds();
    jitRuntime();
    const prepared = prepareCode(code, options);
    this.options = options;
    this.profile = options.profile;
    this.gasCharging = prepared.gasCharging;
    this.code = code;
    this.info = prepared.info;
    this.costs = prepared.costs;
    this.trace = options.trace === true;
    this.boundsChecks = options.boundsChecks ?? process.env.PVM_JIT_BOUNDS_CHECKS === "1";
    const gen = generate(this.info, this.costs, { trace: this.trace, boundsChecks: this.boundsChecks });
    this.blockEntry = gen.blockEntry;
    const { address, bytes } = codeArena().install(gen.code);
    this.address = address;
    this.nativeBytes = bytes;
    codeRegistry.register(this, { address, bytes }, this);
    this.codeSize = gen.code.length;
    this.instrOffset = gen.instrOffset;
    this.jumpTargets = gen.jumpTargets;
    this.trapOffsets = gen.trapOffsets;
    this.trapPcs = gen.trapPcs;
    this.compileNs = Bun.nanoseconds() - t0;
  }

  private disposed = false;

  /** The interpreter's module of the same code (same decoding and prices), for stepping. */
  get interp(): InterpreterModule {
    return (this.interpModule ??= new InterpreterModule(this.code, this.options, { info: this.info, costs: this.costs, gasCharging: this.gasCharging }));
  }

  /** Returns the native code to the arena; instances of this module must not run afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    codeRegistry.unregister(this);
    codeArena().uninstall(this.address, this.nativeBytes);
  }

  // per-pc caches for the host-call path (sparse arrays indexed by the ecalli's pc)
  private readonly hostIndices: bigint[] = [];
  private readonly hostNext: number[] = [];

  /** pc of the instruction after the ecalli at `pc` (cached: host calls are a hot path). */
  nextPc(pc: number): number {
    const v = this.hostNext[pc];
    if (v !== undefined) return v;
    return (this.hostNext[pc] = pc + instructionAt(this.info, pc).len);
  }

  /** The ecalli immediate at `pc` as a u64 (cached). */
  hostCallIndex(pc: number): bigint {
    const v = this.hostIndices[pc];
    if (v !== undefined) return v;
    return (this.hostIndices[pc] = BigInt.asUintN(64, BigInt(instructionAt(this.info, pc).x)));
  }

  /** Native address of the no-charge entry of `pc`, or undefined. */
  entryOf(pc: number): number | undefined {
    const o = pc >= 0 && pc < this.instrOffset.length ? this.instrOffset[pc]! : -1;
    return o < 0 ? undefined : this.address + o;
  }

  /** pc of the guest access at native address `rip`, or -1. */
  pcOfTrap(rip: number): number {
    const off = rip - this.address;
    let lo = 0;
    let hi = this.trapOffsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.trapOffsets[mid]!;
      if (v === off) return this.trapPcs[mid]!;
      if (v < off) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

const registry = new FinalizationRegistry<{ address: number; bytes: number }>((r) => release(r.address, r.bytes));

export class JitInstance implements Instance {
  readonly module: JitModule;
  readonly memory: WindowMemory;
  private readonly reservation: { address: number; bytes: number };
  readonly base: number;
  private readonly ctx: DataView;
  private _pc = 0;
  private charged = false;
  private heapTop = 0;
  /** ctx.resume already holds the native address to continue at (set by an ecalli exit) */
  private resumeReady = false;
  private readonly entry = jitRuntime().entry;
  /** pc after the ecalli of the last host exit, -1 otherwise */
  private hostNextPc = -1;
  /** instructions the interpreter may run when it finishes a block for us (1 while stepping) */
  private stepLimit = Infinity;
  private stepping = false;
  private disposed = false;

  constructor(module: JitModule) {
    this.module = module;
    this.instructionMode = module.gasCharging === "instruction";
    const rt = jitRuntime();
    const prefix = prefixBytes(module.code.jumpTable.length, module.boundsChecks);
    const bytes = prefix + WINDOW + GUARD;
    const address = reserve(bytes);
    this.reservation = { address, bytes };
    registry.register(this, this.reservation, this);
    this.base = address + prefix;
    protect(address, prefix, PROT_READ | PROT_WRITE);
    this.ctx = new DataView(toArrayBuffer((this.base - CTX_SIZE) as never, 0, CTX_SIZE));
    this.ctx.setBigUint64(CTX.exit, BigInt(rt.exitAddress), true);
    this.ctx.setBigUint64(CTX.faultStub, BigInt(rt.faultStubAddress), true);
    const jt = module.jumpTargets;
    const jtStart = this.base + jumpTableDisp(jt.length);
    if (jt.length) {
      const table = new DataView(toArrayBuffer(jtStart as never, 0, this.base - CTX_SIZE - jtStart));
      for (let i = 0; i < jt.length; i++) table.setBigUint64(i * 8, jt[i]! < 0 ? 0n : BigInt(module.address + jt[i]!), true);
    }
    const rights = module.boundsChecks ? new Uint8Array(toArrayBuffer((this.base + rightsDisp(jt.length)) as never, 0, RIGHTS_BYTES)) : undefined;
    this.memory = new WindowMemory(this.base, rights);
    this.memory.readOnlyWritePanics = READ_ONLY_WRITE[module.profile] === "panic";
  }

  /** Releases the guest window now (it is also released when the instance is collected). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    registry.unregister(this);
    release(this.reservation.address, this.reservation.bytes);
  }

  get pc(): number {
    return this._pc;
  }
  set pc(v: number) {
    this._pc = v;
    this.charged = false;
    this.resumeReady = false;
    this.hostNextPc = -1;
  }
  get gas(): bigint {
    return this.ctx.getBigUint64(CTX.gas, true);
  }
  set gas(v: bigint) {
    this.ctx.setBigUint64(CTX.gas, BigInt.asUintN(64, v), true);
  }
  getReg(i: number): bigint {
    return this.ctx.getBigUint64(CTX.regs + 8 * i, true);
  }
  setReg(i: number, v: bigint): void {
    this.ctx.setBigUint64(CTX.regs + 8 * i, BigInt.asUintN(64, v), true);
  }
  mapPages(first: number, count: number, writable: boolean): void {
    this.memory.mapPages(first, count, writable);
  }
  readMemory(address: number, length: number): Uint8Array {
    return this.memory.peek(address, length);
  }
  writeMemory(address: number, data: Uint8Array): void {
    this.memory.poke(address, data);
  }
  pages(): Array<{ page: number; writable: boolean }> {
    return pageList(this.memory);
  }
  setHeapTop(address: number): void {
    this.heapTop = address;
  }
  resumeAfterHostCall(): void {
    if (this.hostNextPc >= 0) {
      // the last exit was an ecalli: its stub left the next entry in ctx.resume
      this._pc = this.hostNextPc;
      this.hostNextPc = -1;
      this.resumeReady = true;
      return;
    }
    const ins = instructionAt(this.module.info, this._pc);
    this._pc += ins.len;
    // after ecalli the exit stub stored the next instruction's entry in ctx.resume
    this.resumeReady = OPCODES[ins.id]!.name === "ecalli" && this.module.entryOf(this._pc) !== undefined;
  }

  /** module.gasCharging === "instruction", kept in a field: read on every exit */
  private readonly instructionMode: boolean;

  /** gas += n (|n| < 2^31), as u64 arithmetic on the two 32-bit halves: no bigint on the host-call path */
  private addGas(n: number): void {
    const lo = this.ctx.getUint32(CTX.gas, true) + n;
    const carry = Math.floor(lo / 2 ** 32);
    this.ctx.setUint32(CTX.gas, lo - carry * 2 ** 32, true);
    if (carry) this.ctx.setUint32(CTX.gas + 4, (this.ctx.getUint32(CTX.gas + 4, true) + carry) >>> 0, true);
  }

  /** gas >= n for 0 <= n < 2^32 */
  private gasAtLeast(n: number): boolean {
    return this.ctx.getUint32(CTX.gas + 4, true) !== 0 || this.ctx.getUint32(CTX.gas, true) >= n;
  }

  private stop(status: ExitStatus, pc: number, extra: Partial<ExitReason> = {}): ExitReason {
    this._pc = pc;
    this.hostNextPc = -1;
    return { status, pc, ...extra };
  }

  /** Runs the interpreter over this instance's registers and memory until it exits. */
  private interpretRest(limit = Infinity): ExitReason | null {
    const it = new InterpreterInstance(this.module.interp, this.memory);
    for (let i = 0; i < 13; i++) it.setReg(i, this.getReg(i));
    it.gas = this.gas;
    it.pc = this._pc;
    it.setHeapTop(this.heapTop);
    const exit = limit === Infinity ? it.run() : it.step().exit;
    for (let i = 0; i < 13; i++) this.setReg(i, it.getReg(i));
    this.gas = it.gas;
    this._pc = it.pc;
    this.heapTop = it.heapTopValue();
    this.charged = false;
    this.resumeReady = false;
    return exit;
  }

  run(): ExitReason {
    const mod = this.module;
    const entry = this.entry;
    for (;;) {
      const pc = this._pc;
      if (!this.charged) {
        const cost = mod.costs.at(pc);
        if (!this.gasAtLeast(cost)) {
          if (this.instructionMode) return this.interpretRest(this.stepLimit) ?? STEP_INTERPRETED;
          return this.stop("out-of-gas", pc);
        }
        this.addGas(-cost);
        this.charged = true;
      }
      if (this.resumeReady) this.resumeReady = false;
      else {
        const native = mod.entryOf(pc);
        if (native === undefined) {
          // a pc no native entry exists for (set by a host mid-instruction): the interpreter runs it
          this.addGas(mod.costs.at(pc));
          this.charged = false;
          return this.interpretRest(this.stepLimit) ?? STEP_INTERPRETED;
        }
        this.ctx.setUint32(CTX.resume, native >>> 0, true);
        this.ctx.setUint32(CTX.resume + 4, Math.floor(native / 2 ** 32), true);
      }
      const reason = entry(this.base) as ExitCode;
      const at = this.ctx.getUint32(CTX.pc, true);
      switch (reason) {
        case ExitCode.Halt:
          if (this.instructionMode) this.addGas(mod.costs.at(at) - 1);
          return this.stop("halt", at);
        case ExitCode.Panic:
          if (this.instructionMode) this.addGas(mod.costs.at(at) - 1);
          return this.stop("panic", at);
        case ExitCode.Host: {
          // ecalli is no terminator: in block mode the rest of its block is paid for
          if (this.instructionMode) {
            this.addGas(mod.costs.at(at) - 1);
            this.charged = false;
          } else this.charged = true;
          this._pc = at;
          this.hostNextPc = mod.nextPc(at);
          return { status: "host", pc: at, hostCall: mod.hostCallIndex(at) };
        }
        case ExitCode.Ecall: {
          if (this.instructionMode) {
            this.addGas(mod.costs.at(at) - 1);
            this.charged = false;
          } else this.charged = !OPCODES[instructionAt(mod.info, at).id]!.terminator;
          return this.stop("ecall", at);
        }
        case ExitCode.OutOfGas: {
          this.addGas(mod.costs.at(at));
          this._pc = at;
          this.charged = false;
          // stepping: native code only runs out of gas at a block entry after an instruction
          // ran, so that failure belongs to the next step
          if (this.stepping) return STEP_INTERPRETED;
          if (this.instructionMode) return this.interpretRest(this.stepLimit) ?? STEP_INTERPRETED;
          return this.stop("out-of-gas", at);
        }
        case ExitCode.Sbrk: {
          const ins = instructionAt(mod.info, at);
          this.setReg(ins.rd, this.sbrk(this.getReg(ins.ra)));
          this._pc = at + ins.len;
          this.charged = true;
          if (this.stepping) return STEP;
          continue;
        }
        case ExitCode.Fault: {
          const rip = Number(this.ctx.getBigUint64(CTX.faultRip, true));
          const fpc = mod.pcOfTrap(rip);
          if (fpc < 0) throw new Error(`jit: fault at native ${rip.toString(16)} outside any guest access`);
          if (this.instructionMode) {
            this.addGas(mod.costs.at(fpc));
            this.charged = false;
          } else this.charged = true;
          // The hardware saw the first byte it could not touch; GP A.8 wants the lowest
          // inaccessible byte mod 2^32 (a wrapped access panics). Re-evaluate the access
          // from the registers, which still hold the state before the instruction.
          const ins = instructionAt(mod.info, fpc);
          const acc = memoryAccess(ins)!;
          const st = checkAccess(this.memory, accessAddress(ins, acc, (i) => this.getReg(i)), acc.size, acc.write);
          if (st === MEM_FAULT) return this.stop("page-fault", fpc, { pageFaultAddress: this.memory.faultAddress });
          if (st === MEM_PANIC) return this.stop("panic", fpc);
          throw new Error(`jit: spurious fault at pc ${fpc}`);
        }
        case ExitCode.Step: {
          // trace mode: the segment holding `at` is paid for; ctx.resume points at it
          this._pc = at;
          this.charged = true;
          this.resumeReady = true;
          if (this.stepping) return STEP;
          continue;
        }
        default:
          throw new Error(`jit: unknown exit code ${reason}`);
      }
    }
  }

  /**
   * One instruction (trace mode only). The gas reported is the interpreter's count: the
   * native code has already paid for the rest of the current segment (and, at a block
   * entry, for the new block), which the interpreter charges later.
   */
  step(): { exit: ExitReason | null; gas: bigint } {
    if (!this.module.trace) throw new Error("jit: step() needs a module compiled with trace: true");
    this.stepping = true;
    this.stepLimit = 1;
    let exit: ExitReason;
    try {
      exit = this.run();
    } finally {
      this.stepping = false;
      this.stepLimit = Infinity;
    }
    if (exit === STEP_INTERPRETED) return { exit: null, gas: this.gas };
    if (exit !== STEP) return { exit, gas: this.gas };
    const pc = this._pc;
    const owed = this.instructionMode || this.module.blockEntry[pc] ? this.module.costs.at(pc) : 0;
    return { exit: null, gas: this.gas + BigInt(owed) };
  }

  /** sbrk as the interpreter defines it, mapping new heap pages in the window. */
  private sbrk(n: bigint): bigint {
    const old = this.heapTop;
    if (n === 0n) return BigInt(old);
    const top = BigInt(old) + n;
    if (top > 0xffffffffn) return 0n;
    const end = Number(top);
    const first = Math.floor(old / PAGE);
    this.memory.mapPages(first, Math.ceil(end / PAGE) - first, true);
    this.heapTop = end;
    return BigInt(old);
  }
}

export const jitBackend: Backend = {
  name: "jit",
  compile: (code, options) => new JitModule(code, options),
  instantiate(module, image?: ProgramImage) {
    if (!(module instanceof JitModule)) throw new TypeError("jit: module was compiled by another backend");
    const inst = new JitInstance(module);
    if (image) applyImage(inst, image);
    return inst;
  },
};
