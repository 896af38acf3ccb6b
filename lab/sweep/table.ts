/** The sweep's closing table: one row per (trial, workload). */
import type { MeasurementRecord } from "../store/db.ts";
import { configDiff } from "./config.ts";
import type { TrialSummary } from "./run-sweep.ts";
import { formatRows } from "../table-format.ts";

/** Medians as milliseconds (time) or plain numbers (gas). */
export const formatMedian = (v: number | undefined, metric = "time") => (v === undefined ? "-" : metric === "gas" ? String(v) : `${(v / 1e6).toFixed(3)} ms`);

/** "0.953 [0.941, 0.966]" or "-" */
export const formatRatio = (m: MeasurementRecord) => (m.ratio === undefined ? "-" : `${m.ratio.toFixed(3)} [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}]`);

/** What a measurement concluded, in one cell. */
export const formatVerdict = (m: MeasurementRecord) => (m.status !== "ok" ? m.status : m.reason === "identical code" ? "no change (identical code)" : m.verdict!);

/** Plain-text table of trials (markdown pipe syntax). */
export function sweepTable(trials: TrialSummary[], metric = "time"): string {
  const rows: Record<string, string>[] = [];
  for (const t of trials) {
    t.measurements.forEach((m, i) => {
      rows.push({
        trial: i === 0 ? String(t.seq + 1) : "",
        change: i === 0 ? configDiff(t.config, t.baseline) : "",
        workload: m.workload,
        baseline: formatMedian(m.baselineMedian, metric),
        candidate: formatMedian(m.candidateMedian, metric),
        "ratio [95% CI]": formatRatio(m),
        p: m.pValue === undefined ? "-" : m.pValue.toPrecision(2),
        verdict: formatVerdict(m),
        decision: i === 0 ? (t.promoted ? "promoted" : "reverted") : "",
      });
    });
  }
  return formatRows(rows);
}
