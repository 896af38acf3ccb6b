/**
 * Every lowering rule of alu.ts, control.ts and memory.ts, run on the reference
 * interpreter and compared with the RISC-V reference semantics (riscv/semantics.ts):
 * all operand patterns (x0 as either or both sources, rd aliasing a source) over edge
 * values (0, ±1, 32/64-bit extremes, shift amounts around 31/32/63/64).
 */
import { describe, expect, test } from "bun:test";
import type { RvMnemonic } from "../riscv/decode.ts";
import { rvAlu, rvBranchTaken } from "../riscv/semantics.ts";
import { REG_IMM, REG_REG, lowerRegImm, lowerRegReg } from "./alu.ts";
import { BRANCHES, lowerBranch } from "./control.ts";
import type { PvmItem } from "./lower-text.ts";
import { lowerLoad, lowerStore } from "./memory.ts";
import type { PvmOp } from "./pvm-op.ts";
import { machine, reg, rv } from "./test-machine.ts";

const M64 = (1n << 64n) - 1n;
const VALUES = [
  0n, 1n, 2n, 7n, 31n, 32n, 33n, 63n, 64n, 65n, M64, M64 - 6n, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0xffffffff80000000n, 0x7fffffffffffffffn, 0x8000000000000000n, 0x123456789abcdef0n, 0xfedcba9876543210n,
].map((v) => BigInt.asUintN(64, v));
const IMMS = [0, 1, -1, 5, 31, 32, 63, 2047, -2048, -7];
const A0 = 10;
const A1 = 11;
const A2 = 12;

/** Register patterns: [rd, rs1, rs2], x0 = 0. */
const PATTERNS: Array<[number, number, number]> = [
  [A0, A1, A2], [A1, A1, A2], [A2, A1, A2], [A1, A1, A1],
  [A0, 0, A2], [A2, 0, A2], [A0, A1, 0], [A1, A1, 0], [A0, 0, 0],
];

describe("register-register ALU lowering matches RV64IM", () => {
  for (const op of Object.keys(REG_REG) as RvMnemonic[]) {
    test(op, () => {
      const bad: string[] = [];
      for (const [rd, rs1, rs2] of PATTERNS) {
        const run = machine(lowerRegReg(rv(op, rd, rs1, rs2), reg));
        for (const a of VALUES) {
          for (const b of VALUES) {
            const regs: Record<number, bigint> = {};
            if (rs1) regs[rs1] = a;
            if (rs2) regs[rs2] = b;
            const va = rs1 ? regs[rs1]! : 0n;
            const vb = rs2 ? regs[rs2]! : 0n;
            const want = rvAlu(op, va, vb);
            const { exit, inst } = run(regs);
            const got = inst.getReg(reg(rd));
            if (exit.status !== "halt" || got !== want) bad.push(`${op} x${rd}, x${rs1}, x${rs2} with ${va}, ${vb}: got ${got} (${exit.status}), want ${want}`);
            if (!rs1 && !rs2) break;
          }
          if (!rs1 && !rs2) break;
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }
  test("a write to x0 emits nothing", () => {
    expect(lowerRegReg(rv("div", 0, A1, A2), reg)).toEqual([]);
  });
});

describe("register-immediate ALU lowering matches RV64I", () => {
  for (const op of Object.keys(REG_IMM) as RvMnemonic[]) {
    test(op, () => {
      const shift = /^s(ll|rl|ra)iw?$/.test(op);
      const imms = shift ? [0, 1, 5, 31, ...(op.endsWith("w") ? [] : [32, 33, 63])] : IMMS;
      const bad: string[] = [];
      for (const [rd, rs1] of [[A0, A1], [A1, A1], [A0, 0]] as const) {
        for (const imm of imms) {
          const run = machine(lowerRegImm(rv(op, rd, rs1, 0, imm), reg));
          for (const a of rs1 ? VALUES : [0n]) {
            const want = rvAlu(op, a, BigInt(imm));
            const { exit, inst } = run(rs1 ? { [rs1]: a } : {});
            const got = inst.getReg(reg(rd));
            if (exit.status !== "halt" || got !== want) bad.push(`${op} x${rd}, x${rs1}, ${imm} with ${a}: got ${got}, want ${want}`);
          }
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }
});

describe("branch lowering matches RV64I", () => {
  const TARGET = 0x2000;
  for (const op of Object.keys(BRANCHES) as RvMnemonic[]) {
    test(op, () => {
      const bad: string[] = [];
      for (const [rs1, rs2] of [[A1, A2], [A1, A1], [0, A2], [A1, 0], [0, 0]] as const) {
        const ops = lowerBranch(rv(op, 0, rs1, rs2), reg, TARGET);
        // not taken: φ7 = 0 and return; taken: φ7 = 1 and return
        const notTaken: PvmOp = { name: "load_imm", ops: { ra: reg(A0), x: 0 } };
        const items: PvmItem[] = [
          { name: "fallthrough", ops: {}, src: 0 },
          { name: "load_imm", ops: { ra: reg(A0), x: 1 }, src: TARGET },
          { name: "jump_ind", ops: { ra: 0, x: 0 }, src: TARGET },
        ];
        const run = machine([...ops, notTaken], items, new Map([[TARGET, ops.length + 3]]));
        for (const a of VALUES) {
          for (const b of VALUES) {
            const regs: Record<number, bigint> = {};
            if (rs1) regs[rs1] = a;
            if (rs2) regs[rs2] = b;
            const want = rvBranchTaken(op, rs1 ? regs[rs1]! : 0n, rs2 ? regs[rs2]! : 0n) ? 1n : 0n;
            const { exit, inst } = run(regs);
            if (exit.status !== "halt" || inst.getReg(reg(A0)) !== want) bad.push(`${op} x${rs1}, x${rs2} with ${a}, ${b}: got ${inst.getReg(reg(A0))} (${exit.status}), want ${want}`);
          }
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }
});

describe("memory lowering", () => {
  const page = 0x40000;
  const withMemory = (ops: PvmOp[]) => {
    const run = machine(ops);
    return (regs: Record<number, bigint>, init?: Uint8Array) => {
      const probe = run({});
      probe.inst.mapPages(page / 4096, 2, true);
      if (init) probe.inst.writeMemory(page, init);
      return run(regs);
    };
  };

  test("sign and zero extension of every load width", () => {
    const bytes = Uint8Array.of(0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88);
    const want: Record<string, bigint> = {
      lb: 0xffffffffffffff81n, lbu: 0x81n, lh: 0xffffffffffff8281n, lhu: 0x8281n,
      lw: 0xffffffff84838281n, lwu: 0x84838281n, ld: 0x8887868584838281n,
    };
    for (const [op, v] of Object.entries(want)) {
      const run = withMemory(lowerLoad(rv(op as RvMnemonic, A0, A1, 0, -8), reg));
      const { exit, inst } = run({ [A1]: BigInt(page + 8) }, bytes);
      expect([op, exit.status, inst.getReg(reg(A0))]).toEqual([op, "halt", v]);
    }
  });

  test("a load into x0 touches memory, faults like RV, and changes no register", () => {
    const ops = lowerLoad(rv("ld", 0, 5, 0, 0), reg); // ld x0, 0(t0): t0 is the first scratch choice
    const run = withMemory(ops);
    const sp = BigInt(page + 4096);
    const ok = run({ 2: sp, 5: BigInt(page + 16), 6: 0x6666n });
    expect(ok.exit.status).toBe("halt");
    expect([ok.inst.getReg(reg(2)), ok.inst.getReg(reg(5)), ok.inst.getReg(reg(6))]).toEqual([sp, BigInt(page + 16), 0x6666n]);
    const fault = run({ 2: sp, 5: 0x7000_0000n, 6: 0x6666n });
    expect(fault.exit.status).toBe("page-fault");
    expect([fault.inst.getReg(reg(5)), fault.inst.getReg(reg(6))]).toEqual([0x7000_0000n, 0x6666n]);
  });

  test("stores of x0 and through an absolute address", () => {
    const run = withMemory([
      ...lowerStore(rv("sd", 0, A1, 0, 8), reg), // sd zero, 8(a1)
      ...lowerStore(rv("sw", 0, A1, A2, 16), reg), // sw a2, 16(a1)
      ...lowerStore(rv("sh", 0, 0, A2, 0), reg, page + 24), // %lo user: absolute
      ...lowerStore(rv("sb", 0, 0, 0, 0), reg, page + 26),
      ...lowerLoad(rv("ld", A0, 0, 0, 0), reg, page + 8),
    ]);
    const { exit, inst } = run({ [A1]: BigInt(page), [A2]: 0x1122334455667788n }, new Uint8Array(32).fill(0xee));
    expect(exit.status).toBe("halt");
    expect(inst.getReg(reg(A0))).toBe(0n);
    expect([...inst.readMemory(page + 16, 12)]).toEqual([0x88, 0x77, 0x66, 0x55, 0xee, 0xee, 0xee, 0xee, 0x88, 0x77, 0x00, 0xee]);
  });
});
