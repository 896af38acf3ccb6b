/**
 * The assembler: disassemble(assemble(x)) round-trips on random programs holding every
 * opcode of every ISA profile (random registers, immediates at every encoded width,
 * label targets and jump tables); the label/comment/jump-table syntax; programs run on
 * the interpreter; and bad input as one FormatError naming file, line and problem.
 */
import { describe, expect, test } from "bun:test";
import { FormatError } from "../../errors.ts";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import { ISA_PROFILES, OPCODES, type OpcodeName, type Operands, type IsaProfile } from "../../isa/index.ts";
import { HALT_ADDRESS } from "../../program/layout.ts";
import { assembleSource, assembleText, disassembleText } from "./encode.ts";
import type { AsmInstruction, AsmSource } from "./syntax.ts";

/** Deterministic xorshift32. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const EDGE_IMMS = [0, 1, -1, 127, 128, -128, -129, 255, 32767, 32768, -32768, -32769, 0x7fffff, -0x800000, 0x800000, 0x7fffffff, -0x80000000];

function randomProgram(profile: IsaProfile, seed: number, length: number): AsmSource {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[next() % xs.length]!;
  const reg = () => next() % 13;
  const imm = () => (next() % 2 ? pick(EDGE_IMMS) : next() | 0);
  const ops = OPCODES.filter((o) => o.bytes[profile] !== undefined);
  const names: OpcodeName[] = ops.map((o) => o.name as OpcodeName);
  while (names.length < length) names.push(pick(ops).name as OpcodeName);
  // shuffle so every opcode appears at a random place
  for (let i = names.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  const labels = new Map<string, number>();
  names.forEach((_, i) => labels.set(`L${i}`, i));
  const label = () => ({ label: `L${next() % names.length}` });
  const instructions: AsmInstruction[] = names.map((name, line) => {
    const def = OPCODES.find((o) => o.name === name)!;
    const o: Operands = {};
    let target: AsmInstruction["target"];
    switch (def.format) {
      case "imm": o.x = imm(); break;
      case "reg_ext_imm": o.ra = reg(); o.x64 = (BigInt(next()) << 32n) | BigInt(next()); break;
      case "imm_imm": o.x = imm(); o.y = imm(); break;
      case "offset": target = label(); break;
      case "reg_imm": o.ra = reg(); o.x = imm(); break;
      case "reg_imm_imm": o.ra = reg(); o.x = imm(); o.y = imm(); break;
      case "reg_imm_offset": o.ra = reg(); o.x = imm(); target = label(); break;
      case "reg_reg": o.rd = reg(); o.ra = reg(); break;
      case "reg_reg_imm": o.ra = reg(); o.rb = reg(); o.x = imm(); break;
      case "reg_reg_offset": o.ra = reg(); o.rb = reg(); target = label(); break;
      case "reg_reg_imm_imm": o.ra = reg(); o.rb = reg(); o.x = imm(); o.y = imm(); break;
      case "reg_reg_reg": o.rd = reg(); o.ra = reg(); o.rb = reg(); break;
      case "none": break;
    }
    return { name, ops: o, target, line: line + 1 };
  });
  const jumpTable = Array.from({ length: next() % 5 }, () => ({ target: label(), line: 0 }));
  return { instructions, labels, jumpTable, file: `random-${profile}-${seed}` };
}

describe("assembler", () => {
  for (const profile of ISA_PROFILES) {
    test(`disassemble(assemble(x)) round-trips: random programs with every opcode of ${profile}`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const blob = assembleSource(randomProgram(profile, seed * 7919, 150 + (seed % 7) * 40), profile);
        const text = disassembleText(blob, profile);
        const again = assembleText(text, profile, "round-trip");
        expect(Buffer.from(again.code).equals(Buffer.from(blob.code))).toBe(true);
        expect([...again.mask]).toEqual([...blob.mask]);
        expect([...again.jumpTable]).toEqual([...blob.jumpTable]);
        expect(disassembleText(again, profile)).toBe(text);
      }
    });
  }

  test("labels, comments, a jump table, and the program runs", () => {
    const text = `
      ; sum 1..10 into φ7, then djump through the jump table to the return
              load_imm φ7, 0
              load_imm φ8, 10
              fallthrough                 ; a branch target must start a block (GP A.5)
      loop:   add_64 φ7, φ7, φ8          ; φ7 += φ8
              add_imm_64 φ8, φ8, -1
              branch_ne_imm φ8, 0, @loop
              load_imm φ9, 2              ; jump-table address of entry 0
              jump_ind φ9, 0
      done:   jump_ind φ0, 0
      .jump_table @done
    `;
    const blob = assembleText(text, "gp-0.7", "sum.s");
    expect([...blob.jumpTable]).toEqual([blob.code.length - 2]);
    const inst = interpreterBackend.instantiate(interpreterBackend.compile(blob, { profile: "gp-0.7" }));
    inst.setReg(0, BigInt(HALT_ADDRESS));
    inst.gas = 1000n;
    expect(inst.run().status).toBe("halt");
    expect(inst.getReg(7)).toBe(55n);
    expect(disassembleText(blob)).toContain(`.jump_table @${blob.code.length - 2}\n`);
    expect(disassembleText(blob)).toContain("branch_ne_imm φ8, 0, @");
  });

  test("the profile decides the bytes: unlikely and ecall exist only where the profile has them", () => {
    expect([...assembleText("unlikely\nfallthrough", "jar").code]).toEqual([2, 1]);
    expect([...assembleText("unlikely\nfallthrough", "gp-0.8-draft").code]).toEqual([3, 1]);
    expect(() => assembleText("unlikely", "gp-0.7", "u.s")).toThrow(/u\.s:1: unlikely is not an instruction of ISA profile gp-0.7/);
  });

  test("numbers: hex, signs, unsigned 32-bit immediates and 64-bit constants", () => {
    const blob = assembleText("ecalli 4294967295\nload_imm_64 φ1, -1\nload_imm r2, 0x7fffffff\nstore_imm_u8 0x10000, -1");
    expect(disassembleText(blob)).toBe("ecalli 4294967295\nload_imm_64 φ1, 18446744073709551615\nload_imm φ2, 2147483647\nstore_imm_u8 65536, -1\n");
  });

  test("bad input: one FormatError naming file, line and problem", () => {
    const problem = (text: string) => {
      try {
        assembleText(text, "gp-0.7", "bad.s");
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        return (e as FormatError).message;
      }
      throw new Error("expected a FormatError");
    };
    expect(problem("trap\nfrobnicate φ1")).toBe('bad.s:2: unknown instruction "frobnicate"');
    expect(problem("add_64 φ1, φ2")).toBe("bad.s:1: add_64 takes 3 operand(s) (rd, ra, rb), got 2");
    expect(problem("move_reg φ1, φ13")).toBe('bad.s:1: operand 2 of move_reg: "φ13" is not a register φ0..φ12');
    expect(problem("load_imm φ1, 4294967296")).toBe("bad.s:1: operand 2 of load_imm: 4294967296 does not fit 32 bits");
    expect(problem("jump @nowhere")).toBe('bad.s:1: undefined label "nowhere"');
    expect(problem("a:\na: trap")).toBe('bad.s:2: label "a" is defined twice');
    expect(problem("load_imm φ1, 1\njump @1")).toMatch(/^bad\.s:2: target @1 is not the start of an instruction/);
    expect(problem(".jump_table")).toMatch(/^bad\.s:1: \.jump_table needs one or more targets/);
  });
});
