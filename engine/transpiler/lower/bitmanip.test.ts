/**
 * Every Zba/Zbb/Zbs/Zicond lowering rule (bitmanip.ts) run on the reference interpreter
 * against riscv/semantics.ts: every operand pattern (x0 as either or both sources, rd
 * aliasing one or both sources), edge values (0, ±1, 32/64-bit extremes, shift and
 * rotate amounts around 31/32/63/64 and above, bytes with and without their top bit),
 * and both ways of getting a temporary (a dead register, or parking one below sp).
 * Every register other than rd (and the dead one offered) must come back unchanged.
 */
import { describe, expect, test } from "bun:test";
import type { RvMnemonic } from "../riscv/decode.ts";
import { shapeOf } from "../riscv/mnemonics.ts";
import { rvAlu, rvUnary } from "../riscv/semantics.ts";
import { BITMANIP_OPS, lowerBitmanip } from "./bitmanip.ts";
import { PARK_ONLY, type ScratchPool } from "./scratch.ts";
import { SP_VALUE, clobbered, machine, reg, rv } from "./test-machine.ts";

const M64 = (1n << 64n) - 1n;
const VALUES = [
  0n, 1n, 2n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, M64, M64 - 6n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  0xffffffff80000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0x123456789abcdef0n, 0xfedcba9876543210n, 0x0080ff0001007f00n,
];
const A0 = 10;
const A1 = 11;
const A2 = 12;
const T2 = 7;

/** [rd, rs1, rs2]: distinct, every aliasing, every x0 source. */
const PATTERNS: Array<[number, number, number]> = [
  [A0, A1, A2], [A1, A1, A2], [A2, A1, A2], [A1, A1, A1],
  [A0, 0, A2], [A2, 0, A2], [A0, A1, 0], [A1, A1, 0], [A0, 0, 0],
];
/** The two pools: parking only, or t2 dead (it is never an operand here). */
const POOLS: Array<[string, ScratchPool]> = [["parked", PARK_ONLY], ["dead t2", { free: () => [reg(T2)] }]];

const reference = (op: RvMnemonic, a: bigint, b: bigint) => (shapeOf(op) === "unary" ? rvUnary(op, a) : rvAlu(op, a, b));

function check(op: RvMnemonic, rd: number, rs1: number, rs2: number, imm: number, pool: ScratchPool, values: readonly bigint[], bad: string[]): void {
  const run = machine(lowerBitmanip(rv(op, rd, rs1, rs2, imm), { reg, pool }));
  const usesRs2 = shapeOf(op) === "reg";
  for (const a of rs1 ? values : [0n]) {
    for (const b of usesRs2 && rs2 && rs2 !== rs1 ? values : [0n]) {
      const regs: Record<number, bigint> = {};
      if (rs1) regs[rs1] = a;
      if (usesRs2 && rs2 && rs2 !== rs1) regs[rs2] = b;
      const va = rs1 ? regs[rs1]! : 0n;
      const vb = usesRs2 ? (rs2 ? regs[rs2]! : 0n) : BigInt(imm);
      const want = reference(op, va, vb);
      const r = run(regs);
      const got = r.inst.getReg(reg(rd));
      const extra = clobbered(r, reg(rd)).filter((x) => !pool.free().includes(x));
      if (r.exit.status !== "halt" || got !== want || extra.length) {
        bad.push(`${op} x${rd}, x${rs1}, ${usesRs2 ? `x${rs2}` : imm} with ${va}, ${vb}: got ${got} (${r.exit.status}${extra.length ? `, clobbered φ${extra.join(",φ")}` : ""}), want ${want}`);
      }
    }
  }
}

const SHIFT_IMMS: Partial<Record<RvMnemonic, number[]>> = {
  rori: [0, 1, 31, 32, 33, 63], roriw: [0, 1, 16, 31], "slli.uw": [0, 1, 3, 31, 32, 33, 63],
  bseti: [0, 1, 30, 31, 32, 63], bclri: [0, 1, 30, 31, 32, 63], binvi: [0, 1, 30, 31, 32, 63], bexti: [0, 1, 30, 31, 32, 63],
};

describe("bit-manipulation lowering matches the RISC-V semantics", () => {
  for (const op of [...BITMANIP_OPS].sort()) {
    test(op, () => {
      const bad: string[] = [];
      const shape = shapeOf(op);
      for (const [poolName, pool] of POOLS) {
        const before = bad.length;
        if (shape === "reg") {
          for (const [rd, rs1, rs2] of PATTERNS) check(op, rd, rs1, rs2, 0, pool, VALUES, bad);
        } else if (shape === "unary") {
          for (const [rd, rs1] of [[A0, A1], [A1, A1], [A0, 0]] as const) check(op, rd, rs1, 0, 0, pool, VALUES, bad);
        } else {
          for (const imm of SHIFT_IMMS[op]!) {
            for (const [rd, rs1] of [[A0, A1], [A1, A1], [A0, 0]] as const) check(op, rd, rs1, 0, imm, pool, VALUES, bad);
          }
        }
        for (let k = before; k < bad.length; k++) bad[k] = `[${poolName}] ${bad[k]}`;
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }

  test("a write to x0 emits nothing", () => {
    for (const op of BITMANIP_OPS) expect(lowerBitmanip(rv(op, 0, A1, A2, 3), { reg, pool: PARK_ONLY })).toEqual([]);
  });

  test("a result into sp with parked temporaries addresses every slot from the old sp", () => {
    const bad: string[] = [];
    for (const op of ["sh3add", "sh2add.uw", "orc.b", "bset", "min"] as RvMnemonic[]) {
      const patterns: Array<[number, number, number]> = op === "bset" ? [[2, 2, 2]] : op === "min" ? [[2, 0, 2]] : [[2, A1, 2], [2, 2, 2]];
      for (const [rd, rs1, rs2] of patterns) {
        const run = machine(lowerBitmanip(rv(op, rd, rs1, rs2), { reg, pool: PARK_ONLY }));
        for (const a of [0n, 1n, 0x7fn, 0x80n, M64]) {
          const regs: Record<number, bigint> = { [A1]: a };
          const val = (x: number) => (x === 0 ? 0n : x === 2 ? SP_VALUE : regs[x]!);
          const want = reference(op, val(rs1), val(rs2));
          const r = run(regs);
          const extra = clobbered(r, reg(2));
          if (r.exit.status !== "halt" || r.inst.getReg(reg(2)) !== want || extra.length) bad.push(`${op} x${rd}, x${rs1}, x${rs2} with a1 = ${a}: got ${r.inst.getReg(reg(2))} (${r.exit.status}, clobbered ${extra}), want ${want}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test("native PVM forms where the PVM has one", () => {
    const one = (op: RvMnemonic, imm = 0) => lowerBitmanip(rv(op, A0, A1, A2, imm), { reg, pool: PARK_ONLY }).map((o) => o.name);
    expect(one("clz")).toEqual(["leading_zero_bits_64"]);
    expect(one("ctzw")).toEqual(["trailing_zero_bits_32"]);
    expect(one("cpopw")).toEqual(["count_set_bits_32"]);
    expect(one("rev8")).toEqual(["reverse_bytes"]);
    expect(one("zext.h")).toEqual(["zero_extend_16"]);
    expect(one("andn")).toEqual(["and_inv"]);
    expect(one("maxu")).toEqual(["max_u"]);
    expect(one("rolw")).toEqual(["rot_l_32"]);
    expect(one("rori", 7)).toEqual(["rot_r_64_imm"]);
    expect(one("bseti", 5)).toEqual(["or_imm"]);
    expect(one("sh2add")).toEqual(["shlo_l_imm_64", "add_64"]);
    expect(one("czero.eqz")).toEqual(["move_reg", "cmov_iz_imm"]);
  });
});
