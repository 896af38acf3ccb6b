/**
 * The layout pass on hand-written PVM code: unreachable blocks go, a chain ending in a
 * jump gets the jumped-to chain placed after it, blocks with no other way in merge, and
 * the entry stays first.
 */
import { describe, expect, test } from "bun:test";
import { layoutPass, loopDepth } from "./layout.ts";
import { checkPass, opNames, programFromAsm } from "./test-support.ts";

describe("layout pass", () => {
  test("jump to a chain head → fallthrough, merged when nothing else enters; dead code goes", () => {
    const p = checkPass(`
          load_imm φ7, 1
          jump @tail
      dead: load_imm φ7, 99             ; unreachable
          jump_ind φ0, 0
      tail: add_imm_64 φ7, φ7, 2
          jump_ind φ0, 0`, layoutPass, [{}]);
    expect(opNames(p)).toEqual(["load_imm", "add_imm_64", "jump_ind"]);
  });

  test("a block other edges reach keeps its start: the jump becomes a fallthrough", () => {
    const p = checkPass(`
          branch_eq_imm φ8, 0, @join
          load_imm φ7, 1
          jump @join
      other: trap
      join: add_imm_64 φ7, φ7, 2
          jump_ind φ0, 0`, layoutPass, [{ 8: 0n }, { 8: 3n }]);
    expect(opNames(p)).toEqual(["branch_eq_imm", "load_imm", "fallthrough", "add_imm_64", "jump_ind"]);
  });

  test("static loop depth counts the back edges around a block", () => {
    const p = programFromAsm(`
          fallthrough
      outer: fallthrough
      inner: add_imm_64 φ8, φ8, -1
          branch_ne_imm φ8, 0, @inner
          add_imm_64 φ9, φ9, -1
          branch_ne_imm φ9, 0, @outer
          jump_ind φ0, 0`);
    expect([...loopDepth(p).values()]).toEqual([0, 1, 2, 1, 0]);
  });
});
