import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../paths.ts";
import { SLOWDOWN_ENV, parseSlowdown } from "../runner.ts";
import { thin } from "./baseline-file.ts";
import { sameMachine } from "./check.ts";
import { ciMarkdown } from "./markdown.ts";

const lab = (args: string[], env: Record<string, string | undefined>) => {
  const p = Bun.spawnSync([process.execPath, join(REPO_ROOT, "lab/cli.ts"), ...args], { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
};

describe("ci pieces", () => {
  test("thin keeps the sorted shape", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const t = thin(xs, 11);
    expect(t).toEqual([1, 101, 201, 301, 401, 501, 600, 700, 800, 900, 1000]);
    expect(thin([3, 1, 2])).toEqual([1, 2, 3]);
  });

  test("time is gated only on the same CPU model and core count", () => {
    const m = { cpu: "AMD EPYC", cores: 2, kernel: "a", bun: "1", gitCommit: "x" };
    expect(sameMachine(m, { ...m, kernel: "b", gitCommit: "y" })).toBe(true);
    expect(sameMachine(m, { ...m, cores: 4 })).toBe(false);
  });

  test("the slowdown spec is workload=fraction; bad text names its source", () => {
    expect([...parseSlowdown("fib=0.10, sieve=0.5")]).toEqual([["fib", 0.1], ["sieve", 0.5]]);
    expect(() => parseSlowdown("fib", "--inject-slowdown")).toThrow(/--inject-slowdown: expected workload=fraction/);
    expect(() => parseSlowdown("fib=0")).toThrow(new RegExp(SLOWDOWN_ENV));
  });

  test("markdown: a failing row and the verdict line", () => {
    const md = ciMarkdown([{ workload: "fib", backend: "jit", isa: "gp-0.7", baselineGas: "5", gas: "6", failures: ["gas changed: 5 -> 6"], notes: [] }], ["configuration: x"], true, []);
    expect(md).toContain("## pvm-lab ci (gas only)");
    expect(md).toContain("**FAIL** gas changed: 5 -> 6");
    expect(md.trim().split("\n").at(-1)).toBe("**FAIL**: 1 of 1 rows (fib/jit)");
  });
});

describe("bun lab ci end to end (sieve)", () => {
  test("--update-baseline, then --gas-only passes; a gas change not in the baseline fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "pvm-lab-ci-"));
    const env = { ...process.env, PVM_LAB_BASELINE: join(dir, "baseline.json"), PVM_LAB_BEST: join(dir, "best.yaml") };
    writeFileSync(env.PVM_LAB_BEST, "config:\n  backend: jit\n");
    const w = lab(["ci", "--update-baseline", "--workloads", "sieve"], env);
    expect(w.code).toBe(0);
    const file = JSON.parse(readFileSync(env.PVM_LAB_BASELINE, "utf8"));
    expect(file.results.map((r: { backend: string }) => r.backend).sort()).toEqual(["interpreter", "jit"]);
    expect(file.results.find((r: { backend: string }) => r.backend === "jit").samples_ns.length).toBeGreaterThan(10);
    expect(file.results.find((r: { backend: string }) => r.backend === "interpreter").samples_ns).toEqual([]);

    const ok = lab(["ci", "--gas-only"], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("**PASS**: 2 rows (gas only)");

    file.results[0].gas = String(BigInt(file.results[0].gas) + 1n);
    writeFileSync(env.PVM_LAB_BASELINE, JSON.stringify(file));
    const bad = lab(["ci", "--gas-only"], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/\*\*FAIL\*\* gas changed: \d+ -> \d+ \(not recorded in the baseline\)/);

    expect(lab(["ci", "--threshold", "7"], env).code).toBe(2);
  }, 600_000);
});
