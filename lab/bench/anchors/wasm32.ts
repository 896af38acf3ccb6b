/**
 * The wasm32 anchor: the workload's own source built for wasm32 (rust-anchor-build.ts;
 * C workloads: c-wasm-build.ts) and run by Bun's WebAssembly engine (JavaScriptCore),
 * which is what a TypeScript user would pick instead of a PVM.
 *
 * Compile time is `new WebAssembly.Module(bytes)`. Each run gets a fresh instance (its
 * own linear memory and data segments, made untimed, like a fresh VM), then the timed
 * call of the entry export; its i64 result is read as a u64. The host environment has
 * one import, `pvm_lab.host_noop(a0) -> a0`: the no-op host call (ecalli 0 on the PVM).
 */
import type { BuildConfig } from "../../sweep/config.ts";
import type { BenchTarget, Outcome, PreparedTarget } from "../target.ts";
import type { BenchWorkload } from "../workload-info.ts";
import { buildCWasm } from "./c-wasm-build.ts";
import { WASM32_TRIPLE, buildRustAnchor } from "./rust-anchor-build.ts";

/** The imports every workload module may use (see the hostcall workload). */
export function wasmHostImports(): Record<string, Record<string, (...args: never[]) => unknown>> {
  return { pvm_lab: { host_noop: (a0: bigint) => a0 } };
}

/** Path of the workload's .wasm, built (or cached) with `config`. */
export async function buildWasm(w: BenchWorkload, config: BuildConfig): Promise<string> {
  return w.language === "c" ? buildCWasm(w.name, config) : buildRustAnchor(w.name, w.dir, WASM32_TRIPLE, config);
}

export function wasm32Target(config: BuildConfig): BenchTarget {
  return {
    id: "wasm32",
    kind: "anchor",
    async prepare(w): Promise<PreparedTarget> {
      const bytes = new Uint8Array(await Bun.file(await buildWasm(w, config)).arrayBuffer());
      const t0 = Bun.nanoseconds();
      const module = new WebAssembly.Module(bytes);
      const compileNs = Bun.nanoseconds() - t0;
      if (!WebAssembly.Module.exports(module).some((e) => e.name === w.entry && e.kind === "function")) {
        throw new Error(`${w.name}.wasm exports no function "${w.entry}"`);
      }
      const imports = wasmHostImports();
      return {
        compileNs,
        timed: {
          setup: () => new WebAssembly.Instance(module, imports).exports[w.entry] as () => bigint,
          run: (entry): Outcome => ({ status: "halt", result: BigInt.asUintN(64, (entry as () => bigint)()) }),
        },
      };
    },
  };
}
