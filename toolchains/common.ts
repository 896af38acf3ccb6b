/**
 * Shared definitions for the guest toolchains: where the lab cache lives, which Debian
 * packages make up each toolchain, and a small process runner.
 *
 * Toolchain names follow the CLI contract: `rust-1.96`, `rust-1.85`, `clang-19`, `clang-22`.
 * The Debian `rustc-web` toolchains conflict with each other under apt, so they are
 * downloaded with `apt-get download` and unpacked side by side (`dpkg-deb -x`) into
 * `<cache>/<name>/`; their shared libraries come from the system (apt-installed, since
 * those do not conflict) plus the unpacked `usr/lib/x86_64-linux-gnu` (LD_LIBRARY_PATH).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root (the parent of toolchains/). */
export const REPO_ROOT = resolve(import.meta.dir, "..");
export const TOOLCHAINS_DIR = import.meta.dir;
export const TARGET_SPEC_PATH = join(TOOLCHAINS_DIR, "targets", "riscv64em-javm.json");
export const WORKLOADS_DIR = join(REPO_ROOT, "experiments", "workloads");

/** The lab cache: `toolchains/.cache/` (git-ignored), or $PVM_LAB_CACHE. */
export function cacheDir(): string {
  const env = process.env.PVM_LAB_CACHE;
  return env && env.length > 0 ? resolve(env) : join(TOOLCHAINS_DIR, ".cache");
}

export interface DebianRustDef {
  kind: "debian-rust";
  name: string;
  /** Exact Debian version of the rustc-web packages. */
  debVersion: string;
  /** Upstream rustc release, as printed by `rustc -vV` (`release:`). */
  release: string;
  /** Packages fetched with `apt-get download` and unpacked side by side. */
  unpack: string[];
  /** Packages installed with `apt-get install` (shared libraries and tools that do not conflict). */
  aptDeps: string[];
  /** LLVM major version of this rustc: C workloads built "with" it use clang-<llvmMajor>. */
  llvmMajor: number;
  /**
   * How core/alloc/compiler_builtins are built for the guest target:
   *   "build-std"  cargo -Zbuild-std, offline from rust-web-src's vendored crates;
   *   "sysroot"    rustc directly into a private sysroot (sysroot.ts), with
   *                compiler_builtins from `extraDebs` (rust-web-src ships no vendored crates).
   */
  stdBuild: "build-std" | "sysroot";
  /** Further packages at their own versions, unpacked into the same tree. */
  extraDebs: { pkg: string; version: string }[];
}

export interface AptClangDef {
  kind: "apt-clang";
  name: string;
  major: number;
  /** Packages installed with `apt-get install`. */
  apt: string[];
}

export type ToolchainDef = DebianRustDef | AptClangDef;

/**
 * Rust crates from Debian that workloads use as path dependencies (installed under
 * /usr/share/cargo/registry; experiments/workloads/{blake2b,keccak}/Cargo.toml name
 * their directories). Installed with every Rust toolchain, so CI gets them too.
 */
export const GUEST_CRATE_PACKAGES = ["librust-blake2b-simd-dev", "librust-sha3-dev"];

/**
 * Every toolchain this module can install. Guests are always linked with `ld.lld-22`
 * (named in the target spec), so every Rust toolchain pulls in lld-22.
 */
export const TOOLCHAIN_DEFS: ToolchainDef[] = [
  {
    kind: "debian-rust",
    name: "rust-1.96",
    debVersion: "1.96.0+dfsg1-1~deb12u2",
    release: "1.96.0",
    unpack: ["rustc-web", "cargo-web", "libstd-rust-web-dev", "libstd-rust-web-1.96", "rust-web-src"],
    aptDeps: ["libllvm22", "libgit2-1.5", "lld-22", "gcc", "libc6-dev", ...GUEST_CRATE_PACKAGES],
    llvmMajor: 22,
    stdBuild: "build-std",
    extraDebs: [],
  },
  {
    kind: "debian-rust",
    name: "rust-1.85",
    debVersion: "1.85.0+dfsg3-1~deb12u3",
    release: "1.85.0",
    unpack: ["rustc-web", "cargo-web", "libstd-rust-web-dev", "libstd-rust-web-1.85", "rust-web-src"],
    aptDeps: ["libllvm19", "libhttp-parser2.9", "libpcre3", "lld-22", "gcc", "libc6-dev", ...GUEST_CRATE_PACKAGES],
    llvmMajor: 19,
    stdBuild: "sysroot",
    // Debian's compiler_builtins is 0.1.70 (std 1.85 pins 0.1.140); 0.1.70 builds with
    // rustc 1.85 and provides every intrinsic an rv64em guest links (see sysroot.ts).
    extraDebs: [{ pkg: "librust-compiler-builtins-dev", version: "0.1.70-1" }],
  },
  { kind: "apt-clang", name: "clang-22", major: 22, apt: ["clang-22", "lld-22", "llvm-22"] },
  { kind: "apt-clang", name: "clang-19", major: 19, apt: ["clang-19", "lld-19", "llvm-19"] },
];

/**
 * Installed by `installToolchains()` when no `only` list is given: all four. Each is
 * cheap on a fresh machine (apt downloads plus a dpkg-deb unpack, no compilation; see
 * toolchains/README.md for timings), and CI builds the guests with every one of them.
 */
export const DEFAULT_TOOLCHAINS = TOOLCHAIN_DEFS.map((d) => d.name);

export function findDef(name: string): ToolchainDef | undefined {
  return TOOLCHAIN_DEFS.find((d) => d.name === name);
}

/** Layout of an unpacked Debian Rust toolchain. */
export interface RustLayout {
  root: string; // <cache>/<name>
  sysroot: string; // <root>/usr
  bin: string;
  rustc: string;
  cargo: string;
  libDir: string; // librustc_driver-*.so
  srcRoot: string; // rust-web-src: <sysroot>/src/rustc-<release>
  vendorDir: string;
  cargoHome: string; // isolated CARGO_HOME with the offline source replacement
  marker: string; // written last by the installer: rustMarkerText(def)
  /** Crates unpacked from `extraDebs` (Debian's /usr/share/cargo/registry layout). */
  registryDir: string;
}

export function rustLayout(def: DebianRustDef, cache = cacheDir()): RustLayout {
  const root = join(cache, def.name);
  const sysroot = join(root, "usr");
  const srcRoot = join(sysroot, "src", `rustc-${def.release}`);
  return {
    root,
    sysroot,
    bin: join(sysroot, "bin"),
    rustc: join(sysroot, "bin", "rustc"),
    cargo: join(sysroot, "bin", "cargo"),
    libDir: join(sysroot, "lib", "x86_64-linux-gnu"),
    srcRoot,
    vendorDir: join(srcRoot, "library", "vendor"),
    cargoHome: join(root, "cargo-home"),
    marker: join(root, ".installed"),
    registryDir: join(sysroot, "share", "cargo", "registry"),
  };
}

/** What the install marker of a Debian Rust toolchain says: every package version in it. */
export function rustMarkerText(def: DebianRustDef): string {
  return [def.debVersion, ...def.extraDebs.map((d) => `${d.pkg}=${d.version}`)].join(" ");
}

/** True when the unpacked toolchain's marker names the pinned Debian version. */
export function rustUnpacked(def: DebianRustDef, cache = cacheDir()): boolean {
  const l = rustLayout(def, cache);
  try {
    return readFileSync(l.marker, "utf8").trim() === rustMarkerText(def) && existsSync(l.rustc) && existsSync(l.cargo);
  } catch {
    return false;
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing output. Never throws for a non-zero exit. */
export async function run(
  cmd: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  let proc;
  try {
    proc = Bun.spawn(cmd, {
      cwd: opts.cwd,
      env: (opts.env ?? process.env) as Record<string, string>,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
  } catch (e) {
    // ENOENT and friends: report like a shell would.
    return { code: 127, stdout: "", stderr: `${cmd[0]}: ${(e as Error).message}` };
  }
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** Looks a program up on $PATH (like `command -v`). */
export function which(prog: string, path = process.env.PATH ?? ""): string | undefined {
  if (prog.includes("/")) return existsSync(prog) ? prog : undefined;
  for (const dir of path.split(":")) {
    if (!dir) continue;
    const p = join(dir, prog);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Last non-empty line of a command's output, for one-line error messages. */
export function lastLine(s: string): string {
  const lines = s
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? "";
}

/**
 * The environment for running an unpacked Debian Rust toolchain: its bin/ first on PATH,
 * its private shared libraries on LD_LIBRARY_PATH, an isolated CARGO_HOME, and none of
 * the caller's cargo/rustup settings (a rustup proxy on PATH would otherwise win).
 */
export function debianRustEnv(def: DebianRustDef, cache = cacheDir()): Record<string, string> {
  const l = rustLayout(def, cache);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(CARGO|RUSTUP|RUSTC|RUSTDOC)(_|$)/.test(k) || k === "RUSTFLAGS" || k === "RUSTDOCFLAGS") continue;
    env[k] = v;
  }
  env.PATH = `${l.bin}:${process.env.PATH ?? "/usr/bin:/bin"}`;
  env.LD_LIBRARY_PATH = process.env.LD_LIBRARY_PATH ? `${l.libDir}:${process.env.LD_LIBRARY_PATH}` : l.libDir;
  env.CARGO_HOME = l.cargoHome;
  env.RUSTC = l.rustc;
  env.CARGO = l.cargo;
  env.RUSTC_BOOTSTRAP = "1";
  env.CARGO_NET_OFFLINE = "true";
  env.CARGO_TERM_COLOR = "never";
  return env;
}

/**
 * Writes `<root>/cargo-home/config.toml`. For "build-std" toolchains crates.io is
 * replaced by the vendored crates of rust-web-src (build-std resolves the standard
 * library's lock file against it); "sysroot" toolchains never resolve the standard
 * library with cargo, so they only get `offline`. Rewritten only when its content changes.
 */
export function writeCargoConfig(def: DebianRustDef, cache = cacheDir()): void {
  const l = rustLayout(def, cache);
  const head = `# Written by toolchains/install.ts.\n`;
  const text =
    def.stdBuild === "build-std"
      ? `${head}# build-std offline from rust-web-src's vendored crates.\n` +
        `[source.crates-io]\nreplace-with = "vendored-sources"\n\n` +
        `[source.vendored-sources]\ndirectory = ${JSON.stringify(l.vendorDir)}\n\n` +
        `[net]\noffline = true\n`
      : `${head}# core/alloc come from a prebuilt sysroot (toolchains/sysroot.ts).\n[net]\noffline = true\n`;
  const file = join(l.cargoHome, "config.toml");
  try {
    if (readFileSync(file, "utf8") === text) return;
  } catch {}
  mkdirSync(l.cargoHome, { recursive: true });
  writeFileSync(file, text);
}
