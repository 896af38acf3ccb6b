import { describe, expect, test } from "bun:test";
import { sample, timeInterleaved } from "./timing.ts";

describe("timing", () => {
  test("exactly n single-call samples, set-up off the clock, every set-up torn down", async () => {
    let live = 0;
    let calls = 0;
    const s = await sample(
      {
        setup: () => {
          live++;
          const t0 = Bun.nanoseconds();
          while (Bun.nanoseconds() - t0 < 200_000) {} // 0.2 ms of set-up that must not be timed
          return 1;
        },
        run: () => {
          calls++;
        },
        teardown: () => {
          live--;
        },
      },
      25,
    );
    expect(s.length).toBe(25); // no trimming of extremes
    expect(live).toBe(0);
    expect(calls).toBe(27); // mitata's warm-up: a first call, and one more when it took < 0.5 ms
    expect(Math.max(...s)).toBeLessThan(100_000); // set-up time is not in the samples
  });

  test("rounds alternate A B, B A and may differ in size per side", async () => {
    const order: string[] = [];
    const mk = (name: string) => ({ setup: () => 0, run: () => order.push(name) });
    const r = await timeInterleaved(mk("a"), mk("b"), 2, [2, 3]);
    expect(r.baseline.map((x) => x.length)).toEqual([2, 2]);
    expect(r.candidate.map((x) => x.length)).toEqual([3, 3]);
    // two warm-up calls (fast runs) + the samples: aa+aa | bb+bbb | bb+bbb | aa+aa
    expect(order.join("")).toBe("aaaabbbbbbbbbbaaaa");
  });
});
