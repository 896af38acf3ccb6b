import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "../bench/workloads.ts";
import { recordBenchRun } from "./bench-store.ts";
import { openDatabase } from "./db.ts";

const row = (backend: string, over: Partial<BenchRow> = {}): BenchRow => ({
  workload: "sort", backend, status: "ok", median_ns: 2, compile_ns: 1, gas: "18446744073709551615", correct: true, samples: 3, ratio_native: 1, ratio_anan_as: null, samples_ns: [1, 2, 3], ...over,
});

test("a bench run is stored with its rows, exact gas and raw samples", () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "pvm-lab-bench-")), "lab.sqlite"));
  const machine = { cpu: "x", cores: 2, kernel: "k", bun: "1", gitCommit: "abc" };
  const rec = { startedAt: "2025-01-01T00:00:00Z", machine, config: { toolchain: "rust-1.96" }, configKey: "k1", command: "bun lab bench sort", rows: [row("native"), row("wasm32", { status: "not-available", median_ns: null, correct: null, samples: 0, samples_ns: undefined, note: "no wasm-ld" })] };
  const id = recordBenchRun(db, rec);
  expect(recordBenchRun(db, rec)).toBe(id + 1);
  const rows = db.query("SELECT backend, status, median_ns, gas, correct, note FROM bench_results WHERE run_id = ? ORDER BY id").all(id);
  expect(rows).toEqual([
    { backend: "native", status: "ok", median_ns: 2, gas: "18446744073709551615", correct: 1, note: null },
    { backend: "wasm32", status: "not-available", median_ns: null, gas: "18446744073709551615", correct: null, note: "no wasm-ld" },
  ]);
  const n = db.query("SELECT COUNT(*) AS n FROM bench_samples s JOIN bench_results r ON r.id = s.result_id WHERE r.run_id = ?").get(id) as { n: number };
  expect(n.n).toBe(3);
  db.close();
});
