import { describe, expect, test } from "bun:test";
import { type BenchTarget, NotAvailable, type Outcome } from "./target.ts";
import type { BenchWorkload } from "./workload-info.ts";
import { addRatios, benchWorkload, rowFailed } from "./workloads.ts";
import { DEFAULT_CONFIG } from "../sweep/config.ts";

const W: BenchWorkload = { name: "toy", dir: "/nowhere", entry: "main", expected: 42n, description: "", language: "rust" };
const FAST = { minSamples: 2, maxSamples: 2, budgetNs: 0 };

/** A target whose runs return `outcomes` in turn (the last one repeats). */
function fake(id: string, outcomes: Outcome[], extra: Partial<BenchTarget> = {}, busyNs = 0): BenchTarget {
  let i = 0;
  return {
    id,
    kind: "anchor",
    ...extra,
    async prepare() {
      return {
        compileNs: 5,
        timed: {
          setup: () => undefined,
          run: () => {
            const end = Bun.nanoseconds() + busyNs;
            while (Bun.nanoseconds() < end);
            return outcomes[Math.min(i++, outcomes.length - 1)]!;
          },
        },
      };
    },
  };
}
const ok = (gas?: bigint): Outcome => ({ status: "halt", result: 42n, gas });

describe("benchWorkload", () => {
  test("a right answer gives a median, compile time, gas and correct = true", async () => {
    const [r] = await benchWorkload(W, [fake("interpreter", [ok(7n)], { gasCheck: { blob: "jar", strict: true } })], DEFAULT_CONFIG, FAST);
    expect(r).toMatchObject({ workload: "toy", backend: "interpreter", status: "ok", compile_ns: 5, gas: "7", correct: true, samples: 2 });
    expect(r!.median_ns).toBeGreaterThanOrEqual(0);
    expect(rowFailed(r!)).toBe(false);
  });

  test("not available is a row without a number and not a failure", async () => {
    const t: BenchTarget = { id: "wasm32", kind: "anchor", prepare: async () => { throw new NotAvailable("no wasm-ld"); } };
    const [r] = await benchWorkload(W, [t], DEFAULT_CONFIG, FAST);
    expect(r).toMatchObject({ status: "not-available", median_ns: null, correct: null, note: "no wasm-ld" });
    expect(rowFailed(r!)).toBe(false);
  });

  test("any other prepare error fails the bench", async () => {
    const t: BenchTarget = { id: "jit", kind: "ours", prepare: async () => { throw new Error("build failed\ndetail"); } };
    const [r] = await benchWorkload(W, [t], DEFAULT_CONFIG, FAST);
    expect(r).toMatchObject({ status: "error", note: "build failed" });
    expect(rowFailed(r!)).toBe(true);
  });

  test("a wrong first answer or a wrong timed run fails, with no median", async () => {
    const [a, b, c] = await benchWorkload(
      W,
      [fake("a", [{ status: "halt", result: 41n }]), fake("b", [ok(), ok(), { status: "panic", result: 42n }]), fake("c", [ok(3n), ok(4n)])],
      DEFAULT_CONFIG,
      FAST,
    );
    expect(a).toMatchObject({ status: "wrong-answer", correct: false, median_ns: null, note: "wrong answer: returned 41, expected 42" });
    expect(b).toMatchObject({ status: "wrong-answer", correct: false, note: "wrong answer: timed run 2: ended with panic instead of halt" });
    expect(c).toMatchObject({ status: "wrong-answer", note: "wrong answer: timed run 1: gas 4, first run 3" });
    expect([a, b, c].every((r) => rowFailed(r!))).toBe(true);
  });

  test("gas must agree between strict targets on one blob; a peer's difference is noted", async () => {
    const rows = await benchWorkload(
      W,
      [
        fake("interpreter:gp", [ok(10n)], { gasCheck: { blob: "gp", strict: true } }),
        fake("jit:gp", [ok(11n)], { gasCheck: { blob: "gp", strict: true } }),
        fake("anan-as", [ok(12n)], { gasCheck: { blob: "gp", strict: false } }),
        fake("jit", [ok(99n)], { gasCheck: { blob: "jar", strict: true } }),
      ],
      DEFAULT_CONFIG,
      FAST,
    );
    expect(rows.map((r) => r.status)).toEqual(["ok", "gas-mismatch", "ok", "ok"]);
    expect(rows[1]!.note).toBe("gas differs on the gp blob: interpreter:gp 10, jit:gp 11");
    expect(rows[2]!.note).toBe("gas differs from interpreter:gp (10)");
    expect(rowFailed(rows[1]!)).toBe(true);
  });

  test("ratios divide by the native and anan-as medians", async () => {
    const rows = await benchWorkload(W, [fake("native", [ok()], {}, 200_000), fake("anan-as", [ok()], {}, 2_000_000)], DEFAULT_CONFIG, FAST);
    expect(rows[0]!.ratio_native).toBe(1);
    expect(rows[1]!.ratio_anan_as).toBe(1);
    expect(rows[1]!.ratio_native!).toBeGreaterThan(3);
    expect(rows[0]!.ratio_anan_as!).toBeLessThan(0.3);
  });
});

test("addRatios leaves ratios empty without the anchors", () => {
  const row = { workload: "w", backend: "jit", status: "ok" as const, median_ns: 5, compile_ns: null, gas: null, correct: true, samples: 3, ratio_native: null, ratio_anan_as: null };
  addRatios([row]);
  expect(row.ratio_native).toBeNull();
  expect(row.ratio_anan_as).toBeNull();
});
