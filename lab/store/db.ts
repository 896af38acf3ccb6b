/** Opening the results database and writing runs, trials and decisions (see schema.ts). */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SCHEMA, SCHEMA_VERSION } from "./schema.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  kernel: string;
  bun: string;
  gitCommit: string;
}

export interface MeasurementRecord {
  workload: string;
  status: "ok" | "build-failed" | "wrong-answer" | "error";
  reason?: string;
  baselineGas?: bigint;
  candidateGas?: bigint;
  compileNs?: number;
  baselineMedian?: number;
  candidateMedian?: number;
  ratio?: number;
  ciLow?: number;
  ciHigh?: number;
  pValue?: number;
  verdict?: string;
  samples?: { baseline: number[][]; candidate: number[][] };
}

export interface TrialRecord {
  runId: number;
  seq: number;
  config: object;
  configKey: string;
  baselineConfigId: number;
  startedAt: string;
  measurements: MeasurementRecord[];
  decision: { promoted: boolean; geomeanRatio?: number; reason: string };
}

/** Opens (creating if needed) the database at `path` in WAL mode. */
export function openDatabase(path: string): Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true });
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  db.exec(SCHEMA);
  db.query("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  return db;
}

const now = () => new Date().toISOString();

/** Id of a machine row, inserting it on first sight. */
export function machineId(db: Database, m: MachineInfo): number {
  db.query("INSERT OR IGNORE INTO machines (cpu, cores, kernel, bun, git_commit, first_seen) VALUES (?, ?, ?, ?, ?, ?)").run(m.cpu, m.cores, m.kernel, m.bun, m.gitCommit, now());
  const row = db.query("SELECT id FROM machines WHERE cpu = ? AND cores = ? AND kernel = ? AND bun = ? AND git_commit = ?").get(m.cpu, m.cores, m.kernel, m.bun, m.gitCommit) as { id: number };
  return row.id;
}

/** Id of a config row by its stable key, inserting it on first sight. */
export function configId(db: Database, key: string, config: object): number {
  db.query("INSERT OR IGNORE INTO configs (key, json) VALUES (?, ?)").run(key, JSON.stringify(config));
  return (db.query("SELECT id FROM configs WHERE key = ?").get(key) as { id: number }).id;
}

export interface RunRow {
  id: number;
  experiment: string;
  file: string;
  status: string;
  baseline_config_id: number;
  spec: string;
}

/** Starts a run; returns its id. */
export function startRun(db: Database, r: { experiment: string; file: string; strategy: string; metric: string; backend: string; isa: string; machineId: number; baselineConfigId: number; spec: object }): number {
  const res = db
    .query("INSERT INTO runs (experiment, file, strategy, metric, backend, isa, status, started_at, machine_id, baseline_config_id, spec) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)")
    .run(r.experiment, r.file, r.strategy, r.metric, r.backend, r.isa, now(), r.machineId, r.baselineConfigId, JSON.stringify(r.spec));
  return Number(res.lastInsertRowid);
}

/** The newest unfinished run of an experiment file, for --resume. */
export function unfinishedRun(db: Database, file: string): RunRow | undefined {
  return (db.query("SELECT * FROM runs WHERE file = ? AND status != 'finished' ORDER BY id DESC LIMIT 1").get(file) as RunRow | null) ?? undefined;
}

/** Sequence numbers of the trials a run has finished. */
export function finishedSeqs(db: Database, runId: number): Set<number> {
  return new Set((db.query("SELECT seq FROM trials WHERE run_id = ?").all(runId) as { seq: number }[]).map((r) => r.seq));
}

export function finishRun(db: Database, runId: number, status: "finished" | "failed"): void {
  db.query("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?").run(status, now(), runId);
}

/** Writes one trial (measurements, samples, decision) in a single transaction. */
export function recordTrial(db: Database, t: TrialRecord): number {
  const tx = db.transaction(() => {
    const cfg = configId(db, t.configKey, t.config);
    const trialId = Number(
      db.query("INSERT INTO trials (run_id, seq, config_id, baseline_config_id, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)").run(t.runId, t.seq, cfg, t.baselineConfigId, t.startedAt, now()).lastInsertRowid,
    );
    const insM = db.query(
      "INSERT INTO measurements (trial_id, workload, status, reason, baseline_gas, candidate_gas, compile_ns, baseline_median, candidate_median, ratio, ci_low, ci_high, p_value, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insS = db.query("INSERT INTO samples (measurement_id, role, round, value) VALUES (?, ?, ?, ?)");
    for (const m of t.measurements) {
      const mid = Number(
        insM.run(trialId, m.workload, m.status, m.reason ?? null, m.baselineGas?.toString() ?? null, m.candidateGas?.toString() ?? null, m.compileNs ?? null, m.baselineMedian ?? null, m.candidateMedian ?? null, m.ratio ?? null, m.ciLow ?? null, m.ciHigh ?? null, m.pValue ?? null, m.verdict ?? null).lastInsertRowid,
      );
      for (const role of ["baseline", "candidate"] as const) {
        m.samples?.[role].forEach((round, r) => round.forEach((v) => insS.run(mid, role, r, v)));
      }
    }
    db.query("INSERT INTO decisions (trial_id, promoted, geomean_ratio, reason) VALUES (?, ?, ?, ?)").run(trialId, t.decision.promoted ? 1 : 0, t.decision.geomeanRatio ?? null, t.decision.reason);
    return trialId;
  });
  return tx();
}
