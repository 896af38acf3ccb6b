import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { encodeInstruction, type OpcodeName, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { vectorsDir } from "../vectors/location.ts";
import { runVector } from "../vectors/run-vector.ts";
import { readVector } from "../vectors/vector.ts";
import { jitBackend } from "./jit.ts";

async function suite(dir: string) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  return Promise.all(files.map(async (f) => readVector(join(dir, f))));
}

describe("JIT on the shared vector suites", () => {
  test("w3f: 307/307 with block charging, and the same 9 gas-only differences with instruction charging", async () => {
    const vs = await suite(join(vectorsDir(), "w3f-pvm-v0.4", "programs"));
    expect(vs.length).toBe(307);
    const block = vs.map((v) => runVector(v, jitBackend, { profile: "gp-0.7", gasCharging: "block" })).filter((o) => !o.passed);
    expect(block.map((o) => `${o.name}: ${o.failures.join("; ")}`)).toEqual([]);
    const instr = vs.map((v) => runVector(v, jitBackend, { profile: "gp-0.7", gasCharging: "instruction" })).filter((o) => !o.passed);
    expect(instr.length).toBe(9);
    expect(instr.every((o) => o.failures.every((f) => f.startsWith("gas:")))).toBe(true);
  }, 120_000);

  test("jam-gas-cost-model: 356/356 under gp-0.8-draft", async () => {
    const vs = await suite(join(vectorsDir(), "jam-gas-cost-model", "programs"));
    expect(vs.length).toBe(356);
    const bad = vs.map((v) => runVector(v, jitBackend, { profile: "gp-0.8-draft" })).filter((o) => !o.passed);
    expect(bad.map((o) => `${o.name}: ${o.failures.join("; ")}`)).toEqual([]);
  }, 120_000);
});

function program(items: Array<[OpcodeName, Operands?]>): CodeBlob {
  const bytes: number[] = [];
  const mask: number[] = [];
  for (const [name, ops] of items) {
    encodeInstruction("gp-0.7", name, ops ?? {}, bytes.length).forEach((b, i) => {
      bytes.push(b);
      mask.push(i === 0 ? 1 : 0);
    });
  }
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array() };
}

describe("JIT exits and sharing", () => {
  test("ecalli leaves native code and resumes after it with registers intact", () => {
    // loop: φ7 += 1; ecalli 0; branch back while φ7 < 1000
    const code = program([
      ["fallthrough"],
      ["add_imm_64", { ra: 7, rb: 7, x: 1 }],
      ["ecalli", { x: 0 }],
      ["branch_lt_u_imm", { ra: 7, x: 1000, y: 1 }],
      ["trap"],
    ]);
    const m = jitBackend.compile(code, { profile: "gp-0.7", gasCharging: "block" });
    const inst = jitBackend.instantiate(m);
    inst.gas = 1_000_000n;
    let calls = 0;
    for (;;) {
      const e = inst.run();
      if (e.status !== "host") {
        expect(e.status).toBe("panic");
        break;
      }
      calls++;
      inst.resumeAfterHostCall();
    }
    expect(calls).toBe(1000);
    expect(inst.getReg(7)).toBe(1000n);
    expect(inst.gas).toBe(1_000_000n - 1n - 1000n * 3n - 1n);
  });

  test("one module serves many instances, each with its own memory", () => {
    const code = program([["load_u64", { ra: 7, x: 0x20000 }], ["add_imm_64", { ra: 7, rb: 7, x: 5 }], ["store_u64", { ra: 7, x: 0x20000 }], ["trap"]]);
    const m = jitBackend.compile(code, { profile: "gp-0.7", gasCharging: "block" });
    const results = [10n, 20n, 30n].map((start) => {
      const inst = jitBackend.instantiate(m);
      inst.mapPages(0x20, 1, true);
      inst.writeMemory(0x20000, new Uint8Array(new BigUint64Array([start]).buffer));
      inst.gas = 100n;
      inst.run();
      const v = new BigUint64Array(inst.readMemory(0x20000, 8).slice().buffer)[0]!;
      inst.dispose?.();
      return v;
    });
    expect(results).toEqual([15n, 25n, 35n]);
  });

  test("a fault outside JIT code still reaches Bun's own handler", () => {
    // a child process dereferences an unmapped address from JS after the JIT's handler
    // is installed: Bun must report the crash, not the JIT swallow it
    const script = `
      import { jitBackend } from ${JSON.stringify(join(import.meta.dir, "jit.ts"))};
      import { read } from "bun:ffi";
      jitBackend.compile({ code: Uint8Array.of(0), mask: Uint8Array.of(1), jumpTable: new Uint32Array() }, { profile: "gp-0.7" });
      console.log("handler installed");
      read.u8(16);
    `;
    const p = Bun.spawnSync([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe", env: { ...process.env, BUN_CRASH_REPORTER_URL: "" } });
    expect(p.stdout.toString()).toContain("handler installed");
    expect(p.exitCode).not.toBe(0);
    expect(p.stderr.toString()).toMatch(/Segmentation fault/);
  });
});

describe("JIT trace and step crosscheck", () => {
  test("traces of both backends are identical, line for line, in both gas modes", async () => {
    const { traceToExit } = await import("../trace/trace.ts");
    const { interpreterBackend } = await import("../interpreter/interpreter.ts");
    const { analyzeCode } = await import("../program/code-info.ts");
    const { decodeCodeBlob } = await import("../program/code-blob.ts");
    const dir = join(vectorsDir(), "w3f-pvm-v0.4", "programs");
    for (const name of ["riscv_rv64ui_add.json", "riscv_rv64um_divw.json", "inst_store_indirect_u16_with_offset_nok.json", "inst_load_imm_and_jump_indirect_misaligned_djump_different_regs_with_offset_nok.json"]) {
      const v = await readVector(join(dir, name));
      const info = analyzeCode(decodeCodeBlob(v.program), "gp-0.7");
      for (const gasCharging of ["block", "instruction"] as const) {
        const traces = [interpreterBackend, jitBackend].map((b) => {
          const lines: string[] = [];
          runVector(v, b, { profile: "gp-0.7", gasCharging, trace: true }, (inst) => traceToExit(inst, info, (l) => lines.push(l)));
          return lines;
        });
        expect(traces[1]).toEqual(traces[0]!);
        expect(traces[0]!.length).toBeGreaterThan(0);
      }
    }
  });

  test("step crosscheck agrees on 200 fuzz programs in every profile", async () => {
    const { randomPlan, encodePlan } = await import("../fuzz/generate.ts");
    const { FUZZ_MODES } = await import("../fuzz/campaign.ts");
    const { crosscheck } = await import("../trace/trace.ts");
    const { interpreterBackend } = await import("../interpreter/interpreter.ts");
    const { analyzeCode } = await import("../program/code-info.ts");
    for (let seed = 1; seed <= 200; seed++) {
      for (const mode of FUZZ_MODES) {
        const c = encodePlan(randomPlan(seed, mode.profile));
        const [ref, cand] = [interpreterBackend, jitBackend].map((b) => {
          const inst = b.instantiate(b.compile(c.code, { profile: c.profile, gasCharging: mode.charging, trace: true }));
          for (const r of c.regions) {
            inst.mapPages(r.address / 4096, r.length / 4096, r.writable);
            inst.writeMemory(r.address, r.data);
          }
          c.regs.forEach((v, i) => inst.setReg(i, v));
          inst.gas = c.gas;
          inst.pc = 0;
          inst.setHeapTop(c.heapStart);
          return inst;
        });
        const r = crosscheck(ref!, cand!, analyzeCode(c.code, c.profile));
        expect(r.divergence?.what).toBeUndefined();
        cand!.dispose?.();
      }
    }
  }, 120_000);
});

describe("JIT with inline bounds checks (the guard-page fallback)", () => {
  const checked = {
    name: "jit+bounds",
    compile: (code: CodeBlob, o: Parameters<typeof jitBackend.compile>[1]) => jitBackend.compile(code, { ...o, boundsChecks: true }),
    instantiate: jitBackend.instantiate,
  };

  test("both vector suites pass", async () => {
    const w3f = await suite(join(vectorsDir(), "w3f-pvm-v0.4", "programs"));
    expect(w3f.map((v) => runVector(v, checked, { profile: "gp-0.7", gasCharging: "block" })).filter((o) => !o.passed).map((o) => o.name)).toEqual([]);
    const gas = await suite(join(vectorsDir(), "jam-gas-cost-model", "programs"));
    expect(gas.map((v) => runVector(v, checked, { profile: "gp-0.8-draft" })).filter((o) => !o.passed).map((o) => o.name)).toEqual([]);
  }, 120_000);

  test("500 fuzz programs agree with the interpreter", async () => {
    const { runCampaign } = await import("../fuzz/campaign.ts");
    const res = runCampaign(checked, 500, 424242);
    expect(res.crash).toBeUndefined();
    expect(res.mismatch?.difference).toBeUndefined();
  }, 120_000);
});
