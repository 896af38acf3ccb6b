/**
 * The results database (results/lab.sqlite, bun:sqlite, WAL). Schema:
 *
 *   machines     one row per (cpu, kernel, bun, git commit): where numbers came from
 *   runs         one sweep: experiment file and name, strategy, metric, status
 *                (running | finished | failed), machine, the experiment as JSON
 *   configs      every build configuration ever measured, by its stable key
 *   trials       one configuration measured against the baseline inside a run
 *                (seq = position in the run; unique per run, so --resume skips it)
 *   measurements one workload of a trial: status (ok | build-failed | wrong-answer |
 *                error), reason, gas of baseline and candidate, medians, ratio, CI,
 *                p-value and verdict
 *   samples      every raw sample: measurement, role (baseline | candidate), round,
 *                value (ns for time, gas for gas)
 *   decisions    per trial: promoted or reverted, with the reason and statistics
 *
 * Each trial is written in one transaction, so a crash loses at most the trial in
 * flight and `--resume` continues after the last finished one.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS machines (
  id INTEGER PRIMARY KEY,
  cpu TEXT NOT NULL, cores INTEGER NOT NULL, kernel TEXT NOT NULL, bun TEXT NOT NULL,
  git_commit TEXT NOT NULL, first_seen TEXT NOT NULL,
  UNIQUE (cpu, cores, kernel, bun, git_commit)
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  experiment TEXT NOT NULL, file TEXT NOT NULL, strategy TEXT NOT NULL, metric TEXT NOT NULL,
  backend TEXT NOT NULL, isa TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
  started_at TEXT NOT NULL, finished_at TEXT,
  machine_id INTEGER NOT NULL REFERENCES machines(id),
  baseline_config_id INTEGER NOT NULL REFERENCES configs(id),
  spec TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS configs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  config_id INTEGER NOT NULL REFERENCES configs(id),
  baseline_config_id INTEGER NOT NULL REFERENCES configs(id),
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
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
  verdict TEXT
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
