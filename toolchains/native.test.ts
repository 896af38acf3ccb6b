/**
 * Native (x86-64) builds: the reference of the RISC-V semantic tests and the `native`
 * bench anchor. The C models in riscv-tests avoid undefined behaviour, so every host
 * compiler and optimisation level must agree, and agree with workload.json.
 */
import { describe, expect, test } from "bun:test";
import { which } from "./common.ts";
import { buildNativeGuest, callNativeEntry } from "./native.ts";
import { readWorkload } from "./workload.ts";

const LONG = 10 * 60 * 1000;
const GROUPS = ["alu", "shift", "word", "muldiv", "memory", "control", "zba", "zbb", "zbs", "zicond", "compressed", "compiled", "runtime"];

describe("native builds", () => {
  test(
    "riscv-tests: workload.json's expected value is the native answer, for every host compiler",
    async () => {
      const expected = BigInt(readWorkload("riscv-tests").expected);
      const compilers = ["clang-22", "clang-19", "cc"].filter((c) => which(c));
      expect(compilers.length).toBeGreaterThan(0);
      const groups = new Map<string, bigint>();
      for (const compiler of compilers) {
        for (const optLevel of ["0", "3"]) {
          const n = await buildNativeGuest({ workload: "riscv-tests", compiler, optLevel });
          expect(n.libPath.endsWith("riscv-tests.so")).toBe(true);
          expect(callNativeEntry(n.libPath, "main")).toBe(expected);
          for (const g of GROUPS) {
            const v = callNativeEntry(n.libPath, `rvt_${g}`);
            if (!groups.has(g)) groups.set(g, v);
            expect(v).toBe(groups.get(g)!);
          }
        }
      }
      // every group contributes something distinct
      expect(new Set(groups.values()).size).toBe(GROUPS.length);
    },
    LONG,
  );

  test("a second build is a cache hit", async () => {
    await buildNativeGuest({ workload: "riscv-tests" });
    const again = await buildNativeGuest({ workload: "riscv-tests" });
    expect(again.cached).toBe(true);
    expect(again.compilerVersion).toMatch(/clang|gcc|cc/);
  });

  test("Rust workloads are refused with a one-line error", async () => {
    await expect(buildNativeGuest({ workload: "fib" })).rejects.toThrow(/^native build fib \(.*\): only C workloads/);
  });
});
