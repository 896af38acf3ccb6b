/**
 * The suite's contract on the real workloads (issue "benchmark suite", "done means"):
 * every workload builds with the default toolchain; the single-VM ones give the expected
 * answer on the interpreter and the JIT, on both blobs, with gas agreeing between them;
 * fib_recur is listed as needing the kernel; the anchors run the same sources. One
 * checked run per row, no timing (that is `bun lab bench`'s job).
 */
import { describe, expect, test } from "bun:test";
import { DEFAULT_CONFIG } from "../sweep/config.ts";
import { workloadNames } from "../workloads.ts";
import { ananAsTarget } from "./anchors/anan-as.ts";
import { nativeTarget } from "./anchors/native.ts";
import { wasm32Target } from "./anchors/wasm32.ts";
import { ourTargets } from "./ours.ts";
import { readBenchWorkload } from "./workload-info.ts";
import { type BenchRow, benchWorkload } from "./workloads.ts";

const CHECK = { checkOnly: true };
const MINUTES = 60_000;
const summary = (rows: BenchRow[]) => rows.map((r) => `${r.workload}/${r.backend}: ${r.status}${r.note ? ` (${r.note})` : ""}`);

describe("workloads", () => {
  test("the nine workloads are there", () => {
    for (const w of ["fib", "sieve", "sort", "hostcall", "blake2b", "keccak", "fib_recur"]) expect(workloadNames()).toContain(w);
  });

  for (const name of workloadNames()) {
    test(
      `${name}: builds; answer and gas checked on interpreter and jit, both blobs`,
      async () => {
        const w = readBenchWorkload(name);
        const rows = await benchWorkload(w, ourTargets(DEFAULT_CONFIG), DEFAULT_CONFIG, CHECK);
        if (w.requires === "kernel") {
          expect(summary(rows)).toEqual([expect.stringMatching(new RegExp(`^${name}/all: needs-kernel`))]);
          return;
        }
        expect(summary(rows)).toEqual(rows.map((r) => `${name}/${r.backend}: ok`));
        expect(rows.map((r) => r.backend)).toEqual(["interpreter", "interpreter:gp", "jit", "jit:gp"]);
      },
      10 * MINUTES,
    );
  }
});

test(
  "anchors (native, wasm32, anan-as) run the same Rust and C sources and host calls with the right answers",
  async () => {
    const targets = [nativeTarget(DEFAULT_CONFIG), wasm32Target(DEFAULT_CONFIG), ananAsTarget(DEFAULT_CONFIG)];
    const rows: BenchRow[] = [];
    for (const name of ["sieve", "hostcall", "ed25519"]) rows.push(...(await benchWorkload(readBenchWorkload(name), targets, DEFAULT_CONFIG, CHECK)));
    expect(summary(rows)).toEqual(rows.map((r) => `${r.workload}/${r.backend}: ok`));
    expect(rows.length).toBe(9);
    // anan-as counts gas on the GP blob
    expect(rows.filter((r) => r.backend === "anan-as").every((r) => r.gas !== null)).toBe(true);
  },
  10 * MINUTES,
);
