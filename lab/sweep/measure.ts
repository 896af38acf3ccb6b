/**
 * One workload of a trial: baseline configuration against candidate configuration.
 *
 *   prepare both (build, answer and cross-backend gas check; lab/sweep/prepare.ts)
 *   -> a candidate failure is recorded with its reason and not timed
 *   -> byte-identical blobs run the same way: "no change", reason "identical code", not timed
 *   -> metric gas: exact comparison of the gas of one run
 *   -> metric time: interleaved mitata rounds (lab/timing.ts), then lab/stats/compare.ts
 */
import { compareRounds } from "../stats/compare.ts";
import type { MeasurementRecord } from "../store/db.ts";
import { timeInterleaved } from "../timing.ts";
import { type Config, sameRunKnobs } from "./config.ts";
import type { PreparationCache } from "./prepare.ts";

export interface MeasureOptions {
  metric: "time" | "gas";
  rounds: number;
  /** samples per side per round at least */
  samplesPerRound: number;
  /** ...and enough samples to fill this many ms per side per round (fast runs get more samples) */
  roundMs: number;
  confidence: number;
  /** smallest |ratio - 1| a per-workload verdict calls a change */
  minEffect: number;
  /** bootstrap seed (reproducible statistics) */
  seed: number;
  /** time even byte-identical code (the A/A check) */
  forceTiming?: boolean;
  /** where the candidate is prepared, when it must be a module of its own (A/A) */
  candidateCache?: PreparationCache;
  /** awaited between timing rounds: yields to the event loop and throws to abort */
  checkpoint?: () => Promise<void>;
}

/** Measures `workload` under `candidate` against `baseline`. Throws only when the baseline itself fails. */
export async function measurePair(cache: PreparationCache, workload: string, baseline: Config, candidate: Config, o: MeasureOptions): Promise<MeasurementRecord> {
  const base = await cache.get(workload, baseline);
  if (!base.ok) throw new BaselineFailure(workload, base.status, base.reason);
  const m: MeasurementRecord = { workload, status: "ok", backend: candidate.backend, isa: candidate.isa, baselineBlob: base.blobHash.slice(0, 16) };
  const cand = await (o.candidateCache ?? cache).get(workload, candidate);
  if (!cand.ok) return { ...m, status: cand.status, reason: cand.reason };
  Object.assign(m, { candidateBlob: cand.blobHash.slice(0, 16), baselineGas: base.gas, candidateGas: cand.gas, compileNs: cand.prepared.compileNs });
  if (!o.forceTiming && base.blobHash === cand.blobHash && sameRunKnobs(baseline, candidate)) {
    return { ...m, reason: "identical code", ratio: 1, ciLow: 1, ciHigh: 1, pValue: 1, verdict: "no change" };
  }
  if (o.metric === "gas") {
    const ratio = Number(cand.gas) / Number(base.gas);
    const big = Math.abs(ratio - 1) >= o.minEffect;
    return {
      ...m, baselineMedian: Number(base.gas), candidateMedian: Number(cand.gas), ratio, ciLow: ratio, ciHigh: ratio, pValue: cand.gas === base.gas ? 1 : 0,
      verdict: cand.gas < base.gas && big ? "faster" : cand.gas > base.gas && big ? "slower" : "no change",
      samples: { baseline: [[Number(base.gas)]], candidate: [[Number(cand.gas)]] },
    };
  }
  // each side fills its own round time: a JIT next to the interpreter gets many more samples
  const perRound: [number, number] = [samplesPerRound(o, base.runNs), samplesPerRound(o, cand.runNs)];
  const s = await timeInterleaved(base.prepared.timed, cand.prepared.timed, o.rounds, perRound, o.checkpoint);
  const c = compareRounds(s.baseline, s.candidate, { confidence: o.confidence, seed: o.seed, minEffect: o.minEffect });
  return { ...m, baselineMedian: c.baselineMedian, candidateMedian: c.candidateMedian, ratio: c.ratio, ciLow: c.ciLow, ciHigh: c.ciHigh, pValue: c.pValue, verdict: c.verdict, samples: s };
}

/** Samples per side per round: at least `samplesPerRound`, enough to fill `roundMs`, at most 2000. */
export function samplesPerRound(o: Pick<MeasureOptions, "samplesPerRound" | "roundMs">, runNs: number): number {
  const fill = runNs > 0 ? Math.ceil((o.roundMs * 1e6) / runNs) : o.samplesPerRound;
  return Math.min(2000, Math.max(o.samplesPerRound, fill));
}

/** The baseline configuration does not build or run correctly: nothing can be compared with it. */
export class BaselineFailure extends Error {
  constructor(
    readonly workload: string,
    readonly status: Exclude<MeasurementRecord["status"], "ok">,
    readonly why: string,
  ) {
    super(`the baseline fails on ${workload}: ${why}`);
    this.name = "BaselineFailure";
  }
}

/** One line for the progress log. */
export function measurementLine(m: MeasurementRecord): string {
  if (m.status !== "ok") return `  ${m.workload}: ${m.status}: ${m.reason}`;
  if (m.reason === "identical code") return `  ${m.workload}: no change (identical code, not timed)`;
  return `  ${m.workload}: ${m.verdict}, ratio ${m.ratio!.toFixed(3)} [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}], p=${m.pValue!.toPrecision(2)}`;
}
