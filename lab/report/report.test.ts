/**
 * A sweep report opens in headless Chromium with no network and shows its charts: the
 * page's own count of drawn charts (after scripts ran, --dump-dom), and the chart
 * colours in a screenshot (the bars are really painted).
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { type Config, DEFAULT_CONFIG, configKey } from "../sweep/config.ts";
import { configId, machineId, openDatabase, recordTrial, setRunStatus, startRun } from "../store/db.ts";
import { dumpDom, ensureChromium, screenshot } from "./chromium.ts";
import { loadReportData } from "./data.ts";
import { writeRunReport } from "./write.ts";

/** A greedy run of 3 trials on 2 workloads, with samples around the given medians. */
function fakeRun(dir: string): { db: ReturnType<typeof openDatabase>; runId: number } {
  const db = openDatabase(join(dir, "lab.sqlite"));
  const start: Config = { ...DEFAULT_CONFIG, backend: "jit" };
  const mid = machineId(db, { cpu: "test cpu", cores: 2, kernel: "k", bun: Bun.version, gitCommit: "abc" });
  const runId = startRun(db, { experiment: "report-check", file: "experiments/x.yaml", strategy: "greedy", metric: "time", backend: "jit", isa: "gp-0.7", machineId: mid, baselineConfigId: configId(db, configKey(start), start), spec: {} });
  let current = start;
  const steps: Array<[Partial<Config>, number, boolean]> = [[{ "opt-level": "2" }, 0.9, true], [{ "opt-level": "s" }, 1.04, false], [{ "inline-threshold": 50 }, 0.97, true]];
  steps.forEach(([change, ratio, promoted], seq) => {
    const cand = { ...current, ...change };
    const samples = (m: number) => Array.from({ length: 4 }, (_, r) => Array.from({ length: 5 }, (_, i) => m * (1 + ((r * 5 + i) % 7) / 200)));
    recordTrial(db, {
      runId, seq, config: cand, configKey: configKey(cand), baselineConfigId: configId(db, configKey(current), current), startedAt: "t", axis: Object.keys(change)[0], pass: 1,
      measurements: ["fib", "sieve"].map((w, k) => {
        const b = (k + 1) * 300_000;
        return { workload: w, status: "ok" as const, ratio, ciLow: ratio - 0.01, ciHigh: ratio + 0.01, pValue: 0.004, verdict: promoted ? "faster" : "slower", baselineMedian: b, candidateMedian: b * ratio, baselineGas: 10n, candidateGas: 10n, samples: { baseline: samples(b), candidate: samples(b * ratio) } };
      }),
      decision: { promoted, geomeanRatio: ratio, reason: promoted ? "promoted: test" : "reverted: test" },
    });
    if (promoted) current = cand;
  });
  setRunStatus(db, runId, "finished");
  return { db, runId };
}

describe("HTML report", () => {
  test("the data follows the search path", () => {
    const { db, runId } = fakeRun(mkdtempSync(join(tmpdir(), "pvm-lab-report-")));
    const d = loadReportData(db, runId);
    expect(d.trials.map((t) => [t.change, t.promoted])).toEqual([["opt-level=2", true], ["opt-level=s", false], ["inline-threshold=50", true]]);
    expect(d.best).toContain("O2 it=50");
    expect(d.trials[0]!.measurements[0]!.candidateSamples.length).toBe(20);
    db.close();
  });

  test("opens in headless Chromium offline and draws every chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pvm-lab-report-"));
    process.env.PVM_LAB_REPORTS = join(dir, "reports");
    const { db, runId } = fakeRun(dir);
    const file = writeRunReport(db, runId);
    db.close();
    const html = readFileSync(file, "utf8");
    // self-contained: no script, stylesheet or image is loaded from anywhere
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("Chart.js v4");

    const bin = await ensureChromium();
    const dom = await dumpDom(bin, file);
    expect(dom).toMatch(/data-charts-drawn="3"/); // fib, sieve, search path

    const png = PNG.sync.read(Buffer.from(await screenshot(bin, file)));
    let blue = 0;
    let green = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      // candidate bars: rgba(33,102,172,0.75) over white; best-so-far line: rgb(26,152,80)
      if (Math.abs(r - 89) < 20 && Math.abs(g - 140) < 20 && Math.abs(b - 193) < 20) blue++;
      if (Math.abs(r - 26) < 25 && Math.abs(g - 152) < 25 && Math.abs(b - 80) < 25) green++;
    }
    expect(blue).toBeGreaterThan(2000);
    expect(green).toBeGreaterThan(200);
  }, 300_000);
});
