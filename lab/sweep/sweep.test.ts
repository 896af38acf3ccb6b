import { describe, expect, test } from "bun:test";
import { UsageError } from "../command.ts";
import { candidateConfigs, gridConfigs } from "./candidates.ts";
import { decide } from "./decide.ts";
import { DEFAULT_BASELINE, parseExperiment } from "./experiment.ts";

const W = ["fib", "sieve"];
const base = `name: t
workloads: [fib, sieve]
axes:
  inline-threshold: [50, 275, 1000]
`;

function usageError(text: string): string {
  try {
    parseExperiment(text, "exp.yaml", W);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("experiment files", () => {
  test("defaults fill what the file leaves out", () => {
    const e = parseExperiment(base, "exp.yaml", W);
    expect(e.baseline).toEqual(DEFAULT_BASELINE);
    expect(e.strategy).toBe("grid");
    expect(e.metric).toBe("time");
    expect(e.acceptance).toEqual({ minImprovement: 0.02, confidence: 0.95 });
  });

  test("bad values name the file, the key and the allowed values", () => {
    expect(usageError(base + "strategy: annealing\n")).toMatch(/exp.yaml: key "strategy": must be one of grid, random/);
    expect(usageError(base + "metric: 7\n")).toMatch(/key "metric"/);
    expect(usageError(base.replace("fib, sieve", "fib, nope"))).toMatch(/key "workloads\[1\]": unknown workload "nope"; known: fib, sieve/);
    expect(usageError(base + "colour: red\n")).toMatch(/key "colour": unknown key/);
    expect(usageError(base.replace("[50, 275, 1000]", "[50, -3]"))).toMatch(/key "axes.inline-threshold\[1\]"/);
    expect(usageError(base + "acceptance: { confidence: 2 }\n")).toMatch(/acceptance.confidence/);
    expect(usageError("name: [unclosed\n")).toMatch(/exp.yaml \(line \d+, column \d+\): YAML error: Flow sequence/);
    expect(usageError("name: t\nworkloads: [fib]\n")).toMatch(/key "axes": missing/);
  });
});

describe("strategies", () => {
  test("grid spans every combination and skips the baseline", () => {
    const e = parseExperiment(base + "  opt-level: [2, 3]\n", "exp.yaml", W);
    const g = gridConfigs(e, DEFAULT_BASELINE);
    expect(g.length).toBe(5); // 3 x 2 minus the baseline
    expect(g.some((c) => c["inline-threshold"] === 275 && c["opt-level"] === "3")).toBe(false);
  });

  test("random is a seeded permutation cut to the budget", () => {
    const e = parseExperiment(base + "strategy: random\nseed: 7\n  ".trimEnd() + "\n", "exp.yaml", W);
    const a = candidateConfigs(e, DEFAULT_BASELINE, 1);
    const b = candidateConfigs(e, DEFAULT_BASELINE, 1);
    expect(a).toEqual(b);
    expect(a.length).toBe(1);
  });
});

describe("acceptance rule", () => {
  const ok = (workload: string, ratio: number, verdict: string) => ({ workload, status: "ok" as const, ratio, verdict });
  test("promotes a significant improvement above the threshold", () => {
    expect(decide([ok("fib", 0.9, "faster"), ok("sieve", 0.97, "no change")], 0.02).promoted).toBe(true);
  });
  test("reverts: below threshold, a slower workload, nothing significant, a failure", () => {
    expect(decide([ok("fib", 0.99, "faster"), ok("sieve", 1.0, "no change")], 0.02).reason).toMatch(/below the 2.0% threshold/);
    expect(decide([ok("fib", 0.7, "faster"), ok("sieve", 1.05, "slower")], 0.02).reason).toMatch(/slower on sieve/);
    expect(decide([ok("fib", 0.9, "no change")], 0.02).reason).toMatch(/no workload significantly faster/);
    expect(decide([{ workload: "fib", status: "wrong-answer", reason: "returned 1" }], 0.02)).toEqual({ promoted: false, reason: "reverted: fib wrong-answer (returned 1)" });
  });
});
