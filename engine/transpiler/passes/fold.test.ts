/**
 * fold.ts against the reference interpreter (its naive twin, STYLE.md item 4): every op
 * `evaluate` knows, and every immediate form `withImmediate` picks (ALU ops with a
 * constant in either operand, branches, stores, cmov), on random and edge values.
 */
import { describe, expect, test } from "bun:test";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import { OPCODES, type OpcodeName } from "../../isa/index.ts";
import { HALT_ADDRESS } from "../../program/layout.ts";
import { assemble } from "../assemble.ts";
import type { PvmItem } from "../lower/lower-text.ts";
import type { Op } from "./effects.ts";
import { branchOutcome, evaluate, withImmediate } from "./fold.ts";

const EDGE = [0n, 1n, 2n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0xffffffff80000000n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, 0x123456789abcdef0n];
const IMMS = [0, 1, -1, 5, 31, 32, 63, 0x7fffffff, -0x80000000, 1234567];
const PAGE = 0x60000;

/**
 * Assembles ops + a return once; the runner sets φ8, φ9, φ10 = a, b, c and gives back φ7,
 * the first 8 bytes at PAGE, and whether a branch (target 1) was taken (φ11).
 */
function runner(ops: Op[]): (a: bigint, b: bigint, c: bigint) => { r7: bigint; mem: string; taken: boolean } {
  const items: PvmItem[] = ops.map((o) => ({ ...o, src: 0, target: o.target === undefined ? undefined : 1 }));
  items.push({ name: "load_imm", ops: { ra: 11, x: 0 }, src: 0 }, { name: "jump_ind", ops: { ra: 0, x: 0 }, src: 0 });
  items.push({ name: "load_imm", ops: { ra: 11, x: 1 }, src: 1 }, { name: "jump_ind", ops: { ra: 0, x: 0 }, src: 1 });
  const { code } = assemble(items, new Map([[1, items.length - 2]]), [], "gp-0.7");
  const inst = interpreterBackend.instantiate(interpreterBackend.compile(code, { profile: "gp-0.7" }));
  inst.mapPages(PAGE / 4096, 1, true);
  return (a, b, c) => {
    inst.writeMemory(PAGE, new Uint8Array(8));
    inst.setReg(0, BigInt(HALT_ADDRESS));
    inst.setReg(7, 0xdeadn);
    inst.setReg(8, a);
    inst.setReg(9, b);
    inst.setReg(10, c);
    inst.setReg(12, BigInt(PAGE));
    inst.pc = 0;
    inst.gas = 100n;
    const status = inst.run().status;
    if (status !== "halt") throw new Error(`${ops.map((o) => o.name)}: ${status}`);
    return { r7: inst.getReg(7), mem: [...inst.readMemory(PAGE, 8)].join(), taken: inst.getReg(11) === 1n };
  };
}

const threeReg = OPCODES.filter((o) => o.format === "reg_reg_reg").map((o) => o.name as OpcodeName);
const regImm = OPCODES.filter((o) => o.format === "reg_reg_imm" && !o.readsOnly && !o.name.startsWith("load")).map((o) => o.name as OpcodeName);

describe("constant folding matches the interpreter", () => {
  test("evaluate: every op it knows, on edge values", () => {
    const bad: string[] = [];
    for (const name of [...threeReg, ...regImm]) {
      const isImm = OPCODES.find((o) => o.name === name)!.format === "reg_reg_imm";
      const op: Op = isImm ? { name, ops: { ra: 7, rb: 8, x: 0 } } : { name, ops: { rd: 7, ra: 8, rb: 9 } };
      if (evaluate(op, new Map([[8, 1n], [9, 1n]])) === undefined) continue;
      // one module per immediate (reg_reg_imm) or one for all operand pairs (reg_reg_reg)
      for (const x of isImm ? IMMS : [0]) {
        const concrete: Op = isImm ? { name, ops: { ...op.ops, x } } : op;
        const runOp = runner([concrete]);
        for (const a of EDGE) {
          for (const b of isImm ? [0n] : EDGE) {
            const v = evaluate(concrete, new Map([[8, a], [9, b]]));
            const want = runOp(a, b, 0n).r7;
            if (v !== want) bad.push(`${name}(${a}, ${isImm ? x : b}): ${v}, interpreter ${want}`);
          }
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  test("withImmediate: the immediate form computes what the register form did", () => {
    const bad: string[] = [];
    let forms = 0;
    for (const name of threeReg) {
      for (const constSide of ["a", "b"] as const) {
        for (const k of EDGE) {
          const op: Op = { name, ops: { rd: 7, ra: 8, rb: 9 } };
          const known = new Map([[constSide === "a" ? 8 : 9, k]]);
          const imm = withImmediate(op, known);
          if (!imm) continue;
          forms++;
          const runOp = runner([op]);
          const runImm = runner([imm]);
          for (const x of EDGE) {
            const [a, b] = constSide === "a" ? [k, x] : [x, k];
            const want = runOp(a, b, 0n).r7;
            const got = runImm(a, b, 0n).r7;
            if (got !== want) bad.push(`${name} with ${constSide} = ${k}, other ${x}: ${imm.name} gives ${got}, want ${want}`);
          }
        }
      }
    }
    expect(forms).toBeGreaterThan(100);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  test("branches and stores with a constant operand, and branch outcomes", () => {
    const bad: string[] = [];
    const branches = OPCODES.filter((o) => o.format === "reg_reg_offset").map((o) => o.name as OpcodeName);
    for (const name of branches) {
      for (const constSide of ["a", "b"] as const) {
        for (const k of EDGE) {
          const op: Op = { name, ops: { ra: 8, rb: 9 }, target: 1 };
          const known = new Map([[constSide === "a" ? 8 : 9, k]]);
          const imm = withImmediate(op, known);
          const runOp = runner([op]);
          const runImm = imm ? runner([imm]) : undefined;
          for (const x of EDGE) {
            const [a, b] = constSide === "a" ? [k, x] : [x, k];
            const want = runOp(a, b, 0n).taken;
            if (runImm && runImm(a, b, 0n).taken !== want) bad.push(`${name} → ${imm!.name} (${a}, ${b})`);
            const decided = branchOutcome(op, new Map([[8, a], [9, b]]));
            if (decided !== want) bad.push(`branchOutcome ${name}(${a}, ${b}) = ${decided}, want ${want}`);
          }
        }
      }
    }
    for (const name of ["store_ind_u8", "store_ind_u16", "store_ind_u32", "store_ind_u64"] as OpcodeName[]) {
      for (const k of EDGE) {
        const op: Op = { name, ops: { ra: 10, rb: 12, x: 0 } };
        const imm = withImmediate(op, new Map([[10, k]]));
        if (!imm) continue;
        if (runner([imm])(0n, 0n, k).mem !== runner([op])(0n, 0n, k).mem) bad.push(`${name} → ${imm.name} with ${k}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
