/**
 * Assembly text of a decoded RISC-V instruction, spelled like `llvm-mc`'s canonical
 * (no-alias) syntax with ABI register names and decimal immediates: `addi a0, a1, -4`,
 * `ld ra, 16(sp)`, `lui a0, 0x18`; branch and jal targets print as absolute hex
 * addresses (`beq a0, a1, 0x12f4`), as objdump shows them. Used in error messages.
 */
import type { RvInstruction } from "./decode.ts";
import { rvRegName } from "./registers.ts";

const hex = (v: number) => `0x${v.toString(16)}`;

/** Text of one instruction, without its address. */
export function formatRv(ins: RvInstruction): string {
  const r = rvRegName;
  const { op, rd, rs1, rs2, imm } = ins;
  switch (op) {
    case "lui":
    case "auipc":
      return `${op} ${r(rd)}, ${hex((imm >>> 12) & 0xfffff)}`;
    case "jal":
      return `${op} ${r(rd)}, ${hex(ins.addr + imm)}`;
    case "jalr":
      return `${op} ${r(rd)}, ${imm}(${r(rs1)})`;
    case "beq": case "bne": case "blt": case "bge": case "bltu": case "bgeu":
      return `${op} ${r(rs1)}, ${r(rs2)}, ${hex(ins.addr + imm)}`;
    case "lb": case "lh": case "lw": case "ld": case "lbu": case "lhu": case "lwu":
      return `${op} ${r(rd)}, ${imm}(${r(rs1)})`;
    case "sb": case "sh": case "sw": case "sd":
      return `${op} ${r(rs2)}, ${imm}(${r(rs1)})`;
    case "fence": case "fence.i": case "ecall": case "ebreak": case "unimp":
      return op;
    case "csrrw": case "csrrs": case "csrrc":
      return `${op} ${r(rd)}, ${hex(imm)}, ${r(rs1)}`;
    case "csrrwi": case "csrrsi": case "csrrci":
      return `${op} ${r(rd)}, ${hex(imm)}, ${rs1}`;
    case "addi": case "slti": case "sltiu": case "xori": case "ori": case "andi":
    case "slli": case "srli": case "srai": case "addiw": case "slliw": case "srliw": case "sraiw":
      return `${op} ${r(rd)}, ${r(rs1)}, ${imm}`;
    default:
      return `${op} ${r(rd)}, ${r(rs1)}, ${r(rs2)}`;
  }
}
