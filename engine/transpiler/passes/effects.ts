/**
 * What one PVM instruction (by GP name and operands, before encoding) does to registers,
 * memory and control flow: the facts every optimisation pass asks. Derived from the
 * opcode table's operand format and flags (engine/isa/opcodes.ts, the same rule as
 * engine/isa/dataflow.ts) and from GP instruction names (A.5), never from opcode bytes.
 *
 * Register sets are 13-bit masks (bit i = φi).
 *
 *   use   registers read. cmov_* also read their destination: when the condition
 *         fails it keeps its old value. ecalli reads φ7..φ12 (the host-call ABI,
 *         lower/host-call.ts: arguments in a0..a5).
 *   def   registers that may be written (ecalli: φ7..φ12, the host's results)
 *   kill  registers certainly overwritten (def minus cmov destinations and host results)
 */
import { OPCODES, OPCODE_ID, type OpcodeName, type Operands } from "../../isa/index.ts";

/** An instruction as the passes see it; `target` is a block id (cfg.ts). */
export interface Op {
  name: OpcodeName;
  ops: Operands;
  target?: number;
  /** old RISC-V address it was lowered from (-1: made by the transpiler) */
  src?: number;
}

export const ALL_REGS = (1 << 13) - 1;
/** φ7..φ12: what a host call reads and may write. */
export const HOST_REGS = 0b1111110000000;
/** What a halting return hands over: the result in φ7 (a0). */
export const HALT_LIVE = 1 << 7;
export const SP = 1;

const bit = (r: number | undefined) => 1 << (r ?? 0);

/** Register effects of `op`. */
export function regEffects(op: Op): { use: number; def: number; kill: number } {
  const def = OPCODES[OPCODE_ID[op.name]]!;
  const o = op.ops;
  if (op.name === "ecalli") return { use: HOST_REGS, def: HOST_REGS, kill: 0 };
  if (op.name === "ecall") return { use: ALL_REGS, def: ALL_REGS, kill: 0 };
  if (def.readsOnly) {
    switch (def.format) {
      case "reg_imm":
      case "reg_imm_imm":
      case "reg_imm_offset":
        return { use: bit(o.ra), def: 0, kill: 0 };
      case "reg_reg_imm":
      case "reg_reg_offset":
        return { use: bit(o.ra) | bit(o.rb), def: 0, kill: 0 };
      default:
        return { use: 0, def: 0, kill: 0 };
    }
  }
  const cmov = op.name.startsWith("cmov_");
  let use = 0;
  let dst = 0;
  switch (def.format) {
    case "reg_ext_imm":
    case "reg_imm":
    case "reg_imm_offset":
      dst = bit(o.ra);
      break;
    case "reg_reg":
      dst = bit(o.rd);
      use = bit(o.ra);
      break;
    case "reg_reg_imm":
      dst = bit(o.ra);
      use = bit(o.rb);
      break;
    case "reg_reg_imm_imm":
      dst = bit(o.ra);
      use = bit(o.rb);
      break;
    case "reg_reg_reg":
      dst = bit(o.rd);
      use = bit(o.ra) | bit(o.rb);
      break;
    default:
      break;
  }
  if (cmov) return { use: use | dst, def: dst, kill: 0 };
  return { use, def: dst, kill: dst };
}

/** The register `op` writes (its format's destination), or -1. */
export function destOf(op: Op): number {
  const { def } = regEffects(op);
  if (def === 0 || op.name === "ecalli" || op.name === "ecall") return -1;
  return 31 - Math.clz32(def);
}

export interface MemAccess {
  write: boolean;
  /** bytes */
  size: number;
  /** φ index of the base register, or -1 for an absolute address */
  base: number;
  /** νX: the offset (or the absolute address) */
  offset: number;
  /** loads: sign-extending (load_i*) */
  signed: boolean;
  /** stores: the value register, or -1 for store_imm_* (value νY) */
  value: number;
}

const WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8 };

/** The memory `op` touches, or undefined (same naming rule as engine/isa/memory-access.ts). */
export function memAccess(op: Op): MemAccess | undefined {
  const m = /^(load|store)_(imm_)?(ind_)?([ui](?:8|16|32|64))$/.exec(op.name);
  if (!m) return undefined;
  const write = m[1] === "store";
  const imm = m[2] !== undefined;
  const indirect = m[3] !== undefined;
  const o = op.ops;
  // store_imm_ind_* addresses through φA; load_ind_* / store_ind_* through φB
  const base = !indirect ? -1 : imm ? o.ra! : o.rb!;
  const value = !write || imm ? -1 : o.ra!;
  return { write, size: WIDTH[m[4]!]!, base, offset: o.x ?? 0, signed: m[4]!.startsWith("i"), value };
}

/**
 * Whether `op` can be deleted when the register it writes is dead: it writes one
 * register and does nothing else — no memory access (loads may fault), no host call,
 * no control transfer, no sbrk.
 */
export function isPure(op: Op): boolean {
  const def = OPCODES[OPCODE_ID[op.name]]!;
  if (def.terminator || def.readsOnly) return false;
  if (op.name === "ecalli" || op.name === "ecall" || op.name === "sbrk") return false;
  if (memAccess(op)) return false;
  return destOf(op) >= 0;
}

export function isTerminator(name: OpcodeName): boolean {
  return OPCODES[OPCODE_ID[name]]!.terminator;
}

/** A terminator that never continues at the next instruction (trap, jumps). */
export function isNoFallthrough(name: OpcodeName): boolean {
  return OPCODES[OPCODE_ID[name]]!.noFallthrough;
}

/** A conditional branch (two successors: its target and the next block). */
export function isBranch(name: OpcodeName): boolean {
  return name.startsWith("branch_");
}

/** An indirect jump: successors are every jump-table entry and the halt address. */
export function isIndirect(name: OpcodeName): boolean {
  return name === "jump_ind" || name === "load_imm_jump_ind";
}

/** The branch that is taken exactly when `name` is not (same operands). */
export const INVERSE_BRANCH: Readonly<Partial<Record<OpcodeName, OpcodeName>>> = {
  branch_eq: "branch_ne", branch_ne: "branch_eq",
  branch_lt_u: "branch_ge_u", branch_ge_u: "branch_lt_u",
  branch_lt_s: "branch_ge_s", branch_ge_s: "branch_lt_s",
  branch_eq_imm: "branch_ne_imm", branch_ne_imm: "branch_eq_imm",
  branch_lt_u_imm: "branch_ge_u_imm", branch_ge_u_imm: "branch_lt_u_imm",
  branch_le_u_imm: "branch_gt_u_imm", branch_gt_u_imm: "branch_le_u_imm",
  branch_lt_s_imm: "branch_ge_s_imm", branch_ge_s_imm: "branch_lt_s_imm",
  branch_le_s_imm: "branch_gt_s_imm", branch_gt_s_imm: "branch_le_s_imm",
};

/** Registers as text, for messages: {φ1, φ7}. */
export function maskText(mask: number): string {
  const out: string[] = [];
  for (let i = 0; i < 13; i++) if (mask & (1 << i)) out.push(`φ${i}`);
  return `{${out.join(", ")}}`;
}

type RegField = "ra" | "rb" | "rd";

/** The operand fields `op` reads (cmov's destination, read when the condition fails, excluded). */
export function sourceFields(op: Op): RegField[] {
  const def = OPCODES[OPCODE_ID[op.name]]!;
  switch (def.format) {
    case "reg_imm":
    case "reg_imm_imm":
    case "reg_imm_offset":
      return def.readsOnly ? ["ra"] : [];
    case "reg_reg":
      return ["ra"];
    case "reg_reg_imm":
      return def.readsOnly ? ["ra", "rb"] : ["rb"];
    case "reg_reg_offset":
    case "reg_reg_reg":
      return ["ra", "rb"];
    case "reg_reg_imm_imm":
      return ["rb"];
    default:
      return [];
  }
}

/** The operand field `op` writes, if any. */
export function destField(op: Op): RegField | undefined {
  const def = OPCODES[OPCODE_ID[op.name]]!;
  if (def.readsOnly) return undefined;
  switch (def.format) {
    case "reg_ext_imm":
    case "reg_imm":
    case "reg_imm_offset":
    case "reg_reg_imm":
    case "reg_reg_imm_imm":
      return "ra";
    case "reg_reg":
    case "reg_reg_reg":
      return "rd";
    default:
      return undefined;
  }
}

/** `op` writing register `r` instead. */
export function withDest(op: Op, r: number): Op {
  const f = destField(op);
  if (!f) throw new Error(`withDest: ${op.name} writes no register`);
  return { ...op, ops: { ...op.ops, [f]: r } };
}

/** `op` reading register `to` wherever it read `from` (its destination untouched). */
export function renameSources(op: Op, from: number, to: number): Op {
  const fields = sourceFields(op).filter((f) => op.ops[f] === from);
  if (!fields.length) return op;
  const ops = { ...op.ops };
  for (const f of fields) ops[f] = to;
  return { ...op, ops };
}
