/**
 * Zba, Zbb, Zbs and Zicond (RISC-V bit-manipulation and conditional-zero extensions)
 * lowered to GP A.5 instructions, native ones wherever the PVM has one:
 *
 *   andn orn xnor          → and_inv or_inv xnor           (φD = φA ∧ ¬φB, φA ∨ ¬φB, ¬(φA ⊕ φB))
 *   min max minu maxu      → min max min_u max_u
 *   rol ror rolw rorw      → rot_l_64 rot_r_64 rot_l_32 rot_r_32 (amount mod 64 / 32;
 *                            the _32 forms sign-extend their 32-bit result, like RV's W forms)
 *   rori roriw             → rot_r_64_imm rot_r_32_imm
 *   clz ctz cpop (+w)      → leading_zero_bits_64/32, trailing_zero_bits_64/32,
 *                            count_set_bits_64/32 (0 → 64 / 32 like RV)
 *   sext.b sext.h zext.h   → sign_extend_8 sign_extend_16 zero_extend_16
 *   rev8                   → reverse_bytes
 *   orc.b                  → no PVM form: ((x & M) + M | x) & ¬M, >> 7, × 255 with
 *                            M = 0x7f7f…7f in a temporary (7 instructions)
 *   shNadd rd, a, b        → shlo_l_imm_64 rd, a, N; add_64 rd, rd, b
 *   shNadd.uw, add.uw      → the low word zero-extended by shlo_l_imm_64 32 and
 *                            shlo_r_imm_64 32-N, then add_64
 *   slli.uw rd, a, s       → shlo_l_imm_64 32 + shlo_r_imm_64 32-s (s < 32), or one
 *                            shlo_l_imm_64 s (s ≥ 32: the high word shifts out anyway)
 *   bset bclr binv rd, a, b→ shlo_l_imm_alt_64 rd, b, 1 (= 1 << b) then or / and_inv / xor;
 *                            with rd = a: rotate bit b to bit 0, or_imm 1 / and_imm -2 /
 *                            xor_imm 1, rotate back (rot_r_64, rot_l_64)
 *   bseti bclri binvi      → or_imm / and_imm / xor_imm of 1 << b for b ≤ 30 (a 32-bit
 *                            immediate sign-extends, so bit 31 and up need the rotation)
 *   bext bexti             → shlo_r_64 / shlo_r_imm_64, and_imm 1
 *   czero.eqz rd, a, c     → move_reg rd, a; cmov_iz_imm rd, c, 0   (rd = c ? a : 0)
 *   czero.nez rd, a, c     → move_reg rd, a; cmov_nz_imm rd, c, 0   (rd = c ? 0 : a)
 *
 * Register aliasing (rd = a source) picks an order or form that reads every source
 * before rd is written; where none exists, a temporary comes from scratch.ts. x0
 * sources fold to constants, moves or immediate forms; a write to x0 emits nothing
 * (none of these has a side effect). Every rule is checked against riscv/semantics.ts
 * with every operand pattern in lower.test.ts.
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { RvInstruction, RvMnemonic } from "../riscv/decode.ts";
import type { RegMap } from "./alu.ts";
import { type PvmOp, li, mv, rri, rrr } from "./pvm-op.ts";
import { type ScratchPool, withScratch } from "./scratch.ts";

export interface BitEnv {
  reg: RegMap;
  pool: ScratchPool;
}

type Lower = (ins: RvInstruction, env: BitEnv) => PvmOp[];

const M7F = 0x7f7f7f7f7f7f7f7fn;

/** φd = op(φa, φb) where a (aZero) or b is x0 and the PVM has no immediate form: a register holding 0. */
function withZero(op: OpcodeName, d: number, aZero: boolean, other: number, env: BitEnv): PvmOp[] {
  const form = (z: number, out: number) => rrr(op, out, aZero ? z : other, aZero ? other : z);
  if (d !== other) return [li(d, 0), form(d, d)];
  return withScratch(env.pool, 1, [other], d, ([z], out) => [li(z!, 0), form(z!, out)]);
}

/** One 3-register PVM op, plus what x0 as a source means. */
interface RegRegRule {
  pvm: OpcodeName;
  /** rd = op(x0, other); undefined: use a zero register */
  rs1Zero?: (d: number, o: number) => PvmOp[];
  rs2Zero?: (d: number, o: number) => PvmOp[];
  /** op(x0, x0) */
  both: bigint;
}
const ZERO = (d: number) => [li(d, 0)];
const MOVE = (d: number, o: number) => mv(d, o);
const NOT = (d: number, o: number) => [rri("xor_imm", d, o, -1)];
const SEXT32 = (d: number, o: number) => [rri("add_imm_32", d, o, 0)];

const REG_REG: Partial<Record<RvMnemonic, RegRegRule>> = {
  andn: { pvm: "and_inv", rs1Zero: ZERO, rs2Zero: MOVE, both: 0n },
  orn: { pvm: "or_inv", rs1Zero: NOT, rs2Zero: (d) => [li(d, -1)], both: -1n },
  xnor: { pvm: "xnor", rs1Zero: NOT, rs2Zero: NOT, both: -1n },
  min: { pvm: "min", both: 0n },
  max: { pvm: "max", both: 0n },
  minu: { pvm: "min_u", rs1Zero: ZERO, rs2Zero: ZERO, both: 0n },
  maxu: { pvm: "max_u", rs1Zero: MOVE, rs2Zero: MOVE, both: 0n },
  rol: { pvm: "rot_l_64", rs1Zero: ZERO, rs2Zero: MOVE, both: 0n },
  ror: { pvm: "rot_r_64", rs1Zero: ZERO, rs2Zero: MOVE, both: 0n },
  rolw: { pvm: "rot_l_32", rs1Zero: ZERO, rs2Zero: SEXT32, both: 0n },
  rorw: { pvm: "rot_r_32", rs1Zero: ZERO, rs2Zero: SEXT32, both: 0n },
};

const lowerRegReg: Lower = (ins, env) => {
  const r = REG_REG[ins.op]!;
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0 && ins.rs2 === 0) return [li(d, r.both)];
  if (ins.rs1 === 0) return r.rs1Zero ? r.rs1Zero(d, env.reg(ins.rs2)) : withZero(r.pvm, d, true, env.reg(ins.rs2), env);
  if (ins.rs2 === 0) return r.rs2Zero ? r.rs2Zero(d, env.reg(ins.rs1)) : withZero(r.pvm, d, false, env.reg(ins.rs1), env);
  return [rrr(r.pvm, d, env.reg(ins.rs1), env.reg(ins.rs2))];
};

/** Unary ops: the PVM two-register form, and the value for rs1 = x0. */
const UNARY: Partial<Record<RvMnemonic, { pvm: OpcodeName; ofZero: bigint }>> = {
  clz: { pvm: "leading_zero_bits_64", ofZero: 64n },
  ctz: { pvm: "trailing_zero_bits_64", ofZero: 64n },
  cpop: { pvm: "count_set_bits_64", ofZero: 0n },
  clzw: { pvm: "leading_zero_bits_32", ofZero: 32n },
  ctzw: { pvm: "trailing_zero_bits_32", ofZero: 32n },
  cpopw: { pvm: "count_set_bits_32", ofZero: 0n },
  "sext.b": { pvm: "sign_extend_8", ofZero: 0n },
  "sext.h": { pvm: "sign_extend_16", ofZero: 0n },
  "zext.h": { pvm: "zero_extend_16", ofZero: 0n },
  rev8: { pvm: "reverse_bytes", ofZero: 0n },
};

const lowerUnary: Lower = (ins, env) => {
  const u = UNARY[ins.op]!;
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, u.ofZero)];
  return [{ name: u.pvm, ops: { rd: d, ra: env.reg(ins.rs1) } }];
};

const lowerOrcB: Lower = (ins, env) => {
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, 0)];
  const x = env.reg(ins.rs1);
  const n = d === x ? 2 : 1;
  return withScratch(env.pool, n, [x], d, (s, out) => {
    const c = s[0]!;
    const y = out === x ? s[1]! : out;
    return [
      { name: "load_imm_64", ops: { ra: c, x64: M7F } },
      rrr("and", y, x, c),
      rrr("add_64", y, y, c),
      rrr("or", y, y, x),
      rrr("and_inv", y, y, c),
      rri("shlo_r_imm_64", y, y, 7),
      rri("mul_imm_64", out, y, 255),
    ];
  });
};

const SH_ADD: Partial<Record<RvMnemonic, { k: number; uw: boolean }>> = {
  sh1add: { k: 1, uw: false }, sh2add: { k: 2, uw: false }, sh3add: { k: 3, uw: false },
  "add.uw": { k: 0, uw: true }, "sh1add.uw": { k: 1, uw: true }, "sh2add.uw": { k: 2, uw: true }, "sh3add.uw": { k: 3, uw: true },
};

/** φd = (uw ? zext32(φs) : φs) << k. */
function shifted(d: number, s: number, k: number, uw: boolean): PvmOp[] {
  if (!uw) return [rri("shlo_l_imm_64", d, s, k)];
  return [rri("shlo_l_imm_64", d, s, 32), rri("shlo_r_imm_64", d, d, 32 - k)];
}

const lowerShAdd: Lower = (ins, env) => {
  const { k, uw } = SH_ADD[ins.op]!;
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return ins.rs2 === 0 ? [li(d, 0)] : mv(d, env.reg(ins.rs2));
  const a = env.reg(ins.rs1);
  if (ins.rs2 === 0) return shifted(d, a, k, uw);
  const b = env.reg(ins.rs2);
  if (d !== b) return [...shifted(d, a, k, uw), rrr("add_64", d, d, b)];
  if (a === b && !uw) return [rri("mul_imm_64", d, d, (1 << k) + 1)];
  // rd = rs2 ≠ rs1 (or .uw with all three equal): the shifted value needs its own register.
  const dead = env.pool.free().filter((r) => r !== d && r !== a);
  if (!uw && k <= 2 && !dead.length) return Array.from({ length: 1 << k }, () => rrr("add_64", d, d, a));
  return withScratch(env.pool, 1, [a, b], d, ([t], out) => [...shifted(t!, a, k, uw), rrr("add_64", out, b, t!)]);
};

const lowerSlliUw: Lower = (ins, env) => {
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, 0)];
  const a = env.reg(ins.rs1);
  if (ins.imm >= 32) return [rri("shlo_l_imm_64", d, a, ins.imm)];
  return [rri("shlo_l_imm_64", d, a, 32), rri("shlo_r_imm_64", d, d, 32 - ins.imm)];
};

/** bset/bclr/binv: the register op with a one-hot φB, and the immediate op on bit 0. */
const SINGLE_BIT: Partial<Record<RvMnemonic, { reg: OpcodeName; imm: OpcodeName; bit0: number; onZero: "bit" | "zero" }>> = {
  bset: { reg: "or", imm: "or_imm", bit0: 1, onZero: "bit" },
  bclr: { reg: "and_inv", imm: "and_imm", bit0: -2, onZero: "zero" },
  binv: { reg: "xor", imm: "xor_imm", bit0: 1, onZero: "bit" },
};
const SINGLE_BIT_IMM: Partial<Record<RvMnemonic, RvMnemonic>> = { bseti: "bset", bclri: "bclr", binvi: "binv" };

const lowerSingleBit: Lower = (ins, env) => {
  const r = SINGLE_BIT[ins.op]!;
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) {
    if (r.onZero === "zero") return [li(d, 0)];
    return ins.rs2 === 0 ? [li(d, 1)] : [rri("shlo_l_imm_alt_64", d, env.reg(ins.rs2), 1)];
  }
  const a = env.reg(ins.rs1);
  if (ins.rs2 === 0) return [rri(r.imm, d, a, r.bit0)];
  const b = env.reg(ins.rs2);
  if (d !== a) return [rri("shlo_l_imm_alt_64", d, b, 1), rrr(r.reg, d, a, d)];
  if (d !== b) return [rrr("rot_r_64", d, d, b), rri(r.imm, d, d, r.bit0), rrr("rot_l_64", d, d, b)];
  return withScratch(env.pool, 1, [a], d, ([t], out) => [rri("shlo_l_imm_alt_64", t!, a, 1), rrr(r.reg, out, a, t!)]);
};

const lowerSingleBitImm: Lower = (ins, env) => {
  const r = SINGLE_BIT[SINGLE_BIT_IMM[ins.op]!]!;
  const d = env.reg(ins.rd);
  const bit = ins.imm;
  if (ins.rs1 === 0) return [li(d, r.onZero === "zero" ? 0n : 1n << BigInt(bit))];
  const a = env.reg(ins.rs1);
  if (bit <= 30) return [rri(r.imm, d, a, r.bit0 === -2 ? ~(1 << bit) : 1 << bit)];
  return [rri("rot_r_64_imm", d, a, bit), rri(r.imm, d, d, r.bit0), rri("rot_r_64_imm", d, d, 64 - bit)];
};

const lowerBext: Lower = (ins, env) => {
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, 0)];
  const a = env.reg(ins.rs1);
  const amount = ins.op === "bexti" ? ins.imm : ins.rs2 === 0 ? 0 : -1;
  if (amount === 0) return [rri("and_imm", d, a, 1)];
  const shift = amount > 0 ? rri("shlo_r_imm_64", d, a, amount) : rrr("shlo_r_64", d, a, env.reg(ins.rs2));
  return [shift, rri("and_imm", d, d, 1)];
};

const lowerRotImm: Lower = (ins, env) => {
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, 0)];
  return [rri(ins.op === "rori" ? "rot_r_64_imm" : "rot_r_32_imm", d, env.reg(ins.rs1), ins.imm)];
};

const lowerCzero: Lower = (ins, env) => {
  const eqz = ins.op === "czero.eqz";
  const d = env.reg(ins.rd);
  if (ins.rs1 === 0) return [li(d, 0)];
  const a = env.reg(ins.rs1);
  if (ins.rs2 === 0) return eqz ? [li(d, 0)] : mv(d, a);
  const c = env.reg(ins.rs2);
  if (d !== c) return [...mv(d, a), rri(eqz ? "cmov_iz_imm" : "cmov_nz_imm", d, c, 0)];
  if (a === c) return eqz ? [] : [li(d, 0)];
  // rd = the condition: eqz keeps 0 or takes a; nez turns (rd == 0) into an all-ones mask for a.
  if (eqz) return [rrr("cmov_nz", d, a, d)];
  return [rri("set_lt_u_imm", d, d, 1), rri("neg_add_imm_64", d, d, 0), rrr("and", d, d, a)];
};

const RULES: Partial<Record<RvMnemonic, Lower>> = {
  ...Object.fromEntries(Object.keys(REG_REG).map((op) => [op, lowerRegReg])),
  ...Object.fromEntries(Object.keys(UNARY).map((op) => [op, lowerUnary])),
  ...Object.fromEntries(Object.keys(SH_ADD).map((op) => [op, lowerShAdd])),
  ...Object.fromEntries(Object.keys(SINGLE_BIT).map((op) => [op, lowerSingleBit])),
  ...Object.fromEntries(Object.keys(SINGLE_BIT_IMM).map((op) => [op, lowerSingleBitImm])),
  "orc.b": lowerOrcB,
  "slli.uw": lowerSlliUw,
  bext: lowerBext,
  bexti: lowerBext,
  rori: lowerRotImm,
  roriw: lowerRotImm,
  "czero.eqz": lowerCzero,
  "czero.nez": lowerCzero,
};

/** The Zba/Zbb/Zbs/Zicond mnemonics this module lowers. */
export const BITMANIP_OPS: ReadonlySet<RvMnemonic> = new Set(Object.keys(RULES) as RvMnemonic[]);

/** Lowers a Zba/Zbb/Zbs/Zicond instruction (BITMANIP_OPS has `ins.op`). */
export function lowerBitmanip(ins: RvInstruction, env: BitEnv): PvmOp[] {
  const rule = RULES[ins.op];
  if (!rule) throw new Error(`lowerBitmanip: ${ins.op} is not a bit-manipulation op`);
  if (ins.rd === 0) return [];
  return rule(ins, env);
}
