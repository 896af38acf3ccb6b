/**
 * Builds a Rust workload for an anchor: the workload's own source as a `cdylib` for the
 * host (`x86_64-unknown-linux-gnu`, loaded with bun:ffi) or for `wasm32-unknown-unknown`
 * (run by Bun's WebAssembly engine), with the same toolchain, opt-level and inline
 * threshold as the guest build (cargo-manifest.ts writes the crate).
 *
 *   native  cargo build --release --lib --target x86_64-unknown-linux-gnu
 *           Debian's prebuilt x86-64 core (libstd-rust-web-dev); the default x86-64 CPU
 *           (SSE2), so crates pick the same portable code paths as on RISC-V.
 *   wasm32  the same with --target wasm32-unknown-unknown -Zbuild-std=core,alloc
 *           (Debian ships no wasm32 standard library for rustc-web), linked with
 *           wasm-ld-22 from lld-22 (the guest linker's package; rustc's default
 *           `rust-lld` is not in Debian's rustc-web).
 *
 * Caches: the crate under `<cache>/anchor-crates/<triple>/<workload>/`, the cargo target
 * dir `<cache>/target/anchor-<toolchain>-<triple>-<key>/` (wasm32's core is built once per
 * toolchain and flags, ~20 s), finished artefacts in `<cache>/builds/<key>/` like guest
 * ELFs (toolchains/build-cache.ts). A hit does not run cargo.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCached, buildDir, publishBuild } from "../../../toolchains/build-cache.ts";
import { summarizeCompilerOutput } from "../../../toolchains/build.ts";
import { cacheDir, run, which } from "../../../toolchains/common.ts";
import { resolveRustToolchain } from "../../../toolchains/registry.ts";
import { hashSourceTree, sha256 } from "../../../toolchains/workload.ts";
import type { BuildConfig } from "../../sweep/config.ts";
import { NotAvailable } from "../target.ts";
import { anchorManifest } from "./cargo-manifest.ts";

export const NATIVE_TRIPLE = "x86_64-unknown-linux-gnu";
export const WASM32_TRIPLE = "wasm32-unknown-unknown";
export type AnchorTriple = typeof NATIVE_TRIPLE | typeof WASM32_TRIPLE;

/** The wasm32 linker (lld-22 is installed with every Rust toolchain as the guest linker). */
export const WASM_LINKER = "wasm-ld-22";

/** Bump when the recipe changes in a way that changes the artefacts. */
const RECIPE_VERSION = 1;

/** File name of the library cargo writes for `libName` on `triple`. */
export function artefactName(libName: string, triple: AnchorTriple): string {
  return triple === WASM32_TRIPLE ? `${libName}.wasm` : `lib${libName}.so`;
}

/** Writes `text` to `file` unless it already holds exactly that (keeps cargo's mtimes). */
function writeIfChanged(file: string, text: string): void {
  try {
    if (readFileSync(file, "utf8") === text) return;
  } catch {}
  writeFileSync(file, text);
}

/**
 * Builds (or finds in the cache) the Rust workload in `dir` for `triple`; returns the
 * path of the .so or .wasm. Throws NotAvailable when the toolchain cannot target it,
 * an Error with cargo's first error line when the build fails.
 */
export async function buildRustAnchor(name: string, dir: string, triple: AnchorTriple, config: BuildConfig): Promise<string> {
  let tc;
  try {
    tc = await resolveRustToolchain(config.toolchain);
  } catch (e) {
    throw new NotAvailable((e as Error).message);
  }
  if (triple === WASM32_TRIPLE && tc.stdBuild !== "build-std") {
    throw new NotAvailable(`${tc.name} cannot build core for wasm32 offline (no vendored standard-library crates)`);
  }
  if (triple === WASM32_TRIPLE && !which(WASM_LINKER)) throw new NotAvailable(`${WASM_LINKER} not found (install lld-22)`);

  const manifest = anchorManifest(name, dir, readFileSync(join(dir, "Cargo.toml"), "utf8"));
  const file = artefactName(manifest.libName, triple);
  const flagsKey = sha256(
    JSON.stringify({ recipe: RECIPE_VERSION, toolchain: tc.name, version: tc.version, triple, opt: config["opt-level"], inline: config["inline-threshold"] }),
  );
  const cacheKey = sha256(JSON.stringify({ flagsKey, workload: name, manifest: manifest.text, files: hashSourceTree(dir) })).slice(0, 32);
  if (buildCached(cacheKey, file)) return join(buildDir(cacheKey), file);

  const crateDir = join(cacheDir(), "anchor-crates", triple, name);
  mkdirSync(crateDir, { recursive: true });
  writeIfChanged(join(crateDir, "Cargo.toml"), manifest.text);
  const targetDir = join(cacheDir(), "target", `anchor-${tc.name}-${triple}-${flagsKey.slice(0, 16)}`);
  const args = [tc.cargo, "build", "--release", "--lib", "--manifest-path", join(crateDir, "Cargo.toml"), "--target", triple, "--target-dir", targetDir, "--message-format=json-render-diagnostics"];
  if (triple === WASM32_TRIPLE) args.push("-Zbuild-std=core,alloc", "-Zbuild-std-features=compiler-builtins-mem");
  const env: Record<string, string> = {
    ...tc.env,
    CARGO_ENCODED_RUSTFLAGS: ["-C", `llvm-args=--inline-threshold=${config["inline-threshold"]}`].join("\x1f"),
    CARGO_PROFILE_RELEASE_OPT_LEVEL: String(config["opt-level"]),
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: WASM_LINKER,
  };
  const r = await run(args, { cwd: crateDir, env });
  if (r.code !== 0) throw new Error(`build ${name} for ${triple} (${tc.name}): cargo failed: ${summarizeCompilerOutput(r.stderr).line}`);

  let built: string | undefined;
  for (const l of r.stdout.split("\n")) {
    if (!l.startsWith("{")) continue;
    try {
      const m = JSON.parse(l) as { reason?: string; filenames?: string[] };
      const f = m.reason === "compiler-artifact" ? m.filenames?.find((x) => x.endsWith(`/${file}`)) : undefined;
      if (f) built = f;
    } catch {}
  }
  if (!built || !existsSync(built)) throw new Error(`build ${name} for ${triple}: cargo reported no ${file}`);
  publishBuild(cacheKey, { [file]: new Uint8Array(readFileSync(built)) }, { workload: name, anchor: triple, toolchain: tc.name, toolchainVersion: tc.version, optLevel: config["opt-level"], inlineThreshold: config["inline-threshold"] });
  return join(buildDir(cacheKey), file);
}
