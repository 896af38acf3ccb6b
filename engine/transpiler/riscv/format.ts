/**
 * Assembly text of a decoded RISC-V instruction, spelled like `llvm-mc`'s canonical
 * (no-alias) syntax with ABI register names and decimal immediates: `addi a0, a1, -4`,
 * `ld ra, 16(sp)`, `lui a0, 0x18`, `clz a0, a1`; branch and jal targets print as
 * absolute hex addresses (`beq a0, a1, 0x12f4`), as objdump shows them. A compressed
 * instruction prints as its 32-bit expansion. Used in error messages; the shape of each
 * mnemonic comes from mnemonics.ts.
 */
import type { RvInstruction } from "./decode.ts";
import { shapeOf } from "./mnemonics.ts";
import { rvRegName } from "./registers.ts";

const hex = (v: number) => `0x${v.toString(16)}`;

/** Text of one instruction, without its address. */
export function formatRv(ins: RvInstruction): string {
  const r = rvRegName;
  const { op, rd, rs1, rs2, imm } = ins;
  switch (shapeOf(op)) {
    case "u":
      return `${op} ${r(rd)}, ${hex((imm >>> 12) & 0xfffff)}`;
    case "j":
      return `${op} ${r(rd)}, ${hex(ins.addr + imm)}`;
    case "jalr":
    case "load":
      return `${op} ${r(rd)}, ${imm}(${r(rs1)})`;
    case "branch":
      return `${op} ${r(rs1)}, ${r(rs2)}, ${hex(ins.addr + imm)}`;
    case "store":
      return `${op} ${r(rs2)}, ${imm}(${r(rs1)})`;
    case "none":
      return op;
    case "csr":
      return `${op} ${r(rd)}, ${hex(imm)}, ${r(rs1)}`;
    case "csri":
      return `${op} ${r(rd)}, ${hex(imm)}, ${rs1}`;
    case "imm":
    case "shift":
      return `${op} ${r(rd)}, ${r(rs1)}, ${imm}`;
    case "unary":
      return `${op} ${r(rd)}, ${r(rs1)}`;
    case "reg":
      return `${op} ${r(rd)}, ${r(rs1)}, ${r(rs2)}`;
  }
}
