import { describe, expect, test } from "bun:test";
import type { Backend, Instance } from "../backend.ts";
import { interpreterBackend } from "../interpreter/interpreter.ts";
import { jitBackend } from "../jit/jit.ts";
import { stringifyExact } from "../vectors/exact-json.ts";
import { runVector } from "../vectors/run-vector.ts";
import { parseVector } from "../vectors/vector.ts";
import { runCampaign } from "./campaign.ts";
import { reproducerVector } from "./reproducer.ts";

describe("differential fuzzing", () => {
  test("2,000 fixed-seed programs: the JIT agrees with the interpreter in every profile and gas mode", () => {
    const res = runCampaign(jitBackend, 2000, 20260101);
    expect(res.crash).toBeUndefined();
    expect(res.mismatch?.difference).toBeUndefined();
    expect(res.programs).toBe(2000);
    // the generator reaches every kind of exit
    for (const s of ["halt", "panic", "page-fault", "out-of-gas", "host"]) expect(res.statuses[s] ?? 0).toBeGreaterThan(0);
  }, 600_000);

  test("a wrong backend is caught, shrunk and written as a vector the interpreter passes", () => {
    // wrong on purpose: reports one gas unit too many whenever a run panics
    const buggy: Backend = {
      name: "buggy",
      compile: (code, o) => interpreterBackend.compile(code, o),
      instantiate(m, image) {
        const inst = interpreterBackend.instantiate(m, image);
        const run = inst.run.bind(inst);
        (inst as Instance).run = () => {
          const e = run();
          if (e.status === "panic") inst.gas = inst.gas + 1n;
          return e;
        };
        return inst;
      },
    };
    const res = runCampaign(buggy, 200, 7);
    const m = res.mismatch!;
    expect(m.difference).toMatch(/gas/);
    const vector = parseVector(stringifyExact(reproducerVector(m)), "repro.json");
    const out = runVector(vector, interpreterBackend, { profile: m.profile, gasCharging: m.charging });
    expect(out.failures).toEqual([]);
    // shrinking left at most the instructions needed to panic
    expect(m.case.code.code.length).toBeLessThan(80);
  }, 120_000);
});
