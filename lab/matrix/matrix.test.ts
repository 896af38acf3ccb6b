/**
 * The toolchain x extension matrix. Unit tests for planning and the report, and the CI
 * slice of issue 5: every lab toolchain x {no extensions, all extensions}, riscv-tests
 * (C) against the native x86-64 build and fib/sieve (Rust) against workload.json, on
 * the interpreter. The full 32-subset matrix is `bun lab matrix`.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { installToolchains } from "../../toolchains/install.ts";
import type { ToolchainInfo } from "../../toolchains/registry.ts";
import { MATRIX_PROGRAMS, parseSubsets, planCells, subsetLabel } from "./plan.ts";
import { formatMatrixReport, summaryLine } from "./report.ts";
import type { CellOutcome } from "./run-cell.ts";
import { runMatrix } from "./run-matrix.ts";

const LONG = 30 * 60 * 1000;

const tc = (name: string, kind: ToolchainInfo["kind"], usable = true): ToolchainInfo => ({
  name,
  version: "1",
  kind,
  usable,
  reason: usable ? undefined : "not installed",
});

describe("matrix plan and report", () => {
  test("subsets: every by default, explicit sets deduplicated in order", () => {
    expect(parseSubsets([]).length).toBe(32);
    expect(parseSubsets(["none", "all", "none", "zbb,c"]).map(subsetLabel)).toEqual(["none", "all", "c+zbb"]);
    expect(() => parseSubsets(["zbx"])).toThrow(/unknown RISC-V extension "zbx"/);
  });

  test("C programs pair with clang toolchains, Rust programs with Rust toolchains", () => {
    const cells = planCells(MATRIX_PROGRAMS, [tc("clang-22", "apt-clang"), tc("rust-1.96", "debian-rust"), tc("rust-1.90", "rustup")], parseSubsets(["none", "all"]));
    const names = cells.map((c) => `${c.program.name}@${c.toolchain.name}/${subsetLabel(c.extensions)}`);
    expect(names).toEqual([
      "riscv-tests@clang-22/none",
      "riscv-tests@clang-22/all",
      "fib@rust-1.96/none",
      "fib@rust-1.96/all",
      "fib@rust-1.90/none",
      "fib@rust-1.90/all",
      "sieve@rust-1.96/none",
      "sieve@rust-1.96/all",
      "sieve@rust-1.90/none",
      "sieve@rust-1.90/all",
    ]);
  });

  test("the report marks each cell, lists failures and ends with N passed, N failed", () => {
    const o = (program: string, toolchain: string, extensions: string, passed: boolean, stage: CellOutcome["stage"], detail: string): CellOutcome => ({
      program,
      toolchain,
      extensions,
      passed,
      stage,
      detail,
      ms: 1,
    });
    const outcomes = [
      o("riscv-tests", "clang-22", "none", true, "ok", "main = 1"),
      o("riscv-tests", "clang-22", "all", false, "translate", "x.elf: instruction at 0x10 `clz a0, a1` not translated"),
      o("fib", "rust-1.85", "none", false, "unusable", "toolchain not usable: not installed"),
    ];
    const text = formatMatrixReport(outcomes, parseSubsets(["none", "all"]), ["riscv-tests/workload.json expects 1 but the native build returns 2"]);
    expect(text).toContain("| extensions | riscv-tests@clang-22 | fib@rust-1.85 |");
    expect(text).toMatch(/\| none\s+\| ok\s+\| n\/a\s+\|/);
    expect(text).toMatch(/\| all\s+\| XLATE\s+\|\s+\|/);
    expect(text).toContain("riscv-tests clang-22 ext=all: XLATE: x.elf: instruction at 0x10 `clz a0, a1` not translated");
    expect(text).toContain("reference: riscv-tests/workload.json expects 1");
    expect(text.split("\n").pop()).toBe("1 passed, 3 failed");
    expect(summaryLine(outcomes.slice(0, 1))).toBe("1 passed, 0 failed");
  });
});

describe("every lab toolchain x {none, all} on the interpreter", () => {
  beforeAll(() => installToolchains(), LONG);

  test(
    "riscv-tests equals native; fib and sieve give their expected answers",
    async () => {
      const { outcomes, references } = await runMatrix({
        programs: MATRIX_PROGRAMS,
        toolchains: ["clang-22", "clang-19", "rust-1.96", "rust-1.85"],
        subsets: parseSubsets(["none", "all"]),
        backend: "interpreter",
      });
      expect(references.get("riscv-tests")?.problem).toBeUndefined();
      expect(outcomes.length).toBe(2 * 2 + 2 * 2 * 2);
      const failed = outcomes.filter((o) => !o.passed).map((o) => `${o.program} ${o.toolchain} ${o.extensions}: ${o.stage}: ${o.detail}`);
      expect(failed).toEqual([]);
    },
    LONG,
  );
});

describe("bun lab matrix", () => {
  const cli = join(import.meta.dir, "..", "cli.ts");
  const lab = (...args: string[]) => Bun.spawnSync([process.execPath, cli, "matrix", ...args], { stdout: "pipe", stderr: "pipe" });

  test("bad options are usage errors (exit 2)", () => {
    const r = lab("--extensions", "zbq");
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toContain('--extensions: unknown RISC-V extension "zbq"');
    expect(lab("--programs", "doom").stderr.toString()).toContain('unknown "doom"');
  });

  test(
    "one cell: prints the reference, the table and N passed, N failed",
    () => {
      const r = lab("--programs", "fib", "--toolchains", "rust-1.96", "--extensions", "none");
      const out = r.stdout.toString();
      expect(out).toContain("reference fib: fib/workload.json");
      expect(out).toMatch(/\| none\s+\| ok\s+\|/);
      expect(out.trim().split("\n").pop()).toBe("1 passed, 0 failed");
      expect(r.exitCode).toBe(0);
    },
    LONG,
  );
});
