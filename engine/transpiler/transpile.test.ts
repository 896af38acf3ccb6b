/**
 * End to end: C → clang-22/ld.lld-22 rv64em ELF → transpiler → GP and JAR v2 blobs →
 * interpreter, compared with the same C run natively; object files; extern data through
 * the GOT; the errors for what cannot be translated; and the Rust guests fib and sieve
 * built by toolchains/build.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { buildGuestElf } from "../../toolchains/build.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FormatError } from "../errors.ts";
import { type TranspileResult, transpileElf } from "./index.ts";
import { parsePasses } from "./passes/pass.ts";
import { type TestHost, compileRv, haveToolchains, removeScratch, runBoth, runNative, scratch } from "./testdata/harness.ts";

const tools = haveToolchains();
if (!tools.rv) console.warn("SKIPPED: transpiler end-to-end tests need clang-22 and ld.lld-22 (apt-get install clang-22 lld-22)");
if (tools.rv && !tools.host) console.warn("SKIPPED: the native comparison needs a host C compiler `cc`");

afterAll(removeScratch);

const transpile = (elf: string, entry?: string): TranspileResult => transpileElf(readFileSync(elf), { file: elf, entry });

function expectSame(r: TranspileResult, native: bigint, host?: TestHost) {
  const { gp, jar } = runBoth(r, host);
  expect(gp.status).toBe("halt");
  expect(jar.status).toBe("halt");
  expect(gp.a0).toBe(native);
  expect(jar.a0).toBe(native);
  expect(jar.gasUsed).toBe(gp.gasUsed);
}

describe.skipIf(!tools.rv || !tools.host)("C programs: PVM result = native result", () => {
  for (const prog of ["arith", "x0", "control", "data"]) {
    for (const opt of ["-O0", "-O2", "-Os"]) {
      test(`${prog}.c ${opt}`, () => {
        const native = runNative([`${prog}.c`], prog);
        const r = transpile(compileRv({ sources: [`${prog}.c`], cflags: [opt], name: `${prog}${opt}` }));
        expect(r.stats.pvmInstructions).toBeGreaterThan(0);
        expectSame(r, native);
      });
    }
  }

  // C (compressed) and the bit-manipulation extensions: the same programs, and one that
  // exercises every Zba/Zbb/Zbs/Zicond instruction, under each -march.
  for (const march of ["rv64emc", "rv64em_zba_zbb_zbs_zicond", "rv64emc_zba_zbb_zbs_zicond"]) {
    for (const prog of ["arith", "control", "data", "bitmanip"]) {
      test(`${prog}.c -O2 -march=${march}`, () => {
        const native = runNative([`${prog}.c`], prog);
        const r = transpile(compileRv({ sources: [`${prog}.c`], cflags: ["-O2"], march, name: `${prog}-${march}` }));
        expectSame(r, native);
      });
    }
  }

  test("bitmanip.c without extensions (the C fallbacks) and at -O0/-Os with them", () => {
    const native = runNative(["bitmanip.c"], "bitmanip");
    expectSame(transpile(compileRv({ sources: ["bitmanip.c"], cflags: ["-O2"], name: "bitmanip-base" })), native);
    for (const opt of ["-O0", "-Os"]) {
      expectSame(transpile(compileRv({ sources: ["bitmanip.c"], cflags: [opt], march: "rv64emc_zba_zbb_zbs_zicond", name: `bitmanip${opt}` })), native);
    }
  });

  test("host calls: `li t0, N; ecall` becomes ecalli N, arguments and results in a0..a5", () => {
    const native = runNative(["hostcall.c"], "hostcall");
    const seen = new Set<number>();
    const host: TestHost = (n, inst) => {
      seen.add(n);
      const a = inst.getReg(7);
      const b = inst.getReg(8);
      if (n === 7) inst.setReg(7, BigInt.asUintN(64, a * 3n + b));
      else if (n === 9) inst.setReg(7, a ^ b);
      else if (n !== 0) return false;
      return true;
    };
    for (const [opt, march] of [["-O2", undefined], ["-O0", undefined], ["-O2", "rv64emc"]] as const) {
      const r = transpile(compileRv({ sources: ["hostcall.c"], cflags: [opt], march, name: `hostcall${opt}${march ?? ""}` }));
      expectSame(r, native, host);
      expect(runBoth(r, host).gp.hostCalls).toBe(40); // 20 iterations, two calls each
    }
    expect([...seen].sort()).toEqual([0, 7, 9]);
  });

  // Every optimisation pass at once on the same programs: results stay the native ones
  // (switch tables through the jump table, calls, spills at -O0, host calls).
  for (const prog of ["arith", "x0", "control", "data", "bitmanip"]) {
    for (const opt of ["-O0", "-O2"]) {
      test(`${prog}.c ${opt} with --passes all`, () => {
        const native = runNative([`${prog}.c`], prog);
        const elf = compileRv({ sources: [`${prog}.c`], cflags: [opt], march: prog === "bitmanip" ? "rv64emc_zba_zbb_zbs_zicond" : undefined, name: `${prog}${opt}-passes` });
        const plain = transpile(elf);
        const r = transpileElf(readFileSync(elf), { file: elf, passes: parsePasses("all") });
        expectSame(r, native);
        const [before, after] = [runBoth(plain).gp.gasUsed, runBoth(r).gp.gasUsed];
        expect(after <= before ? "no more gas" : `gas ${before} -> ${after}`).toBe("no more gas");
      });
    }
  }

  test("extern data and functions through the GOT (two translation units)", () => {
    const sources = ["got-main.c", "got-lib.c"];
    const elf = compileRv({ sources, cflags: ["-O2"], name: "got" });
    expect(readFileSync(elf).includes(Buffer.from(".got"))).toBe(true);
    expectSame(transpile(elf), runNative(sources, "got"));
  });

  test("non-PIC code: absolute lui + %lo addressing (ET_EXEC, and ET_REL)", () => {
    const elf = compileRv({ sources: ["data.c"], cflags: ["-O2"], pic: false, name: "data-abs" });
    expect(readFileSync(elf)[16]).toBe(2); // e_type ET_EXEC
    expectSame(transpile(elf), runNative(["data.c"], "data"));
    const obj = compileRv({ sources: ["control.c"], cflags: ["-O2"], pic: false, link: false, name: "control-abs" });
    expectSame(transpile(obj, "run"), runNative(["control.c"], "control"));
  });

  test("an object file (ET_REL) with --entry", () => {
    const obj = compileRv({ sources: ["control.c"], cflags: ["-O2"], link: false, name: "control-rel" });
    expectSame(transpile(obj, "run"), runNative(["control.c"], "control"));
    const objC = compileRv({ sources: ["control.c"], cflags: ["-O2"], link: false, march: "rv64emc_zba_zbb_zbs_zicond", name: "control-rel-c" });
    expectSame(transpile(objC, "run"), runNative(["control.c"], "control"));
  });
});

describe.skipIf(!tools.rv)("what cannot be translated is an error naming the instruction", () => {
  const build = (name: string, code: string, opts: { march?: string; emitRelocs?: boolean } = {}) => {
    writeFileSync(join(scratch(), `${name}.c`), code);
    return compileRv({ sources: [join(scratch(), `${name}.c`)], cflags: ["-O2"], name, ...opts });
  };
  const error = (elf: string): FormatError => {
    try {
      transpile(elf);
    } catch (e) {
      if (e instanceof FormatError) return e;
      throw e;
    }
    throw new Error("expected a FormatError");
  };

  test("gp, ecall without a constant t0, missing --emit-relocs", () => {
    const gp = error(build("uses-gp", "unsigned long run(void) { unsigned long v; __asm__ volatile(\"mv %0, gp\" : \"=r\"(v)); return v; }"));
    expect(gp.message).toMatch(/uses-gp\.elf: instruction at 0x[0-9a-f]+ `addi a0, gp, 0`.*register gp \(x3\) has no PVM register/);
    expect(gp.offset).toBeGreaterThan(0);
    expect(error(build("uses-ecall", "unsigned long run(void) { __asm__ volatile(\"ecall\"); return 0; }")).message).toMatch(/instruction at 0x[0-9a-f]+ `ecall`.*t0 does not hold a constant.*`li t0, N`/);
    const computed = "unsigned long run(unsigned long n) { register unsigned long t __asm__(\"t0\") = n * 3; __asm__ volatile(\"ecall\" : : \"r\"(t)); return 0; }";
    expect(error(build("uses-ecall-computed", computed)).message).toMatch(/`ecall`.*t0 does not hold a constant/);
    const norelocs = error(build("no-relocs", "unsigned long g = 3; unsigned long run(void) { return *(volatile unsigned long *)&g; }", { emitRelocs: false }));
    expect(norelocs.message).toMatch(/`auipc a0, 0x[0-9a-f]+`.*--emit-relocs/);
  });
});


describe("Rust guests", () => {
  for (const workload of ["fib", "sieve"]) {
    test(`${workload}: transpile, run from both blobs, φ7 = expected`, async () => {
      // a failed guest build fails the test: CI installs the toolchains first
      const built = await buildGuestElf({ workload });
      const r = transpile(built.elfPath, built.entry);
      const { gp, jar } = runBoth(r);
      console.log(`${workload}: ${JSON.stringify(r.stats)}, gas ${gp.gasUsed}`);
      expect([gp.status, jar.status]).toEqual(["halt", "halt"]);
      expect(gp.a0).toBe(BigInt(built.expected));
      expect(jar.a0).toBe(BigInt(built.expected));
    });
  }
});
