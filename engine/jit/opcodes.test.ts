import { describe, expect, test } from "bun:test";
import { interpreterBackend } from "../interpreter/interpreter.ts";
import { encodeInstruction, OPCODES, type OpcodeName } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { jitBackend } from "./jit.ts";

// Register triples (φD, φA, φB) that hit the JIT's special cases: φ0 lives in rdx (used
// by div/mul), φ2 in rcx (rotate counts), and every aliasing of destination and sources.
const TRIPLES: Array<[number, number, number]> = [
  [3, 4, 5], [0, 4, 5], [3, 0, 5], [3, 4, 0], [2, 4, 5], [3, 2, 5], [3, 4, 2],
  [4, 4, 5], [5, 4, 5], [3, 4, 4], [0, 0, 0], [2, 2, 2], [0, 2, 0], [2, 0, 2], [12, 11, 10],
];
const EDGES = [0n, 1n, 2n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 63n, (1n << 64n) - 1n, (1n << 63n) - 1n, 0x123456789abcdef0n, 0xfffffffffffffff0n];
const IMMS = [0, -1, 63, -2147483648, 0x7f];

const SKIP = new Set(["ecalli", "sbrk", "unlikely", "ecall", "fallthrough", "trap"]);

function single(name: OpcodeName, d: number, a: number, b: number, x: number): CodeBlob {
  const fmt = OPCODES.find((o) => o.name === name)!.format;
  // map the triple onto the format's fields: 3 registers -> rd, ra, rb; 2+imm -> ra (dest), rb
  const ops = fmt === "reg_reg_reg" ? { rd: d, ra: a, rb: b } : fmt === "reg_reg" ? { rd: d, ra: a } : { ra: d, rb: a, x, y: x };
  const bytes = [...encodeInstruction("gp-0.7", name, ops, 0), ...encodeInstruction("gp-0.7", "trap", {}, 0)];
  const first = bytes.length - 1;
  const mask = bytes.map((_, i) => (i === 0 || i === first ? 1 : 0));
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array() };
}

describe("every ALU opcode, every register aliasing, edge values: JIT = interpreter", () => {
  const names = OPCODES.filter((o) => o.bytes["gp-0.7"] !== undefined && !o.terminator && !SKIP.has(o.name) && ["reg_reg_reg", "reg_reg", "reg_reg_imm"].includes(o.format) && !/load|store/.test(o.name)).map((o) => o.name as OpcodeName);

  test(`${names.length} opcodes x ${TRIPLES.length} register triples x edge values`, () => {
    const bad: string[] = [];
    for (const name of names) {
      for (const [d, a, b] of TRIPLES) {
        for (const x of name.includes("imm") ? IMMS : [0]) {
          const code = single(name, d, a, b, x);
          const mi = interpreterBackend.compile(code, { profile: "gp-0.7", gasCharging: "block" });
          const mj = jitBackend.compile(code, { profile: "gp-0.7", gasCharging: "block" });
          for (let k = 0; k < EDGES.length; k += 2) {
            const va = EDGES[k]!;
            const vb = EDGES[(k * 7 + 3) % EDGES.length]!;
            const run = (backend: typeof jitBackend, m: ReturnType<typeof jitBackend.compile>) => {
              const inst = backend.instantiate(m);
              for (let r = 0; r < 13; r++) inst.setReg(r, 0x5555n * BigInt(r + 1));
              inst.setReg(a, va);
              inst.setReg(b, vb);
              inst.gas = 10n;
              const e = inst.run();
              const regs = Array.from({ length: 13 }, (_, r) => inst.getReg(r));
              inst.dispose?.();
              return { e, regs };
            };
            const i = run(interpreterBackend, mi);
            const j = run(jitBackend, mj);
            const diff = i.regs.findIndex((v, r) => v !== j.regs[r]);
            if (diff >= 0 || i.e.status !== j.e.status) bad.push(`${name} d=${d} a=${a} b=${b} x=${x} φa=${va} φb=${vb}: φ${diff} ${i.regs[diff]} vs ${j.regs[diff]}`);
          }
          mj.dispose?.();
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  }, 300_000);
});
