import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configId, machineId, openDatabase, recordTrial, runById, setRunStatus, startRun, storedTrials, unfinishedRun } from "./db.ts";

const tmpDb = () => join(mkdtempSync(join(tmpdir(), "pvm-lab-db-")), "lab.sqlite");
const count = (db: Database, table: string) => (db.query(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("results database", () => {
  test("trials are stored whole, and an interrupted run resumes after its finished trials", () => {
    const path = tmpDb();
    const db = openDatabase(path);
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    const mid = machineId(db, { cpu: "x", cores: 2, kernel: "k", bun: "1", gitCommit: "abc" });
    expect(machineId(db, { cpu: "x", cores: 2, kernel: "k", bun: "1", gitCommit: "abc" })).toBe(mid);
    const baseCfg = configId(db, "base", { a: 1 });
    const runId = startRun(db, { experiment: "e", file: "e.yaml", strategy: "greedy", metric: "time", backend: "interpreter", isa: "gp-0.7", machineId: mid, baselineConfigId: baseCfg, spec: {}, budget: 5 });
    recordTrial(db, {
      runId, seq: 0, config: { a: 2 }, configKey: "c2", baselineConfigId: baseCfg, startedAt: "t", axis: "opt-level", pass: 1,
      measurements: [{ workload: "fib", status: "ok", ratio: 0.9, verdict: "faster", backend: "jit", isa: "gp-0.7", baselineBlob: "aa", candidateBlob: "bb", baselineGas: 5n, candidateGas: 4n, samples: { baseline: [[1, 2], [3]], candidate: [[4]] } }],
      decision: { promoted: true, geomeanRatio: 0.9, reason: "promoted" },
    });
    // A failing trial (duplicate seq) rolls back entirely: no half-written measurement.
    expect(() =>
      recordTrial(db, { runId, seq: 0, config: { a: 3 }, configKey: "c3", baselineConfigId: baseCfg, startedAt: "t", measurements: [{ workload: "fib", status: "error", reason: "x" }], decision: { promoted: false, reason: "r" } }),
    ).toThrow();
    expect(count(db, "measurements")).toBe(1);
    expect(count(db, "samples")).toBe(4);
    expect((db.query("SELECT candidate_gas, backend, candidate_blob FROM measurements").get() as Record<string, string>)).toEqual({ candidate_gas: "4", backend: "jit", candidate_blob: "bb" });
    setRunStatus(db, runId, "interrupted");
    db.close();

    const again = openDatabase(path);
    const run = unfinishedRun(again, "e.yaml")!;
    expect(run.id).toBe(runId);
    expect(run.status).toBe("interrupted");
    expect(run.budget).toBe(5);
    expect(storedTrials(again, runId).map((t) => [t.seq, t.axis, t.pass, t.promoted])).toEqual([[0, "opt-level", 1, 1]]);
    setRunStatus(again, runId, "finished");
    expect(unfinishedRun(again, "e.yaml")).toBeUndefined();
    expect(runById(again, runId)!.finished_at).not.toBeNull();
    again.close();
  });

  test("a version-1 database is migrated in place, keeping its runs and trials", () => {
    const path = tmpDb();
    const v1 = new Database(path, { create: true });
    v1.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE machines (id INTEGER PRIMARY KEY, cpu TEXT NOT NULL, cores INTEGER NOT NULL, kernel TEXT NOT NULL, bun TEXT NOT NULL, git_commit TEXT NOT NULL, first_seen TEXT NOT NULL, UNIQUE (cpu, cores, kernel, bun, git_commit));
      CREATE TABLE runs (id INTEGER PRIMARY KEY, experiment TEXT NOT NULL, file TEXT NOT NULL, strategy TEXT NOT NULL, metric TEXT NOT NULL, backend TEXT NOT NULL, isa TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')), started_at TEXT NOT NULL, finished_at TEXT, machine_id INTEGER NOT NULL REFERENCES machines(id),
        baseline_config_id INTEGER NOT NULL REFERENCES configs(id), spec TEXT NOT NULL);
      CREATE TABLE configs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
      CREATE TABLE trials (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, config_id INTEGER NOT NULL REFERENCES configs(id),
        baseline_config_id INTEGER NOT NULL REFERENCES configs(id), started_at TEXT NOT NULL, finished_at TEXT NOT NULL, UNIQUE (run_id, seq));
      CREATE TABLE measurements (id INTEGER PRIMARY KEY, trial_id INTEGER NOT NULL REFERENCES trials(id), workload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'build-failed', 'wrong-answer', 'error')), reason TEXT, baseline_gas TEXT, candidate_gas TEXT, compile_ns REAL,
        baseline_median REAL, candidate_median REAL, ratio REAL, ci_low REAL, ci_high REAL, p_value REAL, verdict TEXT);
      INSERT INTO machines VALUES (1, 'x', 2, 'k', '1', 'abc', 't');
      INSERT INTO configs VALUES (1, 'k1', '{}');
      INSERT INTO runs VALUES (1, 'smoke', 'experiments/smoke.yaml', 'grid', 'time', 'interpreter', 'gp-0.7', 'finished', 't', 't', 1, 1, '{}');
      INSERT INTO trials VALUES (1, 1, 0, 1, 1, 't', 't');
    `);
    v1.close();
    const db = openDatabase(path);
    expect((db.query("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value).toBe("2");
    expect(runById(db, 1)).toMatchObject({ kind: "sweep", experiment: "smoke", status: "finished" });
    setRunStatus(db, 1, "interrupted"); // the widened CHECK
    expect(count(db, "trials")).toBe(1);
    expect((db.query("PRAGMA foreign_key_check").all() as unknown[]).length).toBe(0);
    db.close();
  });
});
