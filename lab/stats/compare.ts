/**
 * Candidate-versus-baseline statistics that resist noise:
 *  - effect: ratio of medians (candidate / baseline; < 1 means faster)
 *  - uncertainty: percentile bootstrap confidence interval of that ratio
 *  - significance: Mann-Whitney U (simple-statistics' wilcoxonRankSum), normal
 *    approximation with tie-free variance, two-sided
 * Samples are nanoseconds (or gas); any positive unit works.
 */
import { cumulativeStdNormalProbability, median, sampleWithReplacement, wilcoxonRankSum } from "simple-statistics";

export type Verdict = "faster" | "slower" | "no change";

export interface Comparison {
  baselineMedian: number;
  candidateMedian: number;
  /** candidate median / baseline median */
  ratio: number;
  /** bootstrap CI of the ratio at `confidence` */
  ciLow: number;
  ciHigh: number;
  /** two-sided Mann-Whitney p-value */
  pValue: number;
  verdict: Verdict;
  n: { baseline: number; candidate: number };
}

/** Deterministic PRNG (mulberry32) so that a comparison is reproducible from its samples. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two-sided Mann-Whitney U p-value of x versus y. */
export function mannWhitneyP(x: number[], y: number[]): number {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return 1;
  const w = wilcoxonRankSum(x, y);
  const u = w - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  if (sigma === 0) return 1;
  const z = (Math.abs(u - mu) - 0.5) / sigma; // continuity correction
  return Math.min(1, 2 * (1 - cumulativeStdNormalProbability(Math.max(0, z))));
}

/**
 * Compares `candidate` samples against `baseline` samples.
 * `confidence` in (0,1), e.g. 0.95; `resamples` bootstrap draws.
 * Verdict: faster/slower only when the CI excludes 1 AND p < 1 - confidence.
 * Throws RangeError on empty input.
 */
export function compareSamples(baseline: number[], candidate: number[], confidence = 0.95, resamples = 2000, seed = 1): Comparison {
  if (!baseline.length || !candidate.length) throw new RangeError("compareSamples: both sample sets must be non-empty");
  const rnd = seededRandom(seed);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const b = median(sampleWithReplacement(baseline, baseline.length, rnd));
    const c = median(sampleWithReplacement(candidate, candidate.length, rnd));
    ratios.push(c / b);
  }
  ratios.sort((a, b) => a - b);
  const alpha = 1 - confidence;
  const ciLow = ratios[Math.floor((alpha / 2) * (resamples - 1))]!;
  const ciHigh = ratios[Math.ceil((1 - alpha / 2) * (resamples - 1))]!;
  const baselineMedian = median(baseline);
  const candidateMedian = median(candidate);
  const pValue = mannWhitneyP(candidate, baseline);
  let verdict: Verdict = "no change";
  if (pValue < alpha && ciHigh < 1) verdict = "faster";
  else if (pValue < alpha && ciLow > 1) verdict = "slower";
  return {
    baselineMedian, candidateMedian, ratio: candidateMedian / baselineMedian, ciLow, ciHigh, pValue, verdict,
    n: { baseline: baseline.length, candidate: candidate.length },
  };
}
