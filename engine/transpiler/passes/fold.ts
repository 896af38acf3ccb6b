/**
 * Constants through PVM instructions, for the peephole pass:
 *
 * - `evaluate`: the value a pure ALU instruction writes when all its inputs are known
 *   (GP A.5.9/A.5.10/A.5.13 semantics for the ops listed in EVAL; anything else is
 *   "unknown"). Written independently of the interpreter; fold.test.ts compares the
 *   two on random values.
 * - `withImmediate`: the *_imm form of a three-register op one of whose sources holds a
 *   known constant, when the PVM has one (GP names the immediate forms of A.5.10, incl.
 *   the `_alt` ones whose register is the shift amount), and the same for branches
 *   (A.5.8/A.5.11), stores (A.5.4/A.5.7) and cmov.
 *
 * Values are u64 bigints. An immediate νX is a signed 32-bit number that the machine
 * sign-extends to 64 bits, so a 64-bit constant c fits only if sext32(low32(c)) = c;
 * ops that look at the low 32 bits only (the _32 forms, shift amounts, narrow stores)
 * take any c.
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { Op } from "./effects.ts";

const M64 = (1n << 64n) - 1n;
const u = (v: bigint) => v & M64;
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const sx32 = (v: bigint) => u(s32(v));
const lo32 = (v: bigint) => v & 0xffffffffn;
const b01 = (c: boolean) => (c ? 1n : 0n);
const rotr64 = (v: bigint, n: bigint) => {
  const k = n & 63n;
  return u((v >> k) | (v << ((64n - k) & 63n)));
};
const rotr32 = (v: bigint, n: bigint) => {
  const k = n & 31n;
  const w = lo32(v);
  return lo32((w >> k) | (w << ((32n - k) & 31n)));
};

type F2 = (a: bigint, b: bigint) => bigint;

/** φ = f(φA, φB) of three-register ops; for reg_reg_imm ops, f(φB, νX). */
const EVAL: Partial<Record<OpcodeName, F2>> = {
  add_64: (a, b) => u(a + b),
  sub_64: (a, b) => u(a - b),
  mul_64: (a, b) => u(a * b),
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  add_32: (a, b) => sx32(a + b),
  sub_32: (a, b) => sx32(a - b),
  mul_32: (a, b) => sx32(a * b),
  shlo_l_64: (a, b) => u(a << (b & 63n)),
  shlo_r_64: (a, b) => a >> (b & 63n),
  shar_r_64: (a, b) => u(s64(a) >> (b & 63n)),
  shlo_l_32: (a, b) => sx32(a << (b & 31n)),
  shlo_r_32: (a, b) => sx32(lo32(a) >> (b & 31n)),
  shar_r_32: (a, b) => u(s32(a) >> (b & 31n)),
  set_lt_u: (a, b) => b01(a < b),
  set_lt_s: (a, b) => b01(s64(a) < s64(b)),
  rot_r_64: (a, b) => rotr64(a, b),
  rot_r_32: (a, b) => sx32(rotr32(a, b)),
  add_imm_64: (a, x) => u(a + x),
  add_imm_32: (a, x) => sx32(a + x),
  and_imm: (a, x) => a & x,
  or_imm: (a, x) => a | x,
  xor_imm: (a, x) => a ^ x,
  mul_imm_64: (a, x) => u(a * x),
  mul_imm_32: (a, x) => sx32(a * x),
  set_lt_u_imm: (a, x) => b01(a < x),
  set_lt_s_imm: (a, x) => b01(s64(a) < s64(x)),
  set_gt_u_imm: (a, x) => b01(a > x),
  set_gt_s_imm: (a, x) => b01(s64(a) > s64(x)),
  shlo_l_imm_64: (a, x) => u(a << (x & 63n)),
  shlo_r_imm_64: (a, x) => a >> (x & 63n),
  shar_r_imm_64: (a, x) => u(s64(a) >> (x & 63n)),
  shlo_l_imm_32: (a, x) => sx32(a << (x & 31n)),
  shlo_r_imm_32: (a, x) => sx32(lo32(a) >> (x & 31n)),
  shar_r_imm_32: (a, x) => u(s32(a) >> (x & 31n)),
  neg_add_imm_64: (a, x) => u(x - a),
  neg_add_imm_32: (a, x) => sx32(x - a),
  rot_r_64_imm: (a, x) => rotr64(a, x),
  rot_r_32_imm: (a, x) => sx32(rotr32(a, x)),
};

/** νX as the machine sees it: a u64. */
export const immValue = (x: number | undefined) => u(BigInt(x ?? 0));

/** The signed 32-bit immediate whose sign extension is c, if any. */
export function fitImm(c: bigint): number | undefined {
  const v = s64(c);
  return v >= -(2n ** 31n) && v < 2n ** 31n ? Number(v) : undefined;
}

/** The low 32 bits of c as a signed immediate (for ops that read only them). */
export const low32Imm = (c: bigint) => Number(s32(c));

/** Known register values: φ index -> u64. */
export type Known = ReadonlyMap<number, bigint>;

/** The value `op` writes, when it is a pure op of EVAL (or a load_imm) with known inputs. */
export function evaluate(op: Op, known: Known): bigint | undefined {
  const o = op.ops;
  if (op.name === "load_imm") return immValue(o.x);
  if (op.name === "load_imm_64") return u(o.x64 ?? 0n);
  if (op.name === "move_reg") return known.get(o.ra!);
  const f = EVAL[op.name];
  if (!f) return undefined;
  if (op.name.includes("imm")) {
    const a = known.get(o.rb!);
    return a === undefined ? undefined : f(a, immValue(o.x));
  }
  const a = known.get(o.ra!);
  const b = known.get(o.rb!);
  return a === undefined || b === undefined ? undefined : f(a, b);
}

/** φd = c as one instruction. */
export function loadConst(d: number, c: bigint, src?: number): Op {
  const x = fitImm(c);
  if (x !== undefined) return { name: "load_imm", ops: { ra: d, x }, src };
  return { name: "load_imm_64", ops: { ra: d, x64: c }, src };
}

/** How an immediate form takes the constant: exact 64-bit fit, any low word, or negated. */
type ImmKind = "fit" | "low32" | "neg" | "neg32";
const imm = (name: OpcodeName, kind: ImmKind = "fit") => ({ name, kind });

/** rD = op(φA, c): the immediate form op_imm rA := rD, rB := φA, νX := c. */
const B_CONST: Partial<Record<OpcodeName, { name: OpcodeName; kind: ImmKind }>> = {
  add_64: imm("add_imm_64"), sub_64: imm("add_imm_64", "neg"), mul_64: imm("mul_imm_64"),
  and: imm("and_imm"), or: imm("or_imm"), xor: imm("xor_imm"),
  add_32: imm("add_imm_32", "low32"), sub_32: imm("add_imm_32", "neg32"), mul_32: imm("mul_imm_32", "low32"),
  set_lt_u: imm("set_lt_u_imm"), set_lt_s: imm("set_lt_s_imm"),
  shlo_l_64: imm("shlo_l_imm_64", "low32"), shlo_r_64: imm("shlo_r_imm_64", "low32"), shar_r_64: imm("shar_r_imm_64", "low32"),
  shlo_l_32: imm("shlo_l_imm_32", "low32"), shlo_r_32: imm("shlo_r_imm_32", "low32"), shar_r_32: imm("shar_r_imm_32", "low32"),
  rot_r_64: imm("rot_r_64_imm", "low32"), rot_r_32: imm("rot_r_32_imm", "low32"),
};

/** rD = op(c, φB): the immediate form rA := rD, rB := φB, νX := c (commuted or _alt). */
const A_CONST: Partial<Record<OpcodeName, { name: OpcodeName; kind: ImmKind }>> = {
  add_64: imm("add_imm_64"), mul_64: imm("mul_imm_64"), and: imm("and_imm"), or: imm("or_imm"), xor: imm("xor_imm"),
  add_32: imm("add_imm_32", "low32"), mul_32: imm("mul_imm_32", "low32"),
  sub_64: imm("neg_add_imm_64"), sub_32: imm("neg_add_imm_32", "low32"),
  set_lt_u: imm("set_gt_u_imm"), set_lt_s: imm("set_gt_s_imm"),
  shlo_l_64: imm("shlo_l_imm_alt_64"), shlo_r_64: imm("shlo_r_imm_alt_64"), shar_r_64: imm("shar_r_imm_alt_64"),
  shlo_l_32: imm("shlo_l_imm_alt_32", "low32"), shlo_r_32: imm("shlo_r_imm_alt_32", "low32"), shar_r_32: imm("shar_r_imm_alt_32", "low32"),
  rot_r_64: imm("rot_r_64_imm_alt"), rot_r_32: imm("rot_r_32_imm_alt", "low32"),
};

function immOf(kind: ImmKind, c: bigint): number | undefined {
  switch (kind) {
    case "fit":
      return fitImm(c);
    case "low32":
      return low32Imm(c);
    case "neg":
      return fitImm(u(-c));
    case "neg32":
      return low32Imm(u(-c));
  }
}

/** Branches with a constant second operand (branch_X φA, c) / first operand (c X φB). */
const BRANCH_B: Partial<Record<OpcodeName, OpcodeName>> = {
  branch_eq: "branch_eq_imm", branch_ne: "branch_ne_imm", branch_lt_u: "branch_lt_u_imm", branch_ge_u: "branch_ge_u_imm",
  branch_lt_s: "branch_lt_s_imm", branch_ge_s: "branch_ge_s_imm",
};
const BRANCH_A: Partial<Record<OpcodeName, OpcodeName>> = {
  branch_eq: "branch_eq_imm", branch_ne: "branch_ne_imm", branch_lt_u: "branch_gt_u_imm", branch_ge_u: "branch_le_u_imm",
  branch_lt_s: "branch_gt_s_imm", branch_ge_s: "branch_le_s_imm",
};

const STORE_IMM: Partial<Record<OpcodeName, { name: OpcodeName; wide: boolean }>> = {
  store_ind_u8: { name: "store_imm_ind_u8", wide: false }, store_ind_u16: { name: "store_imm_ind_u16", wide: false },
  store_ind_u32: { name: "store_imm_ind_u32", wide: false }, store_ind_u64: { name: "store_imm_ind_u64", wide: true },
  store_u8: { name: "store_imm_u8", wide: false }, store_u16: { name: "store_imm_u16", wide: false },
  store_u32: { name: "store_imm_u32", wide: false }, store_u64: { name: "store_imm_u64", wide: true },
};

/**
 * `op` rewritten to use a known constant source as an immediate, or undefined when
 * no source is known or the PVM has no such form.
 */
export function withImmediate(op: Op, known: Known): Op | undefined {
  const o = op.ops;
  const src = op.src;
  const target = op.target;
  const bForm = B_CONST[op.name];
  if (bForm) {
    const b = known.get(o.rb!);
    const x = b === undefined ? undefined : immOf(bForm.kind, b);
    if (x !== undefined) return { name: bForm.name, ops: { ra: o.rd, rb: o.ra, x }, src };
    const a = known.get(o.ra!);
    const aForm = A_CONST[op.name];
    const y = a === undefined || !aForm ? undefined : immOf(aForm.kind, a);
    if (y !== undefined) return { name: aForm!.name, ops: { ra: o.rd, rb: o.rb, x: y }, src };
    return undefined;
  }
  if (op.name === "cmov_iz" || op.name === "cmov_nz") {
    const a = known.get(o.ra!);
    const x = a === undefined ? undefined : fitImm(a);
    if (x === undefined) return undefined;
    return { name: op.name === "cmov_iz" ? "cmov_iz_imm" : "cmov_nz_imm", ops: { ra: o.rd, rb: o.rb, x }, src };
  }
  if (BRANCH_B[op.name]) {
    const b = known.get(o.rb!);
    const xb = b === undefined ? undefined : fitImm(b);
    if (xb !== undefined) return { name: BRANCH_B[op.name]!, ops: { ra: o.ra, x: xb }, target, src };
    const a = known.get(o.ra!);
    const xa = a === undefined ? undefined : fitImm(a);
    if (xa !== undefined) return { name: BRANCH_A[op.name]!, ops: { ra: o.rb, x: xa }, target, src };
    return undefined;
  }
  const st = STORE_IMM[op.name];
  if (st) {
    const v = known.get(o.ra!);
    const y = v === undefined ? undefined : st.wide ? fitImm(v) : low32Imm(v);
    if (y === undefined) return undefined;
    if (op.name.startsWith("store_ind_")) return { name: st.name, ops: { ra: o.rb, x: o.x, y }, src };
    return { name: st.name, ops: { x: o.x, y }, src };
  }
  return undefined;
}

/** Whether branch `op` is taken, when its register operands are known; undefined otherwise. */
export function branchOutcome(op: Op, known: Known): boolean | undefined {
  const o = op.ops;
  const a = known.get(o.ra!);
  if (a === undefined) return undefined;
  const isImm = op.name.endsWith("_imm");
  const b = isImm ? immValue(o.x) : known.get(o.rb!);
  if (b === undefined) return undefined;
  switch (op.name.replace(/^branch_/, "").replace(/_imm$/, "")) {
    case "eq": return a === b;
    case "ne": return a !== b;
    case "lt_u": return a < b;
    case "le_u": return a <= b;
    case "ge_u": return a >= b;
    case "gt_u": return a > b;
    case "lt_s": return s64(a) < s64(b);
    case "le_s": return s64(a) <= s64(b);
    case "ge_s": return s64(a) >= s64(b);
    case "gt_s": return s64(a) > s64(b);
    default: return undefined;
  }
}
