/**
 * Which register fields an RV64IM instruction reads and writes, and whether it transfers
 * control (RISC-V Unprivileged ISA, base instruction formats): the facts the transpiler's
 * small dataflow questions need ("is this auipc's value read as anything but an address
 * base before it dies?").
 */
import type { RvInstruction, RvMnemonic } from "./decode.ts";

const NO_RS1 = new Set<RvMnemonic>(["lui", "auipc", "jal", "fence", "fence.i", "ecall", "ebreak", "unimp", "csrrwi", "csrrsi", "csrrci"]);
const RS2 = new Set<RvMnemonic>([
  "beq", "bne", "blt", "bge", "bltu", "bgeu", "sb", "sh", "sw", "sd",
  "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw", "sllw", "srlw", "sraw",
  "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw", "divuw", "remw", "remuw",
]);
const NO_RD = new Set<RvMnemonic>(["beq", "bne", "blt", "bge", "bltu", "bgeu", "sb", "sh", "sw", "sd", "fence", "fence.i", "ecall", "ebreak", "unimp"]);
const CONTROL = new Set<RvMnemonic>(["beq", "bne", "blt", "bge", "bltu", "bgeu", "jal", "jalr", "ecall", "ebreak", "unimp"]);

/** Whether `ins` reads register x`x` (x ≠ 0). */
export function readsReg(ins: RvInstruction, x: number): boolean {
  return (!NO_RS1.has(ins.op) && ins.rs1 === x) || (RS2.has(ins.op) && ins.rs2 === x);
}

/** The register `ins` writes, or 0 (x0) when it writes none. */
export function writtenReg(ins: RvInstruction): number {
  return NO_RD.has(ins.op) ? 0 : ins.rd;
}

/** Whether `ins` may transfer control (branch, jump, trap, environment call). */
export function isControlTransfer(ins: RvInstruction): boolean {
  return CONTROL.has(ins.op);
}
