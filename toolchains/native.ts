/**
 * Native (x86-64 host) builds of C workloads: the same sources, include directories,
 * defines and cflags as the guest build, compiled into a shared object so the lab can
 * call the entry function in-process through bun:ffi. This is the `native` anchor of
 * `bun lab bench` and the reference of the RISC-V semantic tests.
 *
 *   clang-22 (else cc) -O<n> -fPIC -shared -Wl,-z,defs -Wno-main-return-type|-Wno-main
 *            -I<include>... -D<define>... <cflags> <sources> -o <workload>.so
 *
 * No guest runtime: the host's libc and libgcc/compiler-rt supply memcpy & co and the
 * 128-bit helpers. Cached like guest builds (build-cache.ts) under a key of compiler,
 * flags and source contents.
 */
import { dlopen, FFIType } from "bun:ffi";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { buildCached, buildDir, publishBuild } from "./build-cache.ts";
import { firstCompilerError, resolveCInputs } from "./c-build.ts";
import { TOOLCHAINS_DIR, cacheDir, run, which } from "./common.ts";
import { GuestBuildError, hashSourceTree, readWorkload, sha256 } from "./workload.ts";

export interface NativeBuildOptions {
  /** Workload name under experiments/workloads/, or a path to a workload directory (C only). */
  workload: string;
  /** "0" | "1" | "2" | "3" | "s" | "z"; default "3". */
  optLevel?: string;
  /** Host C compiler command; default clang-22 when installed, else cc. */
  compiler?: string;
  log?: (s: string) => void;
}

export interface NativeBuildResult {
  /** x86-64 ELF shared object exporting the entry symbol. */
  libPath: string;
  /** C signature `uint64_t entry(void)`; call with `callNativeEntry`. */
  entry: string;
  /** Decimal u64 from workload.json. */
  expected: string;
  cacheKey: string;
  cached: boolean;
  /** The compiler command used and its version line. */
  compiler: string;
  compilerVersion: string;
}

/** Bump when the native recipe changes in a way that changes the output. */
const RECIPE_VERSION = 1;

/** Builds (or finds in the cache) the x86-64 shared object of a C workload; throws GuestBuildError. */
export async function buildNativeGuest(opts: NativeBuildOptions): Promise<NativeBuildResult> {
  const wl = readWorkload(opts.workload);
  const optLevel = String(opts.optLevel ?? "3");
  const compiler = opts.compiler ?? (which("clang-22") ? "clang-22" : "cc");
  const fail = (cause: string, detail = ""): never => {
    throw new GuestBuildError(`native build ${wl.name} (${compiler}): ${cause}`, wl.name, detail);
  };
  if (wl.language !== "c") return fail("only C workloads have a native build here (Rust anchors are built by the bench)");
  if (!/^[0-3sz]$/.test(optLevel)) fail(`opt-level must be one of 0 1 2 3 s z, got "${optLevel}"`);
  const v = await run([compiler, "--version"]);
  if (v.code !== 0) fail(`${compiler} --version failed: ${v.stderr.trim().split("\n").pop() ?? ""}`);
  const compilerVersion = v.stdout.split("\n")[0]!.trim();
  const isClang = /clang/.test(compilerVersion);

  let inputs;
  try {
    inputs = await resolveCInputs(wl, opts.log);
  } catch (e) {
    return fail((e as Error).message);
  }
  const flags = [
    `-O${optLevel}`,
    "-fPIC",
    "-shared",
    // Undefined symbols fail the build, not the first call (lazy binding).
    "-Wl,-z,defs",
    // The workloads' entry is `uint64_t main(void)`, a valid function in a library.
    isClang ? "-Wno-main-return-type" : "-Wno-main",
    ...inputs.includeDirs.flatMap((d) => ["-I", d]),
    ...wl.defines.map((d) => `-D${d}`),
    ...wl.cflags,
  ];
  const cacheKey = sha256(
    JSON.stringify({
      recipe: RECIPE_VERSION,
      native: true,
      compiler,
      compilerVersion,
      flags: flags.map((f) => f.replace(cacheDir(), "<cache>").replace(TOOLCHAINS_DIR, "<toolchains>").replace(wl.dir, "<workload>")),
      workload: wl.name,
      workloadFiles: hashSourceTree(wl.dir),
      sources: inputs.sources.map((s) => [basename(s), sha256(readFileSync(s))]),
      packages: wl.debianSources,
    }),
  ).slice(0, 32);
  const file = `${wl.name}.so`;
  const libPath = join(buildDir(cacheKey), file);
  const result = { libPath, entry: wl.entry, expected: wl.expected, cacheKey, cached: true, compiler, compilerVersion };
  if (buildCached(cacheKey, file)) return result;

  mkdirSync(join(cacheDir(), "tmp"), { recursive: true });
  const tmp = join(cacheDir(), "tmp", `native-${cacheKey.slice(0, 12)}-${process.pid}.so`);
  opts.log?.(`native build ${wl.name} (${compiler}): ${inputs.sources.length} files`);
  const r = await run([compiler, ...flags, ...inputs.sources, "-o", tmp], { cwd: wl.dir });
  if (r.code !== 0) fail(firstCompilerError(r.stderr), r.stderr.trim());
  try {
    publishBuild(cacheKey, { [file]: new Uint8Array(readFileSync(tmp)) }, {
      workload: wl.name,
      language: "c",
      target: "x86_64 native",
      entry: wl.entry,
      expected: wl.expected,
      compiler,
      compilerVersion,
      flags,
      sources: inputs.sources,
      packages: wl.debianSources,
    });
  } catch (e) {
    fail((e as Error).message);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { ...result, cached: false };
}

/**
 * Calls `uint64_t <symbol>(void)` in a native build and returns its result. The library
 * stays loaded for the life of the process (dlopen of the same path is shared).
 */
export function callNativeEntry(libPath: string, symbol: string): bigint {
  const lib = dlopen(libPath, { [symbol]: { args: [], returns: FFIType.u64 } });
  const fn = lib.symbols[symbol] as unknown as () => bigint | number;
  return BigInt(fn());
}
