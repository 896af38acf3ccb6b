import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GuestBuildError, listSourceTree, readWorkload, resolveWorkloadDir } from "./workload.ts";
import { WORKLOADS_DIR } from "./common.ts";

const root = mkdtempSync(join(tmpdir(), "pvm-workload-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A workload directory with this workload.json (object or raw text). */
function workload(name: string, meta: unknown, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "workload.json"), typeof meta === "string" ? meta : JSON.stringify(meta));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const C = { language: "c", entry: "main", expected: "7", sources: ["*.c"] };

describe("workload.json", () => {
  test("the repository's workloads read as their languages", () => {
    expect(readWorkload("fib").language).toBe("rust");
    const rt = readWorkload("riscv-tests");
    expect(rt.language).toBe("c");
    const ed = readWorkload("ed25519");
    expect(ed.language === "c" && ed.debianSources).toEqual([{ package: "libsodium", version: "1.0.18-1+deb12u1" }]);
    expect(resolveWorkloadDir("fib")).toBe(join(WORKLOADS_DIR, "fib"));
  });

  test("a C workload with every optional key", () => {
    const dir = workload("full", {
      ...C,
      include: ["inc"],
      defines: ["A", "B=2"],
      cflags: ["-Wall"],
      "debian-sources": [{ package: "libfoo", version: "1.0-1" }],
      sources: ["a.c", "@libfoo/src/*.c"],
    });
    const w = readWorkload(dir);
    expect(w).toMatchObject({
      language: "c",
      name: "full",
      entry: "main",
      expected: "7",
      include: ["inc"],
      defines: ["A", "B=2"],
      cflags: ["-Wall"],
      sources: ["a.c", "@libfoo/src/*.c"],
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ["no-entry", { ...C, entry: "1x" }, /"entry" must be a symbol name/],
    ["big-expected", { ...C, expected: "18446744073709551616" }, /"expected" must be a decimal u64/],
    ["language", { ...C, language: "zig" }, /"language" must be "rust" or "c"/],
    ["no-sources", { ...C, sources: [] }, /"sources" must be a non-empty list/],
    ["escape", { ...C, sources: ["../x.c"] }, /must stay inside the workload/],
    ["unknown-pkg", { ...C, sources: ["@nope/a.c"] }, /names a package that is not in "debian-sources"/],
    ["define", { ...C, defines: ["1BAD"] }, /"defines": "1BAD" must be NAME or NAME=VALUE/],
    ["march", { ...C, cflags: ["-march=rv64gc"] }, /"cflags": "-march=rv64gc" is set by the build/],
    ["opt", { ...C, cflags: ["-O2"] }, /is set by the build/],
    ["rust-no-cargo", { entry: "main", expected: "1" }, /needs a Cargo.toml/],
    ["not-json", "{", /cannot read/],
  ];
  for (const [name, meta, re] of bad) {
    test(`rejects ${name} with a one-line error naming the file`, () => {
      const dir = workload(name, meta);
      let err: unknown;
      try {
        readWorkload(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GuestBuildError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain("\n");
    });
  }

  test("a missing directory names it", () => {
    expect(() => readWorkload(join(root, "absent"))).toThrow(/no workload.json in .*absent \(and no Cargo.toml\)/);
  });

  test("source trees skip dot-files, target/, Cargo.lock and *.test.ts", () => {
    const dir = workload("tree", C, {
      "a.c": "",
      "src/b.h": "",
      ".hidden": "",
      "target/x": "",
      "Cargo.lock": "",
      "w.test.ts": "",
    });
    expect(listSourceTree(dir)).toEqual(["a.c", "src/b.h", "workload.json"]);
  });
});
