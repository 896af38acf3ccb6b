/**
 * Which register fields a RISC-V instruction reads and writes, and whether it transfers
 * control (RISC-V Unprivileged ISA, base instruction formats), derived from each
 * mnemonic's operand shape (mnemonics.ts): the facts the transpiler's small dataflow
 * questions need ("is this auipc's value read as anything but an address base before
 * it dies?", "which constant does t0 hold at this ecall?").
 */
import type { RvInstruction } from "./decode.ts";
import { type RvShape, shapeOf } from "./mnemonics.ts";

const NO_RS1 = new Set<RvShape>(["u", "j", "none", "csri"]);
const RS2 = new Set<RvShape>(["branch", "store", "reg"]);
const NO_RD = new Set<RvShape>(["branch", "store", "none"]);
const CONTROL_SHAPES = new Set<RvShape>(["branch", "j", "jalr"]);
const CONTROL_OPS = new Set(["ecall", "ebreak", "unimp"]);

/** Whether `ins` reads register x`x` (x ≠ 0). */
export function readsReg(ins: RvInstruction, x: number): boolean {
  const s = shapeOf(ins.op);
  return (!NO_RS1.has(s) && ins.rs1 === x) || (RS2.has(s) && ins.rs2 === x);
}

/** The register `ins` writes, or 0 (x0) when it writes none. */
export function writtenReg(ins: RvInstruction): number {
  return NO_RD.has(shapeOf(ins.op)) ? 0 : ins.rd;
}

/** Whether `ins` may transfer control (branch, jump, trap, environment call). */
export function isControlTransfer(ins: RvInstruction): boolean {
  return CONTROL_SHAPES.has(shapeOf(ins.op)) || CONTROL_OPS.has(ins.op);
}
