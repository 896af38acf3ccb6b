/**
 * `bun lab sweep`: measure candidate build configurations against the best-known one,
 * store every sample, promote real improvements and revert the rest.
 *
 * Per trial (one candidate configuration), per workload:
 *   build (content-hash cache) -> check the answer on the trial's backend (a wrong
 *   answer or failed build is recorded with its reason and never timed) -> time
 *   baseline and candidate interleaved with mitata (metric time) or compare gas
 *   (metric gas) -> statistics (lab/stats) -> decision (decide.ts).
 * Each trial is one database transaction; --resume continues an interrupted run.
 */
import { BACKENDS } from "../backends.ts";
import { UsageError } from "../command.ts";
import { machineInfo, machineLine } from "../machine.ts";
import { databasePath } from "../paths.ts";
import { type BuiltBlob, buildBlob } from "../pipeline.ts";
import { type PreparedBlob, prepareBlob, wrongAnswer } from "../runner.ts";
import { compareSamples } from "../stats/compare.ts";
import { type MeasurementRecord, configId, finishRun, finishedSeqs, machineId, openDatabase, recordTrial, startRun, unfinishedRun } from "../store/db.ts";
import { timeInterleaved } from "../timing.ts";
import { readBest, writeBest } from "./best.ts";
import { candidateConfigs } from "./candidates.ts";
import { decide } from "./decide.ts";
import { type BuildConfig, type Experiment, configKey, configLabel } from "./experiment.ts";
import { sweepTable } from "./table.ts";

export interface SweepOptions {
  budget?: number;
  resume?: boolean;
  log?: (line: string) => void;
}

export interface TrialSummary {
  seq: number;
  config: BuildConfig;
  measurements: MeasurementRecord[];
  promoted: boolean;
  reason: string;
}

export interface SweepResult {
  runId: number;
  baseline: BuildConfig;
  trials: TrialSummary[];
  best: BuildConfig;
}

function errorText(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split("\n")[0]!;
}

/** Runs (or resumes) a sweep of `exp`; returns what it measured and decided. */
export async function runSweep(exp: Experiment, opts: SweepOptions = {}): Promise<SweepResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const db = openDatabase(databasePath());
  const backend = BACKENDS[exp.backend]!;
  const machine = await machineInfo();
  const mid = machineId(db, machine);

  let baseline = readBest()?.config ?? exp.baseline;
  let runId: number;
  let done = new Set<number>();
  const previous = opts.resume ? unfinishedRun(db, exp.file) : undefined;
  if (opts.resume && !previous) throw new UsageError(`bun lab sweep --resume: no unfinished run of ${exp.file} in ${databasePath()}`);
  if (previous) {
    runId = previous.id;
    done = finishedSeqs(db, runId);
    log(`resuming run ${runId}: ${done.size} trial(s) already finished`);
  } else {
    runId = startRun(db, {
      experiment: exp.name, file: exp.file, strategy: exp.strategy, metric: exp.metric, backend: exp.backend, isa: exp.isa,
      machineId: mid, baselineConfigId: configId(db, configKey(baseline), baseline), spec: exp,
    });
  }
  log(`sweep ${exp.name} (run ${runId}) on ${machineLine(machine)}`);
  log(`baseline: ${configLabel(baseline)}; backend ${exp.backend}, isa ${exp.isa}, metric ${exp.metric}`);

  // The candidate list is derived from the run's original baseline so that seq numbers
  // stay stable across --resume even after promotions moved the baseline.
  const runBaseline = previous ? (JSON.parse((db.query("SELECT json FROM configs WHERE id = ?").get(previous.baseline_config_id) as { json: string }).json) as BuildConfig) : baseline;
  const candidates = candidateConfigs(exp, runBaseline, opts.budget);
  const trials: TrialSummary[] = [];
  const prepared = new Map<string, { blob: BuiltBlob; run: PreparedBlob } | { error: string; status: "build-failed" | "wrong-answer" | "error" }>();

  const prepare = async (workload: string, config: BuildConfig) => {
    const key = `${workload}|${configKey(config)}`;
    const hit = prepared.get(key);
    if (hit) return hit;
    let entry: { blob: BuiltBlob; run: PreparedBlob } | { error: string; status: "build-failed" | "wrong-answer" | "error" };
    try {
      const blob = await buildBlob(workload, config);
      const run = await prepareBlob(blob.blobPath, backend, exp.isa);
      const why = wrongAnswer(run.run(), blob.expected);
      entry = why ? { error: why, status: "wrong-answer" } : { blob, run };
    } catch (e) {
      entry = { error: errorText(e), status: (e as Error)?.name === "GuestBuildError" ? "build-failed" : "error" };
    }
    prepared.set(key, entry);
    return entry;
  };

  const t0 = Date.now();
  let measuredTrials = 0;
  try {
    for (let seq = 0; seq < candidates.length; seq++) {
      if (done.has(seq)) continue;
      const cand = candidates[seq]!;
      const eta = measuredTrials ? ` ETA ${Math.round(((Date.now() - t0) / measuredTrials) * (candidates.length - seq) / 1000)} s` : "";
      log(`trial ${seq + 1} of ${candidates.length}: ${configLabel(cand)} vs ${configLabel(baseline)}${eta}`);
      const startedAt = new Date().toISOString();
      const ms: MeasurementRecord[] = [];
      for (const w of exp.workloads) {
        const base = await prepare(w, baseline);
        if ("error" in base) throw new UsageError(`baseline ${configLabel(baseline)} fails on ${w}: ${base.error}`);
        const c = await prepare(w, cand);
        if ("error" in c) {
          ms.push({ workload: w, status: c.status, reason: c.error });
          log(`  ${w}: ${c.status}: ${c.error}`);
          continue;
        }
        const gasB = base.run.run().gasUsed;
        const gasC = c.run.run().gasUsed;
        const m: MeasurementRecord = { workload: w, status: "ok", baselineGas: gasB, candidateGas: gasC, compileNs: c.run.compileNs };
        if (exp.metric === "gas") {
          const ratio = Number(gasC) / Number(gasB);
          Object.assign(m, {
            baselineMedian: Number(gasB), candidateMedian: Number(gasC), ratio, ciLow: ratio, ciHigh: ratio, pValue: gasB === gasC ? 1 : 0,
            verdict: gasC < gasB ? "faster" : gasC > gasB ? "slower" : "no change",
            samples: { baseline: [[Number(gasB)]], candidate: [[Number(gasC)]] },
          });
        } else {
          const s = await timeInterleaved(() => base.run.run(), () => c.run.run(), exp.timing.rounds, exp.timing.samplesPerRound);
          const cmp = compareSamples(s.baseline.flat(), s.candidate.flat(), exp.acceptance.confidence, 2000, seq + 1);
          Object.assign(m, {
            baselineMedian: cmp.baselineMedian, candidateMedian: cmp.candidateMedian, ratio: cmp.ratio, ciLow: cmp.ciLow, ciHigh: cmp.ciHigh,
            pValue: cmp.pValue, verdict: cmp.verdict, samples: s,
          });
        }
        ms.push(m);
        log(`  ${w}: ${m.verdict}, ratio ${m.ratio!.toFixed(3)} [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}], p=${m.pValue!.toPrecision(2)}`);
      }
      const d = decide(ms, exp.acceptance.minImprovement);
      const baselineConfigId = configId(db, configKey(baseline), baseline);
      const trialId = recordTrial(db, { runId, seq, config: cand, configKey: configKey(cand), baselineConfigId, startedAt, measurements: ms, decision: d });
      log(`  -> ${d.reason}`);
      trials.push({ seq, config: cand, measurements: ms, promoted: d.promoted, reason: d.reason });
      if (d.promoted) {
        writeBest({ config: cand, promotedBy: { run: runId, experiment: exp.name, trial: trialId, geomeanRatio: d.geomeanRatio!, at: new Date().toISOString() } });
        baseline = cand;
      }
      measuredTrials++;
    }
    finishRun(db, runId, "finished");
  } catch (e) {
    finishRun(db, runId, "failed");
    throw e;
  } finally {
    db.close();
  }
  log("");
  log(sweepTable(trials));
  log(`best-known configuration: ${configLabel(baseline)}`);
  return { runId, baseline: runBaseline, trials, best: baseline };
}
