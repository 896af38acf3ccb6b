/**
 * PVM -> x86-64 code generation for one code blob (shared by every instance that runs
 * it: code addresses nothing but r15-relative memory and its own labels).
 *
 * Layout: instructions in pc order. Every pc that control can reach after a terminator
 * (and pc 0) gets a *block entry* that charges the segment's gas price from BlockCosts:
 *     sub qword [ctx.gas], price ; jb <out-of-gas stub>
 * followed by the *instruction entry* (no charge), which JS uses to resume mid-block.
 * Exits leave through small out-of-line stubs that store pc and reason and jump to the
 * shared exit routine (runtime.ts). Guest memory accesses are plain [r15 + addr32]
 * loads/stores; a fault comes back through the SIGSEGV handler, and the trap table maps
 * the faulting native offset back to its pc.
 */
import type { BlockCosts } from "../gas/block-costs.ts";
import { type Instruction, OPCODES, type OpcodeName } from "../isa/index.ts";
import { type CodeInfo, instructionAt, isBlockStart } from "../program/code-info.ts";
import { HALT_ADDRESS } from "../program/layout.ts";
import { CTX, ExitCode, GUEST_REGS, ctxDisp, jumpTableDisp, rightsDisp } from "./layout.ts";
import { Alu, Assembler, type Label, type Mem, Shift } from "./x64/assembler.ts";
import { Cond, RAX, RCX, RDX, RSP, R15, type Reg } from "./x64/registers.ts";

export interface GeneratedCode {
  code: Uint8Array;
  /** native offset of the no-charge entry of each emitted pc (index = pc), -1 where none */
  instrOffset: Int32Array;
  /** native offset of the charging block entry of each jump-table entry, -1 = not a block start */
  jumpTargets: Int32Array;
  /** sorted native offsets of guest memory accesses, and their pcs (same index) */
  trapOffsets: Int32Array;
  trapPcs: Int32Array;
  /** 1 at every pc whose native code starts with a gas charge (pc 0, after terminators) */
  blockEntry: Uint8Array;
}

export interface CodegenOptions {
  /** exit with ExitCode.Step before every instruction (Instance.step, trace, crosscheck) */
  trace?: boolean;
  /** test page rights inline before every guest access instead of relying on guard pages */
  boundsChecks?: boolean;
}

const ctxMem = (field: number): Mem => ({ base: R15, disp: ctxDisp(field) });
const reg = (i: number): Reg => GUEST_REGS[i]!;

type Emit = (g: Gen, ins: Instruction) => void;

class Gen {
  readonly a: Assembler;
  // label per pc (-1 = none yet); pcs run past the code end by at most one skip (25)
  private readonly instrLabels: Int32Array;
  private readonly blockLabels: Int32Array;
  /** out-of-line exit stubs keyed by pc * 8 + reason */
  private readonly stubs = new Map<number, Label>();
  readonly trapOffsets: number[] = [];
  readonly trapPcs: number[] = [];
  /** displacement from r15 of native jump-table entry 0 */
  readonly jumpTableDisp: number;
  /** displacement from r15 of the page-rights table (inline bounds checks) */
  readonly rightsDisp: number;
  /** inline bounds checks instead of guard pages */
  boundsChecks = false;

  constructor(readonly info: CodeInfo, readonly costs: BlockCosts) {
    this.a = new Assembler(Math.max(4096, info.blob.code.length * 12));
    this.jumpTableDisp = jumpTableDisp(info.blob.jumpTable.length);
    this.rightsDisp = rightsDisp(info.blob.jumpTable.length);
    this.instrLabels = new Int32Array(info.blob.code.length + 64).fill(-1);
    this.blockLabels = new Int32Array(info.blob.code.length + 64).fill(-1);
  }

  instrLabel(pc: number): Label {
    let l = this.instrLabels[pc]!;
    if (l < 0) this.instrLabels[pc] = l = this.a.newLabel();
    return l;
  }

  blockLabel(pc: number): Label {
    let l = this.blockLabels[pc]!;
    if (l < 0) this.blockLabels[pc] = l = this.a.newLabel();
    return l;
  }

  /** Label of an out-of-line stub that exits with `reason` at `pc`. */
  stub(reason: ExitCode, pc: number): Label {
    const key = pc * 8 + reason;
    let l = this.stubs.get(key);
    if (l === undefined) this.stubs.set(key, (l = this.a.newLabel()));
    return l;
  }

  /** Inline exit: pc and reason to the context, then the shared exit routine. */
  exitNow(reason: ExitCode, pc: number): void {
    this.a.storeImm(4, ctxMem(CTX.pc), pc);
    this.a.storeImm(4, ctxMem(CTX.reason), reason);
    this.a.jmpM(ctxMem(CTX.exit));
  }

  emitStubs(): void {
    for (const [key, label] of this.stubs) {
      this.a.bind(label);
      this.exitNow((key % 8) as ExitCode, Math.floor(key / 8));
    }
  }

  /**
   * Called right before the native instruction that touches guest memory for `pc`
   * (address in `m`): records it in the trap table and, with inline bounds checks,
   * first tests the page rights of the first and last byte (GP A.7) — a failed check
   * leaves like a hardware fault, through the fault stub path, with the access's address
   * as the fault rip, so JS re-evaluates it with the shared rule.
   */
  access(pc: number, m: Mem, size: number, write: boolean): void {
    if (this.boundsChecks) {
      const a = this.a;
      const need = write ? 2 : 1;
      const fail = a.newLabel();
      const here = a.newLabel();
      if (m.index === undefined) {
        const addr = m.disp ?? 0;
        a.cmpByteMI({ base: R15, disp: this.rightsDisp + (addr >>> 12) }, need);
        a.jcc(Cond.B, fail);
        const last = (addr + size - 1) >>> 12;
        if (last !== addr >>> 12) {
          a.cmpByteMI({ base: R15, disp: this.rightsDisp + last }, need);
          a.jcc(Cond.B, fail);
        }
      } else {
        const scratch = ctxMem(CTX.scratch);
        a.store(8, scratch, RAX);
        a.shiftRI(false, Shift.SHR, RAX, 12);
        a.cmpByteMI({ base: R15, index: RAX, disp: this.rightsDisp }, need);
        a.jcc(Cond.B, fail);
        if (size > 1) {
          a.loadZx(4, RAX, scratch);
          a.aluRI(false, Alu.ADD, RAX, size - 1); // wraps mod 2^32, as the guest's address does
          a.shiftRI(false, Shift.SHR, RAX, 12);
          a.cmpByteMI({ base: R15, index: RAX, disp: this.rightsDisp }, need);
          a.jcc(Cond.B, fail);
        }
        a.loadZx(4, RAX, scratch);
      }
      this.pendingChecks.push({ fail, here });
      a.bind(here);
    }
    this.trapOffsets.push(this.a.pos);
    this.trapPcs.push(pc);
  }

  private readonly pendingChecks: Array<{ fail: Label; here: Label }> = [];

  /** Out-of-line failure paths of the inline bounds checks. */
  emitCheckFailures(): void {
    for (const { fail, here } of this.pendingChecks) {
      this.a.bind(fail);
      this.a.leaRip(RAX, here);
      this.a.store(8, ctxMem(CTX.faultRip), RAX);
      this.a.jmpM(ctxMem(CTX.faultStub));
    }
  }

  /** Jump (or conditional jump) to `target`: a block start, else panic at `pc`. */
  jumpTo(cc: Cond | null, target: number, pc: number): void {
    const l = isBlockStart(this.info, target) ? this.blockLabel(target) : this.stub(ExitCode.Panic, pc);
    if (cc === null) this.a.jmp(l);
    else this.a.jcc(cc, l);
  }

  /** Guest address (reg + imm) mod 2^32 into eax; returns the memory operand. */
  addrInd(base: number, imm: number): Mem {
    this.a.lea(false, RAX, { base: reg(base), disp: imm });
    return { base: R15, index: RAX };
  }

  /** Absolute guest address imm (as u32). */
  addrAbs(imm: number): Mem {
    const u = imm >>> 0;
    if (u < 0x80000000) return { base: R15, disp: u };
    this.a.movImm32(RAX, u);
    return { base: R15, index: RAX };
  }

  /** dynamic jump to the u32 address in eax (GP A.18), for the instruction at pc */
  djump(pc: number): void {
    const a = this.a;
    a.aluRI(false, Alu.CMP, RAX, HALT_ADDRESS | 0);
    a.jcc(Cond.E, this.stub(ExitCode.Halt, pc));
    a.shiftRI(false, Shift.SHR, RAX, 1); // CF = lowest bit: odd addresses panic
    a.jcc(Cond.B, this.stub(ExitCode.Panic, pc));
    a.aluRI(false, Alu.SUB, RAX, 1); // address 0 -> 0xffffffff, caught by the bound check
    a.aluRI(false, Alu.CMP, RAX, this.info.blob.jumpTable.length);
    a.jcc(Cond.AE, this.stub(ExitCode.Panic, pc));
    a.loadZx(8, RAX, { base: R15, index: RAX, scale: 8, disp: this.jumpTableDisp });
    a.testRR(true, RAX, RAX);
    a.jcc(Cond.E, this.stub(ExitCode.Panic, pc));
    a.jmpR(RAX);
  }
}

// ---------------------------------------------------------------- emitter families

/** d = a op b for commutative ALU ops */
const aluComm = (w: boolean, op: Alu): Emit => (g, i) => {
  const [d, a, b] = [reg(i.rd), reg(i.ra), reg(i.rb)];
  if (d === a) g.a.aluRR(w, op, d, b);
  else if (d === b) g.a.aluRR(w, op, d, a);
  else {
    g.a.movRR(w, d, a);
    g.a.aluRR(w, op, d, b);
  }
  if (!w) g.a.movsxRR(4, d, d);
};

const sub = (w: boolean): Emit => (g, i) => {
  const [d, a, b] = [reg(i.rd), reg(i.ra), reg(i.rb)];
  if (d === a) g.a.aluRR(w, Alu.SUB, d, b);
  else if (d === b) {
    g.a.neg(w, d);
    g.a.aluRR(w, Alu.ADD, d, a);
  } else {
    g.a.movRR(w, d, a);
    g.a.aluRR(w, Alu.SUB, d, b);
  }
  if (!w) g.a.movsxRR(4, d, d);
};

const mul = (w: boolean): Emit => (g, i) => {
  const [d, a, b] = [reg(i.rd), reg(i.ra), reg(i.rb)];
  if (d === a) g.a.imulRR(w, d, b);
  else if (d === b) g.a.imulRR(w, d, a);
  else {
    g.a.movRR(w, d, a);
    g.a.imulRR(w, d, b);
  }
  if (!w) g.a.movsxRR(4, d, d);
};

/** BMI2 shift by register: d = a op (b mod 32|64) */
const shiftReg = (w: boolean, op: Shift.SHL | Shift.SHR | Shift.SAR): Emit => (g, i) => {
  g.a.shiftX(w, op, reg(i.rd), reg(i.ra), reg(i.rb));
  if (!w) g.a.movsxRR(4, reg(i.rd), reg(i.rd));
};

/** rotate by a register count: needs cl, so rcx (φ2) is saved around it when it is not the count */
function rotateByReg(g: Gen, w: boolean, op: Shift.ROL | Shift.ROR, d: Reg, countReg: Reg, loadValue: () => void): void {
  const a = g.a;
  loadValue(); // rax = value
  if (countReg === RCX) a.shiftRCl(w, op, RAX);
  else {
    a.push(RCX);
    a.movRR(false, RCX, countReg);
    a.shiftRCl(w, op, RAX);
    a.pop(RCX);
  }
  if (w) a.movRR(true, d, RAX);
  else a.movsxRR(4, d, RAX);
}

const rotReg = (w: boolean, op: Shift.ROL | Shift.ROR): Emit => (g, i) =>
  rotateByReg(g, w, op, reg(i.rd), reg(i.rb), () => g.a.movRR(true, RAX, reg(i.ra)));

/** set d = (a cc b) */
const setReg = (cc: Cond): Emit => (g, i) => {
  g.a.aluRR(false, Alu.XOR, RAX, RAX);
  g.a.aluRR(true, Alu.CMP, reg(i.ra), reg(i.rb));
  g.a.setcc(cc, RAX);
  g.a.movRR(true, reg(i.rd), RAX);
};

/** set φA = (φB cc νX) */
const setImm = (cc: Cond): Emit => (g, i) => {
  g.a.aluRR(false, Alu.XOR, RAX, RAX);
  g.a.aluRI(true, Alu.CMP, reg(i.rb), i.x);
  g.a.setcc(cc, RAX);
  g.a.movRR(true, reg(i.ra), RAX);
};

/** φA = φB op νX for and/or/xor */
const aluImm = (op: Alu): Emit => (g, i) => {
  const [d, b] = [reg(i.ra), reg(i.rb)];
  if (d !== b) g.a.movRR(true, d, b);
  g.a.aluRI(true, op, d, i.x);
};

/** φA = φB shifted by νX (immediate) */
const shiftImm = (w: boolean, op: Shift): Emit => (g, i) => {
  const [d, b] = [reg(i.ra), reg(i.rb)];
  const n = i.x & (w ? 63 : 31);
  if (d !== b || !w) g.a.movRR(w, d, b);
  if (n) g.a.shiftRI(w, op, d, n);
  if (!w) g.a.movsxRR(4, d, d);
};

/** φA = νX shifted by φB (the _alt forms) */
const shiftImmAlt = (w: boolean, op: Shift.SHL | Shift.SHR | Shift.SAR): Emit => (g, i) => {
  g.a.movImmI32(RAX, i.x);
  g.a.shiftX(w, op, reg(i.ra), RAX, reg(i.rb));
  if (!w) g.a.movsxRR(4, reg(i.ra), reg(i.ra));
};

const negAddImm = (w: boolean): Emit => (g, i) => {
  g.a.movImmI32(RAX, i.x);
  g.a.aluRR(w, Alu.SUB, RAX, reg(i.rb));
  if (w) g.a.movRR(true, reg(i.ra), RAX);
  else g.a.movsxRR(4, reg(i.ra), RAX);
};

const loadOp = (size: 1 | 2 | 4 | 8, signed: boolean, absolute: boolean): Emit => (g, i) => {
  const m = absolute ? g.addrAbs(i.x) : g.addrInd(i.rb, i.x);
  g.access(i.pc, m, size, false);
  if (signed && size !== 8) g.a.loadSx(size as 1 | 2 | 4, reg(i.ra), m);
  else g.a.loadZx(size, reg(i.ra), m);
};

const storeOp = (size: 1 | 2 | 4 | 8, absolute: boolean): Emit => (g, i) => {
  const m = absolute ? g.addrAbs(i.x) : g.addrInd(i.rb, i.x);
  g.access(i.pc, m, size, true);
  g.a.store(size, m, reg(i.ra));
};

const storeImmAbs = (size: 1 | 2 | 4 | 8): Emit => (g, i) => {
  const m = g.addrAbs(i.x);
  g.access(i.pc, m, size, true);
  g.a.storeImm(size, m, i.y);
};

const storeImmInd = (size: 1 | 2 | 4 | 8): Emit => (g, i) => {
  const m = g.addrInd(i.ra, i.x);
  g.access(i.pc, m, size, true);
  g.a.storeImm(size, m, i.y);
};

const branchReg = (cc: Cond): Emit => (g, i) => {
  g.a.aluRR(true, Alu.CMP, reg(i.ra), reg(i.rb));
  g.jumpTo(cc, i.x, i.pc);
};

const branchImm = (cc: Cond): Emit => (g, i) => {
  if (i.x === 0 && (cc === Cond.E || cc === Cond.NE)) g.a.testRR(true, reg(i.ra), reg(i.ra));
  else g.a.aluRI(true, Alu.CMP, reg(i.ra), i.x);
  g.jumpTo(cc, i.y, i.pc);
};

/**
 * Division and remainder (GP A.5.13): by zero and the signed overflow case are handled
 * before the x86 instruction, which would trap on them. rdx (φ0) is saved on the stack
 * while div uses rdx:rax; an operand that *is* rdx is read from that stack slot.
 */
function divRem(w: boolean, signed: boolean, rem: boolean): Emit {
  return (g, i) => {
    const a = g.a;
    const [d, x, y] = [reg(i.rd), reg(i.ra), reg(i.rb)];
    const done = a.newLabel();
    const nonzero = a.newLabel();
    a.testRR(w, y, y);
    a.jcc(Cond.NE, nonzero);
    // by zero: quotient all ones, remainder the dividend (X4 for 32-bit)
    if (rem) {
      if (w) a.movRR(true, d, x);
      else a.movsxRR(4, d, x);
    } else a.movImm(d, -1n);
    a.jmp(done);
    a.bind(nonzero);
    if (signed) {
      const normal = a.newLabel();
      a.aluRI(w, Alu.CMP, y, -1);
      a.jcc(Cond.NE, normal);
      if (w) a.movImm(RAX, 1n << 63n);
      else a.movImm32(RAX, 0x80000000);
      a.aluRR(w, Alu.CMP, x, RAX);
      a.jcc(Cond.NE, normal);
      // overflow: quotient is the dividend, remainder 0
      if (rem) a.movImm(d, 0n);
      else if (w) a.movRR(true, d, x);
      else a.movsxRR(4, d, x);
      a.jmp(done);
      a.bind(normal);
    }
    a.push(RDX);
    const saved: Mem = { base: RSP };
    if (x === RDX) a.loadZx(w ? 8 : 4, RAX, saved);
    else a.movRR(w, RAX, x);
    if (signed) a.signExtendAcc(w);
    else a.aluRR(false, Alu.XOR, RDX, RDX);
    const digit = signed ? 7 : 6;
    if (y === RDX) a.group3M(w, digit, saved);
    else a.group3R(w, digit, y);
    const result = rem ? RDX : RAX;
    if (d === RDX) {
      if (!rem) a.movRR(true, RDX, RAX);
      a.aluRI(true, Alu.ADD, RSP, 8);
      if (!w) a.movsxRR(4, RDX, RDX);
    } else {
      if (rem) a.movRR(true, RAX, RDX);
      a.pop(RDX);
      if (w) a.movRR(true, d, RAX);
      else a.movsxRR(4, d, RAX);
    }
    void result;
    a.bind(done);
  };
}

/** High 64 bits of a 128-bit product; kind: uu, ss, su (signed φA x unsigned φB). */
function mulUpper(kind: "uu" | "ss" | "su"): Emit {
  return (g, i) => {
    const a = g.a;
    const [d, x, y] = [reg(i.rd), reg(i.ra), reg(i.rb)];
    const saved: Mem = { base: RSP };
    a.push(RDX);
    if (x === RDX) a.loadZx(8, RAX, saved);
    else a.movRR(true, RAX, x);
    const digit = kind === "ss" ? 5 : 4;
    if (y === RDX) a.group3M(true, digit, saved);
    else a.group3R(true, digit, y);
    if (kind === "su") {
      // umulh(a, b) - (a < 0 ? b : 0)
      if (x === RDX) a.loadZx(8, RAX, saved);
      else a.movRR(true, RAX, x);
      a.shiftRI(true, Shift.SAR, RAX, 63);
      if (y === RDX) a.aluRM(true, Alu.AND, RAX, saved);
      else a.aluRR(true, Alu.AND, RAX, y);
      a.aluRR(true, Alu.SUB, RDX, RAX);
    }
    if (d === RDX) a.aluRI(true, Alu.ADD, RSP, 8);
    else {
      a.movRR(true, RAX, RDX);
      a.pop(RDX);
      a.movRR(true, d, RAX);
    }
  };
}

const unary = (f: (a: Assembler, d: Reg, s: Reg) => void): Emit => (g, i) => f(g.a, reg(i.rd), reg(i.ra));

const minMax = (cc: Cond): Emit => (g, i) => {
  // rax = a; where (a cc b) holds, b wins
  const [d, x, y] = [reg(i.rd), reg(i.ra), reg(i.rb)];
  g.a.movRR(true, RAX, x);
  g.a.aluRR(true, Alu.CMP, x, y);
  g.a.cmov(true, cc, RAX, y);
  g.a.movRR(true, d, RAX);
};

// ---------------------------------------------------------------- the table

const EMIT: Record<OpcodeName, Emit> = {
  trap: (g, i) => g.exitNow(ExitCode.Panic, i.pc),
  fallthrough: () => {},
  unlikely: () => {},
  ecall: (g, i) => g.exitNow(ExitCode.Ecall, i.pc),
  ecalli: (g, i) => {
    // leave with the native address of the next instruction already in ctx.resume, so
    // the host resumes by calling the entry again and nothing else (GP A.6)
    g.a.leaRip(RAX, g.instrLabel(i.pc + i.len));
    g.a.store(8, ctxMem(CTX.resume), RAX);
    g.exitNow(ExitCode.Host, i.pc);
  },
  load_imm_64: (g, i) => g.a.movImm(reg(i.ra), i.x64),
  store_imm_u8: storeImmAbs(1),
  store_imm_u16: storeImmAbs(2),
  store_imm_u32: storeImmAbs(4),
  store_imm_u64: storeImmAbs(8),
  jump: (g, i) => g.jumpTo(null, i.x, i.pc),
  jump_ind: (g, i) => {
    g.a.lea(false, RAX, { base: reg(i.ra), disp: i.x });
    g.djump(i.pc);
  },
  load_imm: (g, i) => g.a.movImmI32(reg(i.ra), i.x),
  load_u8: loadOp(1, false, true),
  load_i8: loadOp(1, true, true),
  load_u16: loadOp(2, false, true),
  load_i16: loadOp(2, true, true),
  load_u32: loadOp(4, false, true),
  load_i32: loadOp(4, true, true),
  load_u64: loadOp(8, false, true),
  store_u8: storeOp(1, true),
  store_u16: storeOp(2, true),
  store_u32: storeOp(4, true),
  store_u64: storeOp(8, true),
  store_imm_ind_u8: storeImmInd(1),
  store_imm_ind_u16: storeImmInd(2),
  store_imm_ind_u32: storeImmInd(4),
  store_imm_ind_u64: storeImmInd(8),
  load_imm_jump: (g, i) => {
    g.a.movImmI32(reg(i.ra), i.x);
    g.jumpTo(null, i.y, i.pc);
  },
  branch_eq_imm: branchImm(Cond.E),
  branch_ne_imm: branchImm(Cond.NE),
  branch_lt_u_imm: branchImm(Cond.B),
  branch_le_u_imm: branchImm(Cond.BE),
  branch_ge_u_imm: branchImm(Cond.AE),
  branch_gt_u_imm: branchImm(Cond.A),
  branch_lt_s_imm: branchImm(Cond.L),
  branch_le_s_imm: branchImm(Cond.LE),
  branch_ge_s_imm: branchImm(Cond.GE),
  branch_gt_s_imm: branchImm(Cond.G),
  move_reg: unary((a, d, s) => d !== s && a.movRR(true, d, s)),
  sbrk: (g, i) => g.a.jmp(g.stub(ExitCode.Sbrk, i.pc)),
  count_set_bits_64: unary((a, d, s) => a.popcnt(true, d, s)),
  count_set_bits_32: unary((a, d, s) => a.popcnt(false, d, s)),
  leading_zero_bits_64: unary((a, d, s) => a.lzcnt(true, d, s)),
  leading_zero_bits_32: unary((a, d, s) => a.lzcnt(false, d, s)),
  trailing_zero_bits_64: unary((a, d, s) => a.tzcnt(true, d, s)),
  trailing_zero_bits_32: unary((a, d, s) => a.tzcnt(false, d, s)),
  sign_extend_8: unary((a, d, s) => a.movsxRR(1, d, s)),
  sign_extend_16: unary((a, d, s) => a.movsxRR(2, d, s)),
  zero_extend_16: unary((a, d, s) => a.movzxRR(2, d, s)),
  reverse_bytes: unary((a, d, s) => {
    if (d !== s) a.movRR(true, d, s);
    a.bswap(true, d);
  }),
  store_ind_u8: storeOp(1, false),
  store_ind_u16: storeOp(2, false),
  store_ind_u32: storeOp(4, false),
  store_ind_u64: storeOp(8, false),
  load_ind_u8: loadOp(1, false, false),
  load_ind_i8: loadOp(1, true, false),
  load_ind_u16: loadOp(2, false, false),
  load_ind_i16: loadOp(2, true, false),
  load_ind_u32: loadOp(4, false, false),
  load_ind_i32: loadOp(4, true, false),
  load_ind_u64: loadOp(8, false, false),
  add_imm_32: (g, i) => {
    g.a.lea(false, reg(i.ra), { base: reg(i.rb), disp: i.x });
    g.a.movsxRR(4, reg(i.ra), reg(i.ra));
  },
  and_imm: aluImm(Alu.AND),
  xor_imm: aluImm(Alu.XOR),
  or_imm: aluImm(Alu.OR),
  mul_imm_32: (g, i) => {
    g.a.imulRRI(false, reg(i.ra), reg(i.rb), i.x);
    g.a.movsxRR(4, reg(i.ra), reg(i.ra));
  },
  set_lt_u_imm: setImm(Cond.B),
  set_lt_s_imm: setImm(Cond.L),
  shlo_l_imm_32: shiftImm(false, Shift.SHL),
  shlo_r_imm_32: shiftImm(false, Shift.SHR),
  shar_r_imm_32: shiftImm(false, Shift.SAR),
  neg_add_imm_32: negAddImm(false),
  set_gt_u_imm: setImm(Cond.A),
  set_gt_s_imm: setImm(Cond.G),
  shlo_l_imm_alt_32: shiftImmAlt(false, Shift.SHL),
  shlo_r_imm_alt_32: shiftImmAlt(false, Shift.SHR),
  shar_r_imm_alt_32: shiftImmAlt(false, Shift.SAR),
  cmov_iz_imm: (g, i) => {
    g.a.movImmI32(RAX, i.x);
    g.a.testRR(true, reg(i.rb), reg(i.rb));
    g.a.cmov(true, Cond.E, reg(i.ra), RAX);
  },
  cmov_nz_imm: (g, i) => {
    g.a.movImmI32(RAX, i.x);
    g.a.testRR(true, reg(i.rb), reg(i.rb));
    g.a.cmov(true, Cond.NE, reg(i.ra), RAX);
  },
  add_imm_64: (g, i) => g.a.lea(true, reg(i.ra), { base: reg(i.rb), disp: i.x }),
  mul_imm_64: (g, i) => g.a.imulRRI(true, reg(i.ra), reg(i.rb), i.x),
  shlo_l_imm_64: shiftImm(true, Shift.SHL),
  shlo_r_imm_64: shiftImm(true, Shift.SHR),
  shar_r_imm_64: shiftImm(true, Shift.SAR),
  neg_add_imm_64: negAddImm(true),
  shlo_l_imm_alt_64: shiftImmAlt(true, Shift.SHL),
  shlo_r_imm_alt_64: shiftImmAlt(true, Shift.SHR),
  shar_r_imm_alt_64: shiftImmAlt(true, Shift.SAR),
  rot_r_64_imm: (g, i) => g.a.rorx(true, reg(i.ra), reg(i.rb), i.x & 63),
  rot_r_64_imm_alt: (g, i) => rotateByReg(g, true, Shift.ROR, reg(i.ra), reg(i.rb), () => g.a.movImmI32(RAX, i.x)),
  rot_r_32_imm: (g, i) => {
    g.a.rorx(false, reg(i.ra), reg(i.rb), i.x & 31);
    g.a.movsxRR(4, reg(i.ra), reg(i.ra));
  },
  rot_r_32_imm_alt: (g, i) => rotateByReg(g, false, Shift.ROR, reg(i.ra), reg(i.rb), () => g.a.movImm32(RAX, i.x >>> 0)),
  branch_eq: branchReg(Cond.E),
  branch_ne: branchReg(Cond.NE),
  branch_lt_u: branchReg(Cond.B),
  branch_lt_s: branchReg(Cond.L),
  branch_ge_u: branchReg(Cond.AE),
  branch_ge_s: branchReg(Cond.GE),
  load_imm_jump_ind: (g, i) => {
    g.a.lea(false, RAX, { base: reg(i.rb), disp: i.y });
    g.a.movImmI32(reg(i.ra), i.x);
    g.djump(i.pc);
  },
  add_32: aluComm(false, Alu.ADD),
  sub_32: sub(false),
  mul_32: mul(false),
  div_u_32: divRem(false, false, false),
  div_s_32: divRem(false, true, false),
  rem_u_32: divRem(false, false, true),
  rem_s_32: divRem(false, true, true),
  shlo_l_32: shiftReg(false, Shift.SHL),
  shlo_r_32: shiftReg(false, Shift.SHR),
  shar_r_32: shiftReg(false, Shift.SAR),
  add_64: aluComm(true, Alu.ADD),
  sub_64: sub(true),
  mul_64: mul(true),
  div_u_64: divRem(true, false, false),
  div_s_64: divRem(true, true, false),
  rem_u_64: divRem(true, false, true),
  rem_s_64: divRem(true, true, true),
  shlo_l_64: shiftReg(true, Shift.SHL),
  shlo_r_64: shiftReg(true, Shift.SHR),
  shar_r_64: shiftReg(true, Shift.SAR),
  and: aluComm(true, Alu.AND),
  xor: aluComm(true, Alu.XOR),
  or: aluComm(true, Alu.OR),
  mul_upper_s_s: mulUpper("ss"),
  mul_upper_u_u: mulUpper("uu"),
  mul_upper_s_u: mulUpper("su"),
  set_lt_u: setReg(Cond.B),
  set_lt_s: setReg(Cond.L),
  cmov_iz: (g, i) => {
    g.a.testRR(true, reg(i.rb), reg(i.rb));
    g.a.cmov(true, Cond.E, reg(i.rd), reg(i.ra));
  },
  cmov_nz: (g, i) => {
    g.a.testRR(true, reg(i.rb), reg(i.rb));
    g.a.cmov(true, Cond.NE, reg(i.rd), reg(i.ra));
  },
  rot_l_64: rotReg(true, Shift.ROL),
  rot_l_32: rotReg(false, Shift.ROL),
  rot_r_64: rotReg(true, Shift.ROR),
  rot_r_32: rotReg(false, Shift.ROR),
  and_inv: (g, i) => g.a.andn(true, reg(i.rd), reg(i.rb), reg(i.ra)),
  or_inv: (g, i) => {
    g.a.movRR(true, RAX, reg(i.rb));
    g.a.not(true, RAX);
    g.a.aluRR(true, Alu.OR, RAX, reg(i.ra));
    g.a.movRR(true, reg(i.rd), RAX);
  },
  xnor: (g, i) => {
    g.a.movRR(true, RAX, reg(i.ra));
    g.a.aluRR(true, Alu.XOR, RAX, reg(i.rb));
    g.a.not(true, RAX);
    g.a.movRR(true, reg(i.rd), RAX);
  },
  max: minMax(Cond.L),
  max_u: minMax(Cond.B),
  min: minMax(Cond.G),
  min_u: minMax(Cond.A),
};

/** The emitter of each opcode id, in OPCODES order. */
const EMIT_BY_ID: Emit[] = OPCODES.map((o) => EMIT[o.name as OpcodeName]);

/**
 * The pcs native code must provide, ascending (every instruction control can reach,
 * including non-opcode bytes reached by a skip of 24), and which of them are block
 * entries (pc 0 and every pc after a terminator).
 */
function reachablePcs(info: CodeInfo): { pcs: number[]; blockEntry: Uint8Array } {
  const limit = info.blob.code.length + 64;
  const mark = new Uint8Array(limit);
  const blockEntry = new Uint8Array(limit);
  blockEntry[0] = 1;
  mark[0] = 1;
  for (const pc of info.order) mark[pc] = 1;
  for (let pc = 0; pc < limit; pc++) {
    if (!mark[pc]) continue;
    const ins = instructionAt(info, pc);
    const next = pc + ins.len;
    if (next >= limit) continue;
    if (OPCODES[ins.id]!.terminator) blockEntry[next] = 1;
    mark[next] = 1;
  }
  const pcs: number[] = [];
  for (let pc = 0; pc < limit; pc++) if (mark[pc]) pcs.push(pc);
  return { pcs, blockEntry };
}

/** Generates the native code of a code blob. `costs` prices every segment. */
export function generate(info: CodeInfo, costs: BlockCosts, options: CodegenOptions = {}): GeneratedCode {
  const g = new Gen(info, costs);
  g.boundsChecks = options.boundsChecks === true;
  const a = g.a;
  const { pcs, blockEntry } = reachablePcs(info);
  const gasMem = ctxMem(CTX.gas);
  for (let k = 0; k < pcs.length; k++) {
    const pc = pcs[k]!;
    const ins = instructionAt(info, pc);
    if (blockEntry[pc]) {
      a.bind(g.blockLabel(pc));
      a.aluMI(true, Alu.SUB, gasMem, costs.at(pc));
      a.jcc(Cond.B, g.stub(ExitCode.OutOfGas, pc));
    }
    if (options.trace) {
      a.leaRip(RAX, g.instrLabel(pc));
      a.store(8, ctxMem(CTX.resume), RAX);
      g.exitNow(ExitCode.Step, pc);
    }
    a.bind(g.instrLabel(pc));
    EMIT_BY_ID[ins.id]!(g, ins);
    const next = pc + ins.len;
    // Code falls through in pc order; where the next emitted pc is not the next
    // instruction (a skip of 24 past a non-opcode byte), jump there explicitly.
    if (pcs[k + 1] !== next && !OPCODES[ins.id]!.terminator && next < blockEntry.length) {
      a.jmp(blockEntry[next] ? g.blockLabel(next) : g.instrLabel(next));
    }
  }
  g.emitStubs();
  g.emitCheckFailures();
  const code = a.finish().slice();
  const instrOffset = new Int32Array(blockEntry.length).fill(-1);
  for (const pc of pcs) instrOffset[pc] = a.offsetOf(g.instrLabel(pc));
  const jt = info.blob.jumpTable;
  const jumpTargets = new Int32Array(jt.length);
  for (let k = 0; k < jt.length; k++) jumpTargets[k] = isBlockStart(info, jt[k]!) ? a.offsetOf(g.blockLabel(jt[k]!)) : -1;
  return { code, instrOffset, jumpTargets, trapOffsets: Int32Array.from(g.trapOffsets), trapPcs: Int32Array.from(g.trapPcs), blockEntry };
}
