/**
 * The acceptance rule. A configuration is promoted only when every workload built, gave
 * the right answer with the same gas on every backend, no workload looks slower (a
 * significant slowdown, or merely a CI of its ratio lying above 1: on a loaded machine
 * a 72% slowdown once missed significance with p = 0.055 while its CI was [1.11, 2.83],
 * and must not ride along with a noisy speed-up elsewhere), at least one got
 * significantly faster (significant: p below 1 - confidence,
 * the CI of its ratio excluding 1, and the change at least the threshold), and the
 * geometric mean of the median ratios improves by at least `minImprovement`. Anything
 * else is reverted, with the reason in words.
 */
import type { MeasurementRecord } from "../store/db.ts";

export interface Decision {
  promoted: boolean;
  geomeanRatio?: number;
  reason: string;
}

export function decide(ms: MeasurementRecord[], minImprovement: number, metric: "time" | "gas" = "time"): Decision {
  const better = metric === "gas" ? "less gas" : "faster";
  const failed = ms.filter((m) => m.status !== "ok");
  if (failed.length) return { promoted: false, reason: `reverted: ${failed.map((m) => `${m.workload} ${m.status}${m.reason ? ` (${m.reason})` : ""}`).join("; ")}` };
  if (ms.every((m) => m.reason === "identical code")) return { promoted: false, geomeanRatio: 1, reason: "reverted: no change (identical code on every workload)" };
  const geomeanRatio = Math.exp(ms.reduce((s, m) => s + Math.log(m.ratio!), 0) / ms.length);
  const pct = ((1 - geomeanRatio) * 100).toFixed(1);
  const slower = ms.filter((m) => m.verdict === "slower" || (m.ciLow !== undefined && m.ciLow > 1));
  if (slower.length) {
    const what = slower.map((m) => `${m.workload} (ratio ${m.ratio!.toFixed(3)}, CI [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}])`).join(", ");
    return { promoted: false, geomeanRatio, reason: `reverted: ${metric === "gas" ? "more gas" : "slower"} on ${what}` };
  }
  const faster = ms.filter((m) => m.verdict === "faster");
  if (!faster.length) return { promoted: false, geomeanRatio, reason: `reverted: no workload significantly ${better} (geomean ${pct}% better)` };
  if (geomeanRatio > 1 - minImprovement) {
    return { promoted: false, geomeanRatio, reason: `reverted: geomean improvement ${pct}% is below the ${(minImprovement * 100).toFixed(1)}% threshold` };
  }
  return { promoted: true, geomeanRatio, reason: `promoted: ${pct}% ${better} (geomean), significantly ${better} on ${faster.map((m) => m.workload).join(", ")}` };
}
