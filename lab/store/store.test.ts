import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configId, finishRun, finishedSeqs, machineId, openDatabase, recordTrial, startRun, unfinishedRun } from "./db.ts";

describe("results database", () => {
  test("trials are stored whole, and an interrupted run resumes after its finished trials", () => {
    const path = join(mkdtempSync(join(tmpdir(), "pvm-lab-db-")), "lab.sqlite");
    const db = openDatabase(path);
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    const mid = machineId(db, { cpu: "x", cores: 2, kernel: "k", bun: "1", gitCommit: "abc" });
    expect(machineId(db, { cpu: "x", cores: 2, kernel: "k", bun: "1", gitCommit: "abc" })).toBe(mid);
    const baseCfg = configId(db, "base", { a: 1 });
    const runId = startRun(db, { experiment: "e", file: "e.yaml", strategy: "grid", metric: "time", backend: "interpreter", isa: "gp-0.7", machineId: mid, baselineConfigId: baseCfg, spec: {} });
    recordTrial(db, {
      runId, seq: 0, config: { a: 2 }, configKey: "c2", baselineConfigId: baseCfg, startedAt: "t",
      measurements: [{ workload: "fib", status: "ok", ratio: 0.9, verdict: "faster", baselineGas: 5n, candidateGas: 4n, samples: { baseline: [[1, 2], [3]], candidate: [[4]] } }],
      decision: { promoted: true, geomeanRatio: 0.9, reason: "promoted" },
    });
    // A failing trial (duplicate seq) rolls back entirely: no half-written measurement.
    expect(() =>
      recordTrial(db, { runId, seq: 0, config: { a: 3 }, configKey: "c3", baselineConfigId: baseCfg, startedAt: "t", measurements: [{ workload: "fib", status: "error", reason: "x" }], decision: { promoted: false, reason: "r" } }),
    ).toThrow();
    expect((db.query("SELECT COUNT(*) AS n FROM measurements").get() as { n: number }).n).toBe(1);
    expect((db.query("SELECT COUNT(*) AS n FROM samples").get() as { n: number }).n).toBe(4);
    expect((db.query("SELECT candidate_gas FROM measurements").get() as { candidate_gas: string }).candidate_gas).toBe("4");
    db.close();

    const again = openDatabase(path);
    const run = unfinishedRun(again, "e.yaml")!;
    expect(run.id).toBe(runId);
    expect([...finishedSeqs(again, runId)]).toEqual([0]);
    finishRun(again, runId, "finished");
    expect(unfinishedRun(again, "e.yaml")).toBeUndefined();
    again.close();
  });
});
