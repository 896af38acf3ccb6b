/**
 * The C extension expander (compressed.ts): known encodings produced by
 * `llvm-mc-22 -triple=riscv64 -mattr=+c,+e -M no-aliases -show-encoding` from the text
 * beside them, and, where llvm-mc-22 is installed, all 49152 halfwords: every one the
 * expander accepts must re-assemble (llvm-mc with +c compresses what it can) to the
 * same halfword, or be a HINT or an alternative encoding with the same effect, and
 * every one it rejects must be `<unknown>` to llvm-objdump (RV64C without F/D).
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RvDecodeError } from "./decode.ts";
import { decodeCompressed, decodeRvAt } from "./compressed.ts";
import { formatRv } from "./format.ts";
import { shapeOf } from "./mnemonics.ts";
import { rvRegName } from "./registers.ts";

const AT = 0x1000;
const hex = (v: number) => `0x${(AT + v).toString(16)}`;

/** [little-endian bytes, llvm-mc text, the expansion in formatRv spelling] */
const KNOWN: Array<[number[], string, string]> = [
  [[0xe0, 0x1f], "c.addi4spn s0, sp, 1020", "addi s0, sp, 1020"],
  [[0xe8, 0x5f], "c.lw a0, 124(a5)", "lw a0, 124(a5)"],
  [[0xec, 0x7c], "c.ld a1, 248(s1)", "ld a1, 248(s1)"],
  [[0xb0, 0xc2], "c.sw a2, 64(a3)", "sw a2, 64(a3)"],
  [[0x98, 0xe7], "c.sd a4, 8(a5)", "sd a4, 8(a5)"],
  [[0x01, 0x00], "c.nop", "addi zero, zero, 0"],
  [[0x01, 0x15], "c.addi a0, -32", "addi a0, a0, -32"],
  [[0xfd, 0x25], "c.addiw a1, 31", "addiw a1, a1, 31"],
  [[0xfd, 0x52], "c.li t0, -1", "addi t0, zero, -1"],
  [[0x01, 0x71], "c.addi16sp sp, -512", "addi sp, sp, -512"],
  [[0x81, 0x77], "c.lui a5, 1048544", "lui a5, 0xfffe0"],
  [[0x05, 0x63], "c.lui t1, 1", "lui t1, 0x1"],
  [[0x7d, 0x90], "c.srli s0, 63", "srli s0, s0, 63"],
  [[0x85, 0x85], "c.srai a1, 1", "srai a1, a1, 1"],
  [[0x7d, 0x9a], "c.andi a2, -1", "andi a2, a2, -1"],
  [[0x99, 0x8e], "c.sub a3, a4", "sub a3, a3, a4"],
  [[0xb9, 0x8e], "c.xor a3, a4", "xor a3, a3, a4"],
  [[0x45, 0x8c], "c.or s0, s1", "or s0, s0, s1"],
  [[0x7d, 0x8d], "c.and a0, a5", "and a0, a0, a5"],
  [[0x91, 0x9d], "c.subw a1, a2", "subw a1, a1, a2"],
  [[0xb1, 0x9d], "c.addw a1, a2", "addw a1, a1, a2"],
  [[0x01, 0xb0], "c.j -2048", `jal zero, ${hex(-2048)}`],
  [[0xfd, 0xaf], "c.j 2046", `jal zero, ${hex(2046)}`],
  [[0x01, 0xd1], "c.beqz a0, -256", `beq a0, zero, ${hex(-256)}`],
  [[0xfd, 0xec], "c.bnez s1, 254", `bne s1, zero, ${hex(254)}`],
  [[0x86, 0x13], "c.slli t2, 33", "slli t2, t2, 33"],
  [[0xfe, 0x50], "c.lwsp ra, 252(sp)", "lw ra, 252(sp)"],
  [[0xfe, 0x74], "c.ldsp s1, 504(sp)", "ld s1, 504(sp)"],
  [[0x82, 0x80], "c.jr ra", "jalr zero, 0(ra)"],
  [[0x16, 0x85], "c.mv a0, t0", "add a0, zero, t0"],
  [[0x02, 0x90], "c.ebreak", "ebreak"],
  [[0x82, 0x97], "c.jalr a5", "jalr ra, 0(a5)"],
  [[0x2a, 0x91], "c.add sp, a0", "add sp, sp, a0"],
  [[0xbe, 0xdf], "c.swsp a5, 252(sp)", "sw a5, 252(sp)"],
  [[0x86, 0xff], "c.sdsp ra, 504(sp)", "sd ra, 504(sp)"],
  [[0x00, 0x00], "c.unimp", "unimp"],
];

describe("compressed (C) instructions", () => {
  test("known encodings expand to their 32-bit equivalents", () => {
    const got = KNOWN.map(([b]) => decodeCompressed(b[0]! | (b[1]! << 8), AT)).map((i) => [formatRv(i), i.size]);
    expect(got).toEqual(KNOWN.map(([, , t]) => [t, 2]));
  });

  test("decodeRvAt picks the width from the low two bits and steps over mixed code", () => {
    // c.li a0, 5 | addi a0, a0, 1 (32-bit, at a 2-aligned address) | c.jr ra
    const bytes = Uint8Array.of(0x15, 0x45, 0x13, 0x05, 0x15, 0x00, 0x82, 0x80);
    const out: string[] = [];
    for (let off = 0; off < bytes.length; ) {
      const ins = decodeRvAt(bytes, off, AT + off);
      out.push(`${ins.addr.toString(16)}:${ins.size}:${formatRv(ins)}`);
      off += ins.size;
    }
    expect(out).toEqual(["1000:2:addi a0, zero, 5", "1002:4:addi a0, a0, 1", "1006:2:jalr zero, 0(ra)"]);
    expect(() => decodeRvAt(Uint8Array.of(0x13, 0x05), 0, AT)).toThrow(/cut off/);
  });

  test("floating point and reserved encodings are errors that say why", () => {
    const reason = (h: number) => {
      try {
        decodeCompressed(h, AT);
      } catch (e) {
        expect(e).toBeInstanceOf(RvDecodeError);
        return (e as RvDecodeError).reason;
      }
      throw new Error("expected an RvDecodeError");
    };
    expect(reason(0x2000)).toMatch(/floating point/); // c.fld
    expect(reason(0x0004)).toMatch(/c.addi4spn with a zero immediate/);
    expect(reason(0x6101)).toMatch(/c.addi16sp with a zero immediate/);
    expect(reason(0x8082 & ~0x0f80)).toMatch(/c.jr with rs1 = x0/);
    expect(reason(0x9c41)).toMatch(/reserved or Zcb/); // funct6 100111, funct2 10 (Zcb c.mul)
  });

  const llvm = Bun.which("llvm-mc-22") !== null && Bun.which("llvm-objdump-22") !== null;
  test.skipIf(!llvm)("all 49152 halfwords agree with llvm-mc-22 / llvm-objdump-22", () => {
    const dir = mkdtempSync(join(tmpdir(), "pvm-rvc-"));
    try {
      const lines: string[] = [];
      const accepted: number[] = [];
      const rejected: number[] = [];
      for (let h = 0; h < 0x10000; h++) {
        if ((h & 3) === 3) continue;
        let ins;
        try {
          ins = decodeCompressed(h, 0);
        } catch {
          rejected.push(h);
          continue;
        }
        // llvm-mc takes branch and jump offsets as plain numbers
        const shape = shapeOf(ins.op);
        const text = ins.op === "unimp" ? "c.unimp"
          : shape === "j" ? `${ins.op} ${rvRegName(ins.rd)}, ${ins.imm}`
          : shape === "branch" ? `${ins.op} ${rvRegName(ins.rs1)}, ${rvRegName(ins.rs2)}, ${ins.imm}`
          : formatRv(ins);
        lines.push(text);
        accepted.push(h);
      }
      writeFileSync(join(dir, "expanded.s"), lines.join("\n") + "\n");
      const mc = Bun.spawnSync(["llvm-mc-22", "-triple=riscv64", "-mattr=+c", "-show-encoding", join(dir, "expanded.s")]);
      const encodings = mc.stdout.toString().split("\n").filter((l) => l.includes("encoding:"));
      expect(encodings.length).toBe(lines.length);
      const differ: string[] = [];
      encodings.forEach((l, i) => {
        const bytes = l.slice(l.indexOf("[") + 1, l.indexOf("]")).split(",").map((x) => parseInt(x, 16));
        const again = bytes.length === 2 ? bytes[0]! | (bytes[1]! << 8) : -1;
        if (again === accepted[i]) return;
        const t = lines[i]!;
        // HINTs: writes to x0, and `addi/shift rd, rd, 0`, are no-ops that llvm-mc does not compress back.
        if (/^(addi|slli|srli|srai|add|lui|andi) zero,/.test(t) || /^(addi|slli|srli|srai) (\w+), \2, 0$/.test(t)) return;
        // `addi sp, sp, ±16k` has two compressed encodings (c.addi and c.addi16sp).
        if (/^addi sp, sp, -?\d+$/.test(t) && again >= 0 && (again & 0xe003) === 0x0001) return;
        differ.push(`${accepted[i]!.toString(16).padStart(4, "0")}: ${t} -> ${l.trim()}`);
      });
      expect(differ.slice(0, 10)).toEqual([]);
      writeFileSync(join(dir, "rejected.s"), rejected.map((h) => `.insn 2, 0x${h.toString(16)}`).join("\n") + "\n");
      Bun.spawnSync(["llvm-mc-22", "-triple=riscv64", "-mattr=+c", "-filetype=obj", join(dir, "rejected.s"), "-o", join(dir, "rejected.o")]);
      const dis = Bun.spawnSync(["llvm-objdump-22", "-d", "-M", "no-aliases", "--no-show-raw-insn", join(dir, "rejected.o")]).stdout.toString();
      const known = dis.split("\n").filter((l) => /^\s+[0-9a-f]+:/.test(l) && !l.includes("<unknown>"));
      expect(known.slice(0, 10)).toEqual([]);
      expect(rejected.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
