/**
 * Search strategies: which configurations a sweep measures against the baseline.
 *   grid    every combination of the axes' values (baseline values fill the rest)
 *   random  a seeded random order of the grid
 * Both skip the baseline itself and honour the trial budget.
 */
import { seededRandom } from "../stats/compare.ts";
import { AXES, type BuildConfig, type Experiment, configKey } from "./experiment.ts";

/** The grid of configurations the axes span, baseline excluded, in a stable order. */
export function gridConfigs(exp: Experiment, baseline: BuildConfig): BuildConfig[] {
  let out: BuildConfig[] = [{ ...baseline }];
  for (const axis of AXES) {
    const vals = exp.axes[axis];
    if (!vals) continue;
    out = out.flatMap((c) => vals.map((v) => ({ ...c, [axis]: v }) as BuildConfig));
  }
  const seen = new Set<string>([configKey(baseline)]);
  return out.filter((c) => {
    const k = configKey(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Candidates in the order the strategy measures them, cut to the budget. */
export function candidateConfigs(exp: Experiment, baseline: BuildConfig, budget?: number): BuildConfig[] {
  const grid = gridConfigs(exp, baseline);
  if (exp.strategy === "random") {
    const r = seededRandom(exp.seed);
    for (let i = grid.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [grid[i], grid[j]] = [grid[j]!, grid[i]!];
    }
  }
  const limit = budget ?? exp.budget;
  return limit === undefined ? grid : grid.slice(0, limit);
}
