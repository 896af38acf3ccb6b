import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { encodeInstruction, type OpcodeName, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { runVector } from "../vectors/run-vector.ts";
import { readVector } from "../vectors/vector.ts";
import { vectorsDir } from "../vectors/location.ts";
import { interpreterBackend } from "./interpreter.ts";

const w3f = join(vectorsDir(), "w3f-pvm-v0.4", "programs");
const files = readdirSync(w3f).filter((f) => f.endsWith(".json")).sort();

describe("w3f PVM v0.4 vectors", () => {
  test("all 307 pass with block charging", async () => {
    expect(files.length).toBe(307);
    const failed: string[] = [];
    for (const f of files) {
      const out = runVector(await readVector(join(w3f, f)), interpreterBackend, { profile: "gp-0.7", gasCharging: "block" });
      if (!out.passed) failed.push(`${f}: ${out.failures.join("; ")}`);
    }
    expect(failed).toEqual([]);
  });

  test("instruction charging differs on exactly the 9 page-fault vectors, in gas only", async () => {
    const failed: string[] = [];
    for (const f of files) {
      const v = await readVector(join(w3f, f));
      const out = runVector(v, interpreterBackend, { profile: "gp-0.7", gasCharging: "instruction" });
      if (!out.passed) {
        expect(out.failures.every((m) => m.startsWith("gas:"))).toBe(true);
        const assert = v.steps.find((s) => s.kind === "assert")!;
        expect(assert.kind === "assert" && assert.expect.status).toBe("page-fault");
        failed.push(f);
      }
    }
    expect(failed.length).toBe(9);
  });
});

/** Assembles a straight program from (name, operands) pairs; every instruction is one opcode start. */
function program(items: Array<[OpcodeName, Operands?]>, jumpTable: number[] = []): CodeBlob {
  const bytes: number[] = [];
  const mask: number[] = [];
  for (const [name, ops] of items) {
    const enc = encodeInstruction("gp-0.7", name, ops ?? {}, bytes.length);
    enc.forEach((b, i) => {
      bytes.push(b);
      mask.push(i === 0 ? 1 : 0);
    });
  }
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: Uint32Array.from(jumpTable) };
}

function runCode(code: CodeBlob, gas = 1000n, charging: "block" | "instruction" = "block") {
  const m = interpreterBackend.compile(code, { profile: "gp-0.7", gasCharging: charging });
  const inst = interpreterBackend.instantiate(m);
  inst.gas = gas;
  return { inst, exit: inst.run() };
}

describe("interpreter semantics beyond the vectors", () => {
  test("out of gas in block mode: a block that cannot be paid for does not start", () => {
    const code = program([["load_imm", { ra: 7, x: 5 }], ["add_imm_64", { ra: 7, rb: 7, x: 1 }], ["trap"]]);
    const { inst, exit } = runCode(code, 2n);
    expect(exit).toEqual({ status: "out-of-gas", pc: 0 });
    expect(inst.gas).toBe(2n);
    expect(inst.getReg(7)).toBe(0n);
  });

  test("out of gas in instruction mode stops at the first unpaid instruction", () => {
    const code = program([["load_imm", { ra: 7, x: 5 }], ["add_imm_64", { ra: 7, rb: 7, x: 1 }], ["trap"]]);
    const { inst, exit } = runCode(code, 1n, "instruction");
    expect(exit.status).toBe("out-of-gas");
    expect(exit.pc).toBe(3);
    expect(inst.getReg(7)).toBe(5n);
    expect(inst.gas).toBe(0n);
  });

  test("ecalli exits with its index and resumes after it without re-charging", () => {
    const code = program([["ecalli", { x: 7 }], ["load_imm", { ra: 8, x: 1 }], ["trap"]]);
    const { inst, exit } = runCode(code, 100n);
    expect(exit).toEqual({ status: "host", pc: 0, hostCall: 7n });
    expect(inst.gas).toBe(97n);
    inst.resumeAfterHostCall();
    const again = inst.run();
    expect(again.status).toBe("panic");
    expect(inst.getReg(8)).toBe(1n);
    expect(inst.gas).toBe(97n);
  });

  test("huge gas budgets stay exact", () => {
    const code = program([["fallthrough"], ["trap"]]);
    const big = (1n << 63n) - 5n;
    const { inst } = runCode(code, big);
    expect(inst.gas).toBe(big - 2n);
  });

  test("dynamic jumps: halt address, jump-table entry, misaligned index", () => {
    // φ0 = 2 -> jump table entry 0 -> pc of the final trap
    const items: Array<[OpcodeName, Operands?]> = [["load_imm", { ra: 0, x: 2 }], ["jump_ind", { ra: 0, x: 0 }], ["trap"]];
    const probe = program(items);
    const trapPc = probe.code.length - 1;
    const { exit } = runCode(program(items, [trapPc]));
    expect(exit).toEqual({ status: "panic", pc: trapPc });
    const halt = runCode(program([["load_imm", { ra: 0, x: -65536 }], ["jump_ind", { ra: 0, x: 0 }]]));
    expect(halt.exit.status).toBe("halt");
    const odd = runCode(program([["load_imm", { ra: 0, x: 3 }], ["jump_ind", { ra: 0, x: 0 }], ["trap"]], [0]));
    expect(odd.exit).toEqual({ status: "panic", pc: 3 });
  });

  test("sbrk hands out the heap and maps its pages", () => {
    const code = program([["load_imm", { ra: 2, x: 5000 }], ["sbrk", { rd: 3, ra: 2 }], ["sbrk", { rd: 4, ra: 2 }], ["store_ind_u8", { ra: 2, rb: 4, x: 4999 }], ["trap"]]);
    const m = interpreterBackend.compile(code, { profile: "gp-0.7", gasCharging: "block" });
    const inst = interpreterBackend.instantiate(m);
    inst.gas = 100n;
    inst.setHeapTop(0x20000);
    expect(inst.run().status).toBe("panic");
    expect(inst.getReg(3)).toBe(0x20000n);
    expect(inst.getReg(4)).toBe(0x20000n + 5000n);
    expect(inst.readMemory(0x20000 + 9999, 1)[0]).toBe(5000 & 0xff);
  });
});
