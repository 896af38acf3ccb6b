/**
 * Builds a C workload (workload.json "language": "c", toolchains/workload.ts) for the
 * wasm32 anchor, from the same sources, include directories, defines and flags as the guest
 * build (toolchains/c-build.ts resolves them, fetching Debian source packages on first
 * use), with the clang of the configured toolchain and the same opt-level and inline
 * threshold. The guest runtime (toolchains/guest-runtime: memcpy & co., 128-bit
 * division, abort) is compiled in as well, so no libc is needed (there is none for
 * wasm32-unknown-unknown). The native anchor of a C workload is toolchains/native.ts's.
 *
 *   clang-NN --target=wasm32-unknown-unknown -O<n> -mllvm -inline-threshold=N -ffreestanding -nostdlibinc
 *            -ffunction-sections -fdata-sections -isystem guest-runtime/include
 *            -I<include>... -D<define>... <cflags> -c <source>      (runtime: -fno-builtin)
 *   wasm-ld-NN --no-entry --export=<entry> --gc-sections <objects> <builtins>
 *   with compiler-rt's wasm32 builtins (64x64->128-bit multiply is a call to
 *           __multi3 on wasm32; Debian package libclang-rt-NN-dev-wasm32, installed on
 *           first use)
 *
 * Finished artefacts are cached by content hash in `<cache>/builds/<key>/` (like guest
 * ELFs, toolchains/build-cache.ts).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { buildCached, buildDir, publishBuild } from "../../../toolchains/build-cache.ts";
import { GUEST_RUNTIME_DIR, firstCompilerError, guestRuntimeSources, pool, resolveCInputs } from "../../../toolchains/c-build.ts";
import { TOOLCHAINS_DIR, cacheDir, run, which } from "../../../toolchains/common.ts";
import { resolveCToolchain } from "../../../toolchains/registry.ts";
import { type CWorkloadSpec, hashSourceTree, readWorkload, sha256 } from "../../../toolchains/workload.ts";
import type { BuildConfig } from "../../sweep/config.ts";
import { NotAvailable } from "../target.ts";
import { ensureAptPackage } from "./apt.ts";

/** Bump when the recipe changes in a way that changes the artefacts. */
const RECIPE_VERSION = 1;

/** Compiler flags (no -c/-o, no sources). */
export function cWasmFlags(wl: CWorkloadSpec, includeDirs: string[], config: BuildConfig): string[] {
  return [
    "--target=wasm32-unknown-unknown",
    `-O${config["opt-level"]}`,
    "-mllvm",
    `-inline-threshold=${config["inline-threshold"]}`,
    "-ffreestanding",
    "-nostdlibinc",
    "-ffunction-sections",
    "-fdata-sections",
    "-isystem",
    join(GUEST_RUNTIME_DIR, "include"),
    ...includeDirs.flatMap((d) => ["-I", d]),
    ...wl.defines.map((d) => `-D${d}`),
    ...wl.cflags,
  ];
}

/**
 * compiler-rt's builtins archive for wasm32 (the WASI build: freestanding code, the same
 * ABI as wasm32-unknown-unknown), installing libclang-rt-NN-dev-wasm32 when missing.
 */
async function wasmBuiltins(clang: string, major: number): Promise<string> {
  const locate = async () => {
    const r = await run([clang, "--target=wasm32-unknown-wasi", "--rtlib=compiler-rt", "-print-libgcc-file-name"]);
    const path = r.stdout.trim();
    return r.code === 0 && path && (await Bun.file(path).exists()) ? path : undefined;
  };
  const found = await locate();
  if (found) return found;
  try {
    await ensureAptPackage(`libclang-rt-${major}-dev-wasm32`);
  } catch (e) {
    throw new NotAvailable((e as Error).message);
  }
  const path = await locate();
  if (!path) throw new NotAvailable(`compiler-rt wasm32 builtins not found after installing libclang-rt-${major}-dev-wasm32`);
  return path;
}

/**
 * Builds (or finds in the cache) the C workload `name` for wasm32; returns the path of
 * the .wasm. Throws NotAvailable when the compiler or linker is missing, an Error naming
 * the failing file otherwise.
 */
export async function buildCWasm(name: string, config: BuildConfig): Promise<string> {
  const wl = readWorkload(name);
  if (wl.language !== "c") throw new Error(`${name} is not a C workload`);
  let compiler;
  try {
    compiler = await resolveCToolchain(config.toolchain);
  } catch (e) {
    throw new NotAvailable((e as Error).message);
  }
  const linker = which(`wasm-ld-${compiler.major}`);
  if (!linker) throw new NotAvailable(`wasm-ld-${compiler.major} not found (install lld-${compiler.major})`);
  const inputs = await resolveCInputs(wl);
  const flags = cWasmFlags(wl, inputs.includeDirs, config);
  const linkFlags = ["--no-entry", `--export=${wl.entry}`, "--gc-sections"];
  const file = `${name}.wasm`;
  const cacheKey = sha256(
    JSON.stringify({
      recipe: RECIPE_VERSION,
      compiler: compiler.name,
      version: compiler.version,
      flags: flags.map((f) => f.replace(cacheDir(), "<cache>").replace(TOOLCHAINS_DIR, "<toolchains>").replace(wl.dir, "<workload>")),
      linkFlags,
      workloadFiles: hashSourceTree(wl.dir),
      sources: inputs.sources.map((s) => [basename(s), sha256(readFileSync(s))]),
      runtime: hashSourceTree(GUEST_RUNTIME_DIR),
      packages: wl.debianSources,
    }),
  ).slice(0, 32);
  if (buildCached(cacheKey, file)) return join(buildDir(cacheKey), file);

  const work = join(cacheDir(), "tmp", `anchor-wasm32-${cacheKey.slice(0, 12)}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const units = [
      ...inputs.sources.map((src, i) => ({ src, obj: join(work, `${i}-${basename(src)}.o`), extra: [] as string[] })),
      // the runtime must not be compiled into calls to itself (guest-runtime/mem.c)
      ...guestRuntimeSources().map((src) => ({ src, obj: join(work, `rt-${basename(src)}.o`), extra: ["-fno-builtin"] })),
    ];
    const results = await pool(units.map((u) => () => run([compiler.clang, ...flags, ...u.extra, "-c", u.src, "-o", u.obj], { cwd: wl.dir })));
    for (const [i, r] of results.entries()) {
      if (r.code !== 0) throw new Error(`build ${name} for wasm32: ${basename(compiler.clang)} failed on ${units[i]!.src}: ${firstCompilerError(r.stderr)}`);
    }
    const out = join(work, file);
    const builtins = await wasmBuiltins(compiler.clang, compiler.major);
    const l = await run([linker, ...linkFlags, ...units.map((u) => u.obj), builtins, "-o", out]);
    if (l.code !== 0) throw new Error(`build ${name} for wasm32: ${basename(linker)} failed: ${firstCompilerError(l.stderr)}`);
    publishBuild(cacheKey, { [file]: new Uint8Array(readFileSync(out)) }, { workload: name, anchor: "wasm32", toolchain: compiler.name, toolchainVersion: compiler.version, flags, linkFlags });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return join(buildDir(cacheKey), file);
}
