/**
 * The acceptance rule: a configuration is promoted only when every workload ran and
 * gave the right answer, no workload got significantly slower, at least one got
 * significantly faster, and the geometric mean of the median ratios improves by at
 * least `minImprovement`. Anything else is reverted, with the reason.
 */
import type { MeasurementRecord } from "../store/db.ts";

export interface Decision {
  promoted: boolean;
  geomeanRatio?: number;
  reason: string;
}

export function decide(ms: MeasurementRecord[], minImprovement: number): Decision {
  const failed = ms.filter((m) => m.status !== "ok");
  if (failed.length) return { promoted: false, reason: `reverted: ${failed.map((m) => `${m.workload} ${m.status}${m.reason ? ` (${m.reason})` : ""}`).join("; ")}` };
  const geomeanRatio = Math.exp(ms.reduce((s, m) => s + Math.log(m.ratio!), 0) / ms.length);
  const pct = ((1 - geomeanRatio) * 100).toFixed(1);
  const slower = ms.filter((m) => m.verdict === "slower");
  if (slower.length) return { promoted: false, geomeanRatio, reason: `reverted: significantly slower on ${slower.map((m) => m.workload).join(", ")}` };
  const faster = ms.filter((m) => m.verdict === "faster");
  if (!faster.length) return { promoted: false, geomeanRatio, reason: `reverted: no workload significantly faster (geomean ${pct}% better)` };
  if (geomeanRatio > 1 - minImprovement) {
    return { promoted: false, geomeanRatio, reason: `reverted: geomean improvement ${pct}% is below the ${(minImprovement * 100).toFixed(1)}% threshold` };
  }
  return { promoted: true, geomeanRatio, reason: `promoted: ${pct}% faster (geomean), faster on ${faster.map((m) => m.workload).join(", ")}` };
}
