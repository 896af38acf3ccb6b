import { expect, test } from "bun:test";
import { join } from "node:path";

// CI type-checks the whole tree (strict) as part of the suite.
test("tsc --noEmit (strict) is clean", () => {
  const tsc = join(import.meta.dir, "node_modules", ".bin", "tsc");
  const p = Bun.spawnSync([tsc, "--noEmit", "-p", import.meta.dir], { stdout: "pipe", stderr: "pipe" });
  expect(p.stdout.toString() + p.stderr.toString()).toBe("");
  expect(p.exitCode).toBe(0);
}, 300_000);
