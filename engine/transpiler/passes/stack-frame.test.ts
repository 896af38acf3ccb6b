/**
 * The stack-frame pass on hand-written PVM code: reloads from stack slots forwarded
 * from the register stored there, repeated stores to a slot dropped, and other stores
 * ignored only while sp does not escape.
 */
import { describe, expect, test } from "bun:test";
import { stackFramePass, spEscapes } from "./stack-frame.ts";
import { DATA, checkPass, opNames, programFromAsm } from "./test-support.ts";

const INPUTS = [0n, 1n, 0x8000000000000000n, 0xffffffffffffffffn].map((v) => ({ 8: v, 9: v ^ 0x55n, 10: BigInt(DATA) }));

const FRAME = (extra: string) => `
          add_imm_64 φ1, φ1, -32
          store_ind_u64 φ8, φ1, 8        ; spill
          store_ind_u64 φ9, φ1, 0        ; dead: stored again below before any read
          store_ind_u64 φ9, φ1, 0
          ${extra}
          store_ind_u64 φ9, φ10, 0       ; through another base
          load_ind_u64 φ7, φ1, 8         ; reload
          load_ind_i32 φ11, φ1, 0
          add_64 φ7, φ7, φ11
          add_imm_64 φ1, φ1, 32
          jump_ind φ0, 0`;

describe("stack-frame pass", () => {
  test("with a private stack, reloads become moves even across other stores", () => {
    const p = checkPass(FRAME(""), stackFramePass, INPUTS);
    expect(spEscapes(programFromAsm(FRAME("")))).toBe(false);
    expect(opNames(p)).toEqual(["add_imm_64", "store_ind_u64", "store_ind_u64", "store_ind_u64", "move_reg", "add_imm_32", "add_64", "add_imm_64", "jump_ind"]);
  });

  test("when sp escapes (a local's address taken), another store ends what is known", () => {
    const text = FRAME("add_imm_64 φ12, φ1, 8            ; &local");
    expect(spEscapes(programFromAsm(text))).toBe(true);
    const p = checkPass(text, stackFramePass, INPUTS);
    expect(opNames(p)).toEqual([
      "add_imm_64", "store_ind_u64", "store_ind_u64", "add_imm_64", "store_ind_u64", "load_ind_u64", "load_ind_i32", "add_64", "add_imm_64", "jump_ind",
    ]);
  });

  test("moving sp forgets every slot; a reload into the register stored there goes", () => {
    const p = checkPass(`
          store_ind_u64 φ8, φ1, -8
          load_ind_u64 φ8, φ1, -8        ; φ8 already holds it: dropped
          add_imm_64 φ1, φ1, -8
          load_ind_u64 φ7, φ1, 0         ; sp moved: stays
          add_imm_64 φ1, φ1, 8
          jump_ind φ0, 0`, stackFramePass, INPUTS);
    expect(opNames(p)).toEqual(["store_ind_u64", "add_imm_64", "load_ind_u64", "add_imm_64", "jump_ind"]);
  });
});
