/**
 * Loads and stores (RV64I) → GP A.5.6/A.5.7/A.5.10 memory instructions.
 *
 *   l{b,h,w,d,bu,hu,wu} rd, imm(rs1)  → load_ind_{i8,i16,i32,u64,u8,u16,u32} rd, rs1, imm
 *   s{b,h,w,d} rs2, imm(rs1)           → store_ind_u{8,16,32,64} rs2, rs1, imm
 *
 * PVM addresses are 32-bit (base + imm mod 2^32, GP A.5.10); guest addresses all lie
 * below 2^32, so the RV 64-bit sum and the PVM one pick the same byte.
 *
 * x0 operands: a base of x0 becomes the absolute form (load_u8 .., store_u8 ..); storing
 * x0 becomes store_imm_*; both becomes store_imm_u* with an absolute address. The same
 * absolute forms lower a LO12 relocation user, whose full address is known.
 *
 * A load into x0 still accesses memory in RV (and may fault). Having no register to
 * discard into, it borrows one (φ2, or φ3 when φ2 is the base), parks its value in the
 * 8 bytes below sp — the psABI gives no red zone, so nothing lives there — loads, and
 * restores it.
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { RvInstruction, RvMnemonic } from "../riscv/decode.ts";
import { pvmRegOf } from "../riscv/registers.ts";
import type { RegMap } from "./alu.ts";
import type { PvmOp } from "./pvm-op.ts";

type Pair = { ind: OpcodeName; abs: OpcodeName };

export const LOADS: Partial<Record<RvMnemonic, Pair>> = {
  lb: { ind: "load_ind_i8", abs: "load_i8" },
  lh: { ind: "load_ind_i16", abs: "load_i16" },
  lw: { ind: "load_ind_i32", abs: "load_i32" },
  ld: { ind: "load_ind_u64", abs: "load_u64" },
  lbu: { ind: "load_ind_u8", abs: "load_u8" },
  lhu: { ind: "load_ind_u16", abs: "load_u16" },
  lwu: { ind: "load_ind_u32", abs: "load_u32" },
};

type StoreForms = { ind: OpcodeName; abs: OpcodeName; immInd: OpcodeName; immAbs: OpcodeName };

export const STORES: Partial<Record<RvMnemonic, StoreForms>> = {
  sb: { ind: "store_ind_u8", abs: "store_u8", immInd: "store_imm_ind_u8", immAbs: "store_imm_u8" },
  sh: { ind: "store_ind_u16", abs: "store_u16", immInd: "store_imm_ind_u16", immAbs: "store_imm_u16" },
  sw: { ind: "store_ind_u32", abs: "store_u32", immInd: "store_imm_ind_u32", immAbs: "store_imm_u32" },
  sd: { ind: "store_ind_u64", abs: "store_u64", immInd: "store_imm_ind_u64", immAbs: "store_imm_u64" },
};

const SP = pvmRegOf(2)!;
const T0 = pvmRegOf(5)!;
const T1 = pvmRegOf(6)!;

/**
 * Lowers a load. With `absolute`, the address is that constant (a LO12 user) and rs1 is
 * not read.
 */
export function lowerLoad(ins: RvInstruction, reg: RegMap, absolute?: number): PvmOp[] {
  const f = LOADS[ins.op];
  if (!f) throw new Error(`lowerLoad: ${ins.op} is not a load`);
  const base = absolute === undefined && ins.rs1 !== 0 ? reg(ins.rs1) : -1;
  const address = absolute ?? ins.imm;
  const load = (rd: number): PvmOp =>
    base < 0 ? { name: f.abs, ops: { ra: rd, x: address } } : { name: f.ind, ops: { ra: rd, rb: base, x: ins.imm } };
  if (ins.rd !== 0) return [load(reg(ins.rd))];
  const scratch = base === T0 ? T1 : T0;
  return [
    { name: "store_ind_u64", ops: { ra: scratch, rb: SP, x: -8 } },
    load(scratch),
    { name: "load_ind_u64", ops: { ra: scratch, rb: SP, x: -8 } },
  ];
}

/** Lowers a store; with `absolute`, the address is that constant and rs1 is not read. */
export function lowerStore(ins: RvInstruction, reg: RegMap, absolute?: number): PvmOp[] {
  const f = STORES[ins.op];
  if (!f) throw new Error(`lowerStore: ${ins.op} is not a store`);
  const abs = absolute !== undefined || ins.rs1 === 0;
  const address = absolute ?? ins.imm;
  if (ins.rs2 === 0) {
    return abs ? [{ name: f.immAbs, ops: { x: address, y: 0 } }] : [{ name: f.immInd, ops: { ra: reg(ins.rs1), x: ins.imm, y: 0 } }];
  }
  const value = reg(ins.rs2);
  return abs ? [{ name: f.abs, ops: { ra: value, x: address } }] : [{ name: f.ind, ops: { ra: value, rb: reg(ins.rs1), x: ins.imm } }];
}
