/**
 * Search strategies: which configuration a sweep measures next against the current
 * baseline (the run's best so far).
 *
 *   grid    every combination of the axes' values, in file order (starting config excluded)
 *   random  the same grid in a seeded random order
 *   greedy  coordinate descent from the starting configuration: for each axis in turn,
 *           try each of its values against the current best; a promotion makes that
 *           value the current best at once, so later values of the axis must beat it
 *           (the axis ends at its best significant improvement); then the next axis.
 *           Passes over all axes repeat while a pass promoted something, up to
 *           max-passes; a pair (candidate, baseline) already measured is not measured
 *           again.
 *
 * A strategy is a deterministic state machine fed with each trial's outcome, so
 * `--resume` rebuilds its state by replaying the stored trials in order.
 */
import { seededRandom } from "../stats/compare.ts";
import { type Axis, type Config, configKey } from "./config.ts";
import type { Experiment } from "./experiment.ts";

export interface Proposal {
  config: Config;
  /** greedy: the axis this trial varies, and the pass (1-based) */
  axis?: Axis;
  pass?: number;
}

export interface Search {
  /** The next configuration to measure against `current`, or undefined when done. */
  next(current: Config): Proposal | undefined;
  /** Feeds back whether the proposal was promoted. */
  record(p: Proposal, promoted: boolean): void;
  /** An upper bound of the trials still to come (for progress), when known. */
  bound(): number | undefined;
}

/** The grid the axes span around `start`, start excluded, in a stable order. */
export function gridConfigs(exp: Experiment, start: Config): Config[] {
  let out: Config[] = [{ ...start }];
  for (const axis of Object.keys(exp.axes) as Axis[]) {
    const vals = exp.axes[axis]!;
    out = out.flatMap((c) => vals.map((v) => ({ ...c, [axis]: v }) as Config));
  }
  const seen = new Set<string>([configKey(start)]);
  return out.filter((c) => {
    const k = configKey(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** grid and random: a fixed list. */
class ListSearch implements Search {
  private i = 0;
  constructor(private readonly list: Config[]) {}
  next(current: Config): Proposal | undefined {
    while (this.i < this.list.length) {
      const c = this.list[this.i++]!;
      // after a promotion the current best may be a later list entry: nothing to measure
      if (configKey(c) !== configKey(current)) return { config: c };
    }
    return undefined;
  }
  record(): void {}
  bound(): number {
    return this.list.length - this.i;
  }
}

/** greedy: coordinate descent, one axis at a time. */
class GreedySearch implements Search {
  private readonly axes: Axis[];
  private pass = 1;
  private axisIndex = 0;
  private valueIndex = 0;
  private improved = false;
  private readonly tried = new Set<string>();
  constructor(private readonly exp: Experiment) {
    this.axes = Object.keys(exp.axes) as Axis[];
  }
  next(current: Config): Proposal | undefined {
    for (;;) {
      if (this.axisIndex >= this.axes.length) {
        if (!this.improved || this.pass >= this.exp.maxPasses) return undefined;
        this.pass++;
        this.axisIndex = 0;
        this.valueIndex = 0;
        this.improved = false;
      }
      const axis = this.axes[this.axisIndex]!;
      const vals = this.exp.axes[axis]!;
      if (this.valueIndex >= vals.length) {
        this.axisIndex++;
        this.valueIndex = 0;
        continue;
      }
      const config = { ...current, [axis]: vals[this.valueIndex++]! } as Config;
      const pair = `${configKey(config)}<-${configKey(current)}`;
      if (configKey(config) === configKey(current) || this.tried.has(pair)) continue;
      this.tried.add(pair);
      return { config, axis, pass: this.pass };
    }
  }
  record(_p: Proposal, promoted: boolean): void {
    if (promoted) this.improved = true;
  }
  bound(): number {
    const len = (a: Axis) => this.exp.axes[a]!.length;
    const perPass = this.axes.reduce((n, a) => n + len(a), 0);
    let thisPass = 0;
    for (let i = this.axisIndex; i < this.axes.length; i++) thisPass += len(this.axes[i]!) - (i === this.axisIndex ? this.valueIndex : 0);
    return thisPass + perPass * (this.exp.maxPasses - this.pass);
  }
}

/** The search of `exp`'s strategy around the run's starting configuration. */
export function makeSearch(exp: Experiment, start: Config): Search {
  if (exp.strategy === "greedy") return new GreedySearch(exp);
  const grid = gridConfigs(exp, start);
  if (exp.strategy === "random") {
    const r = seededRandom(exp.seed);
    for (let i = grid.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [grid[i], grid[j]] = [grid[j]!, grid[i]!];
    }
  }
  return new ListSearch(grid);
}
