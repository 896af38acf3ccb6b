import { expect, test } from "bun:test";
import { median, sampleRuns } from "./sampling.ts";

const counter = () => {
  const log: string[] = [];
  let n = 0;
  return {
    log,
    t: {
      setup: () => {
        log.push("setup");
        return ++n;
      },
      run: (x: number) => {
        log.push(`run ${x}`);
        return x;
      },
      teardown: (x: number) => log.push(`teardown ${x}`),
    },
  };
};

test("each run is set up, timed, torn down and checked, in that order", () => {
  const { log, t } = counter();
  const checked: number[] = [];
  const s = sampleRuns(t, (r) => checked.push(r), { minSamples: 2, maxSamples: 2, budgetNs: 0 });
  expect(s.length).toBe(2);
  expect(s.every((x) => x >= 0)).toBe(true);
  expect(log).toEqual(["setup", "run 1", "teardown 1", "setup", "run 2", "teardown 2"]);
  expect(checked).toEqual([1, 2]);
});

test("sampling stops at the budget once the minimum is met, and at the maximum", () => {
  expect(sampleRuns(counter().t, () => {}, { minSamples: 3, maxSamples: 50, budgetNs: 0 }).length).toBe(3);
  expect(sampleRuns(counter().t, () => {}, { minSamples: 1, maxSamples: 7, budgetNs: 1e12 }).length).toBe(7);
});

test("a failing check stops sampling with its error; the run was torn down", () => {
  const { log, t } = counter();
  expect(() => sampleRuns(t, (r) => { if (r === 2) throw new Error("bad 2"); }, { minSamples: 5 })).toThrow("bad 2");
  expect(log.at(-1)).toBe("teardown 2");
});

test("median", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});
