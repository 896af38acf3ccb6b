/**
 * Register-register and register-immediate arithmetic of RV64I and M, lowered to GP A.5
 * instructions with the same result bit for bit.
 *
 * Semantics checked per operation (RISC-V Unprivileged ISA vs GP A.5.10/A.5.13):
 * - 64-bit ops map 1:1; shift amounts are masked to 6 bits on both sides.
 * - W forms: RV computes on the low 32 bits and sign-extends the 32-bit result; the PVM
 *   *_32 ops do the same (X4 of the result, GP A.5.13), including srlw/srliw (logical
 *   shift of the low word, then sign extension) and 5-bit shift masks.
 * - Division: RV x/0 = all ones (also divu, divw, divuw), x%0 = x (remw/remuw: the
 *   sign-extended low word), MIN/-1 = MIN, MIN%-1 = 0; GP div_* and rem_* define the same
 *   values, so no guard code is needed.
 * - mulhsu rs1 (signed) × rs2 (unsigned) = mul_upper_s_u φA=rs1, φB=rs2.
 *
 * x0 is not a PVM register and all 13 are mapped, so there is no scratch register: a
 * read of x0 selects an equivalent immediate form (the `rs1Zero` / `rs2Zero` columns),
 * both sources x0 fold to a constant, and a write to x0 emits nothing (these ops have
 * no side effects in RV).
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { RvInstruction, RvMnemonic } from "../riscv/decode.ts";
import { type PvmOp, li, mv, rri, rrr } from "./pvm-op.ts";

/** Lowering of `rd = op(x0, other)` or `rd = op(other, x0)`. */
type Fold = (rd: number, other: number) => PvmOp[];

const zero: Fold = (rd) => [li(rd, 0)];
const move: Fold = (rd, o) => mv(rd, o);
const withImm = (name: OpcodeName, x: number): Fold => (rd, o) => [rri(name, rd, o, x)];
const sext32: Fold = withImm("add_imm_32", 0);
/** 0 / d: all ones when d = 0, else 0 — (d <u 1) negated. */
const zeroDividedBy64: Fold = (rd, d) => [rri("set_lt_u_imm", rd, d, 1), rri("neg_add_imm_64", rd, rd, 0)];
/** 0 / d in 32 bits: all ones when the low word of d is 0, else 0. */
const zeroDividedBy32: Fold = (rd, d) => [rri("shlo_l_imm_64", rd, d, 32), rri("set_lt_u_imm", rd, rd, 1), rri("neg_add_imm_64", rd, rd, 0)];

interface RegRegRule {
  pvm: OpcodeName;
  /** rd = op(x0, rs2) */
  rs1Zero: Fold;
  /** rd = op(rs1, x0) */
  rs2Zero: Fold;
  /** rd = op(x0, x0) */
  both: bigint;
}

const rule = (pvm: OpcodeName, rs1Zero: Fold, rs2Zero: Fold, both: bigint): RegRegRule => ({ pvm, rs1Zero, rs2Zero, both });

export const REG_REG: Partial<Record<RvMnemonic, RegRegRule>> = {
  add: rule("add_64", move, move, 0n),
  sub: rule("sub_64", withImm("neg_add_imm_64", 0), move, 0n),
  sll: rule("shlo_l_64", zero, move, 0n),
  slt: rule("set_lt_s", withImm("set_gt_s_imm", 0), withImm("set_lt_s_imm", 0), 0n),
  sltu: rule("set_lt_u", withImm("set_gt_u_imm", 0), zero, 0n),
  xor: rule("xor", move, move, 0n),
  srl: rule("shlo_r_64", zero, move, 0n),
  sra: rule("shar_r_64", zero, move, 0n),
  or: rule("or", move, move, 0n),
  and: rule("and", zero, zero, 0n),
  addw: rule("add_32", sext32, sext32, 0n),
  subw: rule("sub_32", withImm("neg_add_imm_32", 0), sext32, 0n),
  sllw: rule("shlo_l_32", zero, sext32, 0n),
  srlw: rule("shlo_r_32", zero, sext32, 0n),
  sraw: rule("shar_r_32", zero, sext32, 0n),
  mul: rule("mul_64", zero, zero, 0n),
  mulh: rule("mul_upper_s_s", zero, zero, 0n),
  mulhsu: rule("mul_upper_s_u", zero, zero, 0n),
  mulhu: rule("mul_upper_u_u", zero, zero, 0n),
  div: rule("div_s_64", zeroDividedBy64, (rd) => [li(rd, -1)], -1n),
  divu: rule("div_u_64", zeroDividedBy64, (rd) => [li(rd, -1)], -1n),
  rem: rule("rem_s_64", zero, move, 0n),
  remu: rule("rem_u_64", zero, move, 0n),
  mulw: rule("mul_32", zero, zero, 0n),
  divw: rule("div_s_32", zeroDividedBy32, (rd) => [li(rd, -1)], -1n),
  divuw: rule("div_u_32", zeroDividedBy32, (rd) => [li(rd, -1)], -1n),
  remw: rule("rem_s_32", zero, sext32, 0n),
  remuw: rule("rem_u_32", zero, sext32, 0n),
};

interface RegImmRule {
  pvm: OpcodeName;
  /** rd = op(x0, imm), a constant */
  zeroSrc: (imm: number) => bigint;
  /** op(rs, 0) = rs, so `imm = 0` is a plain move */
  identityAtZero: boolean;
}

const irule = (pvm: OpcodeName, zeroSrc: (imm: number) => bigint, identityAtZero: boolean): RegImmRule => ({ pvm, zeroSrc, identityAtZero });
const constZero = () => 0n;

export const REG_IMM: Partial<Record<RvMnemonic, RegImmRule>> = {
  addi: irule("add_imm_64", (i) => BigInt(i), true),
  slti: irule("set_lt_s_imm", (i) => (0 < i ? 1n : 0n), false),
  sltiu: irule("set_lt_u_imm", (i) => (i !== 0 ? 1n : 0n), false),
  xori: irule("xor_imm", (i) => BigInt(i), true),
  ori: irule("or_imm", (i) => BigInt(i), true),
  andi: irule("and_imm", constZero, false),
  slli: irule("shlo_l_imm_64", constZero, true),
  srli: irule("shlo_r_imm_64", constZero, true),
  srai: irule("shar_r_imm_64", constZero, true),
  addiw: irule("add_imm_32", (i) => BigInt(i), false),
  slliw: irule("shlo_l_imm_32", constZero, false),
  srliw: irule("shlo_r_imm_32", constZero, false),
  sraiw: irule("shar_r_imm_32", constZero, false),
};

/** Maps an RV register other than x0 to its PVM register (throws for gp/tp/x16+). */
export type RegMap = (x: number) => number;

/** Lowers an R-type ALU instruction (REG_REG has a rule for `ins.op`). */
export function lowerRegReg(ins: RvInstruction, reg: RegMap): PvmOp[] {
  const r = REG_REG[ins.op];
  if (!r) throw new Error(`lowerRegReg: ${ins.op} is not a register-register op`);
  if (ins.rd === 0) return [];
  const rd = reg(ins.rd);
  if (ins.rs1 === 0 && ins.rs2 === 0) return [li(rd, r.both)];
  if (ins.rs1 === 0) return r.rs1Zero(rd, reg(ins.rs2));
  if (ins.rs2 === 0) return r.rs2Zero(rd, reg(ins.rs1));
  return [rrr(r.pvm, rd, reg(ins.rs1), reg(ins.rs2))];
}

/** Lowers an I-type ALU instruction (REG_IMM has a rule for `ins.op`). */
export function lowerRegImm(ins: RvInstruction, reg: RegMap): PvmOp[] {
  const r = REG_IMM[ins.op];
  if (!r) throw new Error(`lowerRegImm: ${ins.op} is not a register-immediate op`);
  if (ins.rd === 0) return [];
  const rd = reg(ins.rd);
  if (ins.rs1 === 0) return [li(rd, r.zeroSrc(ins.imm))];
  const rs = reg(ins.rs1);
  if (ins.imm === 0 && r.identityAtZero) return mv(rd, rs);
  return [rri(r.pvm, rd, rs, ins.imm)];
}

/** lui without a relocation: rd = imm[31:12] << 12, sign-extended. */
export function lowerLui(ins: RvInstruction, reg: RegMap): PvmOp[] {
  return ins.rd === 0 ? [] : [li(reg(ins.rd), ins.imm)];
}
