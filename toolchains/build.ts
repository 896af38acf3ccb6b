/**
 * Guest build driver: Rust `no_std` workload crate -> rv64em PIE ELF (linked with
 * `--emit-relocs --no-relax`), for the transpiler.
 *
 *   cargo rustc --release --target toolchains/targets/riscv64em-javm.json
 *     -Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem
 *     [-Zjson-target-spec] [-Zchecksum-freshness]   (when this cargo knows them)
 *     -- -C link-arg=--entry=<entry>
 *   RUSTFLAGS (every crate, core included): -C llvm-args=--inline-threshold=N
 *   CARGO_PROFILE_RELEASE_OPT_LEVEL=<optLevel>
 *
 * Offline: the Debian toolchains resolve build-std's crates against rust-web-src's
 * vendored sources (see common.ts writeCargoConfig).
 *
 * Caches (under the lab cache, see common.ts cacheDir):
 *   target/<toolchain>-<coreKey>/   cargo target dir shared by every workload built with the
 *                                   same toolchain, target spec and flags (core built once)
 *   builds/<cacheKey>/<workload>.elf + meta.json
 *                                   finished ELFs keyed by a hash of toolchain name+version,
 *                                   target spec, flags and all source files of the workload;
 *                                   a hit returns without running cargo.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { TARGET_SPEC_PATH, WORKLOADS_DIR, cacheDir, run } from "./common.ts";
import { EF_RISCV_RVC, EF_RISCV_RVE, EM_RISCV, ET_DYN, SHT_RELA, readElfInfo } from "./elf-info.ts";
import { type RustToolchain, resolveRustToolchain } from "./registry.ts";

export interface BuildGuestOptions {
  /** Workload name under experiments/workloads/, or a path to a workload directory. */
  workload: string;
  /** Default "rust-1.96". */
  toolchain?: string;
  /** LLVM inliner threshold (-C llvm-args=--inline-threshold=N); default 275. */
  inlineThreshold?: number;
  /** Cargo/rustc opt-level: "0" | "1" | "2" | "3" | "s" | "z"; default "3". */
  optLevel?: string;
}

export interface BuildGuestResult {
  elfPath: string;
  /** Entry symbol (also the ELF entry point). */
  entry: string;
  /** Expected return value of the entry function (a0), as a decimal u64. */
  expected: string;
  cacheKey: string;
  cached: boolean;
}

/** A failed guest build: one-line message; compiler output in `detail`. */
export class GuestBuildError extends Error {
  constructor(
    message: string,
    readonly workload: string,
    readonly detail: string = "",
  ) {
    super(message);
    this.name = "GuestBuildError";
  }
}

/** Bump when the build recipe changes in a way that changes the ELFs. */
const RECIPE_VERSION = 1;
const OPT_LEVELS = new Set(["0", "1", "2", "3", "s", "z"]);

export interface WorkloadSpec {
  name: string;
  dir: string;
  entry: string;
  expected: string;
}

/** Finds a workload directory and reads its workload.json. */
export function readWorkload(workload: string): WorkloadSpec {
  const byPath = workload.includes("/") || isAbsolute(workload);
  const dir = byPath ? resolve(workload) : join(WORKLOADS_DIR, workload);
  const name = basename(dir);
  if (!existsSync(join(dir, "Cargo.toml"))) {
    throw new GuestBuildError(`build ${workload}: no Cargo.toml in ${dir}`, workload);
  }
  const metaPath = join(dir, "workload.json");
  let meta: { entry?: unknown; expected?: unknown };
  try {
    meta = JSON.parse(readFileSync(metaPath, "utf8"));
  } catch (e) {
    throw new GuestBuildError(`build ${workload}: cannot read ${metaPath}: ${(e as Error).message}`, workload);
  }
  if (typeof meta.entry !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(meta.entry)) {
    throw new GuestBuildError(`build ${workload}: ${metaPath}: "entry" must be a symbol name`, workload);
  }
  if (typeof meta.expected !== "string" || !/^\d+$/.test(meta.expected) || BigInt(meta.expected) >= 1n << 64n) {
    throw new GuestBuildError(`build ${workload}: ${metaPath}: "expected" must be a decimal u64 string`, workload);
  }
  return { name, dir, entry: meta.entry, expected: meta.expected };
}

/** Source files of a workload (sorted relative paths), excluding build output and Cargo.lock. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      if (ent.name.startsWith(".") || ent.name === "target" || ent.name === "Cargo.lock") continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

function sha256(s: string | Uint8Array): string {
  return createHash("sha256").update(s).digest("hex");
}

/**
 * The target spec text for a rustc release. The file in targets/ is written for the
 * current rustc; rustc before 1.91 reads "target-pointer-width" as a string, not a number.
 */
export function targetSpecText(release: string): string {
  const text = readFileSync(TARGET_SPEC_PATH, "utf8");
  const m = release.match(/^(\d+)\.(\d+)/);
  if (m && Number(m[1]) === 1 && Number(m[2]) < 91) {
    const spec = JSON.parse(text);
    spec["target-pointer-width"] = String(spec["target-pointer-width"]);
    return `${JSON.stringify(spec, null, 2)}\n`;
  }
  return text;
}

const zFlagCache = new Map<string, Promise<Set<string>>>();

/** The unstable -Z flags a cargo binary knows (from `cargo -Z help`). */
function cargoZFlags(tc: RustToolchain): Promise<Set<string>> {
  let p = zFlagCache.get(tc.cargo);
  if (!p) {
    p = run([tc.cargo, "-Z", "help"], { env: tc.env }).then((r) => {
      const flags = new Set<string>();
      for (const m of r.stdout.matchAll(/^\s*-Z\s*([a-z0-9-]+)/gm)) flags.add(m[1]!);
      return flags;
    });
    zFlagCache.set(tc.cargo, p);
  }
  return p;
}

/** Picks the most telling lines of cargo's stderr: the summary line and the detail block. */
export function summarizeCompilerOutput(stderr: string): { line: string; detail: string } {
  const noise = /^\s*(Compiling|Finished|Blocking|Updating|Locking|Adding|Fresh|Running|Building)\b/;
  const lines = stderr.split("\n").filter((l) => !noise.test(l));
  const firstErr = lines.findIndex((l) => /^error(\[E\d+\])?:/.test(l) && !/^error: could not compile/.test(l));
  const detailLines = firstErr >= 0 ? lines.slice(firstErr) : lines;
  const trimmed = detailLines.join("\n").trim().split("\n");
  const detail = trimmed.slice(-60).join("\n");
  let line = "";
  const lldRe = /(rust-lld|ld\.lld(-\d+)?): error:/;
  const lldErr = lines.find((l) => lldRe.test(l));
  if (lldErr) line = lldErr.slice(lldErr.search(lldRe)).trim();
  else if (firstErr >= 0) {
    line = lines[firstErr]!.trim();
    const loc = lines.slice(firstErr + 1, firstErr + 4).find((l) => /^\s*-->/.test(l));
    if (loc) line += ` (${loc.trim().replace(/^-->\s*/, "")})`;
  } else {
    line =
      lines
        .map((l) => l.trim())
        .filter(Boolean)
        .pop() ?? "cargo failed";
  }
  return { line, detail };
}

/** Everything decided before running cargo: the toolchain, the keys and the paths. */
export interface GuestBuildPlan {
  workload: WorkloadSpec;
  toolchain: RustToolchain;
  optLevel: string;
  inlineThreshold: number;
  targetSpec: string;
  /** Hash of toolchain, target spec and flags: names the shared cargo target dir. */
  coreKey: string;
  /** Hash of coreKey and the workload's source files: names the finished build. */
  cacheKey: string;
  sourceHashes: [string, string][];
  outDir: string;
  elfPath: string;
  /** A finished build with this key is in the cache. */
  cached: boolean;
}

function failer(workload: string, toolchain: string) {
  return (cause: string, detail = ""): never => {
    throw new GuestBuildError(`build ${workload} (${toolchain}): ${cause}`, workload, detail);
  };
}

/** Validates the options and computes the cache keys without building anything. */
export async function planGuestBuild(opts: BuildGuestOptions): Promise<GuestBuildPlan> {
  const wl = readWorkload(opts.workload);
  const toolchainName = opts.toolchain ?? "rust-1.96";
  const inline = opts.inlineThreshold ?? 275;
  const optLevel = String(opts.optLevel ?? "3");
  const fail = failer(wl.name, toolchainName);
  if (!Number.isInteger(inline)) fail(`inline threshold must be an integer, got ${inline}`);
  if (!OPT_LEVELS.has(optLevel)) fail(`opt-level must be one of 0 1 2 3 s z, got "${optLevel}"`);

  let tc: RustToolchain;
  try {
    tc = await resolveRustToolchain(toolchainName);
  } catch (e) {
    return fail((e as Error).message);
  }

  const spec = targetSpecText(tc.release);
  const coreKey = sha256(
    JSON.stringify({ recipe: RECIPE_VERSION, toolchain: tc.name, version: tc.version, spec, optLevel, inline }),
  );
  const sourceHashes = sourceFiles(wl.dir).map((f): [string, string] => [f, sha256(readFileSync(join(wl.dir, f)))]);
  const cacheKey = sha256(JSON.stringify({ coreKey, workload: wl.name, files: sourceHashes })).slice(0, 32);
  const outDir = join(cacheDir(), "builds", cacheKey);
  const elfPath = join(outDir, `${wl.name}.elf`);
  return {
    workload: wl,
    toolchain: tc,
    optLevel,
    inlineThreshold: inline,
    targetSpec: spec,
    coreKey,
    cacheKey,
    sourceHashes,
    outDir,
    elfPath,
    cached: existsSync(elfPath) && existsSync(join(outDir, "meta.json")),
  };
}

export async function buildGuestElf(opts: BuildGuestOptions): Promise<BuildGuestResult> {
  const plan = await planGuestBuild(opts);
  const { workload: wl, toolchain: tc, optLevel, cacheKey, outDir, elfPath, coreKey } = plan;
  const inline = plan.inlineThreshold;
  const spec = plan.targetSpec;
  const fileHashes = plan.sourceHashes;
  const fail = failer(wl.name, tc.name);
  if (plan.cached) return { elfPath, entry: wl.entry, expected: wl.expected, cacheKey, cached: true };

  const cache = cacheDir();
  // The target spec goes into a content-addressed directory; its file stem is the target name.
  const specDir = join(cache, "target-specs", sha256(spec).slice(0, 16));
  const specPath = join(specDir, "riscv64em-javm.json");
  if (!existsSync(specPath)) {
    mkdirSync(specDir, { recursive: true });
    writeFileSync(`${specPath}.${process.pid}`, spec);
    renameSync(`${specPath}.${process.pid}`, specPath);
  }
  const targetDir = join(cache, "target", `${tc.name}-${coreKey.slice(0, 16)}`);

  const zflags = await cargoZFlags(tc);
  const args = [
    tc.cargo,
    "rustc",
    "--release",
    "--manifest-path",
    join(wl.dir, "Cargo.toml"),
    "--target",
    specPath,
    "--target-dir",
    targetDir,
    "--message-format=json-render-diagnostics",
    "-Zbuild-std=core,alloc",
    "-Zbuild-std-features=compiler-builtins-mem",
  ];
  if (zflags.has("json-target-spec")) args.push("-Zjson-target-spec");
  // Freshness by content, not mtime: the shared target dir may hold a same-named crate
  // built from another directory (a copied workload) with newer timestamps.
  if (zflags.has("checksum-freshness")) args.push("-Zchecksum-freshness");
  args.push("--", "-C", `link-arg=--entry=${wl.entry}`);
  const env = {
    ...tc.env,
    CARGO_ENCODED_RUSTFLAGS: ["-C", `llvm-args=--inline-threshold=${inline}`].join("\x1f"),
    CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel,
  };
  const r = await run(args, { cwd: wl.dir, env });
  if (r.code !== 0) {
    const { line, detail } = summarizeCompilerOutput(r.stderr);
    fail(`cargo failed: ${line}`, detail);
  }

  // The linked executable, from cargo's JSON artifact messages.
  let built: string | undefined;
  for (const l of r.stdout.split("\n")) {
    if (!l.startsWith("{")) continue;
    try {
      const m = JSON.parse(l);
      if (m.reason === "compiler-artifact" && typeof m.executable === "string") built = m.executable;
    } catch {}
  }
  if (!built || !existsSync(built)) fail("cargo reported no executable");

  const bytes = new Uint8Array(readFileSync(built!));
  let info;
  try {
    info = readElfInfo(bytes);
  } catch (e) {
    return fail(`output ${built}: ${(e as Error).message}`);
  }
  if (info.machine !== EM_RISCV) fail(`output is not a RISC-V ELF (e_machine ${info.machine})`);
  if (info.type !== ET_DYN) fail(`output is not a PIE (e_type ${info.type})`);
  if (info.flags & EF_RISCV_RVC) fail("output uses compressed instructions (EF_RISCV_RVC set)");
  if (!(info.flags & EF_RISCV_RVE)) fail("output is not RV64E (EF_RISCV_RVE clear)");
  const sym = info.symbols.find((s) => s.name === wl.entry && s.shndx !== 0);
  if (!sym) {
    fail(
      `entry symbol "${wl.entry}" is not defined in the ELF (is it #[no_mangle] pub extern "C"?)`,
      summarizeCompilerOutput(r.stderr).detail,
    );
  }
  if (info.entry !== sym!.value) fail(`ELF entry point is not "${wl.entry}"`);
  if (!info.sections.some((s) => s.type === SHT_RELA && s.name.startsWith(".rela.text"))) {
    fail("no .rela.text section (linked without --emit-relocs?)");
  }

  // Publish atomically; a concurrent build of the same key may win the rename.
  const tmp = `${outDir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, `${wl.name}.elf`), bytes);
  writeFileSync(
    join(tmp, "meta.json"),
    JSON.stringify(
      {
        workload: wl.name,
        entry: wl.entry,
        expected: wl.expected,
        toolchain: tc.name,
        toolchainVersion: tc.version,
        optLevel,
        inlineThreshold: inline,
        cacheKey,
        sources: Object.fromEntries(fileHashes),
        builtAt: new Date().toISOString(),
      },
      null,
      2,
    ) + "\n",
  );
  try {
    renameSync(tmp, outDir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(elfPath)) return fail(`cannot store the build in ${outDir}: ${(e as Error).message}`);
  }
  return { elfPath, entry: wl.entry, expected: wl.expected, cacheKey, cached: false };
}

/** Removes cached builds and cargo target dirs (the installed toolchains stay). */
export function cleanBuildCache(): void {
  const cache = cacheDir();
  for (const d of ["builds", "target", "target-specs"]) rmSync(join(cache, d), { recursive: true, force: true });
}
