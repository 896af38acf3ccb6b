/** The sweep's closing table: one row per (configuration, workload). */
import type { TrialSummary } from "./run-sweep.ts";
import { configLabel } from "./experiment.ts";

const ms = (ns: number | undefined) => (ns === undefined ? "-" : `${(ns / 1e6).toFixed(3)} ms`);

/** Plain-text table of trials (markdown-compatible). */
export function sweepTable(trials: TrialSummary[]): string {
  const rows: string[][] = [["config", "workload", "baseline", "candidate", "ratio [95% CI]", "p", "verdict", "decision"]];
  for (const t of trials) {
    t.measurements.forEach((m, i) => {
      rows.push([
        i === 0 ? configLabel(t.config) : "",
        m.workload,
        ms(m.baselineMedian),
        ms(m.candidateMedian),
        m.ratio === undefined ? "-" : `${m.ratio.toFixed(3)} [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}]`,
        m.pValue === undefined ? "-" : m.pValue.toPrecision(2),
        m.status === "ok" ? m.verdict! : m.status,
        i === 0 ? (t.promoted ? "promoted" : "reverted") : "",
      ]);
    });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => x.padEnd(widths[c]!)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
