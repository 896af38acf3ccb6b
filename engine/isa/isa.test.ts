import { describe, expect, test } from "bun:test";
import {
  ISA_PROFILES, OPCODES, OPCODE_ID, byteMap, decodeAt, encodeInstruction, formatInstruction, immLength,
  opcodeByte, readSignedImm, skip, type OpcodeName, type Operands,
} from "./index.ts";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s;
  };
}

describe("opcode table", () => {
  test("no byte is used twice within a profile and names are unique", () => {
    for (const p of ISA_PROFILES) {
      const seen = new Set<number>();
      for (const op of OPCODES) {
        const b = op.bytes[p];
        if (b === undefined) continue;
        expect(seen.has(b)).toBe(false);
        seen.add(b);
      }
    }
    expect(new Set(OPCODES.map((o) => o.name)).size).toBe(OPCODES.length);
  });

  test("profiles differ only in unlikely and ecall", () => {
    expect(opcodeByte("gp-0.7", "unlikely")).toBeUndefined();
    expect(opcodeByte("gp-0.8-draft", "unlikely")).toBe(3);
    expect(opcodeByte("jar", "unlikely")).toBe(2);
    expect(opcodeByte("jar", "ecall")).toBe(3);
    expect(opcodeByte("gp-0.8-draft", "ecall")).toBeUndefined();
    for (const op of OPCODES) {
      if (op.name === "unlikely" || op.name === "ecall") continue;
      expect(op.bytes["gp-0.8-draft"]).toBe(op.bytes["gp-0.7"]!);
      expect(op.bytes.jar).toBe(op.bytes["gp-0.7"]!);
    }
  });

  test("GP 0.7 numbering spot checks", () => {
    const want: Record<string, number> = { trap: 0, ecalli: 10, load_imm_64: 20, jump: 40, jump_ind: 50, load_imm_jump: 80, move_reg: 100, store_ind_u8: 120, branch_eq: 170, load_imm_jump_ind: 180, add_32: 190, min_u: 230 };
    for (const [n, b] of Object.entries(want)) expect(opcodeByte("gp-0.7", n as OpcodeName)).toBe(b);
    expect(byteMap("gp-0.7")[2]).toBe(-1);
  });
});

describe("skip and immediates", () => {
  test("skip counts to the next set bit, capped at 24, end counts as set", () => {
    expect(skip(Uint8Array.of(1, 0, 0, 1), 0)).toBe(2);
    expect(skip(Uint8Array.of(1, 0, 0), 0)).toBe(2);
    expect(skip(new Uint8Array(40).fill(0), 0)).toBe(24);
  });

  test("immediates sign-extend from their byte length", () => {
    expect(readSignedImm(Uint8Array.of(0xff), 0, 1)).toBe(-1);
    expect(readSignedImm(Uint8Array.of(0x7f), 0, 1)).toBe(127);
    expect(readSignedImm(Uint8Array.of(0x00, 0x80), 0, 2)).toBe(-32768);
    expect(readSignedImm(Uint8Array.of(0x01, 0x02, 0x03), 0, 3)).toBe(0x030201);
    expect(readSignedImm(Uint8Array.of(0x01), 0, 4)).toBe(1); // bytes past the end are 0
    expect(immLength(0)).toBe(0);
    expect(immLength(-129)).toBe(2);
    expect(immLength(0x7fffffff)).toBe(4);
  });
});

describe("encode / decode / disassemble", () => {
  test("every opcode of every profile round-trips with random operands", () => {
    const next = rng(42);
    const imm = () => {
      const k = next() % 4;
      const v = next() | 0;
      return k === 0 ? 0 : k === 1 ? (v << 24) >> 24 : k === 2 ? (v << 16) >> 16 : v;
    };
    for (const profile of ISA_PROFILES) {
      for (const op of OPCODES) {
        if (op.bytes[profile] === undefined) continue;
        for (let k = 0; k < 20; k++) {
          const pc = next() % 1000;
          const ops: Operands = { ra: next() % 13, rb: next() % 13, rd: next() % 13, x: imm(), y: imm(), x64: BigInt.asUintN(64, BigInt(next()) * BigInt(next()) * 7n) };
          if (op.format.endsWith("offset")) {
            if (op.format === "offset") ops.x = pc + imm();
            else if (op.format === "reg_reg_offset") ops.x = pc + imm();
            else ops.y = pc + imm();
          }
          const bytes = Uint8Array.from(encodeInstruction(profile, op.name as OpcodeName, ops, pc));
          const code = new Uint8Array(pc + bytes.length);
          code.set(bytes, pc);
          const mask = new Uint8Array(code.length);
          mask[pc] = 1;
          const ins = decodeAt(code, mask, pc, profile);
          expect(OPCODES[ins.id]!.name).toBe(op.name);
          expect(ins.len).toBe(bytes.length);
          const again = encodeInstruction(profile, op.name as OpcodeName, ins, pc);
          expect(again).toEqual(Array.from(bytes));
          expect(formatInstruction(ins).startsWith(op.name)).toBe(true);
        }
      }
    }
  });

  test("an opcode byte outside the profile decodes as trap", () => {
    const code = Uint8Array.of(3);
    const ins = decodeAt(code, Uint8Array.of(1), 0, "gp-0.7");
    expect(ins.id).toBe(OPCODE_ID.trap);
    expect(formatInstruction(ins)).toContain("invalid opcode byte 3");
    expect(OPCODES[decodeAt(code, Uint8Array.of(1), 0, "gp-0.8-draft").id]!.name).toBe("unlikely");
    expect(OPCODES[decodeAt(code, Uint8Array.of(1), 0, "jar").id]!.name).toBe("ecall");
  });

  test("register fields above 12 read as φ12 (GP min(12, ...))", () => {
    const code = Uint8Array.of(opcodeByte("gp-0.7", "add_64")!, 0xff, 0x0f);
    const ins = decodeAt(code, Uint8Array.of(1, 0, 0), 0, "gp-0.7");
    expect([ins.ra, ins.rb, ins.rd]).toEqual([12, 12, 12]);
  });

  test("encoder rejects out-of-range operands", () => {
    expect(() => encodeInstruction("gp-0.7", "add_64", { ra: 13 })).toThrow(RangeError);
    expect(() => encodeInstruction("gp-0.7", "unlikely")).toThrow(/not an instruction of profile gp-0.7/);
  });
});
