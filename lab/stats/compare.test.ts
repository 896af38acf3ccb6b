import { describe, expect, test } from "bun:test";
import { compareSamples, mannWhitneyP, seededRandom } from "./compare.ts";

const noisy = (seed: number, center: number, n: number, spread = 0.02) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => center * (1 + (r() - 0.5) * 2 * spread));
};

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

  test("A/A comparisons say 'no change' nearly always", () => {
    let changes = 0;
    for (let s = 0; s < 40; s++) if (compareSamples(noisy(s * 2 + 10, 100, 20, 0.05), noisy(s * 2 + 11, 100, 20, 0.05), 0.95, 500, s).verdict !== "no change") changes++;
    expect(changes).toBeLessThanOrEqual(4);
  });

  test("one wild outlier does not flip the verdict (medians, ranks)", () => {
    const base = noisy(5, 100, 20);
    const cand = noisy(6, 100, 20);
    cand[0] = 10_000;
    expect(compareSamples(base, cand).verdict).toBe("no change");
  });

  test("Mann-Whitney p is small for separated samples and 1-ish for identical ones", () => {
    expect(mannWhitneyP([1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18])).toBeLessThan(0.01);
    expect(mannWhitneyP([1, 2, 3, 4], [1, 2, 3, 4])).toBeGreaterThan(0.5);
  });

  test("empty input throws", () => {
    expect(() => compareSamples([], [1])).toThrow(RangeError);
  });
});
