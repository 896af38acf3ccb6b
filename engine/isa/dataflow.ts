/**
 * Register dataflow of one decoded instruction: the registers it reads and the one it
 * writes. These are the gas-cost-model draft's š(c, k, ı) and ř(c, k, ı) (A.9): the
 * operand registers by format, "regardless of whether those registers would actually
 * have been modified by that instruction when executed at runtime" — a cmov's
 * destination counts as written, and a host call (ecalli, whose format has no register
 * operand) reads and writes none.
 *
 *   format            written     read
 *   reg_ext_imm       rA          -
 *   reg_imm           rA          -          (readsOnly: - / rA)
 *   reg_imm_imm       -           rA         (stores; readsOnly)
 *   reg_imm_offset    rA          -          (readsOnly: - / rA)
 *   reg_reg           rD          rA
 *   reg_reg_imm       rA          rB         (readsOnly: - / rA, rB)
 *   reg_reg_offset    -           rA, rB     (readsOnly)
 *   reg_reg_imm_imm   rA          rB
 *   reg_reg_reg       rD          rA, rB
 */
import type { Instruction } from "./decode.ts";
import { OPCODES } from "./opcodes.ts";

/** Sentinel of `destReg` for an instruction that writes no register. */
export const NO_REG = -1;

/** The register an instruction writes (0..12), or NO_REG. */
export function destReg(ins: Instruction): number {
  const def = OPCODES[ins.id]!;
  if (def.readsOnly) return NO_REG;
  switch (def.format) {
    case "reg_ext_imm":
    case "reg_imm":
    case "reg_imm_offset":
    case "reg_reg_imm":
    case "reg_reg_imm_imm":
      return ins.ra;
    case "reg_reg":
    case "reg_reg_reg":
      return ins.rd;
    default:
      return NO_REG;
  }
}

/** The registers an instruction reads, as a bit set (bit i = φi). */
export function sourceRegMask(ins: Instruction): number {
  const def = OPCODES[ins.id]!;
  const a = 1 << ins.ra;
  const b = 1 << ins.rb;
  switch (def.format) {
    case "reg_imm":
    case "reg_imm_imm":
    case "reg_imm_offset":
      return def.readsOnly ? a : 0;
    case "reg_reg":
      return a;
    case "reg_reg_imm":
      return def.readsOnly ? a | b : b;
    case "reg_reg_offset":
      return a | b;
    case "reg_reg_imm_imm":
      return b;
    case "reg_reg_reg":
      return a | b;
    default:
      return 0;
  }
}
