/**
 * Timing one bench target on one workload: a run is `setup` (untimed: a fresh instance),
 * the timed `run`, then `teardown` (untimed). Every run's outcome goes through `check`,
 * which throws on a wrong answer or changed gas, so no timed run goes unchecked.
 *
 * The number of samples adapts to the run time, because run times span four orders of
 * magnitude (a JIT run of 1 ms, an interpreter run of 5 s): samples are taken until
 * there are at least `minSamples` and `budgetNs` of timed runs, or `maxSamples`. The
 * caller's own first (checked) run is the warm-up. Not mitata: mitata adds a warm-up
 * call of its own (seconds on the interpreters) and cannot check each result.
 */
/** One run split for timing (the shape of lab/timing.ts's Timed, with a typed result). */
export interface TimedRun<T, R> {
  /** untimed: a fresh instance */
  setup(): T;
  /** timed */
  run(x: T): R;
  /** untimed: releases what setup made */
  teardown?(x: T): void;
}

export interface SamplingOptions {
  /** at least this many timed runs (default 3) */
  minSamples?: number;
  /** at most this many (default 100) */
  maxSamples?: number;
  /** keep sampling until the timed runs add up to this, ns (default 1 s) */
  budgetNs?: number;
}

/** Samples (ns per run) of `t.run`, each result passed to `check` (which may throw). */
export function sampleRuns<T, R>(t: TimedRun<T, R>, check: (r: R, sample: number) => void, opts: SamplingOptions = {}): number[] {
  const min = opts.minSamples ?? 3;
  const max = Math.max(min, opts.maxSamples ?? 100);
  const budget = opts.budgetNs ?? 1e9;
  const samples: number[] = [];
  let total = 0;
  while (samples.length < max && (samples.length < min || total < budget)) {
    const x = t.setup();
    let r: R;
    let ns: number;
    try {
      const t0 = Bun.nanoseconds();
      r = t.run(x);
      ns = Bun.nanoseconds() - t0;
    } finally {
      t.teardown?.(x);
    }
    check(r, samples.length);
    samples.push(ns);
    total += ns;
  }
  return samples;
}

/** The median of `xs` (mean of the middle two for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
