/**
 * The superblock pass on hand-written PVM code: a jump to a small block becomes a copy
 * of it, and a loop whose latch jumps back to its test is rotated so that the latch
 * branches back directly (the jump lands on the exit side).
 */
import { describe, expect, test } from "bun:test";
import { superblockPass } from "./superblock.ts";
import { checkPass, opNames, runProgram } from "./test-support.ts";
import { programFromAsm } from "./test-support.ts";

describe("superblock pass", () => {
  test("a loop latch's jump to the test is replaced by a rotated copy of the test", () => {
    const text = `
          load_imm φ7, 0
          fallthrough
      test: branch_eq_imm φ8, 0, @done    ; loop test
          add_64 φ7, φ7, φ8
          add_imm_64 φ8, φ8, -1
          jump @test                       ; latch
      done: jump_ind φ0, 0`;
    const inputs = [0n, 1n, 5n, 100n].map((n) => ({ 8: n }));
    const p = checkPass(text, superblockPass, inputs);
    // the copy at the latch branches back to the loop body while φ8 ≠ 0
    expect(opNames(p)).toEqual(["load_imm", "fallthrough", "branch_eq_imm", "add_64", "add_imm_64", "branch_ne_imm", "jump_ind"]);
    const before = runProgram(programFromAsm(text), { 8: 100n });
    const after = runProgram(p, { 8: 100n });
    expect(before.gas - after.gas).toBe(100n); // one jump fewer per iteration
  });

  test("returns and traps are copied; big blocks and fallthrough blocks are not", () => {
    const big = Array.from({ length: 9 }, (_, i) => `add_imm_64 φ7, φ7, ${i + 1}`).join("\n          ");
    const p = checkPass(`
          branch_eq_imm φ8, 0, @b
          load_imm φ7, 1
          jump @ret
      b:  jump @big
      ret: jump_ind φ0, 0
      big: ${big}
          jump_ind φ0, 0`, superblockPass, [{ 8: 0n }, { 8: 1n }]);
    expect(opNames(p).filter((n) => n === "jump")).toEqual(["jump"]); // only the jump to the 10-instruction block
  });
});
