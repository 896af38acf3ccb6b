import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { GAS_CLASSES, OPCODES } from "../isa/index.ts";
import { type CodeBlob, decodeCodeBlob } from "../program/code-blob.ts";
import { analyzeCode } from "../program/code-info.ts";
import { readIntegrationProgram } from "../vectors/integration.ts";
import { vectorsDir } from "../vectors/location.ts";
import { readVector } from "../vectors/vector.ts";
import { diffBlockCosts } from "./block-cost-diff.ts";
import { BlockCosts } from "./block-costs.ts";
import { CLASS_COSTS } from "./pipeline-costs.ts";
import { newPipelineCode } from "./pipeline-prep.ts";
import { simulateBlockReference } from "./pipeline-reference.ts";
import { simulateBlock } from "./pipeline-sim.ts";
import { randomProgram } from "../program/random-program.ts";
import { pipelineModel } from "./pipeline.ts";

const suite = join(vectorsDir(), "jam-gas-cost-model");

async function vectorBlob(name: string): Promise<{ blob: CodeBlob; expected: Map<number, number> }> {
  const v = await readVector(join(suite, "programs", `${name}.json`));
  return { blob: decodeCodeBlob(v.program, v.file), expected: v.blockGasCosts! };
}

const costsOf = (blob: CodeBlob, tier: "l2" | "l3" = "l2") =>
  new BlockCosts(analyzeCode(blob, "gp-0.8-draft"), pipelineModel(tier)).blocks();

describe("A.10 table", () => {
  test("every gas class is priced and used by at least one opcode", () => {
    expect(Object.keys(CLASS_COSTS).sort()).toEqual([...GAS_CLASSES].sort());
    const used = new Set(OPCODES.map((o) => o.gas));
    for (const c of GAS_CLASSES) expect(used.has(c)).toBe(true);
  });

  test("every class that enters the reorder buffer takes at least one cycle", () => {
    // The simulator frees units and registers on the 1 -> 0 step of an entry's countdown
    // (A.53); an entry with latency 0 would skip it. Only move_reg has none: the frontend
    // handles it without an entry (A.49).
    for (const c of GAS_CLASSES) {
      const l = CLASS_COSTS[c].latency;
      if (c !== "move_reg" && typeof l === "number") expect(l).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("pipeline model on the gas_* vectors", () => {
  // Block 0's gas from the suite's TESTCASES.md timelines, checked against the file too.
  const cases: Array<[string, number]> = [
    ["gas_sequential_simple", 3], // dependent add: one cycle later
    ["gas_parallel_simple", 2], // independent adds: same cycle
    ["gas_register_move", 3], // move_reg renames, no buffer entry
    ["gas_resource_limits_mul", 6], // one multiplier: the second mul waits
    ["gas_sequential_decode_limits", 4], // load_imm_64 takes 2 of 4 decode slots
    ["gas_mul_with_dep", 4],
    ["gas_complex_1", 28],
    ["gas_complex_2", 22],
    ["gas_multiple_register_moves_complex", 62], // div 60 cycles through a move chain
    ["gas_load_and_jump", 26], // branch to a trap: b = 1
    ["gas_memory_accesses", 25],
    ["gas_overwrite_register", 48],
  ];
  for (const [name, gas] of cases) {
    test(name, async () => {
      const { blob, expected } = await vectorBlob(name);
      expect(expected.get(0)).toBe(gas);
      expect(diffBlockCosts(expected, costsOf(blob))).toEqual([]);
    });
  }

  test("branch latency: 1 when a successor is unlikely or trap, 20 otherwise (A.57)", async () => {
    for (const name of ["gas_jump_unlikely_both", "gas_jump_unlikely_else", "gas_jump_unlikely_target", "gas_jump_trap_else", "gas_jump_trap_target"]) {
      const { blob, expected } = await vectorBlob(name);
      expect(diffBlockCosts(expected, costsOf(blob))).toEqual([]);
      expect(expected.get(0)).toBe(1);
    }
    const { blob, expected } = await vectorBlob("gas_multiple_register_moves_simple");
    expect(expected.get(0)).toBe(20);
    expect(diffBlockCosts(expected, costsOf(blob))).toEqual([]);
  });

  test("memory tier l3 makes a load 12 cycles slower (A.56: 37 vs 25)", async () => {
    const { blob } = await vectorBlob("gas_load_and_jump");
    expect(costsOf(blob, "l2").get(0)).toBe(26);
    expect(costsOf(blob, "l3").get(0)).toBe(38);
  });

  test("a segment starting mid-block costs what the same instructions cost as a block", async () => {
    const { blob } = await vectorBlob("gas_complex_1");
    const info = analyzeCode(blob, "gp-0.8-draft");
    const mid = 9; // after load_ind_i16, and_imm, load_imm
    const tail: CodeBlob = { code: blob.code.slice(mid), mask: blob.mask.slice(mid), jumpTable: blob.jumpTable };
    expect(pipelineModel("l2").segmentCost(info, mid)).toBe(costsOf(tail).get(0)!);
  });
});

describe("pipeline model on the integration programs (every block)", () => {
  for (const [name, blocks] of [["pinky", 1663], ["prime-sieve", 3809], ["doom", 34317]] as const) {
    test(name, async () => {
      const prog = await readIntegrationProgram(join(suite, "integration", `${name}.json`));
      expect(prog.blockGasCosts.size).toBe(blocks);
      const actual = costsOf(decodeCodeBlob(prog.program, prog.file));
      expect(diffBlockCosts(prog.blockGasCosts, actual)).toEqual([]);
    });
  }
});

describe("fast simulator agrees with its naive twin (literal A.46–A.53)", () => {
  test("random programs, every block start and some mid-block starts", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const blob = randomProgram(seed);
      const info = analyzeCode(blob, "gp-0.8-draft");
      for (const tier of ["l2", "l3"] as const) {
        const fast = newPipelineCode(info);
        const slow = newPipelineCode(info);
        const starts = info.order.filter((pc, i) => info.blockStart[pc] === 1 || i % 7 === 3);
        for (const pc of starts) {
          const want = simulateBlockReference(slow, pc, tier);
          const got = simulateBlock(fast, pc, tier);
          if (got !== want) throw new Error(`seed ${seed}, ${tier}, pc ${pc}: fast ${got}, reference ${want}`);
        }
      }
    }
  });

  test("pinky, every block", async () => {
    const prog = await readIntegrationProgram(join(suite, "integration", "pinky.json"));
    const info = analyzeCode(decodeCodeBlob(prog.program, prog.file), "gp-0.8-draft");
    const p = newPipelineCode(info);
    for (const pc of prog.blockGasCosts.keys()) {
      expect(simulateBlockReference(p, pc, "l2")).toBe(simulateBlock(p, pc, "l2"));
    }
  });
});
