/**
 * The ed25519 workload: RFC 8032 vectors verified by libsodium natively and on the PVM
 * interpreter.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { installToolchains } from "../../../toolchains/install.ts";
import { buildNativeGuest, callNativeEntry } from "../../../toolchains/native.ts";
import { readWorkload } from "../../../toolchains/workload.ts";
import { BACKENDS } from "../../../lab/backends.ts";
import { buildBlob } from "../../../lab/pipeline.ts";
import { prepareBlob } from "../../../lab/runner.ts";

const LONG = 20 * 60 * 1000;
beforeAll(() => installToolchains({ only: ["clang-22"] }), LONG);
const wl = readWorkload("ed25519");

describe("ed25519", () => {
  test(
    "native x86-64: every RFC 8032 vector verifies and every forgery is rejected",
    async () => {
      const n = await buildNativeGuest({ workload: "ed25519" });
      const r = callNativeEntry(n.libPath, "main");
      expect(r & 0xffffn).toBe(0x0707n);
      expect(r).toBe(BigInt(wl.expected));
    },
    LONG,
  );

  test(
    "runs on the interpreter with clang-22 and gives the same answer",
    async () => {
      const b = await buildBlob("ed25519", { toolchain: "clang-22", extensions: "none", "inline-threshold": 275, "opt-level": "3", passes: "none" });
      const p = await prepareBlob(b.blobPath, BACKENDS.interpreter!, "gp-0.7");
      const r = p.run();
      expect(r.status).toBe("halt");
      expect(r.result).toBe(BigInt(wl.expected));
    },
    LONG,
  );
});
