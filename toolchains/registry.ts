/**
 * Toolchain registry: which guest toolchains exist on this machine and whether they can
 * build guests.
 *
 *   rust-1.96, rust-1.85   Debian rustc-web unpacked by install.ts into the lab cache
 *   clang-22, clang-19     apt packages clang-NN + lld-NN
 *   rust-X.Y[-channel]     rustup toolchains (the rustc on PATH and ~/.rustup/toolchains/*);
 *                          usable only with the rust-src component, which build-std needs.
 *                          Named `rust-X.Y-rustup` when X.Y is also a Debian toolchain name.
 */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import {
  type DebianRustDef,
  TOOLCHAIN_DEFS,
  debianRustEnv,
  findDef,
  lastLine,
  run,
  rustLayout,
  rustUnpacked,
  which,
} from "./common.ts";

/** The linker named in targets/riscv64em-javm.json. */
export const GUEST_LINKER = "ld.lld-22";

export interface ToolchainInfo {
  name: string;
  version: string;
  usable: boolean;
  reason?: string;
  kind: "debian-rust" | "apt-clang" | "rustup";
  /** Compiler driver (rustc or clang). */
  path?: string;
  /** Extra facts for humans, e.g. the Debian package version and LLVM version. */
  detail?: string;
}

/** What build.ts needs to run a Rust toolchain. */
export interface RustToolchain {
  name: string;
  /** Everything that identifies the compiler (goes into cache keys). */
  version: string;
  release: string;
  rustc: string;
  cargo: string;
  env: Record<string, string>;
  /** How core/alloc are built: cargo -Zbuild-std, or a private sysroot (sysroot.ts). */
  stdBuild: "build-std" | "sysroot";
  /** The standard library sources (…/library), for "sysroot". */
  libraryDir: string;
  /** The compiler_builtins crate sources, for "sysroot". */
  compilerBuiltinsDir?: string;
}

/** What c-build.ts needs to run a C toolchain. */
export interface CToolchain {
  /** The clang toolchain actually used, e.g. "clang-22". */
  name: string;
  /** The toolchain name the caller asked for (a clang-* or a rust-* name). */
  requested: string;
  major: number;
  /** `clang --version` release, e.g. "22.1.8" (goes into cache keys). */
  version: string;
  clang: string;
  lld: string;
}

function parseRustcVV(out: string): { release?: string; llvm?: string; commit?: string } {
  const get = (k: string) => out.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1]?.trim();
  return { release: get("release"), llvm: get("LLVM version"), commit: get("commit-hash") };
}

/**
 * Why an unpacked Debian Rust toolchain cannot build guests, if it cannot. "build-std"
 * needs rust-web-src's library/ with its vendored crates; "sysroot" (1.85, whose
 * rust-web-src ships no vendored crates) needs library/ and Debian's compiler_builtins.
 */
export function debianRustUnusable(def: DebianRustDef): string | undefined {
  const l = rustLayout(def);
  if (!existsSync(join(l.srcRoot, "library", "core"))) return "rust-web-src is missing library/core (reinstall)";
  if (def.stdBuild === "build-std" && !existsSync(l.vendorDir)) {
    return `rust-web-src ${def.release} ships no vendored crates, so build-std cannot run offline`;
  }
  if (def.stdBuild === "sysroot" && !debianCompilerBuiltins(def)) {
    return `compiler_builtins sources missing under ${l.registryDir} (reinstall: bun lab toolchains install ${def.name})`;
  }
  return undefined;
}

/** The compiler_builtins crate directory unpacked from `extraDebs`, if present. */
export function debianCompilerBuiltins(def: DebianRustDef): string | undefined {
  const l = rustLayout(def);
  if (!existsSync(l.registryDir)) return undefined;
  const d = readdirSync(l.registryDir).find((n) => n.startsWith("compiler_builtins-"));
  return d && existsSync(join(l.registryDir, d, "src", "lib.rs")) ? join(l.registryDir, d) : undefined;
}

async function debianRust(def: DebianRustDef, linker: boolean): Promise<ToolchainInfo> {
  const base = { name: def.name, kind: "debian-rust" as const };
  if (!rustUnpacked(def)) {
    return {
      ...base,
      version: def.release,
      usable: false,
      reason: `not installed (bun lab toolchains install ${def.name})`,
    };
  }
  const l = rustLayout(def);
  const r = await run([l.rustc, "-vV"], { env: debianRustEnv(def) });
  if (r.code !== 0) {
    return {
      ...base,
      version: def.release,
      usable: false,
      path: l.rustc,
      reason: `rustc does not run: ${lastLine(r.stderr)}`,
    };
  }
  const v = parseRustcVV(r.stdout);
  const info: ToolchainInfo = {
    ...base,
    version: v.release ?? def.release,
    usable: true,
    path: l.rustc,
    detail:
      `Debian rustc-web ${def.debVersion}, LLVM ${v.llvm ?? "?"}` +
      (def.stdBuild === "sysroot"
        ? `, core/alloc in a private sysroot with ${basename(debianCompilerBuiltins(def) ?? "compiler_builtins (missing)")}`
        : ", core/alloc by cargo -Zbuild-std"),
  };
  const why = debianRustUnusable(def);
  if (why) return { ...info, usable: false, reason: why };
  if (!linker) return { ...info, usable: false, reason: `${GUEST_LINKER} not found (install lld-22)` };
  return info;
}

async function aptClang(major: number, name: string): Promise<ToolchainInfo> {
  const base = { name, kind: "apt-clang" as const };
  const clang = which(`clang-${major}`);
  if (!clang)
    return {
      ...base,
      version: String(major),
      usable: false,
      reason: `not installed (bun lab toolchains install ${name})`,
    };
  const r = await run([clang, "--version"]);
  const version = r.stdout.match(/clang version (\S+)/)?.[1] ?? String(major);
  if (r.code !== 0)
    return { ...base, version, path: clang, usable: false, reason: `clang does not run: ${lastLine(r.stderr)}` };
  if (!which(`ld.lld-${major}`)) {
    return { ...base, version, path: clang, usable: false, reason: `ld.lld-${major} not found (install lld-${major})` };
  }
  return { ...base, version, path: clang, usable: true, detail: `clang-${major} + ld.lld-${major}, guest runtime toolchains/guest-runtime` };
}

/**
 * Env for a rustup toolchain's own binaries: no rustup proxy, no caller cargo settings
 * except CARGO_HOME (its registry cache is what build-std can resolve against offline).
 */
function rustupEnv(bin: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(CARGO|RUSTUP|RUSTC|RUSTDOC)(_|$)/.test(k) || k === "RUSTFLAGS" || k === "RUSTDOCFLAGS") continue;
    env[k] = v;
  }
  env.PATH = `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`;
  if (process.env.CARGO_HOME) env.CARGO_HOME = process.env.CARGO_HOME;
  env.RUSTC = join(bin, "rustc");
  env.CARGO = join(bin, "cargo");
  env.RUSTC_BOOTSTRAP = "1";
  env.CARGO_NET_OFFLINE = "true";
  env.CARGO_TERM_COLOR = "never";
  return env;
}

interface RustupFound {
  info: ToolchainInfo;
  sysroot: string;
  commit?: string;
}

/** rustc binaries of rustup toolchains: the one on PATH and those under RUSTUP_HOME. */
async function rustupToolchains(linker: boolean): Promise<RustupFound[]> {
  const candidates: string[] = [];
  const onPath = which("rustc");
  if (onPath) candidates.push(onPath);
  const rustupHome = process.env.RUSTUP_HOME || join(homedir(), ".rustup");
  const tcDir = join(rustupHome, "toolchains");
  if (existsSync(tcDir)) {
    for (const d of readdirSync(tcDir).sort()) {
      const p = join(tcDir, d, "bin", "rustc");
      if (existsSync(p)) candidates.push(p);
    }
  }
  const debianRoots = TOOLCHAIN_DEFS.filter((d) => d.kind === "debian-rust").map(
    (d) => rustLayout(d as DebianRustDef).root,
  );
  const seen = new Set<string>();
  const found: RustupFound[] = [];
  const probes = await Promise.all(
    candidates.map(async (rustc) => {
      const vv = await run([rustc, "-vV"]);
      const sr = await run([rustc, "--print", "sysroot"]);
      return { rustc, vv, sr };
    }),
  );
  for (const { rustc, vv, sr } of probes) {
    if (vv.code !== 0 || sr.code !== 0) continue;
    let sysroot = sr.stdout.trim();
    try {
      sysroot = realpathSync(sysroot);
    } catch {}
    if (seen.has(sysroot) || debianRoots.some((r) => sysroot.startsWith(r))) continue;
    seen.add(sysroot);
    const v = parseRustcVV(vv.stdout);
    const release = v.release ?? "unknown";
    const m = release.match(/^(\d+)\.(\d+)\.\d+(?:-(\w+))?/);
    let name = m ? `rust-${m[1]}.${m[2]}${m[3] ? `-${m[3]}` : ""}` : `rust-${release}`;
    if (findDef(name)) name = `${name}-rustup`;
    const bin = join(sysroot, "bin");
    const info: ToolchainInfo = {
      name,
      version: release,
      kind: "rustup",
      path: existsSync(join(bin, "rustc")) ? join(bin, "rustc") : rustc,
      usable: true,
      detail: `rustup toolchain at ${sysroot}, LLVM ${v.llvm ?? "?"}`,
    };
    if (!existsSync(join(sysroot, "lib", "rustlib", "src", "rust", "library", "core"))) {
      info.usable = false;
      info.reason = "no rust-src component (rustup component add rust-src), needed for build-std";
    } else if (!existsSync(join(bin, "cargo"))) {
      info.usable = false;
      info.reason = "no cargo in the toolchain";
    } else if (!linker) {
      info.usable = false;
      info.reason = `${GUEST_LINKER} not found (install lld-22)`;
    }
    found.push({ info, sysroot, commit: v.commit });
  }
  // Give duplicate names (e.g. two nightlies of one version) a distinguishing suffix.
  const count = new Map<string, number>();
  for (const f of found) {
    const n = (count.get(f.info.name) ?? 0) + 1;
    count.set(f.info.name, n);
    if (n > 1) f.info.name = `${f.info.name}-${n}`;
  }
  return found;
}

export async function listToolchains(): Promise<ToolchainInfo[]> {
  const linker = which(GUEST_LINKER) !== undefined;
  const fixed = TOOLCHAIN_DEFS.map((d) =>
    d.kind === "debian-rust" ? debianRust(d, linker) : aptClang(d.major, d.name),
  );
  const [known, rustup] = await Promise.all([Promise.all(fixed), rustupToolchains(linker)]);
  return [...known, ...rustup.map((r) => r.info)];
}

/**
 * Resolves a Rust toolchain by name for building; throws an Error with a one-line reason
 * when it is unknown, not installed or not usable.
 */
export async function resolveRustToolchain(name: string): Promise<RustToolchain> {
  const def = findDef(name);
  if (def && def.kind === "apt-clang")
    throw new Error(`toolchain ${name} is a C toolchain; Rust workloads need rust-*`);
  const linker = which(GUEST_LINKER) !== undefined;
  if (def && def.kind === "debian-rust") {
    if (!rustUnpacked(def))
      throw new Error(`toolchain ${name} is not installed (run: bun lab toolchains install ${name})`);
    if (!linker) throw new Error(`toolchain ${name}: ${GUEST_LINKER} not found (run: bun lab toolchains install)`);
    const why = debianRustUnusable(def);
    if (why) throw new Error(`toolchain ${name} is not usable: ${why}`);
    const l = rustLayout(def);
    const cb = debianCompilerBuiltins(def);
    return {
      name,
      version: `${def.release} debian ${def.debVersion}${cb && def.stdBuild === "sysroot" ? ` ${basename(cb)}` : ""}`,
      release: def.release,
      rustc: l.rustc,
      cargo: l.cargo,
      env: debianRustEnv(def),
      stdBuild: def.stdBuild,
      libraryDir: join(l.srcRoot, "library"),
      compilerBuiltinsDir: def.stdBuild === "sysroot" ? cb : undefined,
    };
  }
  const found = (await rustupToolchains(linker)).find((f) => f.info.name === name);
  if (!found) {
    const names = (await listToolchains()).map((t) => t.name).join(", ");
    throw new Error(`unknown toolchain "${name}" (known: ${names})`);
  }
  if (!found.info.usable) throw new Error(`toolchain ${name} is not usable: ${found.info.reason}`);
  const bin = join(found.sysroot, "bin");
  return {
    name,
    version: `${found.info.version} rustup ${found.commit ?? ""}`.trim(),
    release: found.info.version,
    rustc: join(bin, "rustc"),
    cargo: join(bin, "cargo"),
    env: rustupEnv(bin),
    stdBuild: "build-std",
    libraryDir: join(found.sysroot, "lib", "rustlib", "src", "rust", "library"),
  };
}

const clangVersionCache = new Map<string, Promise<string | undefined>>();

/** `clang-<major> --version`'s release, or undefined when it does not run. */
function clangRelease(clang: string): Promise<string | undefined> {
  let p = clangVersionCache.get(clang);
  if (!p) {
    p = run([clang, "--version"]).then((r) => (r.code === 0 ? r.stdout.match(/clang version (\S+)/)?.[1] : undefined));
    clangVersionCache.set(clang, p);
  }
  return p;
}

/**
 * Resolves the C compiler for a toolchain name: `clang-NN` itself, or for a Rust
 * toolchain name the clang of the same LLVM major (rust-1.96 -> clang-22, rust-1.85 ->
 * clang-19; a rustup toolchain by its `LLVM version`), so one toolchain axis sweeps
 * Rust and C workloads over the same code generator. Throws a one-line Error.
 */
export async function resolveCToolchain(name: string): Promise<CToolchain> {
  let major: number | undefined;
  const def = findDef(name);
  if (def?.kind === "apt-clang") major = def.major;
  else if (def?.kind === "debian-rust") major = def.llvmMajor;
  else if (/^clang-\d+$/.test(name)) major = Number(name.slice(6));
  else {
    const found = (await rustupToolchains(true)).find((f) => f.info.name === name);
    const llvm = found?.info.detail?.match(/LLVM (\d+)/)?.[1];
    if (!found) throw new Error(`unknown toolchain "${name}" (C workloads take clang-NN or a Rust toolchain name)`);
    if (!llvm) throw new Error(`toolchain ${name}: cannot tell its LLVM version, so no matching clang`);
    major = Number(llvm);
  }
  const clangName = `clang-${major}`;
  const via = clangName === name ? "" : ` (the C compiler for ${name})`;
  // Only the lab's own clang toolchains can be installed by the lab; others must be on PATH.
  const hint = findDef(clangName) ? ` (run: bun lab toolchains install ${clangName})` : " (not found on PATH)";
  const clang = which(clangName);
  if (!clang) throw new Error(`toolchain ${clangName}${via} is not installed${hint}`);
  const lld = which(`ld.lld-${major}`);
  if (!lld) throw new Error(`toolchain ${clangName}${via}: ld.lld-${major} not found${hint}`);
  const version = await clangRelease(clang);
  if (!version) throw new Error(`toolchain ${clangName}${via}: clang-${major} --version failed`);
  return { name: clangName, requested: name, major, version, clang, lld };
}
