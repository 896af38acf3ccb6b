import { expect, test } from "bun:test";
import { benchMarkdown, formatBenchTable, formatMs, formatRatio, tableCells } from "./table.ts";
import type { BenchRow } from "./workloads.ts";

const row = (over: Partial<BenchRow>): BenchRow => ({
  workload: "sort", backend: "jit", status: "ok", median_ns: 3_185_000, compile_ns: 7_063_000, gas: "91781174", correct: true, samples: 30, ratio_native: 2.4, ratio_anan_as: 0.00213, ...over,
});

test("a measured row shows ms, compile ms, ratios and gas", () => {
  expect(tableCells([row({})])[0]).toEqual({
    workload: "sort", backend: "jit", "median ms": "3.185", "compile ms": "7.063", "x native": "2.40x", "x anan-as": "1/469", gas: "91781174", correct: "yes", note: "",
  });
});

test("rows without a number say why, never zero", () => {
  const cells = tableCells([
    row({ status: "not-available", median_ns: null, compile_ns: null, ratio_native: null, ratio_anan_as: null, gas: null, correct: null, note: "no wasm-ld" }),
    row({ backend: "all", status: "needs-kernel", median_ns: null, compile_ns: null, ratio_native: null, ratio_anan_as: null, gas: null, correct: null }),
    row({ status: "wrong-answer", median_ns: null, correct: false }),
  ]);
  expect(cells.map((c) => c["median ms"])).toEqual(["not available", "needs kernel", "wrong answer"]);
  expect(cells[0]!["compile ms"]).toBe("-");
  expect(cells[2]!.correct).toBe("NO");
});

test("number formats follow the magnitude", () => {
  expect([formatMs(123_456), formatMs(12_345_678), formatMs(5_432_100_000)]).toEqual(["0.123", "12.35", "5432"]);
  expect([formatRatio(1), formatRatio(12.345), formatRatio(1234.5), formatRatio(0.5), formatRatio(0.000726), formatRatio(0.996), formatRatio(null)]).toEqual(["1.00x", "12.3x", "1235x", "1/2.00", "1/1377", "0.996x", "-"]);
});

test("the markdown document has the command, the machine and the table", () => {
  const md = benchMarkdown([row({})], "AMD EPYC (2 cores)", new Date("2025-01-02T03:04:05Z"), "bun lab bench sort");
  expect(md).toContain("Measured 2025-01-02T03:04:05.000Z with `bun lab bench sort` on AMD EPYC (2 cores).");
  expect(md).toContain(formatBenchTable([row({})]));
  expect(md).toContain("ecalli 0 is the no-op host call");
});
