/**
 * Guest build driver: a workload (experiments/workloads/<name>/, see workload.ts) ->
 * rv64em PIE ELF linked with `--emit-relocs --no-relax`, for the transpiler.
 *
 *   Rust workloads   rust-build.ts   (cargo, build-std or a private sysroot)
 *   C workloads      c-build.ts      (clang + ld.lld + toolchains/guest-runtime)
 *
 * Both are cached by content hash (build-cache.ts): `<cache>/builds/<cacheKey>/` holds
 * `<workload>.elf` and meta.json; a hit returns without running a compiler.
 *
 * Toolchain names: rust-1.96, rust-1.85, rustup `rust-X.Y[-channel]` for Rust;
 * clang-19, clang-22 for C. A C workload given a Rust toolchain name is built with the
 * clang of the same LLVM major (rust-1.96 -> clang-22, rust-1.85 -> clang-19), so one
 * toolchain axis covers both languages; a Rust workload given a clang name is an error.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type CBuildPlan, planCBuild, runCBuild } from "./c-build.ts";
import { cacheDir } from "./common.ts";
import { type Extension, extensionsLabel, parseExtensions } from "./extensions.ts";
import { type RustBuildPlan, planRustBuild, runRustBuild } from "./rust-build.ts";
import { GuestBuildError, type WorkloadSpec, readWorkload } from "./workload.ts";

export { GuestBuildError, readWorkload, type WorkloadSpec } from "./workload.ts";
export { summarizeCompilerOutput, targetSpecText } from "./rust-build.ts";

export interface BuildGuestOptions {
  /** Workload name under experiments/workloads/, or a path to a workload directory. */
  workload: string;
  /** Default "rust-1.96" for Rust workloads, "clang-22" for C workloads. */
  toolchain?: string;
  /** LLVM inliner threshold (Rust: -C llvm-args=--inline-threshold=N, C: -mllvm -inline-threshold=N); default 275. */
  inlineThreshold?: number;
  /** "0" | "1" | "2" | "3" | "s" | "z"; default "3". */
  optLevel?: string;
  /** RISC-V extensions beyond rv64em: "none" (default), "all", or a list/comma list of c, zba, zbb, zbs, zicond. */
  extensions?: string | readonly string[];
  /** Progress messages (default: silent). */
  log?: (s: string) => void;
}

export interface BuildGuestResult {
  elfPath: string;
  /** Entry symbol (also the ELF entry point). */
  entry: string;
  /** Expected return value of the entry function (a0), as a decimal u64. */
  expected: string;
  cacheKey: string;
  cached: boolean;
  language: "rust" | "c";
  /** The toolchain that compiled it (for C workloads, the clang actually used). */
  toolchain: string;
  /** Canonical extension set: "none", "all" or a comma list. */
  extensions: string;
}

export type GuestBuildPlan = RustBuildPlan | CBuildPlan;

export const DEFAULT_RUST_TOOLCHAIN = "rust-1.96";
export const DEFAULT_C_TOOLCHAIN = "clang-22";
const OPT_LEVELS = new Set(["0", "1", "2", "3", "s", "z"]);

function failer(workload: string, toolchain: string) {
  return (cause: string, detail = ""): never => {
    throw new GuestBuildError(`build ${workload} (${toolchain}): ${cause}`, workload, detail);
  };
}

/** Validates the options, resolves the toolchain and computes the cache keys without compiling. */
export async function planGuestBuild(opts: BuildGuestOptions): Promise<GuestBuildPlan> {
  const wl: WorkloadSpec = readWorkload(opts.workload);
  const toolchainName = opts.toolchain ?? (wl.language === "c" ? DEFAULT_C_TOOLCHAIN : DEFAULT_RUST_TOOLCHAIN);
  const inline = opts.inlineThreshold ?? 275;
  const optLevel = String(opts.optLevel ?? "3");
  const fail = failer(wl.name, toolchainName);
  if (!Number.isInteger(inline) || inline < 0) fail(`inline threshold must be a non-negative integer, got ${inline}`);
  if (!OPT_LEVELS.has(optLevel)) fail(`opt-level must be one of 0 1 2 3 s z, got "${optLevel}"`);
  let extensions: Extension[];
  try {
    extensions = parseExtensions(opts.extensions);
  } catch (e) {
    return fail((e as Error).message);
  }
  try {
    return wl.language === "c"
      ? await planCBuild(wl, toolchainName, extensions, optLevel, inline, opts.log)
      : await planRustBuild(wl, toolchainName, extensions, optLevel, inline);
  } catch (e) {
    if (e instanceof GuestBuildError) throw e;
    return fail((e as Error).message);
  }
}

/** Builds (or finds in the cache) the guest ELF; throws GuestBuildError with a one-line message. */
export async function buildGuestElf(opts: BuildGuestOptions): Promise<BuildGuestResult> {
  const plan = await planGuestBuild(opts);
  const wl = plan.workload;
  const tcName = plan.language === "c" ? plan.compiler.name : plan.toolchain.name;
  const result: BuildGuestResult = {
    elfPath: plan.elfPath,
    entry: wl.entry,
    expected: wl.expected,
    cacheKey: plan.cacheKey,
    cached: plan.cached,
    language: plan.language,
    toolchain: tcName,
    extensions: extensionsLabel(plan.extensions),
  };
  if (plan.cached) return result;
  const fail = failer(wl.name, tcName);
  if (plan.language === "c") await runCBuild(plan, fail, opts.log);
  else await runRustBuild(plan, fail, opts.log);
  return result;
}

/** Removes cached builds, cargo target dirs and sysroots (installed toolchains and fetched sources stay). */
export function cleanBuildCache(): void {
  const cache = cacheDir();
  for (const d of ["builds", "target", "target-specs", "sysroots", "tmp"]) rmSync(join(cache, d), { recursive: true, force: true });
}
