import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FormatError } from "../errors.ts";
import { interpreterBackend } from "../interpreter/interpreter.ts";
import { parseIntegrationProgram } from "./integration.ts";
import { vectorsDir } from "./location.ts";
import { runVector } from "./run-vector.ts";
import { parseVector, readVector } from "./vector.ts";

const programs = join(vectorsDir(), "jam-gas-cost-model", "programs");
const files = readdirSync(programs).filter((f) => f.endsWith(".json")).sort();

describe("jam-gas-cost-model vectors through runVector", () => {
  test("all 356 pass with profile gp-0.8-draft (steps, asserts and block-gas-costs)", async () => {
    expect(files.length).toBe(356);
    const failed: string[] = [];
    for (const f of files) {
      const v = await readVector(join(programs, f));
      expect(v.blockGasCosts).toBeDefined();
      const out = runVector(v, interpreterBackend, { profile: "gp-0.8-draft" });
      if (!out.passed) failed.push(`${f}: ${out.failures.join("; ")}`);
    }
    expect(failed).toEqual([]);
  });

  test("a run after a page fault resumes at the faulting instruction without charging its block again", async () => {
    const v = await readVector(join(programs, "multistep_paging_in_the_middle_of_block.json"));
    expect(v.steps.filter((s) => s.kind === "run").length).toBe(4);
    const out = runVector(v, interpreterBackend, { profile: "gp-0.8-draft" });
    expect(out.failures).toEqual([]);
    expect(out.result?.status).toBe("halt");
    expect(out.result?.gas).toBe(10000n - 28n); // block 0 once, though entered four times
  });

  test("a write to a read-only page panics under gp-0.8-draft and faults under gp-0.7", async () => {
    const v = await readVector(join(programs, "inst_store_u8_trap_read_only.json"));
    expect(runVector(v, interpreterBackend, { profile: "gp-0.8-draft" }).result?.status).toBe("panic");
    expect(runVector(v, interpreterBackend, { profile: "gp-0.7", gasCharging: "block" }).result?.status).toBe("page-fault");
  });

  test("wrong block-gas-costs are failures, naming the block", async () => {
    const v = await readVector(join(programs, "gas_complex_1.json"));
    v.blockGasCosts = new Map([[0, 27], [5, 1]]);
    const out = runVector(v, interpreterBackend, { profile: "gp-0.8-draft" });
    expect(out.failures).toEqual([
      "block-gas-costs: block 0: expected 27, got 28",
      "block-gas-costs: block 5: expected 1, got no block",
    ]);
  });
});

describe("malformed gas-cost-model input is rejected naming the file and the key", () => {
  const expectFormatError = (f: () => unknown, ...parts: string[]) => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    for (const p of parts) expect((err as Error).message).toContain(p);
  };

  test("step vector: mistyped block-gas-costs value, missing assert field", () => {
    const base = { name: "t", "initial-pc": 0, "initial-gas": 10, program: [0, 0, 1, 0, 1], steps: [{ kind: "run" }] };
    expectFormatError(() => parseVector(JSON.stringify({ ...base, "block-gas-costs": { "0": "2" } }), "bad.json"), "bad.json", "block-gas-costs.0");
    expectFormatError(() => parseVector(JSON.stringify({ ...base, "block-gas-costs": { x: 2 } }), "bad.json"), "bad.json", "block-gas-costs.x");
    const noPc = { ...base, steps: [{ kind: "run" }, { kind: "assert", status: "panic", gas: 0, regs: Array(13).fill(0), memory: [] }] };
    expectFormatError(() => parseVector(JSON.stringify(noPc), "v.json"), "v.json", "steps[1].pc", "missing");
    const noFault = { ...base, steps: [{ kind: "assert", status: "page-fault", pc: 0, gas: 0, regs: Array(13).fill(0), memory: [] }] };
    expectFormatError(() => parseVector(JSON.stringify(noFault), "v.json"), "v.json", "steps[0].page_fault_address");
  });

  test("integration program: missing or mistyped program / block-gas-costs", () => {
    expectFormatError(() => parseIntegrationProgram(JSON.stringify({ program: [0, 0, 1, 0, 1] }), "int.json"), "int.json", "block-gas-costs", "missing");
    expectFormatError(() => parseIntegrationProgram(JSON.stringify({ "block-gas-costs": {} }), "int.json"), "int.json", "program", "missing");
    expectFormatError(() => parseIntegrationProgram(JSON.stringify({ program: [0, 300], "block-gas-costs": {} }), "int.json"), "int.json", "program[1]");
    expectFormatError(() => parseIntegrationProgram(JSON.stringify({ name: 7, program: [], "block-gas-costs": {} }), "int.json"), "int.json", '"name"');
    const ok = parseIntegrationProgram(JSON.stringify({ program: [0, 0, 1, 0, 1], "block-gas-costs": { "0": 2 } }), "dir/p.json");
    expect(ok.name).toBe("p");
    expect(ok.blockGasCosts).toEqual(new Map([[0, 2]]));
  });
});
