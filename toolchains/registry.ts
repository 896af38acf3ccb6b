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
import { join } from "node:path";
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
}

function parseRustcVV(out: string): { release?: string; llvm?: string; commit?: string } {
  const get = (k: string) => out.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1]?.trim();
  return { release: get("release"), llvm: get("LLVM version"), commit: get("commit-hash") };
}

/**
 * Why an unpacked Debian Rust toolchain cannot run build-std offline, if it cannot:
 * rust-web-src must hold library/core and the vendored crates the standard library's
 * lock file needs (1.85's source package ships none; its compiler_builtins comes from
 * crates.io, which this lab cannot reach).
 */
export function debianRustUnusable(def: DebianRustDef): string | undefined {
  const l = rustLayout(def);
  if (!existsSync(join(l.srcRoot, "library", "core"))) return "rust-web-src is missing library/core (reinstall)";
  if (!existsSync(l.vendorDir)) {
    return `rust-web-src ${def.release} ships no vendored crates (compiler_builtins is fetched from crates.io), so build-std cannot run offline`;
  }
  return undefined;
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
    detail: `Debian rustc-web ${def.debVersion}, LLVM ${v.llvm ?? "?"}`,
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
  return { ...base, version, path: clang, usable: true };
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
    return {
      name,
      version: `${def.release} debian ${def.debVersion}`,
      release: def.release,
      rustc: l.rustc,
      cargo: l.cargo,
      env: debianRustEnv(def),
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
  };
}
