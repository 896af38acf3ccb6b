/**
 * Every RISC-V mnemonic the transpiler knows, once, with its operand shape and the
 * extension it belongs to (RISC-V Unprivileged ISA: RV64I, "M", Zifencei, Zicsr, and the
 * bit-manipulation chapter's Zba/Zbb/Zbs, plus Zicond). The decoder produces these
 * names; the formatter, the register-use questions (operands.ts) and the lowering tables
 * are all keyed by them. Compressed (C) instructions decode to their 32-bit equivalents,
 * so C adds no mnemonic.
 *
 *   shape    fields used                      text
 *   u        rd, imm (imm[31:12] << 12)       lui a0, 0x18
 *   j        rd, imm (byte offset)            jal ra, 0x1010
 *   jalr     rd, rs1, imm                     jalr ra, 0(a1)
 *   branch   rs1, rs2, imm (byte offset)      beq a0, a1, 0x1008
 *   load     rd, rs1, imm                     ld a0, 8(sp)
 *   store    rs1, rs2, imm                    sd a0, 8(sp)
 *   imm      rd, rs1, imm (sign-extended)     addi a0, a1, -4
 *   shift    rd, rs1, imm (shift amount)      slli a0, a1, 3
 *   reg      rd, rs1, rs2                     add a0, a1, a2
 *   unary    rd, rs1                          clz a0, a1
 *   none     -                                ecall
 *   csr      rd, rs1, imm (CSR number)        csrrs a0, 0xc00, zero
 *   csri     rd, imm (CSR), rs1 (5-bit uimm)  csrrsi a0, 0xc00, 1
 */

export type RvShape = "u" | "j" | "jalr" | "branch" | "load" | "store" | "imm" | "shift" | "reg" | "unary" | "none" | "csr" | "csri";
export type RvExtension = "I" | "M" | "Zba" | "Zbb" | "Zbs" | "Zicond" | "Zifencei" | "Zicsr";

const m = <S extends RvShape, E extends RvExtension>(shape: S, ext: E) => ({ shape, ext });

export const RV_MNEMONICS = {
  lui: m("u", "I"), auipc: m("u", "I"), jal: m("j", "I"), jalr: m("jalr", "I"),
  beq: m("branch", "I"), bne: m("branch", "I"), blt: m("branch", "I"), bge: m("branch", "I"), bltu: m("branch", "I"), bgeu: m("branch", "I"),
  lb: m("load", "I"), lh: m("load", "I"), lw: m("load", "I"), ld: m("load", "I"), lbu: m("load", "I"), lhu: m("load", "I"), lwu: m("load", "I"),
  sb: m("store", "I"), sh: m("store", "I"), sw: m("store", "I"), sd: m("store", "I"),
  addi: m("imm", "I"), slti: m("imm", "I"), sltiu: m("imm", "I"), xori: m("imm", "I"), ori: m("imm", "I"), andi: m("imm", "I"),
  slli: m("shift", "I"), srli: m("shift", "I"), srai: m("shift", "I"),
  addiw: m("imm", "I"), slliw: m("shift", "I"), srliw: m("shift", "I"), sraiw: m("shift", "I"),
  add: m("reg", "I"), sub: m("reg", "I"), sll: m("reg", "I"), slt: m("reg", "I"), sltu: m("reg", "I"), xor: m("reg", "I"),
  srl: m("reg", "I"), sra: m("reg", "I"), or: m("reg", "I"), and: m("reg", "I"),
  addw: m("reg", "I"), subw: m("reg", "I"), sllw: m("reg", "I"), srlw: m("reg", "I"), sraw: m("reg", "I"),
  mul: m("reg", "M"), mulh: m("reg", "M"), mulhsu: m("reg", "M"), mulhu: m("reg", "M"),
  div: m("reg", "M"), divu: m("reg", "M"), rem: m("reg", "M"), remu: m("reg", "M"),
  mulw: m("reg", "M"), divw: m("reg", "M"), divuw: m("reg", "M"), remw: m("reg", "M"), remuw: m("reg", "M"),
  // Zba: address generation
  "add.uw": m("reg", "Zba"), sh1add: m("reg", "Zba"), sh2add: m("reg", "Zba"), sh3add: m("reg", "Zba"),
  "sh1add.uw": m("reg", "Zba"), "sh2add.uw": m("reg", "Zba"), "sh3add.uw": m("reg", "Zba"), "slli.uw": m("shift", "Zba"),
  // Zbb: basic bit manipulation
  andn: m("reg", "Zbb"), orn: m("reg", "Zbb"), xnor: m("reg", "Zbb"),
  clz: m("unary", "Zbb"), ctz: m("unary", "Zbb"), cpop: m("unary", "Zbb"), clzw: m("unary", "Zbb"), ctzw: m("unary", "Zbb"), cpopw: m("unary", "Zbb"),
  max: m("reg", "Zbb"), maxu: m("reg", "Zbb"), min: m("reg", "Zbb"), minu: m("reg", "Zbb"),
  "sext.b": m("unary", "Zbb"), "sext.h": m("unary", "Zbb"), "zext.h": m("unary", "Zbb"),
  rol: m("reg", "Zbb"), ror: m("reg", "Zbb"), rolw: m("reg", "Zbb"), rorw: m("reg", "Zbb"), rori: m("shift", "Zbb"), roriw: m("shift", "Zbb"),
  rev8: m("unary", "Zbb"), "orc.b": m("unary", "Zbb"),
  // Zbs: single-bit instructions
  bclr: m("reg", "Zbs"), bext: m("reg", "Zbs"), binv: m("reg", "Zbs"), bset: m("reg", "Zbs"),
  bclri: m("shift", "Zbs"), bexti: m("shift", "Zbs"), binvi: m("shift", "Zbs"), bseti: m("shift", "Zbs"),
  // Zicond: conditional zero
  "czero.eqz": m("reg", "Zicond"), "czero.nez": m("reg", "Zicond"),
  fence: m("none", "I"), "fence.i": m("none", "Zifencei"), ecall: m("none", "I"), ebreak: m("none", "I"), unimp: m("none", "I"),
  csrrw: m("csr", "Zicsr"), csrrs: m("csr", "Zicsr"), csrrc: m("csr", "Zicsr"),
  csrrwi: m("csri", "Zicsr"), csrrsi: m("csri", "Zicsr"), csrrci: m("csri", "Zicsr"),
} as const;

export type RvMnemonic = keyof typeof RV_MNEMONICS;

/** The operand shape of `op`. */
export function shapeOf(op: RvMnemonic): RvShape {
  return RV_MNEMONICS[op].shape;
}

/** The extension `op` belongs to. */
export function extensionOf(op: RvMnemonic): RvExtension {
  return RV_MNEMONICS[op].ext;
}
