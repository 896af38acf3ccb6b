/**
 * The liveness pass on hand-written PVM code: dead writes across blocks go; what an
 * indirect jump, the jump table, a host call or the halt can read stays; loads stay.
 */
import { describe, expect, test } from "bun:test";
import { livenessPass } from "./liveness.ts";
import { analyzeLiveness } from "./liveness-analysis.ts";
import { checkPass, opNames, programFromAsm } from "./test-support.ts";

const INPUTS = [{ 9: 0n }, { 9: 1n }, { 9: 0xffffffffffffffffn }];

describe("liveness pass", () => {
  test("a load_imm dead in every successor goes; the halt keeps φ7", () => {
    const p = checkPass(`
          load_imm φ8, 5          ; dead: both successors write φ8 before reading it
          load_imm φ10, 6         ; dead: nothing reads φ10 before the return
          load_imm φ7, 1
          branch_eq_imm φ9, 0, @a
          load_imm φ8, 7
          add_64 φ7, φ7, φ8
          jump_ind φ0, 0
      a:  load_imm φ8, 9
          add_64 φ7, φ7, φ8
          jump_ind φ0, 0`, livenessPass, INPUTS);
    expect(opNames(p)).toEqual(["load_imm", "branch_eq_imm", "load_imm", "add_64", "jump_ind", "load_imm", "add_64", "jump_ind"]);
  });

  test("registers a jump-table block reads stay live at every indirect jump", () => {
    const p = checkPass(`
          load_imm φ8, 5          ; read at t, reached through the jump table
          load_imm φ9, 2
          jump_ind φ9, 0
      t:  add_64 φ7, φ8, φ8
          jump_ind φ0, 0
      .jump_table @t`, livenessPass, [{}]);
    expect(opNames(p)).toEqual(["load_imm", "load_imm", "jump_ind", "add_64", "jump_ind"]);
  });

  test("a host call reads φ7..φ12 only; t0 (φ2) set for the call is dead after it", () => {
    const p = checkPass(`
          load_imm φ2, 0          ; li t0, 0: the index, not read by the host
          load_imm φ8, 4          ; a1: an argument
          ecalli 0
          load_imm φ2, 1
          add_64 φ7, φ2, φ8
          jump_ind φ0, 0`, livenessPass, [{}]);
    expect(opNames(p)).toEqual(["load_imm", "ecalli", "load_imm", "add_64", "jump_ind"]);
  });

  test("a dead load stays (it may fault); a dead call link becomes a plain jump", () => {
    const p = checkPass(`
          load_ind_u64 φ8, φ1, -8
          load_imm_jump φ10, 99, @b
      b:  load_imm φ7, 3
          jump_ind φ0, 0`, livenessPass, [{}]);
    expect(opNames(p)).toEqual(["load_ind_u64", "jump", "load_imm", "jump_ind"]);
  });

  test("the analysis: a loop keeps its counter live around the back edge", () => {
    const p = programFromAsm(`
          load_imm φ8, 3
          fallthrough
      l:  add_imm_64 φ8, φ8, -1
          branch_ne_imm φ8, 0, @l
          jump_ind φ0, 0`);
    const lv = analyzeLiveness(p);
    // φ8 for the loop; φ0 for the return; φ7, the result a halting return hands over
    expect(lv.liveIn.get(1)).toBe((1 << 8) | (1 << 0) | (1 << 7));
    expect(lv.liveOut.get(1)).toBe((1 << 8) | (1 << 0) | (1 << 7));
    expect(lv.liveIn.get(2)).toBe((1 << 0) | (1 << 7));
  });
});
