/**
 * The results database (results/lab.sqlite, bun:sqlite, WAL). Schema version 2:
 *
 *   meta         key/value: schema_version
 *   machines     one row per (cpu, cores, kernel, bun, git commit): where numbers came
 *                from ("+dirty" marks a commit with uncommitted engine/lab changes)
 *   runs         one sweep, comparison or CI check: kind (sweep | compare | ci),
 *                experiment file and name, strategy (grid | random | greedy | compare |
 *                ci), metric (time | gas), status (running | finished | interrupted |
 *                failed), budget, machine, starting configuration, the experiment as
 *                JSON (spec), and the HTML report written for it
 *   configs      every configuration ever measured (build and run knobs), by stable key
 *   trials       one configuration measured against the baseline inside a run; seq is
 *                the position in the run (unique per run, so --resume skips it); greedy
 *                trials name the axis they vary and the pass
 *   measurements one workload (x backend) of a trial: status (ok | build-failed |
 *                wrong-answer | error), reason (also "identical code" when the blobs are
 *                byte-identical and timing was skipped), backend and isa it ran on,
 *                blob hashes, gas of baseline and candidate (exact decimal text),
 *                medians, ratio (candidate / baseline), CI, p-value, verdict
 *                (faster | slower | no change)
 *   samples      every raw sample: measurement, role (baseline | candidate), round,
 *                value (ns for time, gas for gas)
 *   decisions    per trial: promoted (1) or reverted (0), the geomean ratio and the
 *                reason in words
 *
 * Each trial is written in one transaction, so a crash loses at most the trial in
 * flight and `--resume` continues after the last finished one.
 *
 * `bun lab bench` keeps its runs in tables of its own (bench_runs, bench_results,
 * bench_samples), described in lab/store/bench-store.ts.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS machines (
  id INTEGER PRIMARY KEY,
  cpu TEXT NOT NULL, cores INTEGER NOT NULL, kernel TEXT NOT NULL, bun TEXT NOT NULL,
  git_commit TEXT NOT NULL, first_seen TEXT NOT NULL,
  UNIQUE (cpu, cores, kernel, bun, git_commit)
);
${runsTable("runs")}
CREATE TABLE IF NOT EXISTS configs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  config_id INTEGER NOT NULL REFERENCES configs(id),
  baseline_config_id INTEGER NOT NULL REFERENCES configs(id),
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
  axis TEXT, pass INTEGER,
  UNIQUE (run_id, seq)
);
CREATE TABLE IF NOT EXISTS measurements (
  id INTEGER PRIMARY KEY,
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  workload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'build-failed', 'wrong-answer', 'error')),
  reason TEXT,
  baseline_gas TEXT, candidate_gas TEXT,
  compile_ns REAL,
  baseline_median REAL, candidate_median REAL, ratio REAL, ci_low REAL, ci_high REAL, p_value REAL,
  verdict TEXT,
  backend TEXT, isa TEXT, baseline_blob TEXT, candidate_blob TEXT
);
CREATE TABLE IF NOT EXISTS samples (
  measurement_id INTEGER NOT NULL REFERENCES measurements(id),
  role TEXT NOT NULL CHECK (role IN ('baseline', 'candidate')),
  round INTEGER NOT NULL,
  value REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY,
  trial_id INTEGER NOT NULL UNIQUE REFERENCES trials(id),
  promoted INTEGER NOT NULL,
  geomean_ratio REAL,
  reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_by_measurement ON samples (measurement_id);
CREATE INDEX IF NOT EXISTS measurements_by_trial ON measurements (trial_id);
`;

/** The runs table (a function: the v1 -> v2 migration rebuilds it under another name). */
export function runsTable(name: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'sweep' CHECK (kind IN ('sweep', 'compare', 'ci')),
  experiment TEXT NOT NULL, file TEXT NOT NULL, strategy TEXT NOT NULL, metric TEXT NOT NULL,
  backend TEXT NOT NULL, isa TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
  started_at TEXT NOT NULL, finished_at TEXT,
  machine_id INTEGER NOT NULL REFERENCES machines(id),
  baseline_config_id INTEGER NOT NULL REFERENCES configs(id),
  spec TEXT NOT NULL,
  budget INTEGER, report TEXT
);`;
}

/**
 * Statements taking a version-1 database to version 2 (run with foreign keys off, in
 * one transaction): SQLite cannot widen a CHECK constraint in place, so runs is rebuilt
 * (the documented create-copy-drop-rename procedure); the other tables gain columns.
 */
export const MIGRATE_1_TO_2 = `
${runsTable("runs_v2")}
INSERT INTO runs_v2 (id, kind, experiment, file, strategy, metric, backend, isa, status, started_at, finished_at, machine_id, baseline_config_id, spec)
  SELECT id, 'sweep', experiment, file, strategy, metric, backend, isa, status, started_at, finished_at, machine_id, baseline_config_id, spec FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
ALTER TABLE trials ADD COLUMN axis TEXT;
ALTER TABLE trials ADD COLUMN pass INTEGER;
ALTER TABLE measurements ADD COLUMN backend TEXT;
ALTER TABLE measurements ADD COLUMN isa TEXT;
ALTER TABLE measurements ADD COLUMN baseline_blob TEXT;
ALTER TABLE measurements ADD COLUMN candidate_blob TEXT;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
`;
