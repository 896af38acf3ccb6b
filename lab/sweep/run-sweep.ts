/**
 * `bun lab sweep`: measure candidate configurations against the current best, store
 * every sample, promote real improvements and revert the rest.
 *
 * Per trial (one candidate configuration), per workload: lab/sweep/measure.ts (build
 * with the content-hash cache, answer and interpreter = JIT gas check, identical-code
 * skip, interleaved timing, statistics), then the acceptance rule (decide.ts). Each
 * trial is one database transaction. A promotion rewrites results/best.yaml at once.
 *
 * Interrupts and crashes: Ctrl-C stops between timing rounds, drops the trial in flight
 * and marks the run interrupted; a crash leaves it running. `--resume` picks the newest
 * unfinished run of the same experiment file and replays its stored trials through the
 * strategy (strategies.ts) to rebuild the search state, so no finished trial is lost or
 * measured again. Every sweep ends by writing its HTML report (lab/report).
 */
import type { Database } from "bun:sqlite";
import { UsageError } from "../command.ts";
import { machineInfo, machineLine } from "../machine.ts";
import { databasePath } from "../paths.ts";
import { writeRunReport } from "../report/write.ts";
import type { MeasurementRecord } from "../store/db.ts";
import { type RunRow, configById, configId, machineId, openDatabase, recordTrial, setRunStatus, startRun, storedTrials, unfinishedRun } from "../store/db.ts";
import { readBest, writeBest } from "./best.ts";
import { type Config, configDiff, configKey, configLabel } from "./config.ts";
import { decide } from "./decide.ts";
import { type Experiment, promotedBest, startingConfig } from "./experiment.ts";
import { Interrupted, watchInterrupts } from "./interrupt.ts";
import { measurePair, measurementLine } from "./measure.ts";
import { PreparationCache } from "./prepare.ts";
import { type Search, makeSearch } from "./strategies.ts";
import { sweepTable } from "./table.ts";

export interface SweepOptions {
  budget?: number;
  resume?: boolean;
  log?: (line: string) => void;
}

export interface TrialSummary {
  seq: number;
  config: Config;
  baseline: Config;
  axis?: string;
  measurements: MeasurementRecord[];
  promoted: boolean;
  geomeanRatio?: number;
  reason: string;
}

export interface SweepResult {
  runId: number;
  status: "finished" | "interrupted";
  start: Config;
  trials: TrialSummary[];
  best: Config;
  report?: string;
}

/** The run to continue (with --resume) or a new one; and where its search stands. */
function openRun(db: Database, exp: Experiment, previous: RunRow | undefined, opts: SweepOptions, log: (s: string) => void, mid: number) {
  const start = previous ? configById<Config>(db, previous.baseline_config_id) : startingConfig(exp, readBest()?.config);
  const budget = opts.budget ?? previous?.budget ?? exp.budget;
  const runId = previous
    ? previous.id
    : startRun(db, { experiment: exp.name, file: exp.file, strategy: exp.strategy, metric: exp.metric, backend: start.backend, isa: start.isa, machineId: mid, baselineConfigId: configId(db, configKey(start), start), spec: exp, budget });
  if (previous) {
    if (opts.budget !== undefined) db.query("UPDATE runs SET budget = ? WHERE id = ?").run(opts.budget, runId);
    setRunStatus(db, runId, "running");
  }
  const search = makeSearch(exp, start);
  let current = start;
  const stored = previous ? storedTrials(db, runId) : [];
  for (const t of stored) {
    const p = search.next(current);
    const cfg = configById<Config>(db, t.config_id);
    if (!p || configKey(p.config) !== configKey(cfg)) {
      throw new UsageError(`bun lab sweep --resume: run ${runId}'s trial ${t.seq} (${configLabel(cfg)}) is not what ${exp.file} proposes now; the experiment changed — start a new run`);
    }
    search.record(p, t.promoted === 1);
    if (t.promoted === 1) current = cfg;
  }
  if (previous) log(`resuming run ${runId}: ${stored.length} trial(s) already finished, current best ${configLabel(current)}`);
  return { runId, start, budget, search, current, done: stored.length };
}

/** Runs (or resumes) a sweep of `exp`; returns what it measured and decided. */
export async function runSweep(experiment: Experiment, opts: SweepOptions = {}): Promise<SweepResult> {
  let exp = experiment;
  const log = opts.log ?? ((s: string) => console.log(s));
  const db = openDatabase(databasePath());
  const machine = await machineInfo();
  const mid = machineId(db, machine);
  let runId = 0;
  let start: Config | undefined;
  let current: Config | undefined;
  const watch = watchInterrupts(() => runId && setRunStatus(db, runId, "interrupted"), log);
  const cache = new PreparationCache();
  try {
    const previous: RunRow | undefined = opts.resume ? unfinishedRun(db, exp.file) : undefined;
    if (opts.resume && !previous) throw new UsageError(`bun lab sweep --resume: no unfinished run of ${exp.file} in ${databasePath()}`);
    if (previous) exp = { ...exp, workloads: (JSON.parse(previous.spec) as Experiment).workloads };
    else if (exp.allWorkloads) exp = { ...exp, workloads: await runnableWorkloads(exp, cache, log) };
    const run = openRun(db, exp, previous, opts, log, mid);
    runId = run.runId;
    start = run.start;
    current = run.current;
    const { budget, search } = run;
    if (run.done && configKey(promotedBest(exp, readBest()?.config, current)) !== configKey(readBest()?.config ?? start)) {
      // the process that promoted it may have died before writing best.yaml
      writeBest({ config: promotedBest(exp, readBest()?.config, current) });
    }
    log(`sweep ${exp.name} (run ${runId}, ${exp.strategy}, metric ${exp.metric}${budget ? `, budget ${budget} trials` : ""}) on ${machineLine(machine)}`);
    log(`start: ${configLabel(start)}`);
    // A baseline that fails makes every comparison meaningless: stop before the first trial.
    for (const w of exp.workloads) {
      const b = await cache.get(w, current);
      if (!b.ok) throw new SweepCheckFailed(`the configuration ${configLabel(current)} fails on ${w}: ${b.reason}`);
    }
    const trials: TrialSummary[] = [];
    let seq = run.done;
    const t0 = Date.now();
    while (budget === undefined || seq < budget) {
      const p = search.next(current);
      if (!p) break;
      trials.push(await runTrial(db, exp, runId, seq, p, current, cache, watch.checkpoint, log, progress(seq, budget, search, trials.length, Date.now() - t0)));
      const t = trials.at(-1)!;
      search.record(p, t.promoted);
      if (t.promoted) {
        current = p.config;
        const prev = readBest();
        writeBest({
          config: promotedBest(exp, prev?.config, current),
          promotedBy: { run: runId, experiment: exp.name, trial: seq, geomeanRatio: t.geomeanRatio ?? 1, at: new Date().toISOString(), reason: t.reason },
        });
      }
      seq++;
    }
    setRunStatus(db, runId, "finished");
    log("");
    log(sweepTable(trials, exp.metric));
    log(`best-known configuration: ${configLabel(current)}${configKey(current) === configKey(start) ? " (unchanged)" : ` (was ${configLabel(start)})`}`);
    const report = writeRunReport(db, runId);
    log(`report: ${report}`);
    return { runId, status: "finished", start, trials, best: current, report };
  } catch (e) {
    if (e instanceof Interrupted && runId) {
      setRunStatus(db, runId, "interrupted");
      const report = writeRunReport(db, runId);
      log(`run ${runId} interrupted; its finished trials are stored. Continue with: bun lab sweep ${exp.file} --resume`);
      log(`report: ${report}`);
      return { runId, status: "interrupted", start: start!, trials: [], best: current!, report };
    }
    if (runId) setRunStatus(db, runId, "failed");
    throw e;
  } finally {
    watch.dispose();
    db.close();
  }
}

/** `workloads: all`: the workloads the starting configuration builds and runs correctly. */
async function runnableWorkloads(exp: Experiment, cache: PreparationCache, log: (s: string) => void): Promise<string[]> {
  const start = startingConfig(exp, readBest()?.config);
  const ok: string[] = [];
  for (const w of exp.workloads) {
    const p = await cache.get(w, start);
    if (p.ok) ok.push(w);
    else log(`workload ${w} left out: the starting configuration gives ${p.status}: ${p.reason}`);
  }
  if (!ok.length) throw new SweepCheckFailed(`no workload runs under the starting configuration ${configLabel(start)}`);
  return ok;
}

/** The starting configuration fails a check (build, answer, gas): exit status 1. */
export class SweepCheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SweepCheckFailed";
  }
}

/** "trial 3 of at most 20, ETA 1 min" */
function progress(seq: number, budget: number | undefined, search: Search, measured: number, elapsedMs: number): string {
  const bound = search.bound();
  const remaining = Math.min(budget === undefined ? Number.POSITIVE_INFINITY : budget - seq, bound ?? Number.POSITIVE_INFINITY);
  const total = Number.isFinite(remaining) ? seq + remaining : undefined;
  const exact = budget !== undefined && bound !== undefined && budget - seq <= bound;
  const of = total === undefined ? "" : ` of ${exact ? "" : "at most "}${total}`;
  const eta = measured && Number.isFinite(remaining) ? `, ETA ${formatDuration((elapsedMs / measured) * remaining)}` : "";
  return `trial ${seq + 1}${of}${eta}`;
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

async function runTrial(
  db: Database, exp: Experiment, runId: number, seq: number, p: { config: Config; axis?: string; pass?: number }, baseline: Config,
  cache: PreparationCache, checkpoint: () => Promise<void>, log: (s: string) => void, head: string,
): Promise<TrialSummary> {
  log(`${head}: ${configDiff(p.config, baseline)}${p.axis ? ` (axis ${p.axis}, pass ${p.pass})` : ""} vs ${configLabel(baseline)}`);
  const startedAt = new Date().toISOString();
  const ms: MeasurementRecord[] = [];
  let skipped: string[] = [];
  for (const [i, w] of exp.workloads.entries()) {
    await checkpoint();
    const m = await measurePair(cache, w, baseline, p.config, {
      metric: exp.metric, rounds: exp.timing.rounds, samplesPerRound: exp.timing.samplesPerRound, roundMs: exp.timing.roundMs, confidence: exp.acceptance.confidence,
      minEffect: exp.acceptance.minImprovement, seed: runId * 1000 + seq + 1, checkpoint,
    });
    ms.push(m);
    log(measurementLine(m));
    // One failed or slower workload already reverts the trial (decide.ts): the rest
    // would cost builds and timing (minutes on the interpreter) and change nothing.
    if (m.status !== "ok" || m.verdict === "slower" || (m.ciLow ?? 0) > 1) {
      skipped = exp.workloads.slice(i + 1);
      if (skipped.length) log(`  (not measured: ${skipped.join(", ")} — the trial is already reverted)`);
      break;
    }
  }
  const decided = decide(ms, exp.acceptance.minImprovement, exp.metric);
  const d = skipped.length ? { ...decided, reason: `${decided.reason}; stopped early, not measured: ${skipped.join(", ")}` } : decided;
  recordTrial(db, {
    runId, seq, config: p.config, configKey: configKey(p.config), baselineConfigId: configId(db, configKey(baseline), baseline), startedAt,
    axis: p.axis, pass: p.pass, measurements: ms, decision: d,
  });
  log(`  -> ${d.reason}`);
  return { seq, config: p.config, baseline, axis: p.axis, measurements: ms, promoted: d.promoted, geomeanRatio: d.geomeanRatio, reason: d.reason };
}
