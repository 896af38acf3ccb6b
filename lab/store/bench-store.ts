/**
 * Bench results in the results database (`bun lab bench` runs; see lab/bench/workloads.ts
 * for the row shape). Tables of their own beside the sweep tables of schema.ts, created
 * on first use, so a bench run needs no migration of the sweep schema:
 *
 *   bench_runs     one `bun lab bench` invocation: when, machine (machines), the build
 *                  configuration (configs), the command line, the HTML report written
 *   bench_results  one workload x backend: status (ok | wrong-answer | gas-mismatch |
 *                  not-available | needs-kernel | error), median and compile ns, gas
 *                  (exact decimal text), correct, sample count, ratios to the native
 *                  and anan-as medians, note
 *   bench_samples  every timed run of a result, ns
 *
 * A run is written in one transaction.
 */
import type { Database } from "bun:sqlite";
import type { BenchRow } from "../bench/workloads.ts";
import { type MachineInfo, configId, machineId } from "./db.ts";

export const BENCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS bench_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  machine_id INTEGER NOT NULL REFERENCES machines(id),
  config_id INTEGER NOT NULL REFERENCES configs(id),
  command TEXT NOT NULL,
  report TEXT
);
CREATE TABLE IF NOT EXISTS bench_results (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES bench_runs(id),
  workload TEXT NOT NULL, backend TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'wrong-answer', 'gas-mismatch', 'not-available', 'needs-kernel', 'error')),
  median_ns REAL, compile_ns REAL, gas TEXT, correct INTEGER, samples INTEGER NOT NULL,
  ratio_native REAL, ratio_anan_as REAL, note TEXT
);
CREATE TABLE IF NOT EXISTS bench_samples (
  result_id INTEGER NOT NULL REFERENCES bench_results(id),
  value REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS bench_results_by_run ON bench_results (run_id);
CREATE INDEX IF NOT EXISTS bench_samples_by_result ON bench_samples (result_id);
`;

export interface BenchRunRecord {
  startedAt: string;
  machine: MachineInfo;
  /** the build configuration the guests were built with, and its stable key */
  config: object;
  configKey: string;
  command: string;
  report?: string;
  rows: BenchRow[];
}

/** Writes a bench run and its rows (with their raw samples); returns the run id. */
export function recordBenchRun(db: Database, r: BenchRunRecord): number {
  db.exec(BENCH_SCHEMA);
  const tx = db.transaction(() => {
    const runId = Number(
      db
        .query("INSERT INTO bench_runs (started_at, machine_id, config_id, command, report) VALUES (?, ?, ?, ?, ?)")
        .run(r.startedAt, machineId(db, r.machine), configId(db, r.configKey, r.config), r.command, r.report ?? null).lastInsertRowid,
    );
    const insRow = db.query(
      "INSERT INTO bench_results (run_id, workload, backend, status, median_ns, compile_ns, gas, correct, samples, ratio_native, ratio_anan_as, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insSample = db.query("INSERT INTO bench_samples (result_id, value) VALUES (?, ?)");
    for (const x of r.rows) {
      const correct = x.correct === null ? null : x.correct ? 1 : 0;
      const id = Number(
        insRow.run(runId, x.workload, x.backend, x.status, x.median_ns, x.compile_ns, x.gas, correct, x.samples, x.ratio_native, x.ratio_anan_as, x.note ?? null).lastInsertRowid,
      );
      for (const v of x.samples_ns ?? []) insSample.run(id, v);
    }
    return runId;
  });
  return tx();
}
