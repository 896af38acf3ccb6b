/**
 * `bun lab asm`, `bun lab disasm` and `bun lab transpile --passes/--explain` from the
 * command line: the blob path as the last line, blobs that run, the end-of-code block in
 * the disassembly, and bad input as one line with exit status 2.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = join(import.meta.dir, "..", "cli.ts");
const tmp = mkdtempSync(join(tmpdir(), "pvm-lab-asm-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lab(...args: string[]) {
  const p = Bun.spawnSync([process.execPath, CLI, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}
const lastLine = (s: string) => s.trim().split("\n").pop()!;

const SUM = `; sum 1..10 into φ7
        load_imm φ7, 0
        load_imm φ8, 10
        fallthrough
loop:   add_64 φ7, φ7, φ8
        add_imm_64 φ8, φ8, -1
        branch_ne_imm φ8, 0, @loop
        jump_ind φ0, 0
`;

describe("bun lab asm / disasm", () => {
  test("assembles to each container; the blob runs and disassembles", () => {
    const src = join(tmp, "sum.s");
    writeFileSync(src, SUM);
    for (const format of ["gp", "jar"]) {
      const r = lab("asm", src, "--format", format, "-o", join(tmp, `sum.${format}`));
      expect(r.code).toBe(0);
      expect(lastLine(r.out)).toBe(join(tmp, `sum.${format}`));
      const run = lab("run", lastLine(r.out), "--json");
      expect(run.code).toBe(0);
      expect(run.out).toContain('"status": "halt"');
      expect(run.out).toMatch(/"regs": \[[0-9,]*\b55,/);
    }
    const generic = lab("asm", src);
    expect(lastLine(generic.out)).toBe(`${src}.generic.blob`);
    const dis = lab("disasm", lastLine(generic.out), "--format", "generic");
    expect(dis.code).toBe(0);
    expect(dis.out).toContain("branch_ne_imm φ8, 0, @6");
  });

  test("the end-of-code block, where the code can run off its end", () => {
    const src = join(tmp, "end.s");
    writeFileSync(src, "load_imm φ7, 1\nbranch_eq_imm φ7, 1, @end\nend: fallthrough\n");
    const blob = lastLine(lab("asm", src).out);
    const dis = lab("disasm", blob, "--format", "generic", "--isa", "jar");
    expect(dis.out).toMatch(/@8: block, gas \d+ \(end of code\)\n\s+8:\s+trap ; implicit/);
  });

  test("bad input: one line naming file and line, exit 2", () => {
    const src = join(tmp, "bad.s");
    writeFileSync(src, "load_imm φ7, 1\nload_imm φ13, 2\n");
    const r = lab("asm", src);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: ${src}:2: operand 1 of load_imm: "φ13" is not a register φ0..φ12`);
    expect(lab("asm", src, "--isa", "gp-9").code).toBe(2);
  });
});

describe("bun lab build / transpile --passes --explain", () => {
  test("per-pass lines, the blob path last; an unknown pass is exit 2", () => {
    const built = lab("build", "fib", "--passes", "all", "--explain");
    expect(built.err.trim()).toBe("");
    expect(built.code).toBe(0);
    for (const pass of ["stack-frame", "peephole", "liveness", "superblock", "layout"]) expect(built.out).toMatch(new RegExp(`^${pass}\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+ -> \\d+\\s+\\d+ -> \\d+`, "m"));
    expect(lastLine(built.out)).toMatch(/\.gp\.blob$/);
    const elf = built.out.match(/^elf: (\S+)/m)![1]!;
    const t = lab("transpile", elf, "--entry", "main", "--passes", "peephole,liveness", "--explain", "-o", join(tmp, "fib.blob"));
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^peephole\s+\d+/m);
    expect(t.out).not.toMatch(/^superblock/m);
    expect(lastLine(t.out)).toBe(join(tmp, "fib.blob"));
    const bad = lab("transpile", elf, "--passes", "peephole,nope");
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toContain('unknown pass "nope"');
  });
});
