/**
 * THE opcode table of pvm-lab: every PVM instruction once, with its Gray Paper name
 * (GP Appendix A.5), its byte in each ISA profile, its operand format, its gas class
 * (gas-cost-model draft A.10), whether it terminates a basic block (GP A.3, set T) and
 * whether its register operands are all read (no destination). Decoder, disassembler,
 * assembler, gas models, interpreter and JIT are all derived from this list; nothing
 * else may hard-code an opcode byte.
 *
 * Bytes: `gp-0.7` numbering is shared by all profiles; `unlikely` and `ecall` are the
 * only per-profile differences (ARCHITECTURE.md, "ISA profiles").
 */
import type { OperandFormat } from "./formats.ts";
import type { GasClass } from "./gas-class.ts";
import type { IsaProfile } from "./profiles.ts";

export type ProfileBytes = Readonly<Partial<Record<IsaProfile, number>>>;

export interface OpcodeDef {
  readonly name: string;
  readonly bytes: ProfileBytes;
  readonly format: OperandFormat;
  /** row of the gas-cost-model table A.10 (engine/gas/pipeline-costs.ts prices it) */
  readonly gas: GasClass;
  /** Member of GP's set T: ends a basic block. */
  readonly terminator: boolean;
  /**
   * Every register operand is a source and none is written (stores, branches,
   * jump_ind). Otherwise the format's destination slot (rD for reg_reg and
   * reg_reg_reg, rA elsewhere) is written and the other register operands are read;
   * see dataflow.ts.
   */
  readonly readsOnly: boolean;
  /**
   * Never continues at the next instruction (trap and the unconditional jumps): the
   * byte after it is reached only as a jump target. Used for the block start at the
   * end of the code (code-info.ts).
   */
  readonly noFallthrough: boolean;
}

const all = (b: number): ProfileBytes => ({ "gp-0.7": b, "gp-0.8-draft": b, jar: b });

/** flag: member of T (ends a basic block) */
const T = 1;
/** flag: no destination register, every register operand is read */
const R = 2;
/** flag: never continues at the next instruction */
const X = 4;

function def<const N extends string>(
  name: N,
  bytes: number | ProfileBytes,
  format: OperandFormat,
  gas: GasClass,
  flags = 0,
): OpcodeDef & { readonly name: N } {
  return {
    name,
    bytes: typeof bytes === "number" ? all(bytes) : bytes,
    format,
    gas,
    terminator: (flags & T) !== 0,
    readsOnly: (flags & R) !== 0,
    noFallthrough: (flags & X) !== 0,
  };
}

export const OPCODES = [
  // A.5.1 no arguments
  def("trap", 0, "none", "trap", T | X),
  def("fallthrough", 1, "none", "trap", T),
  def("unlikely", { "gp-0.8-draft": 3, jar: 2 }, "none", "unlikely"),
  // javm's management call (ARCHITECTURE.md, "Kernel ABI"); ends a basic block. A.10
  // has no row for it: like ecalli it leaves the VM for the kernel, so it is priced
  // as a host call.
  def("ecall", { jar: 3 }, "none", "host", T),
  // A.5.2 one immediate
  def("ecalli", 10, "imm", "host"),
  // A.5.3 one register, one extended-width immediate
  def("load_imm_64", 20, "reg_ext_imm", "load_imm_64"),
  // A.5.4 two immediates
  def("store_imm_u8", 30, "imm_imm", "store"),
  def("store_imm_u16", 31, "imm_imm", "store"),
  def("store_imm_u32", 32, "imm_imm", "store"),
  def("store_imm_u64", 33, "imm_imm", "store"),
  // A.5.5 one offset
  def("jump", 40, "offset", "jump", T | X),
  // A.5.6 one register, one immediate
  def("jump_ind", 50, "reg_imm", "jump_ind", T | R | X),
  def("load_imm", 51, "reg_imm", "load_imm"),
  def("load_u8", 52, "reg_imm", "load"),
  def("load_i8", 53, "reg_imm", "load"),
  def("load_u16", 54, "reg_imm", "load"),
  def("load_i16", 55, "reg_imm", "load"),
  def("load_u32", 56, "reg_imm", "load"),
  def("load_i32", 57, "reg_imm", "load"),
  def("load_u64", 58, "reg_imm", "load"),
  def("store_u8", 59, "reg_imm", "store", R),
  def("store_u16", 60, "reg_imm", "store", R),
  def("store_u32", 61, "reg_imm", "store", R),
  def("store_u64", 62, "reg_imm", "store", R),
  // A.5.7 one register, two immediates
  def("store_imm_ind_u8", 70, "reg_imm_imm", "store", R),
  def("store_imm_ind_u16", 71, "reg_imm_imm", "store", R),
  def("store_imm_ind_u32", 72, "reg_imm_imm", "store", R),
  def("store_imm_ind_u64", 73, "reg_imm_imm", "store", R),
  // A.5.8 one register, one immediate, one offset
  def("load_imm_jump", 80, "reg_imm_offset", "jump", T | X),
  def("branch_eq_imm", 81, "reg_imm_offset", "branch", T | R),
  def("branch_ne_imm", 82, "reg_imm_offset", "branch", T | R),
  def("branch_lt_u_imm", 83, "reg_imm_offset", "branch", T | R),
  def("branch_le_u_imm", 84, "reg_imm_offset", "branch", T | R),
  def("branch_ge_u_imm", 85, "reg_imm_offset", "branch", T | R),
  def("branch_gt_u_imm", 86, "reg_imm_offset", "branch", T | R),
  def("branch_lt_s_imm", 87, "reg_imm_offset", "branch", T | R),
  def("branch_le_s_imm", 88, "reg_imm_offset", "branch", T | R),
  def("branch_ge_s_imm", 89, "reg_imm_offset", "branch", T | R),
  def("branch_gt_s_imm", 90, "reg_imm_offset", "branch", T | R),
  // A.5.9 two registers
  def("move_reg", 100, "reg_reg", "move_reg"),
  def("sbrk", 101, "reg_reg", "host"),
  def("count_set_bits_64", 102, "reg_reg", "bit_count"),
  def("count_set_bits_32", 103, "reg_reg", "bit_count"),
  def("leading_zero_bits_64", 104, "reg_reg", "bit_count"),
  def("leading_zero_bits_32", 105, "reg_reg", "bit_count"),
  def("trailing_zero_bits_64", 106, "reg_reg", "trailing_zeros"),
  def("trailing_zero_bits_32", 107, "reg_reg", "trailing_zeros"),
  def("sign_extend_8", 108, "reg_reg", "bit_count"),
  def("sign_extend_16", 109, "reg_reg", "bit_count"),
  def("zero_extend_16", 110, "reg_reg", "bit_count"),
  def("reverse_bytes", 111, "reg_reg", "alu_64"),
  // A.5.10 two registers, one immediate
  def("store_ind_u8", 120, "reg_reg_imm", "store", R),
  def("store_ind_u16", 121, "reg_reg_imm", "store", R),
  def("store_ind_u32", 122, "reg_reg_imm", "store", R),
  def("store_ind_u64", 123, "reg_reg_imm", "store", R),
  def("load_ind_u8", 124, "reg_reg_imm", "load"),
  def("load_ind_i8", 125, "reg_reg_imm", "load"),
  def("load_ind_u16", 126, "reg_reg_imm", "load"),
  def("load_ind_i16", 127, "reg_reg_imm", "load"),
  def("load_ind_u32", 128, "reg_reg_imm", "load"),
  def("load_ind_i32", 129, "reg_reg_imm", "load"),
  def("load_ind_u64", 130, "reg_reg_imm", "load"),
  def("add_imm_32", 131, "reg_reg_imm", "alu_32"),
  def("and_imm", 132, "reg_reg_imm", "alu_64"),
  def("xor_imm", 133, "reg_reg_imm", "alu_64"),
  def("or_imm", 134, "reg_reg_imm", "alu_64"),
  def("mul_imm_32", 135, "reg_reg_imm", "mul_32"),
  def("set_lt_u_imm", 136, "reg_reg_imm", "compare"),
  def("set_lt_s_imm", 137, "reg_reg_imm", "compare"),
  def("shlo_l_imm_32", 138, "reg_reg_imm", "alu_32"),
  def("shlo_r_imm_32", 139, "reg_reg_imm", "alu_32"),
  def("shar_r_imm_32", 140, "reg_reg_imm", "alu_32"),
  def("neg_add_imm_32", 141, "reg_reg_imm", "neg_add_32"),
  def("set_gt_u_imm", 142, "reg_reg_imm", "compare"),
  def("set_gt_s_imm", 143, "reg_reg_imm", "compare"),
  def("shlo_l_imm_alt_32", 144, "reg_reg_imm", "shift_alt_32"),
  def("shlo_r_imm_alt_32", 145, "reg_reg_imm", "shift_alt_32"),
  def("shar_r_imm_alt_32", 146, "reg_reg_imm", "shift_alt_32"),
  def("cmov_iz_imm", 147, "reg_reg_imm", "cmov_imm"),
  def("cmov_nz_imm", 148, "reg_reg_imm", "cmov_imm"),
  def("add_imm_64", 149, "reg_reg_imm", "alu_64"),
  def("mul_imm_64", 150, "reg_reg_imm", "mul_64"),
  def("shlo_l_imm_64", 151, "reg_reg_imm", "alu_64"),
  def("shlo_r_imm_64", 152, "reg_reg_imm", "alu_64"),
  def("shar_r_imm_64", 153, "reg_reg_imm", "alu_64"),
  def("neg_add_imm_64", 154, "reg_reg_imm", "neg_add_64"),
  def("shlo_l_imm_alt_64", 155, "reg_reg_imm", "shift_alt_64"),
  def("shlo_r_imm_alt_64", 156, "reg_reg_imm", "shift_alt_64"),
  def("shar_r_imm_alt_64", 157, "reg_reg_imm", "shift_alt_64"),
  def("rot_r_64_imm", 158, "reg_reg_imm", "alu_64"),
  def("rot_r_64_imm_alt", 159, "reg_reg_imm", "shift_alt_64"),
  def("rot_r_32_imm", 160, "reg_reg_imm", "alu_32"),
  def("rot_r_32_imm_alt", 161, "reg_reg_imm", "shift_alt_32"),
  // A.5.11 two registers, one offset
  def("branch_eq", 170, "reg_reg_offset", "branch", T | R),
  def("branch_ne", 171, "reg_reg_offset", "branch", T | R),
  def("branch_lt_u", 172, "reg_reg_offset", "branch", T | R),
  def("branch_lt_s", 173, "reg_reg_offset", "branch", T | R),
  def("branch_ge_u", 174, "reg_reg_offset", "branch", T | R),
  def("branch_ge_s", 175, "reg_reg_offset", "branch", T | R),
  // A.5.12 two registers, two immediates
  def("load_imm_jump_ind", 180, "reg_reg_imm_imm", "jump_ind", T | X),
  // A.5.13 three registers
  def("add_32", 190, "reg_reg_reg", "alu_32"),
  def("sub_32", 191, "reg_reg_reg", "alu_32"),
  def("mul_32", 192, "reg_reg_reg", "mul_32"),
  def("div_u_32", 193, "reg_reg_reg", "div"),
  def("div_s_32", 194, "reg_reg_reg", "div"),
  def("rem_u_32", 195, "reg_reg_reg", "div"),
  def("rem_s_32", 196, "reg_reg_reg", "div"),
  def("shlo_l_32", 197, "reg_reg_reg", "shift_32"),
  def("shlo_r_32", 198, "reg_reg_reg", "shift_32"),
  def("shar_r_32", 199, "reg_reg_reg", "shift_32"),
  def("add_64", 200, "reg_reg_reg", "alu_64"),
  def("sub_64", 201, "reg_reg_reg", "alu_64"),
  def("mul_64", 202, "reg_reg_reg", "mul_64"),
  def("div_u_64", 203, "reg_reg_reg", "div"),
  def("div_s_64", 204, "reg_reg_reg", "div"),
  def("rem_u_64", 205, "reg_reg_reg", "div"),
  def("rem_s_64", 206, "reg_reg_reg", "div"),
  def("shlo_l_64", 207, "reg_reg_reg", "shift_64"),
  def("shlo_r_64", 208, "reg_reg_reg", "shift_64"),
  def("shar_r_64", 209, "reg_reg_reg", "shift_64"),
  def("and", 210, "reg_reg_reg", "alu_64"),
  def("xor", 211, "reg_reg_reg", "alu_64"),
  def("or", 212, "reg_reg_reg", "alu_64"),
  def("mul_upper_s_s", 213, "reg_reg_reg", "mul_upper"),
  def("mul_upper_u_u", 214, "reg_reg_reg", "mul_upper"),
  def("mul_upper_s_u", 215, "reg_reg_reg", "mul_upper_s_u"),
  def("set_lt_u", 216, "reg_reg_reg", "compare"),
  def("set_lt_s", 217, "reg_reg_reg", "compare"),
  def("cmov_iz", 218, "reg_reg_reg", "cmov"),
  def("cmov_nz", 219, "reg_reg_reg", "cmov"),
  def("rot_l_64", 220, "reg_reg_reg", "shift_64"),
  def("rot_l_32", 221, "reg_reg_reg", "shift_32"),
  def("rot_r_64", 222, "reg_reg_reg", "shift_64"),
  def("rot_r_32", 223, "reg_reg_reg", "shift_32"),
  def("and_inv", 224, "reg_reg_reg", "and_or_inv"),
  def("or_inv", 225, "reg_reg_reg", "and_or_inv"),
  def("xnor", 226, "reg_reg_reg", "xnor"),
  def("max", 227, "reg_reg_reg", "min_max"),
  def("max_u", 228, "reg_reg_reg", "min_max"),
  def("min", 229, "reg_reg_reg", "min_max"),
  def("min_u", 230, "reg_reg_reg", "min_max"),
] as const;

export type OpcodeName = (typeof OPCODES)[number]["name"];

/** Index of each opcode in OPCODES: the profile-independent opcode id used after decoding. */
export type OpcodeId = number;

export const OPCODE_ID: Readonly<Record<OpcodeName, OpcodeId>> = Object.fromEntries(
  OPCODES.map((o, i) => [o.name, i]),
) as Record<OpcodeName, OpcodeId>;

/** The id decoding yields for an invalid opcode: GP A.19 makes it behave as `trap`. */
export const TRAP_ID: OpcodeId = OPCODE_ID.trap;
