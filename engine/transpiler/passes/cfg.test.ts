/**
 * The CFG round trip: building a Program from laid-out code and flattening it again
 * changes nothing; a block whose `next` does not follow it gets an inverted branch or
 * a jump; a block running into the end of the code elsewhere gets a trap.
 */
import { describe, expect, test } from "bun:test";
import { assemble } from "../assemble.ts";
import { assembleText } from "../asm/encode.ts";
import { END, flatten } from "./cfg.ts";
import { opNames, programFromAsm, runProgram } from "./test-support.ts";

const TEXT = `
      load_imm φ7, 0
      fallthrough
  l:  add_imm_64 φ7, φ7, 3
      add_imm_64 φ8, φ8, -1
      branch_ne_imm φ8, 0, @l
      load_imm φ9, 2
      jump_ind φ9, 0
  t:  branch_lt_u_imm φ7, 10, @x
      jump_ind φ0, 0
  x:  load_imm_jump φ7, 1, @t2
  t2: jump_ind φ0, 0
  .jump_table @t`;

describe("cfg", () => {
  test("build + flatten is the identity on laid-out code (same bytes as the assembler)", () => {
    const p = programFromAsm(TEXT);
    expect(p.blocks.map((b) => [b.body.length, b.term?.name, b.next])).toEqual([
      [1, "fallthrough", 1], [2, "branch_ne_imm", 2], [1, "jump_ind", null], [0, "branch_lt_u_imm", 4], [0, "jump_ind", null], [0, "load_imm_jump", null], [0, "jump_ind", null],
    ]);
    const f = flatten(p);
    const { code } = assemble(f.items, f.addrMap, f.jumpTable, "gp-0.7");
    const direct = assembleText(TEXT);
    expect([...code.code]).toEqual([...direct.code]);
    expect([...code.jumpTable]).toEqual([...direct.jumpTable]);
    expect(runProgram(p, { 8: 4n }).result).toBe(12n);
  });

  test("a branch whose taken side follows is inverted; otherwise a jump reaches next", () => {
    const p = programFromAsm(TEXT);
    // move block 4 (the fallthrough of block 3) to the end: block 3's branch now needs help
    const b3 = p.blocks[3]!;
    p.blocks = [...p.blocks.filter((b) => b.id !== 4), p.blocks.find((b) => b.id === 4)!];
    expect(opNames(p)).toEqual(["load_imm", "fallthrough", "add_imm_64", "add_imm_64", "branch_ne_imm", "load_imm", "jump_ind", "branch_ge_u_imm", "load_imm_jump", "jump_ind", "jump_ind"]);
    expect(b3.term!.name).toBe("branch_lt_u_imm"); // flatten does not edit the program
    for (const n of [1n, 4n]) expect(runProgram(p, { 8: n }).result).toBe(runProgram(programFromAsm(TEXT), { 8: n }).result);
    // neither side follows: the branch stays and a jump goes to next
    const byId = (id: number) => p.blocks.find((b) => b.id === id)!;
    p.blocks = [0, 1, 2, 3, 6, 4, 5].map(byId);
    expect(opNames(p).slice(7, 9)).toEqual(["branch_lt_u_imm", "jump"]);
    for (const n of [1n, 4n]) expect(runProgram(p, { 8: n }).result).toBe(runProgram(programFromAsm(TEXT), { 8: n }).result);
  });

  test("running into the end of the code from elsewhere becomes a trap", () => {
    const p = programFromAsm(`
          branch_eq_imm φ8, 0, @z
          load_imm φ7, 1
          jump_ind φ0, 0
      z:  load_imm φ7, 2         ; runs into the end of the code`);
    expect(p.blocks[2]!.next).toBe(END);
    p.blocks = [p.blocks[0]!, p.blocks[2]!, p.blocks[1]!];
    expect(opNames(p)).toEqual(["branch_ne_imm", "load_imm", "trap", "load_imm", "jump_ind"]);
    expect(runProgram(p, { 8: 0n })).toMatchObject({ status: "panic", result: 2n });
    expect(runProgram(p, { 8: 1n })).toMatchObject({ status: "halt", result: 1n });
  });
});
