/**
 * `bun lab compare`: a baseline configuration against a candidate configuration, measured
 * now, interleaved, on each workload x backend, with the sweep's statistics; and the A/A
 * check (a configuration against itself). Every comparison is stored as a run of kind
 * "compare" (one trial per repetition, one measurement per workload x backend).
 */
import type { Database } from "bun:sqlite";
import { machineInfo } from "../machine.ts";
import { type MeasurementRecord, configId, machineId, recordTrial, startRun } from "../store/db.ts";
import { formatRows } from "../table-format.ts";
import { type Config, configKey } from "./config.ts";
import { BaselineFailure, measurePair } from "./measure.ts";
import { type CheckedGas, PreparationCache } from "./prepare.ts";
import { formatMedian, formatRatio, formatVerdict } from "./table.ts";

export interface CompareSpec {
  baseline: Config;
  candidate: Config;
  workloads: string[];
  backends: string[];
  rounds: number;
  samplesPerRound: number;
  roundMs: number;
  confidence: number;
  /** smallest |ratio - 1| called faster/slower */
  threshold: number;
  /** time even byte-identical code (the A/A check) */
  forceTiming?: boolean;
  label: string;
}

/**
 * One repetition's rows (workload x backend). Each repetition prepares (compiles) both
 * sides afresh, and separately even when they are the same configuration, so an A/A
 * comparison sees the module-to-module variation a real trial sees (code placement).
 */
export async function compareOnce(spec: CompareSpec, seed: number, checked: CheckedGas, checkpoint?: () => Promise<void>, log?: (s: string) => void): Promise<MeasurementRecord[]> {
  const cache = new PreparationCache(checked);
  const candidateCache = new PreparationCache(checked);
  const rows: MeasurementRecord[] = [];
  for (const w of spec.workloads) {
    for (const backend of spec.backends) {
      const base = { ...spec.baseline, backend };
      const cand = { ...spec.candidate, backend };
      let m: MeasurementRecord;
      try {
        m = await measurePair(cache, w, base, cand, {
          metric: "time", rounds: spec.rounds, samplesPerRound: spec.samplesPerRound, roundMs: spec.roundMs, confidence: spec.confidence,
          minEffect: spec.threshold, seed: seed * 100 + rows.length + 1, checkpoint, forceTiming: spec.forceTiming, candidateCache,
        });
      } catch (e) {
        if (!(e instanceof BaselineFailure)) throw e;
        m = { workload: w, backend, isa: base.isa, status: e.status, reason: `baseline: ${e.why}` };
      }
      rows.push(m);
      log?.(`  ${w} on ${backend}: ${formatVerdict(m)}${m.ratio !== undefined ? ` ${formatRatio(m)}` : ""}`);
    }
  }
  return rows;
}

/** The comparison table: baseline vs candidate median, ratio with CI, verdict, gas delta. */
export function compareTable(rows: MeasurementRecord[]): string {
  return formatRows(
    rows.map((m) => ({
      workload: m.workload,
      backend: m.backend ?? "",
      baseline: formatMedian(m.baselineMedian),
      candidate: formatMedian(m.candidateMedian),
      "ratio [95% CI]": formatRatio(m),
      verdict: m.status === "ok" ? formatVerdict(m) : `${m.status}: ${m.reason}`,
      "gas delta": m.baselineGas === undefined || m.candidateGas === undefined ? "-" : gasDelta(m.baselineGas, m.candidateGas),
    })),
  );
}

/** "0", "+120 (+0.57%)" or "-3,000 (-1.2%)" */
export function gasDelta(base: bigint, cand: bigint): string {
  const d = cand - base;
  if (d === 0n) return "0";
  const pct = (Number(d) / Number(base)) * 100;
  return `${d > 0n ? "+" : ""}${d} (${pct > 0 ? "+" : ""}${pct.toFixed(2)}%)`;
}

/** Starts a "compare" run in the database; returns its id. */
export async function startCompareRun(db: Database, spec: CompareSpec, kindOfCompare: string): Promise<number> {
  const mid = machineId(db, await machineInfo());
  return startRun(db, {
    kind: "compare", experiment: spec.label, file: "-", strategy: kindOfCompare, metric: "time", backend: spec.backends.join(","), isa: spec.baseline.isa,
    machineId: mid, baselineConfigId: configId(db, configKey(spec.baseline), spec.baseline), spec,
  });
}

/** Stores one repetition as a trial of run `runId`. */
export function storeRepetition(db: Database, runId: number, seq: number, spec: CompareSpec, rows: MeasurementRecord[], verdict: string): void {
  recordTrial(db, {
    runId, seq, config: spec.candidate, configKey: configKey(spec.candidate), baselineConfigId: configId(db, configKey(spec.baseline), spec.baseline),
    startedAt: new Date().toISOString(), measurements: rows, decision: { promoted: false, reason: `comparison only (nothing promoted): ${verdict}` },
  });
}
