/**
 * RISC-V decoder for the 32-bit encodings of RV64I, M, Zifencei, the Zicsr names, and the
 * optional Zba, Zbb, Zbs and Zicond extensions (RISC-V Unprivileged ISA: chapters "RV32I/
 * RV64I Base Integer Instruction Set", "M Standard Extension", "B Standard Extension for
 * Bit Manipulation" (Zba/Zbb/Zbs, RV64 encodings), "Zicond", and the opcode map "RV32/64G
 * Instruction Set Listings"). Compressed (16-bit) encodings are expanded by
 * compressed.ts; `decodeRvAt` picks the width from the low two bits.
 *
 *   31        25 24   20 19   15 14  12 11     7 6      0
 *   funct7       rs2     rs1     funct3  rd       opcode    R
 *   imm[11:0]            rs1     funct3  rd       opcode    I
 *   imm[11:5]    rs2     rs1     funct3  imm[4:0] opcode    S
 *   imm[12|10:5] rs2     rs1     funct3  imm[4:1|11] opcode B
 *   imm[31:12]                           rd       opcode    U
 *   imm[20|10:1|11|19:12]                rd       opcode    J
 *
 * Bit-manipulation encodings used here (funct7 / funct6 / funct12 with funct3):
 *
 *   OP (0x33)      f7 0x10: sh1add f3=2, sh2add 4, sh3add 6    f7 0x20: xnor 4, orn 6, andn 7
 *                  f7 0x05: min 4, minu 5, max 6, maxu 7       f7 0x30: rol 1, ror 5
 *                  f7 0x14: bset 1    f7 0x24: bclr 1, bext 5   f7 0x34: binv 1
 *                  f7 0x07: czero.eqz 5, czero.nez 7 (Zicond)
 *   OP-32 (0x3b)   f7 0x04: add.uw 0, zext.h 4 (rs2 = 0)        f7 0x10: sh1add.uw 2, sh2add.uw 4, sh3add.uw 6
 *                  f7 0x30: rolw 1, rorw 5
 *   OP-IMM (0x13)  f3=1: f6 0x00 slli, 0x0a bseti, 0x12 bclri, 0x1a binvi;
 *                        f12 0x600 clz, 0x601 ctz, 0x602 cpop, 0x604 sext.b, 0x605 sext.h
 *                  f3=5: f6 0x00 srli, 0x10 srai, 0x12 bexti, 0x18 rori; f12 0x287 orc.b, 0x6b8 rev8
 *   OP-IMM-32      f3=1: f7 0x00 slliw, f6 0x02 slli.uw, f12 0x600 clzw, 0x601 ctzw, 0x602 cpopw
 *   (0x1b)         f3=5: f7 0x00 srliw, 0x20 sraiw, 0x30 roriw
 *
 * `unimp` stands for the encodings that are defined to raise an illegal-instruction
 * exception and that toolchains emit as traps: the all-zero word, the all-zero
 * halfword (c.unimp) and `csrrw zero, cycle, zero` (0xc0001073, LLVM's `unimp`).
 */
import type { RvMnemonic } from "./mnemonics.ts";

export type { RvMnemonic } from "./mnemonics.ts";

/** One decoded instruction. Unused fields are 0. */
export interface RvInstruction {
  /** address of the instruction (ELF virtual address, or a synthetic one for REL files) */
  addr: number;
  /** the raw encoding, unsigned: a 32-bit word, or the 16-bit halfword of a compressed one */
  word: number;
  /** length in bytes: 4, or 2 for a compressed (C) instruction */
  size: 2 | 4;
  /** the mnemonic; a compressed instruction has the mnemonic of its 32-bit expansion */
  op: RvMnemonic;
  rd: number;
  rs1: number;
  rs2: number;
  /**
   * Immediate, sign-extended to a JS number: I/S/B/J immediates as in the spec (B/J as
   * byte offsets from addr), U immediates as the full value imm[31:12] << 12 (a signed
   * 32-bit number), shift amounts, and the CSR number for Zicsr (uimm in rs1).
   */
  imm: number;
}

/** The address of the instruction after `ins` (its fallthrough and its return address). */
export function nextAddr(ins: RvInstruction): number {
  return ins.addr + ins.size;
}

/** An encoding the decoder does not accept; `reason` says why. */
export class RvDecodeError extends Error {
  constructor(
    readonly addr: number,
    readonly word: number,
    readonly reason: string,
  ) {
    super(`0x${addr.toString(16)}: ${reason} (word 0x${word.toString(16).padStart(8, "0")})`);
    this.name = "RvDecodeError";
  }
}

const BRANCH: readonly (RvMnemonic | undefined)[] = ["beq", "bne", undefined, undefined, "blt", "bge", "bltu", "bgeu"];
const LOAD: readonly (RvMnemonic | undefined)[] = ["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", undefined];
const STORE: readonly (RvMnemonic | undefined)[] = ["sb", "sh", "sw", "sd"];
const OP_IMM: readonly (RvMnemonic | undefined)[] = ["addi", undefined, "slti", "sltiu", "xori", undefined, "ori", "andi"];
const OP: readonly RvMnemonic[] = ["add", "sll", "slt", "sltu", "xor", "srl", "or", "and"];
const OP_M: readonly RvMnemonic[] = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"];
const OP32_M: readonly (RvMnemonic | undefined)[] = ["mulw", undefined, undefined, undefined, "divw", "divuw", "remw", "remuw"];
const CSR: readonly (RvMnemonic | undefined)[] = [undefined, "csrrw", "csrrs", "csrrc", undefined, "csrrwi", "csrrsi", "csrrci"];

/** OP (0x33) with funct7 ≠ 0, 1: "funct7,funct3" -> mnemonic (Zba, Zbb, Zbs, Zicond, sub/sra). */
const OP_EXT: Readonly<Record<string, RvMnemonic>> = {
  "32,0": "sub", "32,5": "sra",
  "16,2": "sh1add", "16,4": "sh2add", "16,6": "sh3add",
  "32,4": "xnor", "32,6": "orn", "32,7": "andn",
  "5,4": "min", "5,5": "minu", "5,6": "max", "5,7": "maxu",
  "48,1": "rol", "48,5": "ror",
  "20,1": "bset", "36,1": "bclr", "36,5": "bext", "52,1": "binv",
  "7,5": "czero.eqz", "7,7": "czero.nez",
};
/** OP-32 (0x3b) with funct7 ≠ 1: "funct7,funct3" -> mnemonic. zext.h also needs rs2 = 0. */
const OP32_EXT: Readonly<Record<string, RvMnemonic>> = {
  "0,0": "addw", "32,0": "subw", "0,1": "sllw", "0,5": "srlw", "32,5": "sraw",
  "4,0": "add.uw", "16,2": "sh1add.uw", "16,4": "sh2add.uw", "16,6": "sh3add.uw",
  "48,1": "rolw", "48,5": "rorw",
};
/** OP-IMM funct3 1 / 5 with a 12-bit funct (no shift amount): unary Zbb ops. */
const OP_IMM_UNARY: Readonly<Record<number, RvMnemonic>> = {
  [(1 << 12) | 0x600]: "clz", [(1 << 12) | 0x601]: "ctz", [(1 << 12) | 0x602]: "cpop",
  [(1 << 12) | 0x604]: "sext.b", [(1 << 12) | 0x605]: "sext.h",
  [(5 << 12) | 0x287]: "orc.b", [(5 << 12) | 0x6b8]: "rev8",
};
/** OP-IMM funct3 1 / 5 with a 6-bit funct6 and a 6-bit shift amount. */
const OP_IMM_SHIFT: Readonly<Record<number, RvMnemonic>> = {
  [(1 << 6) | 0x00]: "slli", [(1 << 6) | 0x0a]: "bseti", [(1 << 6) | 0x12]: "bclri", [(1 << 6) | 0x1a]: "binvi",
  [(5 << 6) | 0x00]: "srli", [(5 << 6) | 0x10]: "srai", [(5 << 6) | 0x12]: "bexti", [(5 << 6) | 0x18]: "rori",
};
const OP_IMM32_UNARY: Readonly<Record<number, RvMnemonic>> = { 0x600: "clzw", 0x601: "ctzw", 0x602: "cpopw" };

/**
 * Decodes the 32-bit instruction `word` found at `addr`.
 * Throws RvDecodeError for a compressed or unknown encoding.
 */
export function decodeRv(word: number, addr: number): RvInstruction {
  const w = word | 0;
  if (w === 0 || w >>> 0 === 0xc0001073) return { addr, word: word >>> 0, size: 4, op: "unimp", rd: 0, rs1: 0, rs2: 0, imm: 0 };
  const bad = (reason: string): never => {
    throw new RvDecodeError(addr, word >>> 0, reason);
  };
  if ((w & 3) !== 3) bad("compressed (16-bit) instruction where a 32-bit one was expected");
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  const make = (op: RvMnemonic | undefined, fields: Partial<RvInstruction>): RvInstruction => {
    if (!op) return bad(`unknown funct3 ${f3} for major opcode 0x${opcode.toString(16)}`);
    return { addr, word: word >>> 0, size: 4, op, rd: 0, rs1: 0, rs2: 0, imm: 0, ...fields };
  };
  switch (opcode) {
    case 0x37:
      return make("lui", { rd, imm: w & ~0xfff });
    case 0x17:
      return make("auipc", { rd, imm: w & ~0xfff });
    case 0x6f: {
      const imm = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
      return make("jal", { rd, imm });
    }
    case 0x67:
      if (f3 !== 0) bad(`JALR with funct3 ${f3}`);
      return make("jalr", { rd, rs1, imm: immI });
    case 0x63: {
      const imm = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
      return make(BRANCH[f3], { rs1, rs2, imm });
    }
    case 0x03:
      return make(LOAD[f3], { rd, rs1, imm: immI });
    case 0x23:
      return make(STORE[f3], { rs1, rs2, imm: ((w >> 25) << 5) | ((w >>> 7) & 31) });
    case 0x13: {
      if (f3 === 1 || f3 === 5) {
        const unary = OP_IMM_UNARY[(f3 << 12) | ((w >>> 20) & 0xfff)];
        if (unary) return make(unary, { rd, rs1 });
        const shift = OP_IMM_SHIFT[(f3 << 6) | (w >>> 26)];
        if (shift) return make(shift, { rd, rs1, imm: (w >>> 20) & 63 });
        return bad(`OP-IMM shift group with funct3 ${f3}, funct6 0x${(w >>> 26).toString(16)}`);
      }
      return make(OP_IMM[f3], { rd, rs1, imm: immI });
    }
    case 0x1b: {
      const f12 = (w >>> 20) & 0xfff;
      if (f3 === 0) return make("addiw", { rd, rs1, imm: immI });
      if (f3 === 1 && f7 === 0) return make("slliw", { rd, rs1, imm: rs2 });
      if (f3 === 1 && w >>> 26 === 0x02) return make("slli.uw", { rd, rs1, imm: (w >>> 20) & 63 });
      if (f3 === 1 && OP_IMM32_UNARY[f12]) return make(OP_IMM32_UNARY[f12], { rd, rs1 });
      if (f3 === 5 && f7 === 0) return make("srliw", { rd, rs1, imm: rs2 });
      if (f3 === 5 && f7 === 0x20) return make("sraiw", { rd, rs1, imm: rs2 });
      if (f3 === 5 && f7 === 0x30) return make("roriw", { rd, rs1, imm: rs2 });
      return bad(`OP-IMM-32 with funct3 ${f3}, funct7 0x${f7.toString(16)}`);
    }
    case 0x33: {
      if (f7 === 0) return make(OP[f3], { rd, rs1, rs2 });
      if (f7 === 1) return make(OP_M[f3], { rd, rs1, rs2 });
      const op = OP_EXT[`${f7},${f3}`];
      if (op) return make(op, { rd, rs1, rs2 });
      return bad(`OP with funct3 ${f3}, funct7 0x${f7.toString(16)} (not in RV64I, M, Zba, Zbb, Zbs or Zicond)`);
    }
    case 0x3b: {
      if (f7 === 1) return make(OP32_M[f3], { rd, rs1, rs2 });
      if (f7 === 4 && f3 === 4 && rs2 === 0) return make("zext.h", { rd, rs1 });
      const op = OP32_EXT[`${f7},${f3}`];
      if (op) return make(op, { rd, rs1, rs2 });
      return bad(`OP-32 with funct3 ${f3}, funct7 0x${f7.toString(16)} (not in RV64I, M, Zba or Zbb)`);
    }
    case 0x0f:
      if (f3 === 0) return make("fence", { rd, rs1, imm: immI });
      if (f3 === 1) return make("fence.i", { rd, rs1, imm: immI });
      return bad(`MISC-MEM with funct3 ${f3}`);
    case 0x73: {
      if (f3 === 0) {
        if (rd === 0 && rs1 === 0 && immI === 0) return make("ecall", {});
        if (rd === 0 && rs1 === 0 && immI === 1) return make("ebreak", {});
        return bad(`SYSTEM instruction 0x${(immI & 0xfff).toString(16)} (privileged instructions are not supported)`);
      }
      return make(CSR[f3], { rd, rs1, imm: immI & 0xfff });
    }
    default:
      return bad(`unknown major opcode 0x${opcode.toString(16)} (only RV64I, M, Zba, Zbb, Zbs, Zicond, Zifencei and Zicsr are decoded; no floating point)`);
  }
}
