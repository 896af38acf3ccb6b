/**
 * Disassembly text, one line per instruction, operands in GP field order per format:
 *   reg_reg_reg `name φD, φA, φB`; reg_reg `name φD, φA`; reg_reg_imm `name φA, φB, νX`;
 *   offsets print as absolute targets `@pc`; immediates in decimal (signed).
 * The assembler (engine/transpiler/asm) parses exactly this syntax.
 */
import type { Instruction } from "./decode.ts";
import { OPCODES, TRAP_ID } from "./opcodes.ts";

const r = (i: number) => `φ${i}`;
const at = (pc: number) => `@${pc}`;

/** Text of one decoded instruction (without its pc). */
export function formatInstruction(ins: Instruction): string {
  const def = OPCODES[ins.id]!;
  if (ins.id === TRAP_ID && ins.byte !== 0) return `trap ; invalid opcode byte ${ins.byte}`;
  const n = def.name;
  switch (def.format) {
    case "none":
      return n;
    case "imm":
      return `${n} ${ins.x >>> 0}`;
    case "reg_ext_imm":
      return `${n} ${r(ins.ra)}, ${ins.x64}`;
    case "imm_imm":
      return `${n} ${ins.x}, ${ins.y}`;
    case "offset":
      return `${n} ${at(ins.x)}`;
    case "reg_imm":
      return `${n} ${r(ins.ra)}, ${ins.x}`;
    case "reg_imm_imm":
      return `${n} ${r(ins.ra)}, ${ins.x}, ${ins.y}`;
    case "reg_imm_offset":
      return `${n} ${r(ins.ra)}, ${ins.x}, ${at(ins.y)}`;
    case "reg_reg":
      return `${n} ${r(ins.rd)}, ${r(ins.ra)}`;
    case "reg_reg_imm":
      return `${n} ${r(ins.ra)}, ${r(ins.rb)}, ${ins.x}`;
    case "reg_reg_offset":
      return `${n} ${r(ins.ra)}, ${r(ins.rb)}, ${at(ins.x)}`;
    case "reg_reg_imm_imm":
      return `${n} ${r(ins.ra)}, ${r(ins.rb)}, ${ins.x}, ${ins.y}`;
    case "reg_reg_reg":
      return `${n} ${r(ins.rd)}, ${r(ins.ra)}, ${r(ins.rb)}`;
  }
}
