import { describe, expect, test } from "bun:test";
import { UsageError } from "../command.ts";
import { type Config, DEFAULT_CONFIG, configKey } from "./config.ts";
import { decide } from "./decide.ts";
import { parseExperiment, promotedBest, startingConfig } from "./experiment.ts";
import { gridConfigs, makeSearch } from "./strategies.ts";

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
    expect(e.pins).toEqual({});
    expect(e.strategy).toBe("grid");
    expect(e.metric).toBe("time");
    expect(e.acceptance).toEqual({ minImprovement: 0.02, confidence: 0.95 });
    expect(e.timing).toEqual({ rounds: 10, samplesPerRound: 3, roundMs: 40 });
  });

  test("every axis, pins, workloads: all", () => {
    const e = parseExperiment(
      `name: t\nworkloads: all\nstrategy: greedy\nbackend: jit\nbaseline: { isa: jar }\naxes:\n  backend: [interpreter, jit]\n  isa: [gp-0.7, jar]\n  toolchain: [rust-1.96, clang-22]\n  opt-level: [2, s]\n  extensions: ["zbb,zba", all]\n  passes: [none, peephole]\n`,
      "exp.yaml", W,
    );
    expect(e.workloads).toEqual(W);
    expect(e.allWorkloads).toBe(true);
    expect(e.pins).toEqual({ backend: "jit", isa: "jar" });
    expect(Object.keys(e.axes)).toEqual(["backend", "isa", "toolchain", "opt-level", "extensions", "passes"]);
    expect(e.axes.extensions).toEqual(["zba,zbb", "all"]);
    expect(e.axes["opt-level"]).toEqual(["2", "s"]);
  });

  test("bad values name the file, the key and the allowed values", () => {
    expect(usageError(base + "strategy: annealing\n")).toMatch(/exp.yaml: key "strategy": must be one of grid, random, greedy/);
    expect(usageError(base + "metric: 7\n")).toMatch(/key "metric"/);
    expect(usageError(base.replace("fib, sieve", "fib, nope"))).toMatch(/key "workloads\[1\]": unknown workload "nope"; known: fib, sieve/);
    expect(usageError(base + "colour: red\n")).toMatch(/key "colour": unknown key/);
    expect(usageError(base.replace("[50, 275, 1000]", "[50, -3]"))).toMatch(/key "axes.inline-threshold\[1\]": must be an integer/);
    expect(usageError(base + "acceptance: { confidence: 2 }\n")).toMatch(/acceptance.confidence/);
    expect(usageError("name: [unclosed\n")).toMatch(/exp.yaml \(line \d+, column \d+\): YAML error: Flow sequence/);
    expect(usageError("name: t\nworkloads: [fib]\n")).toMatch(/key "axes": missing/);
    expect(usageError(base + "backend: wasm\n")).toMatch(/key "backend": must be one of interpreter, jit/);
    expect(usageError(base + "  isa: [gp-0.7, risc]\n")).toMatch(/key "axes.isa\[1\]": must be one of gp-0.7, gp-0.8-draft, jar/);
    expect(usageError(base + "  passes: [inline-everything]\n")).toMatch(/key "axes.passes\[0\]": must be "none", "all" or a comma list of liveness/);
    expect(usageError(base + "  isa: [gp-0.7, jar]\nmetric: gas\n")).toMatch(/key "axes.isa": cannot be tuned with metric gas/);
    expect(usageError(base + "timing: { rounds: 4 }\n")).toMatch(/key "timing.rounds": 4 rounds can never be significant at confidence 0.95 \(need at least 6\)/);
  });

  test("the start is best.yaml with the pins; a promotion writes back only the tuned axes", () => {
    const e = parseExperiment(base + "backend: interpreter\n", "exp.yaml", W);
    const best: Config = { ...DEFAULT_CONFIG, backend: "jit", "opt-level": "2" };
    const start = startingConfig(e, best);
    expect(start).toEqual({ ...best, backend: "interpreter" });
    expect(promotedBest(e, best, { ...start, "inline-threshold": 50 })).toEqual({ ...best, "inline-threshold": 50 });
  });
});

/** Drives a search to its end; `better(c, current)` says whether a trial would be promoted. */
function drive(text: string, better: (c: Config, current: Config) => boolean, limit = 100) {
  const e = parseExperiment(text, "exp.yaml", W);
  const s = makeSearch(e, DEFAULT_CONFIG);
  let current = DEFAULT_CONFIG;
  const trace: Array<{ c: Config; promoted: boolean; axis?: string; pass?: number }> = [];
  for (let i = 0; i < limit; i++) {
    const p = s.next(current);
    if (!p) break;
    const promoted = better(p.config, current);
    s.record(p, promoted);
    trace.push({ c: p.config, promoted, axis: p.axis, pass: p.pass });
    if (promoted) current = p.config;
  }
  return { trace, current };
}

describe("strategies", () => {
  test("grid spans every combination and skips the start", () => {
    const e = parseExperiment(base + "  opt-level: [2, 3]\n", "exp.yaml", W);
    const g = gridConfigs(e, DEFAULT_CONFIG);
    expect(g.length).toBe(5); // 3 x 2 minus the start
    expect(g.some((c) => configKey(c) === configKey(DEFAULT_CONFIG))).toBe(false);
  });

  test("random is a seeded permutation of the grid", () => {
    const t = base + "strategy: random\nseed: 7\n";
    const a = drive(t, () => false).trace.map((x) => configKey(x.c));
    const b = drive(t, () => false).trace.map((x) => configKey(x.c));
    expect(a).toEqual(b);
    expect(a.length).toBe(2);
  });

  test("greedy: one axis at a time from the current best, the axis ends at its best value", () => {
    // time model: opt-level 2 is better than 3, s better still; threshold 1000 better than 275
    const cost = (c: Config) => ({ "2": 0.9, s: 0.8, "3": 1 })[c["opt-level"] as "2"]! * (c["inline-threshold"] === 1000 ? 0.95 : 1);
    const text = "name: g\nworkloads: [fib]\nstrategy: greedy\naxes:\n  opt-level: [2, s, 3]\n  inline-threshold: [50, 1000]\n";
    const { trace, current } = drive(text, (c, cur) => cost(c) < cost(cur) * 0.98);
    expect(current["opt-level"]).toBe("s");
    expect(current["inline-threshold"]).toBe(1000);
    // pass 1: O2 (promoted), Os vs O2 (promoted), O3 vs Os, it=50, it=1000 (promoted)
    expect(trace.slice(0, 5).map((t) => `${t.axis}=${t.c[t.axis as "opt-level"]}${t.promoted ? "+" : ""}`)).toEqual([
      "opt-level=2+", "opt-level=s+", "opt-level=3", "inline-threshold=50", "inline-threshold=1000+",
    ]);
    // pass 2 repeats only pairs not measured yet, and finds nothing: the search ends
    expect(trace.slice(5).every((t) => t.pass === 2 && !t.promoted)).toBe(true);
    const seen = new Set(trace.map((t) => configKey(t.c)));
    expect(seen.size).toBeGreaterThan(4);
  });

  test("greedy stops after a pass without promotion, and honours max-passes", () => {
    const text = "name: g\nworkloads: [fib]\nstrategy: greedy\nmax-passes: 1\naxes:\n  opt-level: [2, s]\n";
    expect(drive(text, () => false).trace.length).toBe(2);
    expect(drive(text, () => true).trace.length).toBe(2);
  });
});

describe("acceptance rule", () => {
  const ok = (workload: string, ratio: number, verdict: string) => ({ workload, status: "ok" as const, ratio, verdict });
  test("promotes a significant improvement above the threshold", () => {
    expect(decide([ok("fib", 0.9, "faster"), ok("sieve", 0.97, "no change")], 0.02).promoted).toBe(true);
  });
  test("reverts: below threshold, a slower workload, nothing significant, a failure, identical code", () => {
    expect(decide([ok("fib", 0.99, "faster"), ok("sieve", 1.0, "no change")], 0.02).reason).toMatch(/below the 2.0% threshold/);
    expect(decide([ok("fib", 0.7, "faster"), { ...ok("sieve", 1.05, "slower"), ciLow: 1.03, ciHigh: 1.07 }], 0.02).reason).toMatch(/slower on sieve \(ratio 1.050, CI \[1.030, 1.070\]\)/);
    // not significant, but its whole CI is above 1: that blocks a promotion too
    expect(decide([ok("fib", 0.7, "faster"), { ...ok("keccak", 1.72, "no change"), ciLow: 1.11, ciHigh: 2.83 }], 0.02).reason).toMatch(/reverted: slower on keccak/);
    expect(decide([ok("fib", 0.9, "no change")], 0.02).reason).toMatch(/no workload significantly faster/);
    expect(decide([{ workload: "fib", status: "wrong-answer", reason: "returned 1" }], 0.02)).toEqual({ promoted: false, reason: "reverted: fib wrong-answer (returned 1)" });
    expect(decide([{ ...ok("fib", 1, "no change"), reason: "identical code" }], 0.02).reason).toBe("reverted: no change (identical code on every workload)");
    expect(decide([ok("fib", 0.8, "faster")], 0.02, "gas").reason).toMatch(/20.0% less gas/);
  });
});
