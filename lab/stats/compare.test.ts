import { describe, expect, test } from "bun:test";
import { compareRounds, compareSamples, mannWhitneyP, seededRandom, signedRankP } from "./compare.ts";

const noisy = (seed: number, center: number, n: number, spread = 0.02) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => center * (1 + (r() - 0.5) * 2 * spread));
};
/** `rounds` rounds of `per` samples around `center`, each round shifted by a shared drift. */
const rounds = (seed: number, center: number, n: number, per: number, drift: number[]) => Array.from({ length: n }, (_, i) => noisy(seed * 100 + i, center * (1 + drift[i]!), per));

describe("compareSamples", () => {
  test("a clear 10% speed-up is 'faster' with a CI below 1", () => {
    const c = compareSamples(noisy(1, 100, 30), noisy(2, 90, 30));
    expect(c.verdict).toBe("faster");
    expect(c.ciHigh).toBeLessThan(1);
    expect(c.ratio).toBeCloseTo(0.9, 1);
  });

  test("a 10% slow-down is 'slower'", () => {
    expect(compareSamples(noisy(3, 100, 30), noisy(4, 110, 30)).verdict).toBe("slower");
  });

  test("a significant change smaller than minEffect is 'no change'", () => {
    const c = compareSamples(noisy(5, 100, 200, 0.005), noisy(6, 101, 200, 0.005), { minEffect: 0.03 });
    expect(c.pValue).toBeLessThan(0.0001);
    expect(c.verdict).toBe("no change");
  });

  test("one wild outlier does not flip the verdict (medians, ranks)", () => {
    const base = noisy(5, 100, 20);
    const cand = noisy(6, 100, 20);
    cand[0] = 10_000;
    expect(compareSamples(base, cand).verdict).toBe("no change");
  });

  test("empty input throws", () => {
    expect(() => compareSamples([], [1])).toThrow(RangeError);
  });
});

describe("compareRounds (interleaved rounds)", () => {
  test("drift shared by both sides of a round cancels: a 5% speed-up under ±10% drift is found", () => {
    const r = seededRandom(9);
    const drift = Array.from({ length: 10 }, () => (r() - 0.5) * 0.2);
    const c = compareRounds(rounds(1, 100, 10, 5, drift), rounds(2, 95, 10, 5, drift));
    expect(c.verdict).toBe("faster");
    expect(c.n.rounds).toBe(10);
  });

  test("A/A with per-round shifts is 'no change' in at least 19 of 20", () => {
    let changes = 0;
    for (let s = 0; s < 20; s++) {
      const r = seededRandom(1000 + s);
      // independent round effects on each side (what made independent resampling flag A/A)
      const dB = Array.from({ length: 8 }, () => (r() - 0.5) * 0.06);
      const dC = Array.from({ length: 8 }, () => (r() - 0.5) * 0.06);
      if (compareRounds(rounds(s * 2 + 1, 100, 8, 20, dB), rounds(s * 2 + 2, 100, 8, 20, dC), { seed: s, resamples: 500 }).verdict !== "no change") changes++;
    }
    expect(changes).toBeLessThanOrEqual(1);
  });

  test("a single round falls back to plain resampling and Mann-Whitney on all samples", () => {
    const c = compareRounds([noisy(1, 100, 30)], [noisy(2, 80, 30)]);
    expect(c.n.rounds).toBe(1);
    expect(c.verdict).toBe("faster");
  });
});

describe("signedRankP", () => {
  test("exact: all of n pairs on one side gives 2/2^n", () => {
    expect(signedRankP([1, 2, 3, 4, 5, 6])).toBeCloseTo(2 / 64, 10);
    expect(signedRankP([-1, -2, -3, -4, -5, -6, -7, -8])).toBeCloseTo(2 / 256, 10);
  });
  test("balanced signs give p = 1; zeros are dropped", () => {
    expect(signedRankP([1, -1.5, 2, -2.5, 0])).toBeGreaterThan(0.5);
    expect(signedRankP([0, 0])).toBe(1);
  });
  test("the normal approximation (n > 25) agrees in size with the exact test", () => {
    const d = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1));
    expect(signedRankP(d)).toBeGreaterThan(0.001);
    expect(signedRankP(d)).toBeLessThan(0.2);
  });
});

describe("mannWhitneyP", () => {
  test("small for separated samples, large for identical ones, 1 for all-tied ones", () => {
    expect(mannWhitneyP([1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18])).toBeLessThan(0.01);
    expect(mannWhitneyP([1, 2, 3, 4], [1, 2, 3, 4])).toBeGreaterThan(0.5);
    expect(mannWhitneyP([5, 5, 5], [5, 5, 5])).toBe(1);
  });

  test("ties shrink the variance (tie-corrected): heavily tied but shifted samples are significant", () => {
    expect(mannWhitneyP([1, 1, 1, 1, 1, 1, 1, 2], [2, 2, 2, 2, 2, 2, 2, 3])).toBeLessThan(0.01);
  });
});
