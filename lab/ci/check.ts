/**
 * `bun lab ci`'s measurement and verdicts: each (workload, backend) of the baseline file,
 * built now with the best-known configuration, checked (answer; the same gas on every
 * backend), its gas compared exactly with the baseline's, and — unless gas-only — on
 * the best configuration's backend its run time sampled and compared with the stored
 * samples (lab/stats: bootstrap CI of
 * the ratio of medians, Mann-Whitney; a regression needs p < 0.05, a CI above 1 and a
 * slowdown of at least the threshold). Time is only gated when this machine is the
 * baseline's (same CPU model and core count): numbers from another CPU say nothing.
 */
import { median } from "simple-statistics";
import { compareSamples } from "../stats/compare.ts";
import type { MachineInfo } from "../store/db.ts";
import type { Config } from "../sweep/config.ts";
import { samplesPerRound } from "../sweep/measure.ts";
import { PreparationCache } from "../sweep/prepare.ts";
import { sample } from "../timing.ts";
import type { BaselineFile, BaselineRow } from "./baseline-file.ts";

export interface CiRow {
  workload: string;
  backend: string;
  isa: string;
  baselineGas?: string;
  gas?: string;
  blob?: string;
  baselineMedian?: number;
  median?: number;
  ratio?: number;
  ciLow?: number;
  ciHigh?: number;
  pValue?: number;
  verdict?: string;
  samples?: number[];
  /** failure reasons; empty = pass */
  failures: string[];
  notes: string[];
}

export interface CiOptions {
  gasOnly: boolean;
  /** backends whose run time is measured (gas is checked on all) */
  timeBackends: string[];
  threshold: number;
  timing: BaselineFile["timing"];
  /** gate time (same machine as the baseline's) */
  gateTime: boolean;
  log: (s: string) => void;
}

/** True when `a` and `b` are the same kind of machine for timing purposes. */
export function sameMachine(a: MachineInfo, b: MachineInfo): boolean {
  return a.cpu === b.cpu && a.cores === b.cores;
}

/** Samples one prepared run in `rounds` rounds (no interleaving: the baseline is stored). */
async function timeRow(timed: Parameters<typeof sample>[0], runNs: number, t: BaselineFile["timing"]): Promise<number[]> {
  const per = samplesPerRound(t, runNs);
  const out: number[] = [];
  for (let r = 0; r < t.rounds; r++) out.push(...(await sample(timed, per)));
  return out;
}

/** Measures `rows` (workload, backend pairs) under `config`; compares with `baseline` rows when given. */
export async function measureCi(config: Config, rows: Array<{ workload: string; backend: string }>, baseline: Map<string, BaselineRow>, o: CiOptions): Promise<CiRow[]> {
  const cache = new PreparationCache();
  const out: CiRow[] = [];
  for (const { workload, backend } of rows) {
    const cfg = { ...config, backend };
    const b = baseline.get(`${workload}/${backend}`);
    const row: CiRow = { workload, backend, isa: cfg.isa, baselineGas: b?.gas, baselineMedian: b?.median_ns ?? undefined, failures: [], notes: [] };
    out.push(row);
    const p = await cache.get(workload, cfg);
    if (!p.ok) {
      row.failures.push(`${p.status}: ${p.reason}`);
      continue;
    }
    row.gas = p.gas.toString();
    row.blob = p.blobHash.slice(0, 16);
    if (b && b.gas !== row.gas) row.failures.push(`gas changed: ${b.gas} -> ${row.gas} (not recorded in the baseline)`);
    if (b && b.blob !== row.blob && b.gas === row.gas) row.notes.push("code changed, gas did not");
    if (o.gasOnly || !o.timeBackends.includes(backend)) continue;
    o.log(`timing ${workload} on ${backend}`);
    row.samples = await timeRow(p.prepared.timed, p.runNs, o.timing);
    row.median = median(row.samples);
    if (!b?.samples_ns.length) continue;
    const c = compareSamples(b.samples_ns, row.samples, { minEffect: o.threshold, seed: out.length });
    Object.assign(row, { median: c.candidateMedian, ratio: c.ratio, ciLow: c.ciLow, ciHigh: c.ciHigh, pValue: c.pValue, verdict: c.verdict });
    if (c.verdict === "slower") {
      const msg = `${((c.ratio - 1) * 100).toFixed(1)}% slower (threshold ${(o.threshold * 100).toFixed(0)}%)`;
      if (o.gateTime) row.failures.push(msg);
      else row.notes.push(`${msg}, not gated: another machine`);
    } else if (c.verdict === "faster") row.notes.push(`${((1 - c.ratio) * 100).toFixed(1)}% faster: consider --update-baseline`);
  }
  return out;
}
