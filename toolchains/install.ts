/**
 * Guest toolchain installer.
 *
 *   rust-1.96 / rust-1.85  Debian `rustc-web` family, `apt-get download`ed at a pinned
 *                          version and unpacked side by side with `dpkg-deb -x` into
 *                          `<cache>/<name>/` (they conflict under apt). The shared libraries
 *                          they need that do not conflict (libllvmNN, libgit2, ...) and the
 *                          guest linker (ld.lld-22) are apt-installed. rust-1.85 also
 *                          unpacks Debian's librust-compiler-builtins-dev (its own
 *                          version) into the same tree, for sysroot.ts.
 *   clang-22 / clang-19    `apt-get install clang-NN lld-NN llvm-NN`.
 *
 * Idempotent: a toolchain whose marker and packages are in place costs one `dpkg-query`.
 * Every failing step throws an Error whose one-line message names the step and package.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AptClangDef,
  type DebianRustDef,
  DEFAULT_TOOLCHAINS,
  TOOLCHAIN_DEFS,
  cacheDir,
  debianRustEnv,
  findDef,
  lastLine,
  run,
  rustLayout,
  rustMarkerText,
  rustUnpacked,
  writeCargoConfig,
} from "./common.ts";
import { withDirLock } from "./lock.ts";

export interface InstallOptions {
  /** Toolchain names to install (default: DEFAULT_TOOLCHAINS, all four). */
  only?: string[];
  /** Progress messages (default: silent). */
  log?: (s: string) => void;
}

export async function installToolchains(opts: InstallOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const names = opts.only ?? DEFAULT_TOOLCHAINS;
  const defs = names.map((n) => {
    const d = findDef(n);
    if (!d) {
      throw new Error(
        `install: unknown toolchain "${n}" (installable: ${TOOLCHAIN_DEFS.map((t) => t.name).join(", ")})`,
      );
    }
    return d;
  });

  const apt = new Apt(log);
  // Serialises installers across processes (tests and the CLI may run at once).
  await withDirLock(join(cacheDir(), ".install.lock"), async () => {
    for (const def of defs) {
      const wanted = def.kind === "apt-clang" ? def.apt : def.aptDeps;
      const missing = await apt.missing(wanted);
      if (missing.length > 0) {
        log(`${def.name}: apt-get install ${missing.join(" ")}`);
        await apt.install(def.name, missing);
      }
      if (def.kind === "debian-rust") {
        if (rustUnpacked(def)) {
          writeCargoConfig(def); // cheap; keeps the cache relocatable via PVM_LAB_CACHE
          log(`${def.name}: already unpacked (${def.debVersion})`);
        } else {
          await unpackRust(def, apt, log);
        }
      } else {
        await verifyClang(def);
        log(`${def.name}: ready`);
      }
    }
  }, { what: "install", log });
}

/** Thin wrapper around apt-get that runs `apt-get update` once, when a lookup fails. */
class Apt {
  private updated = false;
  constructor(private log: (s: string) => void) {}

  private env(): Record<string, string> {
    return { ...(process.env as Record<string, string>), DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" };
  }

  /** Packages from `pkgs` that dpkg does not report as installed. */
  async missing(pkgs: string[]): Promise<string[]> {
    if (pkgs.length === 0) return [];
    const r = await run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", ...pkgs], { env: this.env() });
    if (r.code === 127) throw new Error(`install: dpkg-query not available (${lastLine(r.stderr)})`);
    const ok = new Set<string>();
    for (const line of r.stdout.split("\n")) {
      const [name, status] = line.trim().split(/\s+/);
      if (name && status?.startsWith("ii")) ok.add(name.split(":")[0]!);
    }
    return pkgs.filter((p) => !ok.has(p));
  }

  private async update(step: string): Promise<void> {
    this.log("apt-get update");
    const r = await run(["apt-get", "update"], { env: this.env() });
    this.updated = true;
    if (r.code !== 0) throw new Error(`install ${step}: apt-get update failed: ${aptError(r.stderr)}`);
  }

  /** Runs an apt-get command; on a lookup failure runs `apt-get update` once and retries. */
  private async withRetry(step: string, what: string, cmd: string[], cwd?: string): Promise<void> {
    if (process.getuid && process.getuid() !== 0) {
      throw new Error(`install ${step}: ${what} needs root (run as root or install the packages by hand)`);
    }
    let r = await run(cmd, { cwd, env: this.env() });
    if (r.code !== 0 && !this.updated) {
      await this.update(step);
      r = await run(cmd, { cwd, env: this.env() });
    }
    if (r.code !== 0) throw new Error(`install ${step}: ${what} failed: ${aptError(r.stderr || r.stdout)}`);
  }

  async install(step: string, pkgs: string[]): Promise<void> {
    await this.withRetry(step, `apt-get install ${pkgs.join(" ")}`, [
      "apt-get",
      "install",
      "-y",
      "--no-install-recommends",
      "-o",
      "DPkg::Lock::Timeout=300",
      ...pkgs,
    ]);
  }

  async download(step: string, pkg: string, version: string, dir: string): Promise<void> {
    await this.withRetry(step, `apt-get download ${pkg}=${version}`, ["apt-get", "download", `${pkg}=${version}`], dir);
  }
}

/** The most telling line of apt's stderr: the first `E:` line, else the last line. */
function aptError(s: string): string {
  const e = s.split("\n").find((l) => l.startsWith("E:"));
  return (e ?? lastLine(s)).trim() || "unknown error";
}

function debFileFor(dir: string, pkg: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith(".deb"));
}

async function unpackRust(def: DebianRustDef, apt: Apt, log: (s: string) => void): Promise<void> {
  const cache = cacheDir();
  const layout = rustLayout(def, cache);
  const debDir = join(cache, "debs", def.name);
  mkdirSync(debDir, { recursive: true });

  // 1. Download the pinned packages (kept across a failed attempt, removed after success).
  const pkgs = [...def.unpack.map((pkg) => ({ pkg, version: def.debVersion })), ...def.extraDebs];
  for (const { pkg, version } of pkgs) {
    if (debFileFor(debDir, pkg)) continue;
    log(`${def.name}: apt-get download ${pkg}=${version}`);
    await apt.download(def.name, pkg, version, debDir);
    if (!debFileFor(debDir, pkg)) {
      throw new Error(`install ${def.name}: apt-get download ${pkg}=${version} produced no .deb`);
    }
  }

  // 2. Unpack side by side into a staging directory, then move it into place.
  const staging = `${layout.root}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const { pkg } of pkgs) {
    const deb = join(debDir, debFileFor(debDir, pkg)!);
    log(`${def.name}: dpkg-deb -x ${pkg}`);
    const r = await run(["dpkg-deb", "-x", deb, staging]);
    if (r.code !== 0) {
      rmSync(deb, { force: true }); // likely a truncated download: fetch again next time
      throw new Error(`install ${def.name}: dpkg-deb -x ${pkg} failed: ${lastLine(r.stderr)}`);
    }
  }
  // build-std needs only library/ of the source package; drop the compiler and tool
  // sources (~370 MB) and the docs.
  const src = join(staging, "usr", "src", `rustc-${def.release}`);
  if (!existsSync(join(src, "library", "core"))) {
    throw new Error(`install ${def.name}: rust-web-src has no library/core under usr/src/rustc-${def.release}`);
  }
  for (const p of [
    join(src, "compiler"),
    join(src, "src"),
    join(staging, "usr", "share", "doc"),
    join(staging, "usr", "share", "man"),
  ]) {
    rmSync(p, { recursive: true, force: true });
  }
  rmSync(layout.root, { recursive: true, force: true });
  renameSync(staging, layout.root);
  writeCargoConfig(def, cache);

  // 3. Check that the unpacked compiler runs; name any shared library it cannot find.
  await verifyRust(def, cache);
  writeFileSync(layout.marker, `${rustMarkerText(def)}\n`);
  rmSync(debDir, { recursive: true, force: true });
  log(`${def.name}: unpacked into ${layout.root}`);
}

async function verifyRust(def: DebianRustDef, cache: string): Promise<void> {
  const l = rustLayout(def, cache);
  const env = debianRustEnv(def, cache);
  for (const [tool, args] of [
    ["rustc", ["-vV"]],
    ["cargo", ["-V"]],
  ] as const) {
    const bin = tool === "rustc" ? l.rustc : l.cargo;
    const r = await run([bin, ...args], { env });
    if (r.code === 0) {
      if (tool === "rustc" && !r.stdout.includes(`release: ${def.release}`)) {
        throw new Error(`install ${def.name}: rustc reports "${lastLine(r.stdout)}", expected release ${def.release}`);
      }
      continue;
    }
    // Find the missing shared library with ldd.
    const ldd = await run(["ldd", bin], { env });
    const missing = ldd.stdout
      .split("\n")
      .filter((x) => x.includes("not found"))
      .map((x) => x.trim().split(/\s+/)[0]);
    if (missing.length) {
      throw new Error(
        `install ${def.name}: ${tool} cannot load ${missing.join(", ")} (not found; add the Debian package providing it)`,
      );
    }
    throw new Error(`install ${def.name}: ${tool} ${args.join(" ")} failed: ${lastLine(r.stderr)}`);
  }
}

async function verifyClang(def: AptClangDef): Promise<void> {
  for (const tool of [`clang-${def.major}`, `ld.lld-${def.major}`]) {
    const r = await run([tool, "--version"]);
    if (r.code !== 0) throw new Error(`install ${def.name}: ${tool} --version failed: ${lastLine(r.stderr)}`);
  }
}
