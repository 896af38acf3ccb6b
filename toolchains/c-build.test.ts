/**
 * C guest builds: flags, caching, errors, and what the ELFs contain. The riscv-tests
 * workload is the subject (its answers are checked by lab/matrix/matrix.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXTENSION_MNEMONICS, OBJDUMP, RV64EM_MNEMONICS, auditRv64em } from "./audit.ts";
import { GuestBuildError, buildGuestElf, planGuestBuild } from "./build.ts";
import type { CBuildPlan } from "./c-build.ts";
import { WORKLOADS_DIR, which } from "./common.ts";
import { EF_RISCV_RVC, EF_RISCV_RVE, ET_DYN, readElfInfo } from "./elf-info.ts";
import { EXTENSIONS } from "./extensions.ts";
import { installToolchains } from "./install.ts";

const LONG = 20 * 60 * 1000;
const tmp = mkdtempSync(join(tmpdir(), "pvm-cbuild-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  await installToolchains({ only: ["clang-22", "clang-19"] });
}, LONG);

async function cPlan(o: Parameters<typeof planGuestBuild>[0]): Promise<CBuildPlan> {
  const p = await planGuestBuild(o);
  if (p.language !== "c") throw new Error(`expected a C plan for ${o.workload}`);
  return p;
}

/** A throwaway C workload in the temp dir. */
function cWorkload(name: string, source: string, extra: Record<string, unknown> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.c"), source);
  writeFileSync(
    join(dir, "workload.json"),
    JSON.stringify({ language: "c", entry: "main", expected: "0", sources: ["main.c"], ...extra }),
  );
  return dir;
}

describe("C guest builds", () => {
  for (const toolchain of ["clang-22", "clang-19"]) {
    for (const ext of ["none", "all"]) {
      test(
        `riscv-tests with ${toolchain}, extensions ${ext}: an rv64em(+ext) PIE that uses them`,
        async () => {
          const b = await buildGuestElf({ workload: "riscv-tests", toolchain, extensions: ext });
          expect(b).toMatchObject({ language: "c", toolchain, extensions: ext, entry: "main" });
          const elf = readElfInfo(new Uint8Array(readFileSync(b.elfPath)));
          expect(elf.type).toBe(ET_DYN);
          expect(elf.flags & EF_RISCV_RVE).toBe(EF_RISCV_RVE);
          expect(elf.flags & EF_RISCV_RVC).toBe(ext === "all" ? EF_RISCV_RVC : 0);
          for (const g of ["main", "rvt_alu", "rvt_zbb", "rvt_compressed", "rvt_runtime"]) {
            expect(elf.symbols.some((s) => s.name === g && s.shndx !== 0)).toBe(true);
          }
          if (!which(OBJDUMP)) return;
          const exts = ext === "all" ? [...EXTENSIONS] : [];
          const audit = await auditRv64em(b.elfPath, exts);
          expect(audit.violations).toEqual([]);
          // Every instruction the transpiler translates is in the suite.
          const want =
            ext === "all"
              ? EXTENSIONS.flatMap((e) => EXTENSION_MNEMONICS[e])
              : RV64EM_MNEMONICS.filter((m) => m !== "ecall" && m !== "ebreak");
          expect(want.filter((m) => !audit.mnemonics.includes(m))).toEqual([]);
        },
        LONG,
      );
    }
  }

  test("a second build is a cache hit; keys follow compiler, flags and sources", async () => {
    const first = await buildGuestElf({ workload: "riscv-tests" });
    const mtime = statSync(first.elfPath).mtimeMs;
    const t = performance.now();
    const again = await buildGuestElf({ workload: "riscv-tests" });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(again.cached).toBe(true);
    expect(statSync(again.elfPath).mtimeMs).toBe(mtime);

    const base = await cPlan({ workload: "riscv-tests" });
    expect(base.compiler.name).toBe("clang-22");
    expect(base.flags).toContain("-march=rv64em");
    expect(base.flags).toContain("-mabi=lp64e");
    expect(base.flags).toContain("-ffreestanding");
    expect(base.flags.join(" ")).toContain("-mllvm -inline-threshold=275");
    expect(base.linkFlags).toEqual(expect.arrayContaining(["-pie", "--emit-relocs", "--gc-sections"]));
    const keys = new Set([base.cacheKey]);
    for (const o of [
      { toolchain: "clang-19" },
      { extensions: "zba" },
      { extensions: "c" },
      { optLevel: "s" },
      { inlineThreshold: 50 },
    ]) {
      keys.add((await cPlan({ workload: "riscv-tests", ...o })).cacheKey);
    }
    expect(keys.size).toBe(6);
    // A Rust toolchain name picks the clang of the same LLVM.
    expect((await cPlan({ workload: "riscv-tests", toolchain: "rust-1.96" })).cacheKey).toBe(base.cacheKey);
    expect((await cPlan({ workload: "riscv-tests", toolchain: "rust-1.85" })).compiler.name).toBe("clang-19");

    const copy = join(tmp, "riscv-tests");
    cpSync(join(WORKLOADS_DIR, "riscv-tests"), copy, { recursive: true });
    expect((await cPlan({ workload: copy })).cacheKey).toBe(base.cacheKey);
    writeFileSync(join(copy, "src", "alu.c"), `${readFileSync(join(copy, "src", "alu.c"), "utf8")}\n/* changed */\n`);
    expect((await cPlan({ workload: copy })).cacheKey).not.toBe(base.cacheKey);
  });

  test(
    "a compile error names the file and the first error; the detail has clang's output",
    async () => {
      const dir = cWorkload("broken", "unsigned long main(void) { return undefined_value; }\n");
      const err = await buildGuestElf({ workload: dir }).then(
        () => undefined,
        (e) => e,
      );
      expect(err).toBeInstanceOf(GuestBuildError);
      expect(err.message).toMatch(/^build broken \(clang-22\): clang-22 failed on main.c: .*error: use of undeclared identifier 'undefined_value'/);
      expect(err.message).not.toContain("\n");
      expect(err.detail).toContain("undefined_value");
    },
    LONG,
  );

  test(
    "a link error names the undefined symbol (the runtime has no malloc)",
    async () => {
      const dir = cWorkload(
        "needs-malloc",
        "#include <stdlib.h>\nunsigned long main(void) { char *p = malloc(8); return p != 0; }\n",
      );
      await expect(buildGuestElf({ workload: dir })).rejects.toThrow(/ld\.lld-22 failed: .*undefined symbol: malloc/);
    },
    LONG,
  );

  test("a Rust toolchain for a C workload needs its clang; a clang for Rust is refused", async () => {
    await expect(buildGuestElf({ workload: "fib", toolchain: "clang-22" })).rejects.toThrow(/C toolchain/);
    await expect(buildGuestElf({ workload: "riscv-tests", toolchain: "gcc-12" })).rejects.toThrow(/unknown toolchain "gcc-12"/);
  });
});
