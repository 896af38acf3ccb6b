/**
 * Operand formats of the PVM instruction set, one per table of GP Appendix A.5
 * (A.5.1 .. A.5.13). Every opcode has exactly one format; decoding, encoding and
 * disassembly are written once per format.
 */
export const OPERAND_FORMATS = [
  "none", //             A.5.1   no arguments
  "imm", //              A.5.2   one immediate
  "reg_ext_imm", //      A.5.3   one register, one 64-bit immediate
  "imm_imm", //          A.5.4   two immediates
  "offset", //           A.5.5   one offset
  "reg_imm", //          A.5.6   one register, one immediate
  "reg_imm_imm", //      A.5.7   one register, two immediates
  "reg_imm_offset", //   A.5.8   one register, one immediate, one offset
  "reg_reg", //          A.5.9   two registers
  "reg_reg_imm", //      A.5.10  two registers, one immediate
  "reg_reg_offset", //   A.5.11  two registers, one offset
  "reg_reg_imm_imm", //  A.5.12  two registers, two immediates
  "reg_reg_reg", //      A.5.13  three registers
] as const;
export type OperandFormat = (typeof OPERAND_FORMATS)[number];
