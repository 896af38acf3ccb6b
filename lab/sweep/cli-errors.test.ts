/** Bad input to the lab's sweep, compare, ci, query and results commands: one line naming the file or option, exit 2. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../paths.ts";

const dir = mkdtempSync(join(tmpdir(), "pvm-lab-cli-errors-"));
const env = { ...process.env, PVM_LAB_DB: join(dir, "lab.sqlite"), PVM_LAB_BEST: join(dir, "best.yaml"), PVM_LAB_BASELINE: join(dir, "baseline.json") };
const lab = (...args: string[]) => {
  const p = Bun.spawnSync([process.execPath, join(REPO_ROOT, "lab/cli.ts"), ...args], { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, err: p.stderr.toString().trim() };
};

describe("one-line errors, exit 2", () => {
  test.each([
    [["sweep", join(dir, "bad.yaml")], /bad\.yaml: key "strategy": must be one of grid, random, greedy \(got "sideways"\)/],
    [["sweep", join(dir, "nope.yaml")], /nope\.yaml: cannot read the experiment file/],
    [["sweep", "experiments/smoke.yaml", "--budget", "0"], /--budget must be an integer >= 1/],
    [["sweep", "experiments/smoke.yaml", "--resume"], /no unfinished run of experiments\/smoke\.yaml/],
    [["compare", "basline"], /expected "baseline \[<run>\]" or --aa N/],
    [["compare", "baseline", "--threshold", "x"], /--threshold must be a fraction/],
    [["ci"], /baseline\.json: missing; write it with bun lab ci --update-baseline/],
    [["ci", "--inject-slowdown", "fib"], /--inject-slowdown: expected workload=fraction/],
    [["results", "--limit", "many"], /--limit must be an integer/],
  ] as Array<[string[], RegExp]>)("%p", (args, message) => {
    writeFileSync(join(dir, "bad.yaml"), "name: b\nworkloads: [fib]\nstrategy: sideways\naxes: { opt-level: [2] }\n");
    const r = lab(...args);
    expect(r.code).toBe(2);
    expect(r.err.split("\n").length).toBe(1);
    expect(r.err).toMatch(message);
  });
});
