/**
 * Instruction decoding: one decoder per operand format (GP A.21 .. A.32).
 * Registers follow GP naming per format (rA, rB, rD); immediates are νX and νY.
 * For offset operands νX / νY hold the absolute target ı + Z_l(...).
 */
import { type OperandFormat } from "./formats.ts";
import { readSignedImm, readU64, zeta } from "./immediates.ts";
import { byteMap } from "./opcode-map.ts";
import { OPCODES, type OpcodeId, TRAP_ID } from "./opcodes.ts";
import type { IsaProfile } from "./profiles.ts";
import { skip } from "./skip.ts";

/** One decoded instruction. Fields not used by the format are 0. */
export interface Instruction {
  /** byte offset of the opcode (ı) */
  pc: number;
  /** opcode id (index into OPCODES); TRAP_ID for an invalid opcode (GP A.19) */
  id: OpcodeId;
  /** 1 + skip(ı): distance in bytes to the next instruction */
  len: number;
  /** register indices 0..12 */
  ra: number;
  rb: number;
  rd: number;
  /** νX: signed 32-bit immediate, or the absolute target for an offset */
  x: number;
  /** νY: likewise */
  y: number;
  /** νX of reg_ext_imm (load_imm_64), as a u64 */
  x64: bigint;
  /** raw byte at ı, kept for disassembly of invalid opcodes */
  byte: number;
}

const reg = (v: number) => (v > 12 ? 12 : v);

/** Fills the operand fields of `ins` for `format` (ins.pc and ins.len already set). */
export function decodeOperands(code: Uint8Array, format: OperandFormat, ins: Instruction): void {
  const i = ins.pc;
  const l = ins.len - 1;
  switch (format) {
    case "none":
      return;
    case "imm": {
      ins.x = readSignedImm(code, i + 1, Math.min(4, l));
      return;
    }
    case "reg_ext_imm": {
      ins.ra = reg(zeta(code, i + 1) & 15);
      ins.x64 = readU64(code, i + 2);
      return;
    }
    case "imm_imm": {
      const lx = Math.min(4, zeta(code, i + 1) & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 1));
      ins.x = readSignedImm(code, i + 2, lx);
      ins.y = readSignedImm(code, i + 2 + lx, ly);
      return;
    }
    case "offset": {
      ins.x = i + readSignedImm(code, i + 1, Math.min(4, l));
      return;
    }
    case "reg_imm": {
      ins.ra = reg(zeta(code, i + 1) & 15);
      ins.x = readSignedImm(code, i + 2, Math.min(4, Math.max(0, l - 1)));
      return;
    }
    case "reg_imm_imm":
    case "reg_imm_offset": {
      const b = zeta(code, i + 1);
      ins.ra = reg(b & 15);
      const lx = Math.min(4, (b >> 4) & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 1));
      ins.x = readSignedImm(code, i + 2, lx);
      const y = readSignedImm(code, i + 2 + lx, ly);
      ins.y = format === "reg_imm_offset" ? i + y : y;
      return;
    }
    case "reg_reg": {
      const b = zeta(code, i + 1);
      ins.rd = reg(b & 15);
      ins.ra = reg(b >> 4);
      return;
    }
    case "reg_reg_imm":
    case "reg_reg_offset": {
      const b = zeta(code, i + 1);
      ins.ra = reg(b & 15);
      ins.rb = reg(b >> 4);
      const x = readSignedImm(code, i + 2, Math.min(4, Math.max(0, l - 1)));
      ins.x = format === "reg_reg_offset" ? i + x : x;
      return;
    }
    case "reg_reg_imm_imm": {
      const b = zeta(code, i + 1);
      ins.ra = reg(b & 15);
      ins.rb = reg(b >> 4);
      const lx = Math.min(4, zeta(code, i + 2) & 7);
      const ly = Math.min(4, Math.max(0, l - lx - 2));
      ins.x = readSignedImm(code, i + 3, lx);
      ins.y = readSignedImm(code, i + 3 + lx, ly);
      return;
    }
    case "reg_reg_reg": {
      const b = zeta(code, i + 1);
      ins.ra = reg(b & 15);
      ins.rb = reg(b >> 4);
      ins.rd = reg(zeta(code, i + 2));
      return;
    }
  }
}

/** A blank instruction record (for reuse on hot paths). */
export function blankInstruction(): Instruction {
  return { pc: 0, id: TRAP_ID, len: 1, ra: 0, rb: 0, rd: 0, x: 0, y: 0, x64: 0n, byte: 0 };
}

/**
 * Decodes the instruction at `pc` of code `code` with unpacked bitmask `mask` (GP A.19):
 * a byte that is not an opcode start, not in the profile's set U, or past the end
 * decodes as `trap`.
 */
export function decodeAt(
  code: Uint8Array,
  mask: Uint8Array,
  pc: number,
  profile: IsaProfile,
  out: Instruction = blankInstruction(),
): Instruction {
  out.pc = pc;
  out.ra = out.rb = out.rd = out.x = out.y = 0;
  out.x64 = 0n;
  out.byte = zeta(code, pc);
  out.len = 1 + skip(mask, pc);
  const isStart = pc < mask.length && mask[pc] === 1;
  const id = isStart ? byteMap(profile)[out.byte]! : -1;
  out.id = id < 0 ? TRAP_ID : id;
  decodeOperands(code, OPCODES[out.id]!.format, out);
  return out;
}
