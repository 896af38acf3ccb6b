/**
 * A private Rust sysroot for the guest target, for toolchains whose standard library
 * cannot be built by `cargo -Zbuild-std` offline (Debian rustc-web 1.85: its
 * rust-web-src ships library/ without the vendored crates, and library/Cargo.lock pins
 * compiler_builtins 0.1.140 from crates.io).
 *
 * Instead, rustc compiles the three crates a `no_std` + `alloc` guest links, in order,
 * each seeing the ones before it through `--sysroot`:
 *
 *   core               library/core/src/lib.rs       (edition 2021)
 *   compiler_builtins  Debian librust-compiler-builtins-dev 0.1.70 (edition 2015), with
 *                      the cfgs its build.rs would print for this target plus "mem"
 *                      (memcpy & co, as -Zbuild-std-features=compiler-builtins-mem does)
 *   alloc              library/alloc/src/lib.rs      (edition 2021)
 *
 * rustc injects `extern crate compiler_builtins` into every no_std crate, so alloc and
 * the guest link Debian's 0.1.70 in place of 0.1.140: same symbol names (__multi3,
 * __udivti3, soft-float, mem*), and alloc does not name the crate's version.
 *
 * Every crate gets the flags cargo's release profile would give it (opt-level, no debug
 * assertions, no overflow checks, abort on panic, bitcode embedded for the guest's fat
 * LTO) plus the guest build's inline threshold and target features, so a sysroot is
 * keyed like build-std's shared target dir: one per (toolchain, target spec, flags).
 *
 *   <cache>/sysroots/<toolchain>-<key16>/lib/rustlib/<target>/lib/lib{core,compiler_builtins,alloc}.rlib
 *   <cache>/sysroots/<toolchain>-<key16>/.complete      written last
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { cacheDir, run } from "./common.ts";
import { withDirLock } from "./lock.ts";
import type { RustToolchain } from "./registry.ts";

export interface SysrootRequest {
  toolchain: RustToolchain;
  /** Path of the target spec; its file stem is the target name rustc looks up. */
  specPath: string;
  /** Hash of toolchain, spec and flags (the build's coreKey). */
  key: string;
  optLevel: string;
  /** Flags for every crate, e.g. ["-C", "llvm-args=--inline-threshold=275", "-C", "target-feature=+zbb"]. */
  rustflags: string[];
}

/** Where a sysroot lives (complete or not). */
export function sysrootDir(req: Pick<SysrootRequest, "toolchain" | "key">, cache = cacheDir()): string {
  return join(cache, "sysroots", `${req.toolchain.name}-${req.key.slice(0, 16)}`);
}

/**
 * Returns the sysroot for `req`, building it first when needed (about 20 s on two cores,
 * almost all of it core). Throws an Error whose message names the crate and rustc's
 * first error line; rustc's full output is in `detail`.
 */
export async function ensureRustSysroot(req: SysrootRequest, log: (s: string) => void = () => {}): Promise<string> {
  const dir = sysrootDir(req);
  const done = join(dir, ".complete");
  if (existsSync(done)) return dir;
  const tc = req.toolchain;
  if (!tc.compilerBuiltinsDir) throw new Error(`sysroot ${tc.name}: no compiler_builtins sources (reinstall the toolchain)`);
  await withDirLock(
    `${dir}.lock`,
    async () => {
      if (existsSync(done)) return;
      const staging = `${dir}.partial-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      const target = basename(req.specPath).replace(/\.json$/, "");
      const libDir = join(staging, "lib", "rustlib", target, "lib");
      mkdirSync(libDir, { recursive: true });
      const common = [
        "--target",
        req.specPath,
        "--sysroot",
        staging,
        "--crate-type",
        "rlib",
        "--out-dir",
        libDir,
        "-C",
        `opt-level=${req.optLevel}`,
        "-C",
        "panic=abort",
        "-C",
        "debug-assertions=off",
        "-C",
        "overflow-checks=off",
        "-C",
        "debuginfo=0",
        "-Z",
        "force-unstable-if-unmarked",
        ...req.rustflags,
      ];
      const cb = tc.compilerBuiltinsDir!;
      const crates: { name: string; args: string[] }[] = [
        { name: "core", args: ["--edition", "2021", join(tc.libraryDir, "core", "src", "lib.rs")] },
        {
          name: "compiler_builtins",
          args: [
            join(cb, "src", "lib.rs"),
            // What its build.rs prints for a riscv64 target without "-none" in its name
            // ("unstable"), plus the features std enables (compiler-builtins, mem).
            "--cfg",
            'feature="compiler-builtins"',
            "--cfg",
            'feature="mem"',
            "--cfg",
            'feature="unstable"',
            // 0.1.70 predates some lints of rustc 1.85; its warnings are not ours to fix.
            "--cap-lints",
            "allow",
          ],
        },
        { name: "alloc", args: ["--edition", "2021", join(tc.libraryDir, "alloc", "src", "lib.rs")] },
      ];
      try {
        for (const c of crates) {
          log(`sysroot ${tc.name}: rustc ${c.name}`);
          const r = await run([tc.rustc, "--crate-name", c.name, ...c.args, ...common], { env: tc.env });
          if (r.code !== 0) {
            const first = r.stderr.split("\n").find((l) => /^error/.test(l)) ?? r.stderr.trim().split("\n").pop() ?? "";
            const err = new Error(`sysroot ${tc.name}: rustc ${c.name} failed: ${first.trim()}`);
            (err as Error & { detail?: string }).detail = r.stderr.trim().split("\n").slice(-60).join("\n");
            throw err;
          }
        }
        writeFileSync(join(staging, ".complete"), `${tc.version}\n`);
        rmSync(dir, { recursive: true, force: true });
        renameSync(staging, dir);
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    },
    { what: `sysroot ${tc.name}`, log },
  );
  return dir;
}
