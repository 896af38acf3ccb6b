/**
 * Gas classes: the rows of the gas-cost-model draft's table A.10 (GP A.10), one name per
 * group of instructions that share latency č, decode slots ď and execution units x̌.
 * The opcode table (opcodes.ts) gives every opcode exactly one class; the numbers live in
 * engine/gas/pipeline-costs.ts as a Record<GasClass, ...>, so a class without numbers or
 * an opcode without a class is a type error.
 *
 * Names only here: the ISA knows which class an instruction is in, the gas models know
 * what a class costs.
 */
export const GAS_CLASSES = [
  "move_reg", //      frontend-only register rename (A.49)
  "alu_64", //        and, xor, or, add/sub_64 and their _imm forms, 64-bit imm shifts, reverse_bytes
  "alu_32", //        add/sub_32, add_imm_32, 32-bit imm shifts and rotate
  "bit_count", //     popcount, leading zeros, sign/zero extension
  "trailing_zeros", //
  "shift_64", //      register shift/rotate, 64-bit (PS rule, A.55)
  "shift_32", //      register shift/rotate, 32-bit (PS rule)
  "shift_alt_64", //  immediate-operand shifts with the register as shift amount, 64-bit
  "shift_alt_32", //  likewise, 32-bit
  "compare", //       set_lt_*, set_gt_*_imm
  "cmov", //          cmov_iz, cmov_nz
  "cmov_imm", //      cmov_iz_imm, cmov_nz_imm
  "min_max", //
  "load", //          every load from memory (latency m, A.56)
  "store", //         every store to memory
  "branch", //        conditional branches (latency b, A.57)
  "div", //           div/rem, 32 and 64 bit
  "and_or_inv", //    and_inv, or_inv
  "xnor", //
  "neg_add_64", //
  "neg_add_32", //
  "load_imm", //
  "load_imm_64", //
  "mul_64", //        mul_64, mul_imm_64
  "mul_32", //        mul_32, mul_imm_32
  "mul_upper", //     mul_upper_s_s, mul_upper_u_u
  "mul_upper_s_u", //
  "trap", //          trap, fallthrough
  "unlikely", //
  "jump", //          jump, load_imm_jump
  "jump_ind", //      jump_ind, load_imm_jump_ind
  "host", //          ecalli, sbrk (and javm's ecall, see opcodes.ts)
] as const;

export type GasClass = (typeof GAS_CLASSES)[number];
