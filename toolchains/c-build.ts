/**
 * C guest builds: workload.json with "language": "c" -> rv64em PIE ELF.
 *
 *   clang-NN --target=riscv64-unknown-elf -march=rv64em[c][_zba][_zbb][_zbs][_zicond]
 *            -mabi=lp64e -fPIE -mno-relax -ffreestanding -nostdlib -nostdlibinc
 *            -O<n> -mllvm -inline-threshold=N -ffunction-sections -fdata-sections
 *            -isystem toolchains/guest-runtime/include -I<include>... -D<define>...
 *            <cflags> -c <source> -o <object>
 *   (the guest runtime, toolchains/guest-runtime/*.c, the same way plus -fno-builtin)
 *   ld.lld-NN -pie -static --no-dynamic-linker -z text --emit-relocs --no-relax
 *             --gc-sections -e <entry> <objects> -o <workload>.elf
 *
 * `-nostdlibinc` keeps clang's own freestanding headers (stdint.h, stddef.h, limits.h,
 * stdbool.h, stdarg.h) and drops the host's; the runtime's include/ adds string.h,
 * stdlib.h, stdio.h and sys/types.h. `--gc-sections` drops the library functions a
 * workload does not call (a whole libsodium file may be compiled for one function).
 *
 * The cache key (build-cache.ts) hashes: the recipe version, clang's name and release,
 * every flag above, the workload directory's files, the resolved source files, the
 * runtime's files, and the Debian source packages by name and exact version (an
 * archive version never changes content).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join, relative } from "node:path";
import { buildCached, buildDir, publishBuild } from "./build-cache.ts";
import { TOOLCHAINS_DIR, cacheDir, run } from "./common.ts";
import { fetchDebianSource } from "./debian-source.ts";
import { guestElfProblem } from "./elf-check.ts";
import { type Extension, clangMarch, extensionsLabel } from "./extensions.ts";
import { type CToolchain, resolveCToolchain } from "./registry.ts";
import { type CWorkloadSpec, hashSourceTree, sha256 } from "./workload.ts";

/** Bump when the C build recipe changes in a way that changes the ELFs. */
const RECIPE_VERSION = 1;

export const GUEST_RUNTIME_DIR = join(TOOLCHAINS_DIR, "guest-runtime");

/** The runtime's C files, compiled into every C guest. */
export function guestRuntimeSources(): string[] {
  return ["mem.c", "int128.c", "abort.c"].map((f) => join(GUEST_RUNTIME_DIR, f));
}

/** Sources and include directories of a C workload, resolved to absolute paths. */
export interface CInputs {
  sources: string[];
  includeDirs: string[];
  /** Package name -> unpacked tree. */
  packages: Map<string, string>;
}

/**
 * Fetches the workload's Debian source packages (first use only) and expands its
 * globs. Throws an Error naming the glob that matched nothing.
 */
export async function resolveCInputs(wl: CWorkloadSpec, log: (s: string) => void = () => {}): Promise<CInputs> {
  const packages = new Map<string, string>();
  for (const ref of wl.debianSources) {
    const dir = await fetchDebianSource(ref, log);
    // dpkg-source -x puts the tree itself at the top (no extra <pkg>-<ver>/ level).
    packages.set(ref.package, dir);
  }
  const base = (p: string): [string, string] => {
    const m = p.match(/^@([^/]+)\/(.*)$/);
    if (!m) return [wl.dir, p];
    return [packages.get(m[1]!)!, m[2]!];
  };
  const sources: string[] = [];
  for (const pattern of wl.sources) {
    const [cwd, rel] = base(pattern);
    const matched = [...new Bun.Glob(rel).scanSync({ cwd, onlyFiles: true, followSymlinks: true })].sort();
    if (matched.length === 0) throw new Error(`"sources": "${pattern}" matches no file`);
    for (const m of matched) {
      const abs = join(cwd, m);
      if (!sources.includes(abs)) sources.push(abs);
    }
  }
  const includeDirs = wl.include.map((p) => {
    const [cwd, rel] = base(p);
    return join(cwd, rel);
  });
  return { sources, includeDirs, packages };
}

export interface CFlagsInput {
  extensions: Extension[];
  optLevel: string;
  inlineThreshold: number;
}

/** Compiler flags for guest code (no -c/-o, no sources): target, ABI, knobs, includes, defines. */
export function cGuestFlags(wl: CWorkloadSpec, inputs: CInputs, k: CFlagsInput): string[] {
  return [
    "--target=riscv64-unknown-elf",
    `-march=${clangMarch(k.extensions)}`,
    "-mabi=lp64e",
    "-fPIE",
    "-mno-relax",
    "-ffreestanding",
    "-nostdlib",
    "-nostdlibinc",
    `-O${k.optLevel}`,
    "-mllvm",
    `-inline-threshold=${k.inlineThreshold}`,
    "-ffunction-sections",
    "-fdata-sections",
    "-isystem",
    join(GUEST_RUNTIME_DIR, "include"),
    ...inputs.includeDirs.flatMap((d) => ["-I", d]),
    ...wl.defines.map((d) => `-D${d}`),
    ...wl.cflags,
  ];
}

export interface CBuildPlan {
  language: "c";
  workload: CWorkloadSpec;
  compiler: CToolchain;
  extensions: Extension[];
  optLevel: string;
  inlineThreshold: number;
  inputs: CInputs;
  flags: string[];
  linkFlags: string[];
  cacheKey: string;
  outDir: string;
  elfPath: string;
  cached: boolean;
}

/** Resolves compiler and inputs and computes the cache key; throws a one-line Error. */
export async function planCBuild(
  wl: CWorkloadSpec,
  toolchainName: string,
  extensions: Extension[],
  optLevel: string,
  inlineThreshold: number,
  log: (s: string) => void = () => {},
): Promise<CBuildPlan> {
  const compiler = await resolveCToolchain(toolchainName);
  const inputs = await resolveCInputs(wl, log);
  const flags = cGuestFlags(wl, inputs, { extensions, optLevel, inlineThreshold });
  const linkFlags = [
    "-pie",
    "-static",
    "--no-dynamic-linker",
    "-z",
    "text",
    "--emit-relocs",
    "--no-relax",
    "--gc-sections",
    "--build-id=none",
    "-e",
    wl.entry,
  ];
  const fileHash = (p: string) => sha256(readFileSync(p));
  const cacheKey = sha256(
    JSON.stringify({
      recipe: RECIPE_VERSION,
      compiler: compiler.name,
      version: compiler.version,
      // Paths in flags are machine-specific; the key uses them relative to their roots.
      flags: flags.map((f) => f.replace(cacheDir(), "<cache>").replace(TOOLCHAINS_DIR, "<toolchains>").replace(wl.dir, "<workload>")),
      linkFlags,
      workload: wl.name,
      workloadFiles: hashSourceTree(wl.dir),
      sources: inputs.sources.map((s) => [basename(s), fileHash(s)]),
      runtime: hashSourceTree(GUEST_RUNTIME_DIR),
      packages: wl.debianSources,
    }),
  ).slice(0, 32);
  const outDir = buildDir(cacheKey);
  return {
    language: "c",
    workload: wl,
    compiler,
    extensions,
    optLevel,
    inlineThreshold,
    inputs,
    flags,
    linkFlags,
    cacheKey,
    outDir,
    elfPath: join(outDir, `${wl.name}.elf`),
    cached: buildCached(cacheKey, `${wl.name}.elf`),
  };
}

/** Runs `jobs` with at most `limit` in flight; resolves to their results in order. */
export async function pool<T>(jobs: (() => Promise<T>)[], limit = Math.max(1, cpus().length)): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

/** The first `error:` line of clang/lld output (with its file:line), else its last line. */
export function firstCompilerError(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim());
  return lines.find((l) => /\berror:/.test(l)) ?? lines.filter(Boolean).pop() ?? "failed";
}

/** Compiles, links, checks and publishes a plan that is not cached. */
export async function runCBuild(
  plan: CBuildPlan,
  fail: (cause: string, detail?: string) => never,
  log: (s: string) => void = () => {},
): Promise<void> {
  const { workload: wl, compiler } = plan;
  const work = join(cacheDir(), "tmp", `c-${plan.cacheKey.slice(0, 12)}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const units = [
      ...plan.inputs.sources.map((src, i) => ({ src, obj: join(work, `${i}-${basename(src)}.o`), extra: [] as string[] })),
      // The runtime must not be compiled into calls to itself (see guest-runtime/mem.c).
      ...guestRuntimeSources().map((src) => ({ src, obj: join(work, `rt-${basename(src)}.o`), extra: ["-fno-builtin"] })),
    ];
    log(`build ${wl.name} (${compiler.name}, -march=${clangMarch(plan.extensions)}): ${units.length} files`);
    const results = await pool(
      units.map((u) => () => run([compiler.clang, ...plan.flags, ...u.extra, "-c", u.src, "-o", u.obj], { cwd: wl.dir })),
    );
    for (const [i, r] of results.entries()) {
      if (r.code !== 0) {
        const where = relative(wl.dir, units[i]!.src).startsWith("..") ? units[i]!.src : relative(wl.dir, units[i]!.src);
        fail(`${basename(compiler.clang)} failed on ${where}: ${firstCompilerError(r.stderr)}`, r.stderr.trim());
      }
    }
    const elfTmp = join(work, `${wl.name}.elf`);
    const l = await run([compiler.lld, ...plan.linkFlags, ...units.map((u) => u.obj), "-o", elfTmp]);
    if (l.code !== 0) fail(`${basename(compiler.lld)} failed: ${firstCompilerError(l.stderr)}`, l.stderr.trim());
    const bytes = new Uint8Array(readFileSync(elfTmp));
    const problem = guestElfProblem(bytes, wl.entry, plan.extensions.includes("c"));
    if (problem) fail(problem);
    try {
      publishBuild(plan.cacheKey, { [`${wl.name}.elf`]: bytes }, {
        workload: wl.name,
        language: "c",
        entry: wl.entry,
        expected: wl.expected,
        toolchain: compiler.name,
        requestedToolchain: compiler.requested,
        toolchainVersion: compiler.version,
        extensions: extensionsLabel(plan.extensions),
        optLevel: plan.optLevel,
        inlineThreshold: plan.inlineThreshold,
        cflags: plan.flags,
        linkFlags: plan.linkFlags,
        sources: plan.inputs.sources,
        packages: wl.debianSources,
      });
    } catch (e) {
      fail((e as Error).message);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
