/**
 * Rust guest builds: a `no_std`, `no_main` workload crate -> rv64em PIE ELF.
 *
 *   cargo rustc --release --target <cache>/target-specs/<hash>/riscv64em-javm.json
 *     build-std toolchains:  -Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem
 *                            [-Zjson-target-spec] [-Zchecksum-freshness]  (when cargo knows them)
 *     sysroot toolchains:    RUSTFLAGS += --sysroot=<sysroot.ts output>
 *     -- -C link-arg=--entry=<entry>
 *   RUSTFLAGS (every crate, core included): -C llvm-args=--inline-threshold=N
 *                                           [-C target-feature=+c,+zba,...]
 *   CARGO_PROFILE_RELEASE_OPT_LEVEL=<optLevel>
 *
 * Caches: `<cache>/target/<toolchain>-<coreKey16>/` is the cargo target dir shared by
 * every workload with the same toolchain, target spec and flags (so core is built once
 * per key: extension builds get their own); sysroot toolchains also keep
 * `<cache>/sysroots/<toolchain>-<coreKey16>/`. Finished ELFs: build-cache.ts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCached, buildDir, publishBuild } from "./build-cache.ts";
import { TARGET_SPEC_PATH, cacheDir, run } from "./common.ts";
import { guestElfProblem } from "./elf-check.ts";
import { type Extension, extensionsLabel, rustTargetFeatures } from "./extensions.ts";
import { type RustToolchain, resolveRustToolchain } from "./registry.ts";
import { ensureRustSysroot } from "./sysroot.ts";
import { type RustWorkloadSpec, hashSourceTree, sha256 } from "./workload.ts";

/** Bump when the Rust build recipe changes in a way that changes the ELFs. */
const RECIPE_VERSION = 1;

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

export interface RustBuildPlan {
  language: "rust";
  workload: RustWorkloadSpec;
  toolchain: RustToolchain;
  extensions: Extension[];
  optLevel: string;
  inlineThreshold: number;
  targetSpec: string;
  /** Hash of toolchain, target spec and flags: names the shared cargo target dir (and sysroot). */
  coreKey: string;
  /** Hash of coreKey and the workload's source files: names the finished build. */
  cacheKey: string;
  sourceHashes: [string, string][];
  outDir: string;
  elfPath: string;
  cached: boolean;
}

/** Resolves the toolchain and computes the keys; throws an Error with a one-line reason. */
export async function planRustBuild(
  wl: RustWorkloadSpec,
  toolchainName: string,
  extensions: Extension[],
  optLevel: string,
  inlineThreshold: number,
): Promise<RustBuildPlan> {
  const tc = await resolveRustToolchain(toolchainName);
  const spec = targetSpecText(tc.release);
  const features = rustTargetFeatures(extensions);
  // "features" joins the key only when set, so keys of plain rv64em builds (and their
  // warm caches) are the same as before extensions existed.
  const coreKey = sha256(
    JSON.stringify({
      recipe: RECIPE_VERSION,
      toolchain: tc.name,
      version: tc.version,
      spec,
      optLevel,
      inline: inlineThreshold,
      ...(features.length ? { features } : {}),
    }),
  );
  const sourceHashes = hashSourceTree(wl.dir);
  const cacheKey = sha256(JSON.stringify({ coreKey, workload: wl.name, files: sourceHashes })).slice(0, 32);
  const outDir = buildDir(cacheKey);
  return {
    language: "rust",
    workload: wl,
    toolchain: tc,
    extensions,
    optLevel,
    inlineThreshold,
    targetSpec: spec,
    coreKey,
    cacheKey,
    sourceHashes,
    outDir,
    elfPath: join(outDir, `${wl.name}.elf`),
    cached: buildCached(cacheKey, `${wl.name}.elf`),
  };
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

/** Writes the target spec into a content-addressed directory (its file stem is the target name). */
function materialiseSpec(spec: string): string {
  const specDir = join(cacheDir(), "target-specs", sha256(spec).slice(0, 16));
  const specPath = join(specDir, "riscv64em-javm.json");
  if (!existsSync(specPath)) {
    mkdirSync(specDir, { recursive: true });
    writeFileSync(`${specPath}.${process.pid}`, spec);
    renameSync(`${specPath}.${process.pid}`, specPath);
  }
  return specPath;
}

/**
 * Runs cargo for a plan that is not cached and publishes the ELF. `fail(cause, detail)`
 * throws the caller's error type.
 */
export async function runRustBuild(
  plan: RustBuildPlan,
  fail: (cause: string, detail?: string) => never,
  log: (s: string) => void = () => {},
): Promise<void> {
  const { workload: wl, toolchain: tc, optLevel, coreKey } = plan;
  const specPath = materialiseSpec(plan.targetSpec);
  const targetDir = join(cacheDir(), "target", `${tc.name}-${coreKey.slice(0, 16)}`);
  const rustflags = ["-C", `llvm-args=--inline-threshold=${plan.inlineThreshold}`];
  const features = rustTargetFeatures(plan.extensions);
  if (features.length) rustflags.push("-C", `target-feature=${features.join(",")}`);

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
  ];
  const zflags = await cargoZFlags(tc);
  let encoded = rustflags;
  if (tc.stdBuild === "build-std") {
    args.push("-Zbuild-std=core,alloc", "-Zbuild-std-features=compiler-builtins-mem");
    if (zflags.has("json-target-spec")) args.push("-Zjson-target-spec");
  } else {
    let sysroot: string;
    try {
      sysroot = await ensureRustSysroot({ toolchain: tc, specPath, key: coreKey, optLevel, rustflags }, log);
    } catch (e) {
      return fail((e as Error).message, (e as Error & { detail?: string }).detail ?? "");
    }
    encoded = [`--sysroot=${sysroot}`, ...rustflags];
  }
  // Freshness by content, not mtime: the shared target dir may hold a same-named crate
  // built from another directory (a copied workload) with newer timestamps.
  if (zflags.has("checksum-freshness")) args.push("-Zchecksum-freshness");
  args.push("--", "-C", `link-arg=--entry=${wl.entry}`);
  const env = {
    ...tc.env,
    CARGO_ENCODED_RUSTFLAGS: encoded.join("\x1f"),
    CARGO_PROFILE_RELEASE_OPT_LEVEL: optLevel,
  };
  log(`build ${wl.name} (${tc.name}, extensions ${extensionsLabel(plan.extensions)}): cargo rustc`);
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
  const problem = guestElfProblem(bytes, wl.entry, plan.extensions.includes("c"));
  if (problem) {
    const hint = problem.startsWith("entry symbol") ? ` (is it #[no_mangle] pub extern "C"?)` : "";
    fail(`${problem}${hint}`, summarizeCompilerOutput(r.stderr).detail);
  }
  try {
    publishBuild(plan.cacheKey, { [`${wl.name}.elf`]: bytes }, {
      workload: wl.name,
      language: "rust",
      entry: wl.entry,
      expected: wl.expected,
      toolchain: tc.name,
      toolchainVersion: tc.version,
      extensions: extensionsLabel(plan.extensions),
      optLevel,
      inlineThreshold: plan.inlineThreshold,
      sources: Object.fromEntries(plan.sourceHashes),
    });
  } catch (e) {
    fail((e as Error).message);
  }
}
