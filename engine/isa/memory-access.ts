/**
 * Which guest memory an instruction touches, derived from its GP name (A.5 tables):
 * load_* / store_* (absolute address νX), load_ind_* / store_ind_* (φB + νX),
 * store_imm_* (νX), store_imm_ind_* (φA + νX); width from the u8/i8/u16/... suffix.
 * Backends use it to re-evaluate a trapped access with the shared rule (GP A.7–A.8).
 */
import type { Instruction } from "./decode.ts";
import { OPCODES } from "./opcodes.ts";

export interface MemoryAccess {
  /** bytes: 1, 2, 4 or 8 */
  size: number;
  write: boolean;
  /** address register (φ index), or -1 for an absolute address */
  base: number;
}

const WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8 };

/** The access of `ins`, or undefined when it touches no guest memory. */
export function memoryAccess(ins: Instruction): MemoryAccess | undefined {
  const name = OPCODES[ins.id]!.name;
  const m = /^(load|store)_(imm_)?(ind_)?([ui](?:8|16|32|64))$/.exec(name);
  if (!m) return undefined;
  const write = m[1] === "store";
  const indirect = m[3] !== undefined;
  const size = WIDTH[m[4]!]!;
  if (!indirect) return { size, write, base: -1 };
  // store_imm_ind_* addresses through φA; load_ind_* / store_ind_* through φB
  return { size, write, base: m[2] ? ins.ra : ins.rb };
}

/** The u32 address `ins` accesses given register values. */
export function accessAddress(ins: Instruction, acc: MemoryAccess, reg: (i: number) => bigint): number {
  if (acc.base < 0) return ins.x >>> 0;
  return Number((reg(acc.base) + BigInt(ins.x)) & 0xffffffffn);
}
