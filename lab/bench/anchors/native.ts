/**
 * The native anchor: the workload's own source built for x86-64 as a shared library
 * (Rust: rust-anchor-build.ts; C: toolchains/native.ts, with the host's libc), loaded into this process with
 * bun:ffi `dlopen` and its entry function called directly (about 12 ns of call overhead
 * for a u64 result, ARCHITECTURE.md "The JIT under Bun"). This is the physical limit the
 * PVM backends are measured against.
 *
 * There is no compile step at run time (the code is compiled ahead of time) and no
 * per-run set-up: the workloads reinitialise their own state on every call.
 */
import { FFIType, dlopen } from "bun:ffi";
import type { BuildConfig } from "../../sweep/config.ts";
import type { BenchTarget, Outcome, PreparedTarget } from "../target.ts";
import { NotAvailable } from "../target.ts";
import type { BenchWorkload } from "../workload-info.ts";
import { buildNativeGuest } from "../../../toolchains/native.ts";
import { NATIVE_TRIPLE, buildRustAnchor } from "./rust-anchor-build.ts";

/** Path of the workload's shared library, built (or cached) with `config`. */
export async function buildNative(w: BenchWorkload, config: BuildConfig): Promise<string> {
  if (w.language === "c") return (await buildNativeGuest({ workload: w.name, optLevel: config["opt-level"] })).libPath;
  return buildRustAnchor(w.name, w.dir, NATIVE_TRIPLE, config);
}

export function nativeTarget(config: BuildConfig): BenchTarget {
  return {
    id: "native",
    kind: "anchor",
    async prepare(w): Promise<PreparedTarget> {
      if (process.arch !== "x64" || process.platform !== "linux") throw new NotAvailable(`native anchors are built for x86-64 Linux (this is ${process.platform}/${process.arch})`);
      const lib = dlopen(await buildNative(w, config), { [w.entry]: { args: [], returns: FFIType.u64 } });
      const entry = lib.symbols[w.entry] as unknown as () => bigint | number;
      return {
        compileNs: null,
        timed: {
          setup: () => undefined,
          run: (): Outcome => ({ status: "halt", result: BigInt(entry()) }),
        },
        dispose: () => lib.close(),
      };
    },
  };
}
