/**
 * RISC-V decoder for the 32-bit encodings of RV64I, M, Zifencei and the Zicsr names
 * (RISC-V Unprivileged ISA, chapters "RV32I/RV64I Base Integer Instruction Set", "M
 * Standard Extension", and the opcode map "RV32/64G Instruction Set Listings").
 *
 *   31        25 24   20 19   15 14  12 11     7 6      0
 *   funct7       rs2     rs1     funct3  rd       opcode    R
 *   imm[11:0]            rs1     funct3  rd       opcode    I
 *   imm[11:5]    rs2     rs1     funct3  imm[4:0] opcode    S
 *   imm[12|10:5] rs2     rs1     funct3  imm[4:1|11] opcode B
 *   imm[31:12]                           rd       opcode    U
 *   imm[20|10:1|11|19:12]                rd       opcode    J
 *
 * `unimp` stands for the two encodings that are defined to raise an illegal-instruction
 * exception and that toolchains emit as traps: the all-zero word and `csrrw zero, cycle,
 * zero` (0xc0001073, LLVM's `unimp`).
 *
 * Compressed (16-bit) encodings are not decoded yet: a word whose low two bits are not
 * 0b11 is an RvDecodeError, as is every encoding outside the subsets above.
 */

export type RvMnemonic =
  | "lui" | "auipc" | "jal" | "jalr"
  | "beq" | "bne" | "blt" | "bge" | "bltu" | "bgeu"
  | "lb" | "lh" | "lw" | "ld" | "lbu" | "lhu" | "lwu"
  | "sb" | "sh" | "sw" | "sd"
  | "addi" | "slti" | "sltiu" | "xori" | "ori" | "andi" | "slli" | "srli" | "srai"
  | "addiw" | "slliw" | "srliw" | "sraiw"
  | "add" | "sub" | "sll" | "slt" | "sltu" | "xor" | "srl" | "sra" | "or" | "and"
  | "addw" | "subw" | "sllw" | "srlw" | "sraw"
  | "mul" | "mulh" | "mulhsu" | "mulhu" | "div" | "divu" | "rem" | "remu"
  | "mulw" | "divw" | "divuw" | "remw" | "remuw"
  | "fence" | "fence.i" | "ecall" | "ebreak" | "unimp"
  | "csrrw" | "csrrs" | "csrrc" | "csrrwi" | "csrrsi" | "csrrci";

/** One decoded instruction. Unused fields are 0. */
export interface RvInstruction {
  /** address of the instruction (ELF virtual address, or a synthetic one for REL files) */
  addr: number;
  /** the raw 32-bit word, unsigned */
  word: number;
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

/**
 * Decodes the 32-bit instruction `word` found at `addr`.
 * Throws RvDecodeError for a compressed or unknown encoding.
 */
export function decodeRv(word: number, addr: number): RvInstruction {
  const w = word | 0;
  if (w === 0 || w >>> 0 === 0xc0001073) return { addr, word: word >>> 0, op: "unimp", rd: 0, rs1: 0, rs2: 0, imm: 0 };
  const bad = (reason: string): never => {
    throw new RvDecodeError(addr, word >>> 0, reason);
  };
  if ((w & 3) !== 3) bad("compressed (16-bit) instruction; the C extension is not supported yet");
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  const make = (op: RvMnemonic | undefined, fields: Partial<RvInstruction>): RvInstruction => {
    if (!op) return bad(`unknown funct3 ${f3} for major opcode 0x${opcode.toString(16)}`);
    return { addr, word: word >>> 0, op, rd: 0, rs1: 0, rs2: 0, imm: 0, ...fields };
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
        const f6 = w >>> 26;
        const shamt = (w >>> 20) & 63;
        if (f3 === 1 && f6 === 0) return make("slli", { rd, rs1, imm: shamt });
        if (f3 === 5 && f6 === 0) return make("srli", { rd, rs1, imm: shamt });
        if (f3 === 5 && f6 === 0x10) return make("srai", { rd, rs1, imm: shamt });
        return bad(`shift-immediate with funct6 0x${f6.toString(16)} (Zbb/Zbs are not supported)`);
      }
      return make(OP_IMM[f3], { rd, rs1, imm: immI });
    }
    case 0x1b: {
      if (f3 === 0) return make("addiw", { rd, rs1, imm: immI });
      if (f3 === 1 && f7 === 0) return make("slliw", { rd, rs1, imm: rs2 });
      if (f3 === 5 && f7 === 0) return make("srliw", { rd, rs1, imm: rs2 });
      if (f3 === 5 && f7 === 0x20) return make("sraiw", { rd, rs1, imm: rs2 });
      return bad(`OP-IMM-32 with funct3 ${f3}, funct7 0x${f7.toString(16)}`);
    }
    case 0x33: {
      if (f7 === 0) return make(OP[f3], { rd, rs1, rs2 });
      if (f7 === 1) return make(OP_M[f3], { rd, rs1, rs2 });
      if (f7 === 0x20 && f3 === 0) return make("sub", { rd, rs1, rs2 });
      if (f7 === 0x20 && f3 === 5) return make("sra", { rd, rs1, rs2 });
      return bad(`OP with funct3 ${f3}, funct7 0x${f7.toString(16)} (only RV64I and M are supported)`);
    }
    case 0x3b: {
      if (f7 === 1) return make(OP32_M[f3], { rd, rs1, rs2 });
      if (f7 === 0 && f3 === 0) return make("addw", { rd, rs1, rs2 });
      if (f7 === 0x20 && f3 === 0) return make("subw", { rd, rs1, rs2 });
      if (f7 === 0 && f3 === 1) return make("sllw", { rd, rs1, rs2 });
      if (f7 === 0 && f3 === 5) return make("srlw", { rd, rs1, rs2 });
      if (f7 === 0x20 && f3 === 5) return make("sraw", { rd, rs1, rs2 });
      return bad(`OP-32 with funct3 ${f3}, funct7 0x${f7.toString(16)} (only RV64I and M are supported)`);
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
      return bad(`unknown major opcode 0x${opcode.toString(16)} (only RV64I, M, Zifencei and Zicsr are decoded)`);
  }
}
