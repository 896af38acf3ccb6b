/**
 * Every workload (experiments/workloads/<name>/workload.json, built by
 * toolchains/build.ts with its default configuration) under every pass on and off: the
 * answer (φ7 at halt) must be the expected one, and the gas the same or lower with the
 * pass on — each pass alone against none, and all against none — under gp-0.7
 * (per-instruction gas) and jar (the pipeline model). All against all-but-one-pass is
 * reported, not required: every rewrite is priced block by block under both models
 * (passes/block-gas.ts), and the pipeline model is not monotone, so a pass can make a
 * later one keep an instruction it would otherwise drop.
 *
 * The matrix runs on the JIT backend (tens of millions of instructions per run); the
 * programs with all passes also run on the reference interpreter where that takes
 * little time. Host calls get the default host's no-op (ecalli 0 returns at once);
 * workloads that need the kernel ("requires": "kernel") are left out.
 */
import { describe, expect, test } from "bun:test";
import { buildGuestElf } from "../../../toolchains/build.ts";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Backend } from "../../backend.ts";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import { jitBackend } from "../../jit/jit.ts";
import { jarImage } from "../../program/jar-blob.ts";
import { standardImage } from "../../program/standard-program.ts";
import { transpileElf } from "../index.ts";
import { PASS_ORDER, type PassName } from "./pass.ts";

const WORKLOADS_DIR = join(import.meta.dir, "../../../experiments/workloads");
const spec = (w: string) => JSON.parse(readFileSync(join(WORKLOADS_DIR, w, "workload.json"), "utf8")) as { requires?: string };
const workloads = existsSync(WORKLOADS_DIR)
  ? readdirSync(WORKLOADS_DIR).filter((w) => existsSync(join(WORKLOADS_DIR, w, "workload.json")) && !spec(w).requires).sort()
  : [];
/** Gas (gp-0.7) below which the interpreter re-runs the all-passes program too. */
const INTERPRETER_LIMIT = 20_000_000n;


const GAS = 10n ** 12n;

type Outcome = [status: string, result: bigint, gas: bigint];

function runBlob(elf: Uint8Array, entry: string, passes: PassName[], backend: Backend = jitBackend): { gp: Outcome; jar: Outcome } {
  const r = transpileElf(elf, { entry, passes });
  const one = (img: ReturnType<typeof standardImage>, profile: "gp-0.7" | "jar"): Outcome => {
    const inst = backend.instantiate(backend.compile(img.code, { profile }), img);
    inst.gas = GAS;
    let exit = inst.run();
    while (exit.status === "host" && exit.hostCall === 0n) {
      inst.resumeAfterHostCall();
      exit = inst.run();
    }
    return [exit.status, inst.getReg(7), GAS - inst.gas];
  };
  return { gp: one(standardImage(r.standard), "gp-0.7"), jar: one(jarImage(r.jar), "jar") };
}

describe("passes on every workload: same answer, no more gas", () => {

  if (!workloads.length) test.skip("no workloads found", () => {});
  for (const workload of workloads) {
    test(workload, async () => {
      // a failed guest build fails the test: CI installs the toolchains first
      const built = await buildGuestElf({ workload });
      const elf = readFileSync(built.elfPath);
      const expected = BigInt(built.expected);
      const runs = new Map<string, ReturnType<typeof runBlob>>();
      const run = (passes: PassName[]) => {
        const key = passes.join(",") || "none";
        if (!runs.has(key)) runs.set(key, runBlob(elf, built.entry, passes));
        return runs.get(key)!;
      };
      const problems: string[] = [];
      const notes: string[] = [];
      const compare = (label: string, off: PassName[], on: PassName[], required: boolean) => {
        const a = run(off);
        const b = run(on);
        for (const profile of ["gp", "jar"] as const) {
          const [status, result, gas] = b[profile];
          if (status !== "halt" || result !== expected) problems.push(`${label} (${profile}): ${status}, φ7 = ${result}, want ${expected}`);
          if (gas > a[profile][2]) (required ? problems : notes).push(`${label} (${profile}): gas ${a[profile][2]} → ${gas}`);
        }
      };
      for (const pass of PASS_ORDER) {
        compare(`${pass} alone`, [], [pass], true);
        compare(`all vs all but ${pass}`, PASS_ORDER.filter((p) => p !== pass), [...PASS_ORDER], false);
      }
      compare("all", [], [...PASS_ORDER], true);
      if (notes.length) console.log(`${workload}: not monotone in combination: ${notes.join("; ")}`);
      const none = run([]);
      expect([none.gp[0], none.gp[1]]).toEqual(["halt", expected]);
      const all = run([...PASS_ORDER]);
      console.log(`${workload}: gas gp-0.7 ${none.gp[2]} → ${all.gp[2]}, jar ${none.jar[2]} → ${all.jar[2]} with all passes`);
      if (none.gp[2] < INTERPRETER_LIMIT) expect(runBlob(elf, built.entry, [...PASS_ORDER], interpreterBackend)).toEqual(all);
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
