import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vectorsDir } from "./paths.ts";
import { parseBunTestSummary } from "./commands/test.ts";

const CLI = join(import.meta.dir, "cli.ts");
const tmp = mkdtempSync(join(tmpdir(), "pvm-lab-cli-"));

function lab(...args: string[]) {
  const p = Bun.spawnSync([process.execPath, CLI, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

const vector = join(vectorsDir(), "w3f-pvm-v0.4", "programs", "inst_add_32.json");

describe("bun lab: exit codes and one-line errors", () => {
  test("unknown command and bad options exit 2 with one line", () => {
    for (const args of [["frobnicate"], ["run", "--bogus", vector], ["run", vector, "--isa", "gp-9"], ["conformance"], ["build", "sieve", "--extensions", "zzz"]]) {
      const r = lab(...args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n").length).toBe(1);
    }
  });

  test("a malformed blob names the file, the field and the offset", () => {
    const f = join(tmp, "bad.jar");
    writeFileSync(f, Uint8Array.of(0x4a, 0x41, 0x52, 0x02, 1, 0, 0, 0, 1, 64, 64));
    const r = lab("run", f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${f}: 1 cap entries at offset 10: needs 19 byte\\(s\\), only 1 left`));
  });

  test("a vector with a mistyped field is rejected, never passed", () => {
    const f = join(tmp, "bad.json");
    writeFileSync(f, JSON.stringify({ name: "x", "initial-regs": Array(13).fill(0), "initial-pc": "zero" }));
    const r = lab("conformance", f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}: key "initial-page-map": missing`);
    expect(r.out).not.toContain("1 passed");
  });

  test("run prints status, pc and gas; --json is the result shape", () => {
    const r = lab("run", vector, "--gas-charging", "block");
    expect(r.code).toBe(0);
    expect(r.out).toContain("status: panic");
    const j = lab("run", vector, "--json");
    expect(j.out).toMatch(/"status": "panic"/);
    expect(j.out).toMatch(/"regs": \[0,0,0,0,0,0,0,1,2,3,0,0,0\]/);
  });

  test("conformance counts passes and fails", () => {
    const r = lab("conformance", vector);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n").pop()).toBe("1 passed, 0 failed");
  });
});

describe("bun lab test", () => {
  test("reads bun's summary lines", () => {
    expect(parseBunTestSummary(" 12 pass\n 3 fail\n Ran 15 tests")).toEqual({ passed: 12, failed: 3 });
    expect(parseBunTestSummary(" 7 pass\n")).toEqual({ passed: 7, failed: 0 });
    expect(parseBunTestSummary("nothing")).toBeUndefined();
  });
});

describe("the acceptance commands, as the issues write them", () => {
  const w3f = join(vectorsDir(), "w3f-pvm-v0.4", "programs");
  const gas = join(vectorsDir(), "jam-gas-cost-model");
  const last = (out: string) => out.trim().split("\n").pop();
  for (const backend of ["interpreter", "jit"]) {
    test(`${backend}: w3f with block charging, 307 passed`, () => {
      const r = lab("conformance", w3f, "--gas-charging", "block", "--backend", backend);
      expect(last(r.out)).toBe("307 passed, 0 failed");
      expect(r.code).toBe(0);
    }, 120_000);
    test(`${backend}: jam-gas-cost-model under gp-0.8-draft, 356 passed`, () => {
      const r = lab("conformance", join(gas, "programs"), "--isa", "gp-0.8-draft", "--backend", backend);
      expect(last(r.out)).toBe("356 passed, 0 failed");
      expect(r.code).toBe(0);
    }, 120_000);
  }
  test("gas-costs of the three integration programs, 3 passed", () => {
    const r = lab("gas-costs", ...["pinky", "prime-sieve", "doom"].map((n) => join(gas, "integration", `${n}.json`)));
    expect(last(r.out)).toBe("3 passed, 0 failed");
    expect(r.code).toBe(0);
  }, 120_000);
});
