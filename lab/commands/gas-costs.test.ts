import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vectorsDir } from "../paths.ts";

const CLI = join(import.meta.dir, "..", "cli.ts");
const tmp = mkdtempSync(join(tmpdir(), "pvm-lab-gas-costs-"));
const suite = join(vectorsDir(), "jam-gas-cost-model");

function lab(...args: string[]) {
  const p = Bun.spawnSync([process.execPath, CLI, "gas-costs", ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe("bun lab gas-costs", () => {
  test("the three integration programs match every block", () => {
    const r = lab(...["pinky", "prime-sieve", "doom"].map((n) => join(suite, "integration", `${n}.json`)));
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines.slice(0, 3).map((l) => l.split(" ")[0])).toEqual(["PASS", "PASS", "PASS"]);
    expect(lines[1]).toContain("3809 blocks");
    expect(lines.at(-1)).toBe("3 passed, 0 failed");
  });

  test("a mismatch prints the block pc, both costs and the block's disassembly; exit 1", () => {
    // The vectors price loads at L2 latency; under l3 the load's block costs 12 more.
    const r = lab(join(suite, "programs", "gas_load_and_jump.json"), "--memory-tier", "l3");
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL gas_load_and_jump");
    expect(r.out).toContain("block 0: expected 26, got 38");
    expect(r.out).toContain("0: load_ind_u8 φ9, φ7, 11");
    expect(r.out).toContain("3: branch_eq_imm φ9, 0, @0");
    expect(r.out.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
  });

  test("a malformed file is exit 2 with one line naming the file and the key", () => {
    const f = join(tmp, "bad.json");
    writeFileSync(f, JSON.stringify({ name: "bad", program: [0, 0, 1, 0, 1] }));
    const r = lab(f);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: ${f}: key "block-gas-costs": missing`);
  });

  test("bad usage is exit 2", () => {
    expect(lab().code).toBe(2);
    expect(lab(join(suite, "integration", "pinky.json"), "--isa", "gp-0.7").code).toBe(2);
    expect(lab(join(suite, "integration", "pinky.json"), "--memory-tier", "l1").code).toBe(2);
  });
});
