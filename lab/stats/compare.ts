/**
 * Candidate-versus-baseline statistics that resist noise.
 *
 *  - effect: ratio of medians (candidate / baseline; < 1 means faster), over all samples
 *  - uncertainty: a two-level (hierarchical) bootstrap confidence interval of that
 *    ratio. Samples come in interleaved rounds (lab/timing.ts); samples of one round
 *    share that moment's machine state, so they are not independent. The bootstrap
 *    therefore draws whole rounds with replacement, keeping each round's baseline and
 *    candidate together (they ran back to back, so drift cancels inside the pair), and
 *    then draws samples inside each drawn round. Resampling single samples as if they
 *    were independent gives intervals that are too narrow: measured A/A comparisons on
 *    the JIT flagged 3 of 20 as changed that way.
 *  - significance, interleaved rounds: the Wilcoxon signed-rank test on the per-round
 *    log ratios (candidate round median / baseline round median), exact for up to 25
 *    rounds. It is the paired form of Mann-Whitney, and pairing is what the ABAB design
 *    buys: with drift of ±10% between rounds, Mann-Whitney on round medians missed a 5%
 *    speed-up that the paired test finds. With n rounds the smallest two-sided p is
 *    2/2^n, so a 95% decision needs at least 6 rounds (experiment.ts checks this).
 *  - significance, flat samples (one round; e.g. a fresh run against stored samples):
 *    Mann-Whitney U (simple-statistics' wilcoxonRankSum gives the rank sum with
 *    mid-ranks for ties), normal approximation, tie-corrected, continuity-corrected.
 *  - practical size: a difference smaller than `minEffect` is "no change" even when it
 *    is significant; a tuner must not chase code-placement noise of a percent or two.
 *
 * Verdict: faster/slower only when p < 1 - confidence, the CI excludes 1, and
 * |ratio - 1| >= minEffect. Samples are nanoseconds (or gas); any positive unit works.
 */
import { errorFunction, median, wilcoxonRankSum } from "simple-statistics";
import { mulberry32 } from "../../engine/random.ts";

export type Verdict = "faster" | "slower" | "no change";

export interface Comparison {
  baselineMedian: number;
  candidateMedian: number;
  /** candidate median / baseline median */
  ratio: number;
  /** bootstrap CI of the ratio at `confidence` */
  ciLow: number;
  ciHigh: number;
  /** two-sided p: signed-rank over round pairs, or Mann-Whitney over flat samples */
  pValue: number;
  verdict: Verdict;
  n: { baseline: number; candidate: number; rounds: number };
}

export interface CompareOptions {
  /** e.g. 0.95 */
  confidence?: number;
  /** bootstrap draws */
  resamples?: number;
  seed?: number;
  /** smallest |ratio - 1| called a change; default 0 */
  minEffect?: number;
}

/** Deterministic PRNG (mulberry32) so that a comparison is reproducible from its samples. */
export const seededRandom = mulberry32;

/** Sum over tie groups of (t^3 - t), for the tie-corrected rank-sum variance. */
function tieTerm(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    sum += t * t * t - t;
    i = j;
  }
  return sum;
}

/** Two-sided Mann-Whitney U p-value of x versus y (normal approximation, tie-corrected). */
export function mannWhitneyP(x: number[], y: number[]): number {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return 1;
  const n = n1 + n2;
  const u = wilcoxonRankSum(x, y) - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm([...x, ...y]) / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (Math.abs(u - mu) - 0.5) / Math.sqrt(variance); // continuity correction
  return twoSidedNormalP(z);
}

/**
 * Two-sided p of a standard normal z: erfc(|z|/√2). (simple-statistics'
 * cumulativeStdNormalProbability is a 4-digit table, which floors p at 0.002.)
 */
function twoSidedNormalP(z: number): number {
  return Math.min(1, Math.max(0, 1 - errorFunction(Math.max(0, z) / Math.SQRT2)));
}

/**
 * Two-sided Wilcoxon signed-rank p-value of paired differences `d` (zeros dropped):
 * exact null distribution for n <= 25 without tied magnitudes, else the normal
 * approximation with tie correction.
 */
export function signedRankP(d: number[]): number {
  const xs = d.filter((x) => x !== 0);
  const n = xs.length;
  if (n === 0) return 1;
  const order = xs.map((x, i) => ({ a: Math.abs(x), pos: x > 0, i })).sort((p, q) => p.a - q.a);
  const ranks = new Array<number>(n);
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && order[j]!.a === order[i]!.a) j++;
    const t = j - i;
    ties += t * t * t - t;
    for (let k = i; k < j; k++) ranks[k] = (i + j + 1) / 2; // mid-rank of positions i+1..j
    i = j;
  }
  const wPlus = order.reduce((s, o, k) => s + (o.pos ? ranks[k]! : 0), 0);
  if (n <= 25 && ties === 0) {
    // counts[s] = number of sign patterns whose positive ranks sum to s
    const max = (n * (n + 1)) / 2;
    let counts = new Array<number>(max + 1).fill(0);
    counts[0] = 1;
    for (let r = 1; r <= n; r++) {
      const next = counts.slice();
      for (let s = r; s <= max; s++) next[s]! += counts[s - r]!;
      counts = next;
    }
    const total = 2 ** n;
    let lower = 0;
    for (let s = 0; s <= wPlus; s++) lower += counts[s]!;
    let upper = 0;
    for (let s = wPlus; s <= max; s++) upper += counts[s]!;
    return Math.min(1, (2 * Math.min(lower, upper)) / total);
  }
  const mu = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - ties / 48;
  if (variance <= 0) return 1;
  return twoSidedNormalP((Math.abs(wPlus - mu) - 0.5) / Math.sqrt(variance));
}

/** The smallest two-sided p the exact signed-rank test can give with `rounds` pairs. */
export function smallestSignedRankP(rounds: number): number {
  return 2 / 2 ** rounds;
}

/** `k` values drawn with replacement from `xs`. */
function draw(xs: number[], k: number, rnd: () => number, out: number[]): void {
  for (let i = 0; i < k; i++) out.push(xs[Math.floor(rnd() * xs.length)]!);
}

/**
 * Compares interleaved rounds of samples: `baseline[r]` and `candidate[r]` ran in the
 * same round r. Rounds may differ in size; empty rounds are ignored. Throws RangeError
 * when either side has no sample at all.
 */
export function compareRounds(baseline: number[][], candidate: number[][], opts: CompareOptions = {}): Comparison {
  const confidence = opts.confidence ?? 0.95;
  const resamples = opts.resamples ?? 2000;
  const minEffect = opts.minEffect ?? 0;
  const pairs: Array<[number[], number[]]> = [];
  for (let r = 0; r < Math.max(baseline.length, candidate.length); r++) {
    const b = baseline[r] ?? [];
    const c = candidate[r] ?? [];
    if (b.length && c.length) pairs.push([b, c]);
  }
  const allB = baseline.flat();
  const allC = candidate.flat();
  if (!allB.length || !allC.length) throw new RangeError("compareRounds: both sample sets must be non-empty");
  const baselineMedian = median(allB);
  const candidateMedian = median(allC);
  const ratio = candidateMedian / baselineMedian;

  const rnd = seededRandom(opts.seed ?? 1);
  const ratios: number[] = [];
  const bs: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < resamples; i++) {
    bs.length = 0;
    cs.length = 0;
    if (pairs.length >= 2) {
      for (let k = 0; k < pairs.length; k++) {
        const [b, c] = pairs[Math.floor(rnd() * pairs.length)]!;
        draw(b, b.length, rnd, bs);
        draw(c, c.length, rnd, cs);
      }
    } else {
      // one round (or none pairing up): nothing to draw at the top level
      draw(allB, allB.length, rnd, bs);
      draw(allC, allC.length, rnd, cs);
    }
    ratios.push(median(cs) / median(bs));
  }
  ratios.sort((a, b) => a - b);
  const alpha = 1 - confidence;
  const ciLow = ratios[Math.floor((alpha / 2) * (resamples - 1))]!;
  const ciHigh = ratios[Math.ceil((1 - alpha / 2) * (resamples - 1))]!;

  // Paired rounds: signed-rank on the round log ratios; one round: Mann-Whitney on all samples.
  const pValue = pairs.length >= 2 ? signedRankP(pairs.map(([b, c]) => Math.log(median(c) / median(b)))) : mannWhitneyP(allC, allB);
  let verdict: Verdict = "no change";
  const big = Math.abs(ratio - 1) >= minEffect;
  if (pValue < alpha && ciHigh < 1 && big) verdict = "faster";
  else if (pValue < alpha && ciLow > 1 && big) verdict = "slower";
  return { baselineMedian, candidateMedian, ratio, ciLow, ciHigh, pValue, verdict, n: { baseline: allB.length, candidate: allC.length, rounds: pairs.length } };
}

/**
 * Compares two flat sample sets with no round structure, e.g. a fresh measurement
 * against samples stored in results/baseline.json: one "round" holding everything, so
 * the bootstrap resamples single samples and Mann-Whitney runs on all of them.
 */
export function compareSamples(baseline: number[], candidate: number[], opts: CompareOptions = {}): Comparison {
  return compareRounds([baseline], [candidate], opts);
}
