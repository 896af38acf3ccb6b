/**
 * Branches, jumps and calls (RV64I) → GP A.5 terminators.
 *
 *   b{eq,ne,lt,ge,ltu,geu} rs1, rs2, L   → branch_{eq,ne,lt_s,ge_s,lt_u,ge_u} rs1, rs2, @L
 *   jal x0, L                            → jump @L
 *   jal rd, L                            → load_imm_jump rd, ret, @L
 *   jalr x0, 0(rs)                       → jump_ind rs, 0
 *   jalr rd, 0(rs)                       → load_imm_jump_ind rd, rs, ret, 0
 *
 * `ret` is the jump-table address of the next instruction: code addresses held in
 * registers are jump-table addresses (jump-table.ts), so what a callee gets in ra is
 * exactly what `jump_ind ra, 0` (its `ret`) needs. load_imm_jump_ind reads rs before it
 * writes rd (GP A.5.12), like jalr.
 *
 * A branch against x0 uses the *_imm form with 0 (for `0 < rs`-style operand orders the
 * mirrored condition: blt x0, rs = rs >s 0); one that can never be taken emits nothing
 * and one that is always taken is a jump. A jalr with a non-zero offset or through x0
 * would need code-address arithmetic, which jump-table addresses do not support: error.
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { RvInstruction, RvMnemonic } from "../riscv/decode.ts";
import type { Fail } from "../targets.ts";
import type { RegMap } from "./alu.ts";
import type { PvmOp } from "./pvm-op.ts";

type ZeroCase = OpcodeName | "always" | "never";

interface BranchRule {
  pvm: OpcodeName;
  /** branch if op(0, rs2): an *_imm branch on rs2 against 0 */
  rs1Zero: ZeroCase;
  /** branch if op(rs1, 0) */
  rs2Zero: ZeroCase;
  both: "always" | "never";
}

export const BRANCHES: Partial<Record<RvMnemonic, BranchRule>> = {
  beq: { pvm: "branch_eq", rs1Zero: "branch_eq_imm", rs2Zero: "branch_eq_imm", both: "always" },
  bne: { pvm: "branch_ne", rs1Zero: "branch_ne_imm", rs2Zero: "branch_ne_imm", both: "never" },
  blt: { pvm: "branch_lt_s", rs1Zero: "branch_gt_s_imm", rs2Zero: "branch_lt_s_imm", both: "never" },
  bge: { pvm: "branch_ge_s", rs1Zero: "branch_le_s_imm", rs2Zero: "branch_ge_s_imm", both: "always" },
  bltu: { pvm: "branch_lt_u", rs1Zero: "branch_ne_imm", rs2Zero: "never", both: "never" },
  bgeu: { pvm: "branch_ge_u", rs1Zero: "branch_eq_imm", rs2Zero: "always", both: "always" },
};

const jump = (target: number): PvmOp => ({ name: "jump", ops: {}, target });

/** Lowers a conditional branch to old code address `target`. */
export function lowerBranch(ins: RvInstruction, reg: RegMap, target: number): PvmOp[] {
  const r = BRANCHES[ins.op];
  if (!r) throw new Error(`lowerBranch: ${ins.op} is not a branch`);
  const zeroCase = (c: ZeroCase, other: number): PvmOp[] => {
    if (c === "never") return [];
    if (c === "always") return [jump(target)];
    return [{ name: c, ops: { ra: reg(other), x: 0 }, target }];
  };
  if (ins.rs1 === 0 && ins.rs2 === 0) return zeroCase(r.both, 0);
  if (ins.rs1 === 0) return zeroCase(r.rs1Zero, ins.rs2);
  if (ins.rs2 === 0) return zeroCase(r.rs2Zero, ins.rs1);
  return [{ name: r.pvm, ops: { ra: reg(ins.rs1), rb: reg(ins.rs2) }, target }];
}

/**
 * A direct jump or call to `target` writing `ret` (the jump-table address of the return
 * point) into x`rd` unless rd is x0. Used for jal, for auipc+jalr CALL pairs and for
 * jalr completing a %pcrel_lo address.
 */
export function lowerDirectJump(rd: number, reg: RegMap, target: number, ret: number | undefined): PvmOp[] {
  if (rd === 0) return [jump(target)];
  if (ret === undefined) throw new Error("lowerDirectJump: a linking jump needs a return address");
  return [{ name: "load_imm_jump", ops: { ra: reg(rd), x: ret }, target }];
}

/** Lowers a jalr through a register (a return, an indirect call or a switch dispatch). */
export function lowerIndirectJump(ins: RvInstruction, reg: RegMap, ret: number | undefined, fail: Fail): PvmOp[] {
  if (ins.rs1 === 0) fail("a jump to an absolute address has no PVM equivalent");
  if (ins.imm !== 0) fail("an offset on an indirect jump would be arithmetic on a code address, which the jump table does not support");
  const rs = reg(ins.rs1);
  if (ins.rd === 0) return [{ name: "jump_ind", ops: { ra: rs, x: 0 } }];
  if (ret === undefined) throw new Error("lowerIndirectJump: a linking jump needs a return address");
  return [{ name: "load_imm_jump_ind", ops: { ra: reg(ins.rd), rb: rs, x: ret, y: 0 } }];
}
