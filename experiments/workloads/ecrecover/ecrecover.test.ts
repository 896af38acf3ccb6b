/**
 * The ecrecover workload: the same source natively (and its fixed input re-derived by
 * the library itself) and on the PVM interpreter, with both clang toolchains.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveCInputs } from "../../../toolchains/c-build.ts";
import { run } from "../../../toolchains/common.ts";
import { installToolchains } from "../../../toolchains/install.ts";
import { buildNativeGuest, callNativeEntry } from "../../../toolchains/native.ts";
import { readWorkload } from "../../../toolchains/workload.ts";
import { BACKENDS } from "../../../lab/backends.ts";
import { buildBlob } from "../../../lab/pipeline.ts";
import { prepareBlob } from "../../../lab/runner.ts";

const LONG = 20 * 60 * 1000;
const tmp = mkdtempSync(join(tmpdir(), "pvm-ecrecover-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => installToolchains({ only: ["clang-22", "clang-19"] }), LONG);

const wl = readWorkload("ecrecover");

describe("ecrecover", () => {
  test(
    "the fixed signature and key are what libsecp256k1 itself makes from secret key 3",
    async () => {
      if (wl.language !== "c") throw new Error("ecrecover is a C workload");
      // vector-check.c links against the native build of the library (its API is exported).
      const n = await buildNativeGuest({ workload: "ecrecover" });
      const inputs = await resolveCInputs(wl);
      const exe = join(tmp, "vector-check");
      const c = await run(
        [
          "clang-22",
          "-O1",
          "-w",
          ...inputs.includeDirs.flatMap((d) => ["-I", d]),
          ...wl.defines.map((d) => `-D${d}`),
          "vector-check.c",
          n.libPath,
          `-Wl,-rpath,${dirname(n.libPath)}`,
          "-o",
          exe,
        ],
        { cwd: wl.dir },
      );
      expect(c.stderr).toBe("");
      const r = await run([exe]);
      expect(r.stdout.trim()).toBe("ok");
    },
    LONG,
  );

  test(
    "native x86-64 build returns the expected checksum",
    async () => {
      const n = await buildNativeGuest({ workload: "ecrecover" });
      expect(callNativeEntry(n.libPath, "main")).toBe(BigInt(wl.expected));
    },
    LONG,
  );

  for (const [toolchain, extensions] of [
    ["clang-22", "none"],
    ["clang-19", "all"],
  ] as const) {
    test(
      `runs on the interpreter with ${toolchain}, extensions ${extensions}`,
      async () => {
        const b = await buildBlob("ecrecover", { toolchain, extensions, "inline-threshold": 275, "opt-level": "3", passes: "none" });
        const p = await prepareBlob(b.blobPath, BACKENDS.interpreter!, "gp-0.7");
        const r = p.run();
        expect(r.status).toBe("halt");
        expect(r.result).toBe(BigInt(wl.expected));
      },
      LONG,
    );
  }
});
