/**
 * The reference interpreter (GP Appendix A, Ψ and Ψ1). Code is pre-decoded once per
 * module into `Op` records holding their handler; registers are a BigUint64Array, so
 * every assignment is reduced mod 2^64 by the store itself.
 *
 * Gas: the module's BlockCosts (engine/gas) are the single source of prices.
 *   block        the segment's price is charged when it is entered; a segment that
 *                cannot be paid for does not start (out-of-gas at its first pc).
 *   instruction  1 gas per instruction before it runs (GP A.1); an instruction that
 *                ends in a memory exception is not charged (GP A.8 leaves ϱ unchanged).
 */
import type { Backend, CompileOptions, ExitReason, ExitStatus, Instance, Module } from "../backend.ts";
import { BlockCosts } from "../gas/block-costs.ts";
import type { GasCharging } from "../gas/model.ts";
import { type PreparedCode, prepareCode } from "../gas/prepare.ts";
import { type Instruction, type IsaProfile, OPCODES, type OpcodeName, READ_ONLY_WRITE } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { analyzeCode, type CodeInfo, instructionAt } from "../program/code-info.ts";
import type { ProgramImage } from "../program/image.ts";
import { HALT_ADDRESS, PAGE_SIZE } from "../program/layout.ts";
import { type GuestMemory, pageList } from "../memory/guest-memory.ts";
import { ACCESS_WRITE, MEM_FAULT, MEM_OK, PagedMemory } from "../memory/paged-memory.ts";
import {
  MASK32, clz64, ctz32, ctz64, lo32, popcount32, popcount64, reverseBytes64, rotr32, rotr64,
  s32, s64, sx16, sx32, sx8, u64,
} from "./u64.ts";

/** A pre-decoded instruction with its handler and bigint immediates. */
export interface Op extends Instruction {
  h: Handler;
  /** pc of the next instruction (pc + len) */
  next: number;
  /** νX, νY as u64 */
  xb: bigint;
  yb: bigint;
  term: boolean;
}

/** Returns the next pc, or EXIT after recording the exit on the VM. */
type Handler = (vm: InterpreterInstance, op: Op) => number;
const EXIT = -1;

const MAX_SAFE_GAS = 2 ** 52;

// ---------------------------------------------------------------- handler families

const alu3 = (f: (a: bigint, b: bigint) => bigint): Handler => (vm, op) => {
  const r = vm.regs;
  r[op.rd] = f(r[op.ra]!, r[op.rb]!);
  return op.next;
};

/** two registers + immediate, result in φA from φB and νX */
const aluImm = (f: (b: bigint, x: bigint) => bigint): Handler => (vm, op) => {
  const r = vm.regs;
  r[op.ra] = f(r[op.rb]!, op.xb);
  return op.next;
};

const alu2 = (f: (a: bigint) => bigint): Handler => (vm, op) => {
  const r = vm.regs;
  r[op.rd] = f(r[op.ra]!);
  return op.next;
};

const load = (vm: InterpreterInstance, op: Op, address: number, len: number, ext: ((v: bigint) => bigint) | null, dest: number): number => {
  const st = vm.memory.check(address, len, false);
  if (st !== MEM_OK) return vm.memoryExit(st, op);
  const v = vm.memory.load(address, len);
  vm.regs[dest] = ext ? ext(v) : v;
  return op.next;
};

const store = (vm: InterpreterInstance, op: Op, address: number, len: number, value: bigint): number => {
  const st = vm.memory.check(address, len, true);
  if (st !== MEM_OK) return vm.memoryExit(st, op);
  vm.memory.store(address, len, value);
  return op.next;
};

const addr = (base: bigint, imm: number) => Number((base + BigInt(imm)) & MASK32);

const loadAbs = (len: number, ext: ((v: bigint) => bigint) | null): Handler => (vm, op) => load(vm, op, op.x >>> 0, len, ext, op.ra);
const storeAbs = (len: number): Handler => (vm, op) => store(vm, op, op.x >>> 0, len, vm.regs[op.ra]!);
const storeImmAbs = (len: number): Handler => (vm, op) => store(vm, op, op.x >>> 0, len, op.yb);
const storeImmInd = (len: number): Handler => (vm, op) => store(vm, op, addr(vm.regs[op.ra]!, op.x), len, op.yb);
const storeInd = (len: number): Handler => (vm, op) => store(vm, op, addr(vm.regs[op.rb]!, op.x), len, vm.regs[op.ra]!);
const loadInd = (len: number, ext: ((v: bigint) => bigint) | null): Handler => (vm, op) =>
  load(vm, op, addr(vm.regs[op.rb]!, op.x), len, ext, op.ra);

const branchImm = (c: (a: bigint, x: bigint) => boolean): Handler => (vm, op) =>
  c(vm.regs[op.ra]!, op.xb) ? vm.branch(op, op.y) : op.next;
const branchReg = (c: (a: bigint, b: bigint) => boolean): Handler => (vm, op) =>
  c(vm.regs[op.ra]!, vm.regs[op.rb]!) ? vm.branch(op, op.x) : op.next;

const bool = (b: boolean) => (b ? 1n : 0n);
const ALL_ONES = (1n << 64n) - 1n;

// ---------------------------------------------------------------- semantics (GP A.5)

const HANDLERS: Record<OpcodeName, Handler> = {
  trap: (vm, op) => vm.exit("panic", op),
  fallthrough: (_vm, op) => op.next,
  unlikely: (_vm, op) => op.next,
  ecall: (vm, op) => vm.exit("ecall", op),
  ecalli: (vm, op) => {
    vm.hostCall = op.xb;
    return vm.exit("host", op);
  },
  load_imm_64: (vm, op) => {
    vm.regs[op.ra] = op.x64;
    return op.next;
  },
  store_imm_u8: storeImmAbs(1),
  store_imm_u16: storeImmAbs(2),
  store_imm_u32: storeImmAbs(4),
  store_imm_u64: storeImmAbs(8),
  jump: (vm, op) => vm.branch(op, op.x),
  jump_ind: (vm, op) => vm.djump(op, addr(vm.regs[op.ra]!, op.x)),
  load_imm: (vm, op) => {
    vm.regs[op.ra] = op.xb;
    return op.next;
  },
  load_u8: loadAbs(1, null),
  load_i8: loadAbs(1, sx8),
  load_u16: loadAbs(2, null),
  load_i16: loadAbs(2, sx16),
  load_u32: loadAbs(4, null),
  load_i32: loadAbs(4, sx32),
  load_u64: loadAbs(8, null),
  store_u8: storeAbs(1),
  store_u16: storeAbs(2),
  store_u32: storeAbs(4),
  store_u64: storeAbs(8),
  store_imm_ind_u8: storeImmInd(1),
  store_imm_ind_u16: storeImmInd(2),
  store_imm_ind_u32: storeImmInd(4),
  store_imm_ind_u64: storeImmInd(8),
  load_imm_jump: (vm, op) => {
    vm.regs[op.ra] = op.xb;
    return vm.branch(op, op.y);
  },
  branch_eq_imm: branchImm((a, x) => a === x),
  branch_ne_imm: branchImm((a, x) => a !== x),
  branch_lt_u_imm: branchImm((a, x) => a < x),
  branch_le_u_imm: branchImm((a, x) => a <= x),
  branch_ge_u_imm: branchImm((a, x) => a >= x),
  branch_gt_u_imm: branchImm((a, x) => a > x),
  branch_lt_s_imm: branchImm((a, x) => s64(a) < s64(x)),
  branch_le_s_imm: branchImm((a, x) => s64(a) <= s64(x)),
  branch_ge_s_imm: branchImm((a, x) => s64(a) >= s64(x)),
  branch_gt_s_imm: branchImm((a, x) => s64(a) > s64(x)),
  move_reg: alu2((a) => a),
  sbrk: (vm, op) => {
    vm.regs[op.rd] = vm.sbrk(vm.regs[op.ra]!);
    return op.next;
  },
  count_set_bits_64: alu2(popcount64),
  count_set_bits_32: alu2((a) => BigInt(popcount32(Number(a & MASK32)))),
  leading_zero_bits_64: alu2(clz64),
  leading_zero_bits_32: alu2((a) => BigInt(Math.clz32(Number(a & MASK32)))),
  trailing_zero_bits_64: alu2(ctz64),
  trailing_zero_bits_32: alu2((a) => BigInt(ctz32(Number(a & MASK32)))),
  sign_extend_8: alu2(sx8),
  sign_extend_16: alu2(sx16),
  zero_extend_16: alu2((a) => a & 0xffffn),
  reverse_bytes: alu2(reverseBytes64),
  store_ind_u8: storeInd(1),
  store_ind_u16: storeInd(2),
  store_ind_u32: storeInd(4),
  store_ind_u64: storeInd(8),
  load_ind_u8: loadInd(1, null),
  load_ind_i8: loadInd(1, sx8),
  load_ind_u16: loadInd(2, null),
  load_ind_i16: loadInd(2, sx16),
  load_ind_u32: loadInd(4, null),
  load_ind_i32: loadInd(4, sx32),
  load_ind_u64: loadInd(8, null),
  add_imm_32: aluImm((b, x) => sx32(b + x)),
  and_imm: aluImm((b, x) => b & x),
  xor_imm: aluImm((b, x) => b ^ x),
  or_imm: aluImm((b, x) => b | x),
  mul_imm_32: aluImm((b, x) => sx32(b * x)),
  set_lt_u_imm: aluImm((b, x) => bool(b < x)),
  set_lt_s_imm: aluImm((b, x) => bool(s64(b) < s64(x))),
  shlo_l_imm_32: aluImm((b, x) => sx32(b << (x & 31n))),
  shlo_r_imm_32: aluImm((b, x) => sx32(lo32(b) >> (x & 31n))),
  shar_r_imm_32: aluImm((b, x) => u64(s32(b) >> (x & 31n))),
  neg_add_imm_32: aluImm((b, x) => sx32(x - b)),
  set_gt_u_imm: aluImm((b, x) => bool(b > x)),
  set_gt_s_imm: aluImm((b, x) => bool(s64(b) > s64(x))),
  shlo_l_imm_alt_32: aluImm((b, x) => sx32(x << (b & 31n))),
  shlo_r_imm_alt_32: aluImm((b, x) => sx32(lo32(x) >> (b & 31n))),
  shar_r_imm_alt_32: aluImm((b, x) => u64(s32(x) >> (b & 31n))),
  cmov_iz_imm: (vm, op) => {
    if (vm.regs[op.rb] === 0n) vm.regs[op.ra] = op.xb;
    return op.next;
  },
  cmov_nz_imm: (vm, op) => {
    if (vm.regs[op.rb] !== 0n) vm.regs[op.ra] = op.xb;
    return op.next;
  },
  add_imm_64: aluImm((b, x) => b + x),
  mul_imm_64: aluImm((b, x) => b * x),
  shlo_l_imm_64: aluImm((b, x) => b << (x & 63n)),
  shlo_r_imm_64: aluImm((b, x) => b >> (x & 63n)),
  shar_r_imm_64: aluImm((b, x) => u64(s64(b) >> (x & 63n))),
  neg_add_imm_64: aluImm((b, x) => x - b),
  shlo_l_imm_alt_64: aluImm((b, x) => x << (b & 63n)),
  shlo_r_imm_alt_64: aluImm((b, x) => x >> (b & 63n)),
  shar_r_imm_alt_64: aluImm((b, x) => u64(s64(x) >> (b & 63n))),
  rot_r_64_imm: aluImm((b, x) => rotr64(b, x)),
  rot_r_64_imm_alt: aluImm((b, x) => rotr64(x, b)),
  rot_r_32_imm: aluImm((b, x) => sx32(rotr32(b, x))),
  rot_r_32_imm_alt: aluImm((b, x) => sx32(rotr32(x, b))),
  branch_eq: branchReg((a, b) => a === b),
  branch_ne: branchReg((a, b) => a !== b),
  branch_lt_u: branchReg((a, b) => a < b),
  branch_lt_s: branchReg((a, b) => s64(a) < s64(b)),
  branch_ge_u: branchReg((a, b) => a >= b),
  branch_ge_s: branchReg((a, b) => s64(a) >= s64(b)),
  load_imm_jump_ind: (vm, op) => {
    const target = addr(vm.regs[op.rb]!, op.y);
    vm.regs[op.ra] = op.xb;
    return vm.djump(op, target);
  },
  add_32: alu3((a, b) => sx32(a + b)),
  sub_32: alu3((a, b) => sx32(a - b)),
  mul_32: alu3((a, b) => sx32(a * b)),
  div_u_32: alu3((a, b) => (lo32(b) === 0n ? ALL_ONES : sx32(lo32(a) / lo32(b)))),
  div_s_32: alu3((a, b) => {
    const x = s32(a);
    const y = s32(b);
    if (y === 0n) return ALL_ONES;
    if (x === -(1n << 31n) && y === -1n) return u64(x);
    return u64(x / y);
  }),
  rem_u_32: alu3((a, b) => (lo32(b) === 0n ? sx32(a) : sx32(lo32(a) % lo32(b)))),
  rem_s_32: alu3((a, b) => {
    const x = s32(a);
    const y = s32(b);
    if (x === -(1n << 31n) && y === -1n) return 0n;
    return u64(y === 0n ? x : x % y);
  }),
  shlo_l_32: alu3((a, b) => sx32(a << (b & 31n))),
  shlo_r_32: alu3((a, b) => sx32(lo32(a) >> (b & 31n))),
  shar_r_32: alu3((a, b) => u64(s32(a) >> (b & 31n))),
  add_64: alu3((a, b) => a + b),
  sub_64: alu3((a, b) => a - b),
  mul_64: alu3((a, b) => a * b),
  div_u_64: alu3((a, b) => (b === 0n ? ALL_ONES : a / b)),
  div_s_64: alu3((a, b) => {
    const x = s64(a);
    const y = s64(b);
    if (y === 0n) return ALL_ONES;
    if (x === -(1n << 63n) && y === -1n) return a;
    return u64(x / y);
  }),
  rem_u_64: alu3((a, b) => (b === 0n ? a : a % b)),
  rem_s_64: alu3((a, b) => {
    const x = s64(a);
    const y = s64(b);
    if (x === -(1n << 63n) && y === -1n) return 0n;
    return u64(y === 0n ? x : x % y);
  }),
  shlo_l_64: alu3((a, b) => a << (b & 63n)),
  shlo_r_64: alu3((a, b) => a >> (b & 63n)),
  shar_r_64: alu3((a, b) => u64(s64(a) >> (b & 63n))),
  and: alu3((a, b) => a & b),
  xor: alu3((a, b) => a ^ b),
  or: alu3((a, b) => a | b),
  mul_upper_s_s: alu3((a, b) => u64((s64(a) * s64(b)) >> 64n)),
  mul_upper_u_u: alu3((a, b) => (a * b) >> 64n),
  mul_upper_s_u: alu3((a, b) => u64((s64(a) * b) >> 64n)),
  set_lt_u: alu3((a, b) => bool(a < b)),
  set_lt_s: alu3((a, b) => bool(s64(a) < s64(b))),
  cmov_iz: (vm, op) => {
    if (vm.regs[op.rb] === 0n) vm.regs[op.rd] = vm.regs[op.ra]!;
    return op.next;
  },
  cmov_nz: (vm, op) => {
    if (vm.regs[op.rb] !== 0n) vm.regs[op.rd] = vm.regs[op.ra]!;
    return op.next;
  },
  rot_l_64: alu3((a, b) => rotr64(a, (64n - (b & 63n)) & 63n)),
  rot_l_32: alu3((a, b) => sx32(rotr32(a, (32n - (b & 31n)) & 31n))),
  rot_r_64: alu3((a, b) => rotr64(a, b)),
  rot_r_32: alu3((a, b) => sx32(rotr32(a, b))),
  and_inv: alu3((a, b) => a & ~b),
  or_inv: alu3((a, b) => a | u64(~b)),
  xnor: alu3((a, b) => u64(~(a ^ b))),
  max: alu3((a, b) => (s64(a) > s64(b) ? a : b)),
  max_u: alu3((a, b) => (a > b ? a : b)),
  min: alu3((a, b) => (s64(a) < s64(b) ? a : b)),
  min_u: alu3((a, b) => (a < b ? a : b)),
};

// ---------------------------------------------------------------- module and instance

function toOp(ins: Instruction): Op {
  const def = OPCODES[ins.id]!;
  return {
    ...ins,
    h: HANDLERS[def.name as OpcodeName],
    next: ins.pc + ins.len,
    xb: BigInt.asUintN(64, BigInt(ins.x)),
    yb: BigInt.asUintN(64, BigInt(ins.y)),
    term: def.terminator,
  };
}

export class InterpreterModule implements Module {
  readonly backend = "interpreter";
  readonly profile: IsaProfile;
  readonly gasCharging: GasCharging;
  readonly code: CodeBlob;
  readonly compileNs: number;
  readonly info: CodeInfo;
  readonly costs: BlockCosts;
  readonly ops: (Op | undefined)[];

  /** `prepared`: decoded code and prices already computed (the JIT shares its own) */
  constructor(code: CodeBlob, options: CompileOptions, prepared?: PreparedCode) {
    const t0 = Bun.nanoseconds();
    this.profile = options.profile;
    this.code = code;
    const p = prepared ?? prepareCode(code, options);
    this.gasCharging = p.gasCharging;
    this.info = p.info;
    this.costs = p.costs;
    this.ops = this.info.instructions.map((ins) => (ins ? toOp(ins) : undefined));
    this.compileNs = Bun.nanoseconds() - t0;
  }

  opAt(pc: number): Op {
    const op = pc >= 0 && pc < this.ops.length ? this.ops[pc] : undefined;
    if (op) return op;
    const made = toOp(instructionAt(this.info, pc));
    if (pc >= 0 && pc < this.ops.length) this.ops[pc] = made;
    return made;
  }
}

export class InterpreterInstance implements Instance {
  readonly module: InterpreterModule;
  readonly regs = new BigUint64Array(13);
  readonly memory: GuestMemory;
  private _pc = 0;
  /** gas as a number (exact below 2^53) plus a bigint excess for huge budgets */
  private gasNum = 0;
  private gasExcess = 0n;
  /** whether the current block's price has been paid (block charging) */
  private charged = false;
  private heapTop = 0;
  // exit record, filled by handlers
  private exitStatus: ExitStatus = "halt";
  private exitPc = 0;
  hostCall = 0n;
  private refund = false;

  /** `memory`: default fresh JS pages; the JIT passes its window to step an instance */
  constructor(module: InterpreterModule, memory: GuestMemory = new PagedMemory()) {
    this.module = module;
    this.memory = memory;
    this.memory.readOnlyWritePanics = READ_ONLY_WRITE[module.profile] === "panic";
  }

  get pc(): number {
    return this._pc;
  }
  set pc(v: number) {
    this._pc = v;
    this.charged = false;
  }

  get gas(): bigint {
    return this.gasExcess + BigInt(this.gasNum);
  }
  set gas(v: bigint) {
    if (v > BigInt(MAX_SAFE_GAS)) {
      this.gasNum = MAX_SAFE_GAS;
      this.gasExcess = v - BigInt(MAX_SAFE_GAS);
    } else {
      this.gasNum = Number(v);
      this.gasExcess = 0n;
    }
  }

  getReg(i: number): bigint {
    return this.regs[i]!;
  }
  setReg(i: number, v: bigint): void {
    this.regs[i] = v;
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
  /** Current heap top (u32), as `sbrk` left it. */
  heapTopValue(): number {
    return this.heapTop;
  }
  resumeAfterHostCall(): void {
    this._pc = this.module.opAt(this._pc).next;
  }

  // ---- used by handlers

  exit(status: ExitStatus, op: Op): number {
    this.exitStatus = status;
    this.exitPc = op.pc;
    return EXIT;
  }

  memoryExit(st: number, op: Op): number {
    this.refund = true;
    return this.exit(st === MEM_FAULT ? "page-fault" : "panic", op);
  }

  /** branch(b, ⊤) of GP A.17: b must be a block start, else panic at the branch. */
  branch(op: Op, target: number): number {
    const bs = this.module.info.blockStart;
    if (target >= 0 && target < bs.length && bs[target] === 1) return target;
    return this.exit("panic", op);
  }

  /** djump(a) of GP A.18. */
  djump(op: Op, a: number): number {
    if (a === HALT_ADDRESS) return this.exit("halt", op);
    const jt = this.module.code.jumpTable;
    if (a === 0 || a > jt.length * 2 || a % 2 !== 0) return this.exit("panic", op);
    return this.branch(op, jt[a / 2 - 1]!);
  }

  /** sbrk: extends the heap by n bytes and returns the previous heap top (0 when it cannot). */
  sbrk(n: bigint): bigint {
    const old = this.heapTop;
    if (n === 0n) return BigInt(old);
    const top = BigInt(old) + n;
    if (top > 0xffffffffn) return 0n;
    const end = Number(top);
    const first = Math.floor(old / PAGE_SIZE);
    const last = Math.ceil(end / PAGE_SIZE);
    this.memory.mapPages(first, last - first, true);
    this.heapTop = end;
    return BigInt(old);
  }

  // ---- the loop

  run(): ExitReason {
    return this.runFor(Infinity)!;
  }

  /** Executes one instruction: its exit, or null when execution can go on (trace, crosscheck). */
  step(): { exit: ExitReason | null; gas: bigint } {
    const exit = this.runFor(1);
    return { exit, gas: this.gas };
  }

  /** Runs at most `limit` instructions; null when the limit ended the run (no exit). */
  private runFor(limit: number): ExitReason | null {
    const mod = this.module;
    const ops = mod.ops;
    const costs = mod.costs;
    const blockMode = mod.gasCharging === "block";
    let pc = this._pc;
    let gas = this.gasNum;
    let charged = this.charged;
    for (;;) {
      const op = (pc >= 0 && pc < ops.length ? ops[pc] : undefined) ?? mod.opAt(pc);
      if (blockMode) {
        if (!charged) {
          const c = costs.at(pc);
          if (gas < c) return this.stop("out-of-gas", pc, gas, false);
          gas -= c;
          charged = true;
        }
      } else {
        if (gas < 1) return this.stop("out-of-gas", pc, gas, false);
        gas -= 1;
      }
      const next = op.h(this, op);
      if (next === EXIT) {
        if (this.refund) {
          this.refund = false;
          if (!blockMode) gas += 1;
        }
        return this.stop(this.exitStatus, this.exitPc, gas, charged && !op.term);
      }
      if (op.term) charged = false;
      pc = next;
      if (--limit <= 0) {
        this._pc = pc;
        this.gasNum = gas;
        this.charged = charged;
        return null;
      }
    }
  }

  private stop(status: ExitStatus, pc: number, gas: number, charged: boolean): ExitReason {
    this._pc = pc;
    this.gasNum = gas;
    this.charged = charged;
    const reason: ExitReason = { status, pc };
    if (status === "page-fault") reason.pageFaultAddress = this.memory.faultAddress;
    if (status === "host") reason.hostCall = this.hostCall;
    return reason;
  }
}

/** Applies a program image (regions, registers, pc, heap) to a fresh instance. */
export function applyImage(inst: Instance, image: ProgramImage): void {
  for (const r of image.regions) {
    inst.mapPages(r.address / PAGE_SIZE, r.length / PAGE_SIZE, r.writable);
    if (r.data?.length) inst.writeMemory(r.address, r.data);
  }
  image.regs.forEach((v, i) => inst.setReg(i, v));
  inst.pc = image.pc;
  inst.setHeapTop(image.heapStart);
}

export const interpreterBackend: Backend = {
  name: "interpreter",
  compile: (code, options) => new InterpreterModule(code, options),
  instantiate(module, image) {
    if (!(module instanceof InterpreterModule)) throw new TypeError("interpreter: module was compiled by another backend");
    const inst = new InterpreterInstance(module);
    if (image) applyImage(inst, image);
    return inst;
  },
};
