/**
 * The peephole pass on hand-written PVM code: constants into immediate forms, folding,
 * decided branches, compare-and-branch and load_imm-and-jump fusion, load forwarding
 * and dead stores through non-stack bases, and copy coalescing — each checked for the
 * same outcome and no more gas under gp-0.7 and jar (test-support.ts checkPass).
 */
import { describe, expect, test } from "bun:test";
import type { Program } from "./cfg.ts";
import { peepholePass } from "./peephole.ts";
import { DATA, checkPass, opNames } from "./test-support.ts";

const peephole = (p: Program) => peepholePass(p, { enabled: new Set(["peephole"]) });
const M = 0xffffffffffffffffn;
const VALUES = [0n, 1n, 15n, 16n, 17n, 0x7fffffffn, 0x80000000n, M, 1n << 63n];
const ab = VALUES.flatMap((a) => [0n, 16n, M].map((b) => ({ 9: a, 10: b, 11: BigInt(DATA) })));

describe("peephole pass", () => {
  test("load_imm + branch → branch_*_imm, the load_imm dropped when it dies", () => {
    const p = checkPass(`
          load_imm φ8, 16
          branch_lt_u φ9, φ8, @small
          load_imm φ7, 1
          jump_ind φ0, 0
      small: load_imm φ7, 2
          jump_ind φ0, 0`, peephole, ab);
    // (and load_imm + jump_ind → load_imm_jump_ind)
    expect(opNames(p)).toEqual(["branch_lt_u_imm", "load_imm_jump_ind", "load_imm_jump_ind"]);
  });

  test("load_imm + alu → *_imm forms (both operand orders), and full folding", () => {
    const p = checkPass(`
          load_imm φ8, 3
          add_64 φ7, φ9, φ8        ; → add_imm_64
          sub_64 φ12, φ8, φ9        ; 3 - φ9 → neg_add_imm_64
          shlo_l_64 φ4, φ8, φ10     ; 3 << φ10 → shlo_l_imm_alt_64
          set_lt_u φ5, φ8, φ9       ; 3 < φ9 → set_gt_u_imm
          add_64 φ7, φ7, φ12
          add_64 φ7, φ7, φ4
          add_64 φ7, φ7, φ5
          load_imm φ6, 98304        ; lui + addi of 100000: folded, then an immediate
          add_imm_64 φ6, φ6, 1696
          add_64 φ7, φ7, φ6
          jump_ind φ0, 0`, peephole, ab);
    expect(opNames(p)).toEqual([
      "add_imm_64", "neg_add_imm_64", "shlo_l_imm_alt_64", "set_gt_u_imm", "add_64", "add_64", "add_64", "add_imm_64", "jump_ind",
    ]);
  });

  test("a branch decided by constants becomes a jump or goes", () => {
    const p = checkPass(`
          load_imm φ8, 7
          branch_eq_imm φ8, 7, @yes    ; always taken → jump (φ8 = 7 here is then dead)
          load_imm φ7, 1
          jump_ind φ0, 0
      yes: load_imm φ8, 7
          load_imm φ7, 2
          branch_ne_imm φ8, 7, @no     ; never taken → fallthrough
          jump_ind φ0, 0
      no:  trap`, peephole, [{}]);
    expect(opNames(p)).toEqual(["jump", "load_imm_jump_ind", "load_imm", "fallthrough", "jump_ind", "trap"]);
  });

  test("compare + branch on zero → one branch; load_imm + jump → load_imm_jump", () => {
    const p = checkPass(`
          set_lt_s φ8, φ9, φ10
          branch_ne_imm φ8, 0, @lt
          xor φ8, φ9, φ10
          branch_eq_imm φ8, 0, @eq
          add_imm_64 φ8, φ9, -16
          branch_eq_imm φ8, 0, @sixteen
          load_imm φ7, 0
          jump @out
      lt: load_imm φ7, 1
          jump_ind φ0, 0
      eq: load_imm φ7, 2
          jump_ind φ0, 0
      sixteen: load_imm φ7, 3
          jump_ind φ0, 0
      out: jump_ind φ0, 0`, peephole, ab);
    expect(opNames(p).slice(0, 4)).toEqual(["branch_lt_s", "branch_eq", "branch_eq_imm", "load_imm_jump"]);
  });

  test("load forwarding, extensions of the low bytes, dead stores (base ≠ sp)", () => {
    const p = checkPass(`
          store_ind_u64 φ9, φ11, 0
          load_ind_u64 φ7, φ11, 0      ; → move_reg
          load_ind_i32 φ8, φ11, 0      ; → add_imm_32 (sign-extended low word)
          load_ind_u8 φ12, φ11, 0      ; → and_imm 255
          load_ind_i16 φ4, φ11, 0      ; → sign_extend_16
          load_ind_u32 φ5, φ11, 0      ; stays: zero-extending a word takes two ops
          add_64 φ7, φ7, φ8
          add_64 φ7, φ7, φ12
          add_64 φ7, φ7, φ4
          add_64 φ7, φ7, φ5
          store_ind_u32 φ10, φ11, 8    ; dead: overwritten below, nothing reads it
          store_ind_u64 φ9, φ11, 8
          store_imm_ind_u16 φ11, 16, -2
          load_ind_u16 φ6, φ11, 16     ; → load_imm 65534
          add_64 φ7, φ7, φ6
          store_ind_u64 φ10, φ12, 0    ; another base: may alias, forgets what was known
          load_ind_u64 φ6, φ11, 0      ; stays
          add_64 φ7, φ7, φ6
          jump_ind φ0, 0`, peephole, ab.map((r) => ({ ...r, 12: BigInt(DATA + 32) })));
    expect(opNames(p)).toEqual([
      "store_ind_u64", "move_reg", "add_imm_32", "and_imm", "sign_extend_16", "load_ind_u32", "add_64", "add_64", "add_64", "add_64",
      "store_ind_u64", "store_imm_ind_u16", "load_imm", "add_64", "store_ind_u64", "load_ind_u64", "add_64", "jump_ind",
    ]);
  });

  test("copy coalescing: `D = f(S); …; Y = D` with D dead (sunk, and renamed)", () => {
    const p = checkPass(`
          fallthrough
      loop: add_imm_64 φ9, φ9, 1
          add_imm_64 φ12, φ11, 2       ; sunk into the move below
          add_64 φ8, φ8, φ11
          move_reg φ11, φ12
          BRANCH_LTU_SLOT`.replace("BRANCH_LTU_SLOT", "branch_lt_u_imm φ9, 5, @loop") + `
          add_64 φ7, φ8, φ11
          add_64 φ4, φ9, φ10           ; renamed: φ4 → φ5 from here
          add_64 φ7, φ7, φ4
          move_reg φ5, φ4
          add_64 φ7, φ7, φ5
          jump_ind φ0, 0`, peephole, ab.map((r) => ({ ...r, 8: 0n, 9: 0n })));
    expect(opNames(p)).toEqual(["fallthrough", "add_imm_64", "add_64", "add_imm_64", "branch_lt_u_imm", "add_64", "add_64", "add_64", "add_64", "jump_ind"]);
  });

  test("coalescing after clearing reads: fib's loop loses a move", () => {
    const p = checkPass(`
          load_imm φ2, 0
          load_imm φ12, 1
          fallthrough
      loop: add_64 φ4, φ2, φ12          ; t2 = t0 + a5
          add_imm_64 φ11, φ11, -1
          move_reg φ3, φ12              ; t1 = a5   (hoisted above the add)
          move_reg φ2, φ12              ; t0 = a5   (reads t1 instead)
          move_reg φ12, φ4              ; a5 = t2   (gone: the add writes a5)
          branch_ne_imm φ11, 0, @loop
          add_64 φ7, φ3, φ12
          jump_ind φ0, 0`, peephole, [1n, 2n, 10n, 93n].map((n) => ({ 11: n })));
    expect(opNames(p)).toEqual(["load_imm", "load_imm", "fallthrough", "move_reg", "add_64", "add_imm_64", "move_reg", "branch_ne_imm", "add_64", "jump_ind"]);
  });
});
