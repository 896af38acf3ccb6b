/**
 * PVM instructions as the lowering produces them, before layout: a GP opcode name, its
 * operands in encodeInstruction's field naming (engine/isa/encode.ts), and for branches
 * and jumps the old RISC-V address of the target, resolved to a PVM offset by the
 * assembler (assemble.ts).
 */
import type { OpcodeName, Operands } from "../../isa/index.ts";

export interface PvmOp {
  name: OpcodeName;
  ops: Operands;
  /** old code address the offset operand jumps to */
  target?: number;
}

const I32_MIN = -(2n ** 31n);
const I32_MAX = 2n ** 31n - 1n;

/** φrd = v (any 64-bit value, signed or unsigned): load_imm when X4 of 32 bits gives v back. */
export function li(rd: number, v: bigint | number): PvmOp {
  const s = BigInt.asIntN(64, BigInt(v));
  if (s >= I32_MIN && s <= I32_MAX) return { name: "load_imm", ops: { ra: rd, x: Number(s) } };
  return { name: "load_imm_64", ops: { ra: rd, x64: BigInt.asUintN(64, s) } };
}

/** φrd = φrs; nothing when they are the same register. */
export function mv(rd: number, rs: number): PvmOp[] {
  return rd === rs ? [] : [{ name: "move_reg", ops: { rd, ra: rs } }];
}

/** Two registers and an immediate (GP A.5.10): φrd = f(φrs, x). */
export function rri(name: OpcodeName, rd: number, rs: number, x: number): PvmOp {
  return { name, ops: { ra: rd, rb: rs, x } };
}

/** Three registers (GP A.5.13): φrd = f(φa, φb). */
export function rrr(name: OpcodeName, rd: number, a: number, b: number): PvmOp {
  return { name, ops: { rd, ra: a, rb: b } };
}
