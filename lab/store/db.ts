/** Opening the results database and writing runs, trials and decisions (see schema.ts). */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "../command.ts";
import { MIGRATE_1_TO_2, SCHEMA, SCHEMA_VERSION } from "./schema.ts";

export interface MachineInfo {
  cpu: string;
  cores: number;
  kernel: string;
  bun: string;
  gitCommit: string;
}

export type MeasurementStatus = "ok" | "build-failed" | "wrong-answer" | "error";

export interface MeasurementRecord {
  workload: string;
  status: MeasurementStatus;
  reason?: string;
  backend?: string;
  isa?: string;
  baselineBlob?: string;
  candidateBlob?: string;
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
  axis?: string;
  pass?: number;
  measurements: MeasurementRecord[];
  decision: { promoted: boolean; geomeanRatio?: number; reason: string };
}

export type RunKind = "sweep" | "compare" | "ci";
export type RunStatus = "running" | "finished" | "interrupted" | "failed";

/** Opens (creating or migrating if needed) the database at `path` in WAL mode. */
export function openDatabase(path: string): Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true });
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  db.exec(SCHEMA);
  const row = db.query("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | null;
  const version = row ? Number(row.value) : SCHEMA_VERSION;
  if (!row) db.query("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new UsageError(`${path}: schema version ${version} is newer than this lab's (${SCHEMA_VERSION}); update the lab`);
  }
  if (version === 1) {
    // foreign_keys must be off while runs is rebuilt (it cannot change inside a transaction)
    db.exec("PRAGMA foreign_keys = OFF;");
    db.transaction(() => db.exec(MIGRATE_1_TO_2))();
  }
  db.exec("PRAGMA foreign_keys = ON;");
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

/** The configuration stored under `id`. */
export function configById<T = object>(db: Database, id: number): T {
  return JSON.parse((db.query("SELECT json FROM configs WHERE id = ?").get(id) as { json: string }).json) as T;
}

export interface RunRow {
  id: number;
  kind: RunKind;
  experiment: string;
  file: string;
  strategy: string;
  metric: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  machine_id: number;
  baseline_config_id: number;
  spec: string;
  budget: number | null;
  report: string | null;
}

export interface NewRun {
  kind?: RunKind;
  experiment: string;
  file: string;
  strategy: string;
  metric: string;
  backend: string;
  isa: string;
  machineId: number;
  baselineConfigId: number;
  spec: object;
  budget?: number;
}

/** Starts a run; returns its id. */
export function startRun(db: Database, r: NewRun): number {
  const res = db
    .query("INSERT INTO runs (kind, experiment, file, strategy, metric, backend, isa, status, started_at, machine_id, baseline_config_id, spec, budget) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)")
    .run(r.kind ?? "sweep", r.experiment, r.file, r.strategy, r.metric, r.backend, r.isa, now(), r.machineId, r.baselineConfigId, JSON.stringify(r.spec), r.budget ?? null);
  return Number(res.lastInsertRowid);
}

/** The newest unfinished (running, interrupted or failed) sweep of an experiment file, for --resume. */
export function unfinishedRun(db: Database, file: string): RunRow | undefined {
  return (db.query("SELECT * FROM runs WHERE kind = 'sweep' AND file = ? AND status != 'finished' ORDER BY id DESC LIMIT 1").get(file) as RunRow | null) ?? undefined;
}

export function runById(db: Database, id: number): RunRow | undefined {
  return (db.query("SELECT * FROM runs WHERE id = ?").get(id) as RunRow | null) ?? undefined;
}

export interface StoredTrial {
  id: number;
  seq: number;
  config_id: number;
  baseline_config_id: number;
  axis: string | null;
  pass: number | null;
  promoted: number;
  geomean_ratio: number | null;
  reason: string;
}

/** A run's finished trials with their decisions, by seq. */
export function storedTrials(db: Database, runId: number): StoredTrial[] {
  return db
    .query("SELECT t.id, t.seq, t.config_id, t.baseline_config_id, t.axis, t.pass, d.promoted, d.geomean_ratio, d.reason FROM trials t JOIN decisions d ON d.trial_id = t.id WHERE t.run_id = ? ORDER BY t.seq")
    .all(runId) as StoredTrial[];
}

/** Sets a run's status (and its finish time, unless it is running again). */
export function setRunStatus(db: Database, runId: number, status: RunStatus): void {
  db.query("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?").run(status, status === "running" ? null : now(), runId);
}

/** Records where a run's HTML report was written. */
export function setRunReport(db: Database, runId: number, path: string): void {
  db.query("UPDATE runs SET report = ? WHERE id = ?").run(path, runId);
}

/** Writes one trial (measurements, samples, decision) in a single transaction. */
export function recordTrial(db: Database, t: TrialRecord): number {
  const tx = db.transaction(() => {
    const cfg = configId(db, t.configKey, t.config);
    const trialId = Number(
      db
        .query("INSERT INTO trials (run_id, seq, config_id, baseline_config_id, started_at, finished_at, axis, pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(t.runId, t.seq, cfg, t.baselineConfigId, t.startedAt, now(), t.axis ?? null, t.pass ?? null).lastInsertRowid,
    );
    const insM = db.query(
      `INSERT INTO measurements (trial_id, workload, status, reason, baseline_gas, candidate_gas, compile_ns, baseline_median, candidate_median, ratio, ci_low, ci_high, p_value, verdict, backend, isa, baseline_blob, candidate_blob)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insS = db.query("INSERT INTO samples (measurement_id, role, round, value) VALUES (?, ?, ?, ?)");
    for (const m of t.measurements) {
      const mid = Number(
        insM.run(
          trialId, m.workload, m.status, m.reason ?? null, m.baselineGas?.toString() ?? null, m.candidateGas?.toString() ?? null, m.compileNs ?? null,
          m.baselineMedian ?? null, m.candidateMedian ?? null, m.ratio ?? null, m.ciLow ?? null, m.ciHigh ?? null, m.pValue ?? null, m.verdict ?? null,
          m.backend ?? null, m.isa ?? null, m.baselineBlob ?? null, m.candidateBlob ?? null,
        ).lastInsertRowid,
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
