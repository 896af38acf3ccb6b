/**
 * Everything a run's HTML report shows, read from the results database: the run, the
 * machine, the starting and final configurations, and each trial with its decision,
 * its measurements and their raw samples.
 */
import type { Database } from "bun:sqlite";
import { type Config, configDiff, configKey, configLabel } from "../sweep/config.ts";
import { configById, runById } from "../store/db.ts";

export interface ReportMeasurement {
  workload: string;
  backend: string | null;
  status: string;
  reason: string | null;
  verdict: string | null;
  ratio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
  baselineMedian: number | null;
  candidateMedian: number | null;
  baselineGas: string | null;
  candidateGas: string | null;
  /** raw samples, all rounds */
  baselineSamples: number[];
  candidateSamples: number[];
}

export interface ReportTrial {
  seq: number;
  axis: string | null;
  pass: number | null;
  /** knobs that differ from the trial's baseline, e.g. "opt-level=2" */
  change: string;
  config: string;
  baseline: string;
  promoted: boolean;
  geomeanRatio: number | null;
  reason: string;
  measurements: ReportMeasurement[];
}

export interface ReportData {
  run: { id: number; kind: string; experiment: string; file: string; strategy: string; metric: string; status: string; startedAt: string; finishedAt: string | null; budget: number | null };
  machine: string;
  start: string;
  best: string;
  changedBest: boolean;
  workloads: string[];
  trials: ReportTrial[];
}

interface MRow {
  id: number;
  workload: string;
  backend: string | null;
  status: string;
  reason: string | null;
  verdict: string | null;
  ratio: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  baseline_median: number | null;
  candidate_median: number | null;
  baseline_gas: string | null;
  candidate_gas: string | null;
}

/** Loads run `runId`; throws RangeError when there is no such run. */
export function loadReportData(db: Database, runId: number): ReportData {
  const run = runById(db, runId);
  if (!run) throw new RangeError(`no run ${runId} in the results database`);
  const m = db.query("SELECT * FROM machines WHERE id = ?").get(run.machine_id) as { cpu: string; cores: number; kernel: string; bun: string; git_commit: string };
  const start = configById<Config>(db, run.baseline_config_id);
  const trialRows = db
    .query("SELECT t.id, t.seq, t.axis, t.pass, t.config_id, t.baseline_config_id, d.promoted, d.geomean_ratio, d.reason FROM trials t JOIN decisions d ON d.trial_id = t.id WHERE t.run_id = ? ORDER BY t.seq")
    .all(runId) as Array<{ id: number; seq: number; axis: string | null; pass: number | null; config_id: number; baseline_config_id: number; promoted: number; geomean_ratio: number | null; reason: string }>;
  const samplesOf = db.query("SELECT role, value FROM samples WHERE measurement_id = ? ORDER BY round");
  let best = start;
  const workloads = new Set<string>();
  const trials = trialRows.map((t): ReportTrial => {
    const config = configById<Config>(db, t.config_id);
    const baseline = configById<Config>(db, t.baseline_config_id);
    if (t.promoted) best = config;
    const ms = (db.query("SELECT * FROM measurements WHERE trial_id = ? ORDER BY id").all(t.id) as MRow[]).map((r): ReportMeasurement => {
      workloads.add(r.workload);
      const s = samplesOf.all(r.id) as Array<{ role: string; value: number }>;
      return {
        workload: r.workload, backend: r.backend, status: r.status, reason: r.reason, verdict: r.verdict, ratio: r.ratio, ciLow: r.ci_low, ciHigh: r.ci_high, pValue: r.p_value,
        baselineMedian: r.baseline_median, candidateMedian: r.candidate_median, baselineGas: r.baseline_gas, candidateGas: r.candidate_gas,
        baselineSamples: s.filter((x) => x.role === "baseline").map((x) => x.value),
        candidateSamples: s.filter((x) => x.role === "candidate").map((x) => x.value),
      };
    });
    return {
      seq: t.seq, axis: t.axis, pass: t.pass, change: configDiff(config, baseline), config: configLabel(config), baseline: configLabel(baseline),
      promoted: t.promoted === 1, geomeanRatio: t.geomean_ratio, reason: t.reason, measurements: ms,
    };
  });
  return {
    run: { id: run.id, kind: run.kind, experiment: run.experiment, file: run.file, strategy: run.strategy, metric: run.metric, status: run.status, startedAt: run.started_at, finishedAt: run.finished_at, budget: run.budget },
    machine: `${m.cpu} (${m.cores} cores), Linux ${m.kernel}, bun ${m.bun}, commit ${m.git_commit}`,
    start: configLabel(start),
    best: configLabel(best),
    changedBest: configKey(best) !== configKey(start),
    workloads: [...workloads],
    trials,
  };
}
