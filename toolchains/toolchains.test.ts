/**
 * Toolchain tests (Rust side; C builds: c-build.test.ts). The ones that build guests
 * install the toolchains first (installToolchains is idempotent: a no-op when they are
 * present, a real install from apt on a fresh machine). One cold build per workload and
 * flag set; everything else hits the caches.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditRv64em, OBJDUMP } from "./audit.ts";
import { GuestBuildError, buildGuestElf, planGuestBuild, summarizeCompilerOutput } from "./build.ts";
import { TARGET_SPEC_PATH, WORKLOADS_DIR, which } from "./common.ts";
import { EXTENSIONS } from "./extensions.ts";
import type { RustBuildPlan } from "./rust-build.ts";
import { EF_RISCV_RVC, EF_RISCV_RVE, EM_RISCV, ET_DYN, SHT_RELA, readElfInfo } from "./elf-info.ts";
import { installToolchains } from "./install.ts";
import { listToolchains } from "./registry.ts";

const LONG = 20 * 60 * 1000;

describe("target spec riscv64em-javm.json", () => {
  const spec = JSON.parse(readFileSync(TARGET_SPEC_PATH, "utf8"));

  test("is rv64em with lp64e and the RV64E data layout", () => {
    expect(spec.arch).toBe("riscv64");
    expect(spec["llvm-target"]).toBe("riscv64");
    const features = String(spec.features).split(",");
    expect(features).toContain("+e");
    expect(features).toContain("+m");
    expect(features).not.toContain("+c");
    expect(features).not.toContain("+a");
    expect(spec["llvm-abiname"]).toBe("lp64e");
    expect(spec["data-layout"]).toBe("e-m:e-p:64:64-i64:64-i128:128-n32:64-S64");
    expect(spec["max-atomic-width"]).toBe(0);
    expect(spec["panic-strategy"]).toBe("abort");
    expect(Number(spec["target-pointer-width"])).toBe(64);
  });

  test("links a PIE with ld.lld --emit-relocs --no-relax", () => {
    expect(spec["relocation-model"]).toBe("pic");
    expect(spec["position-independent-executables"]).toBe(true);
    expect(spec["static-position-independent-executables"]).toBe(true);
    expect(spec["linker-flavor"]).toBe("gnu-lld");
    expect(spec.linker).toBe("ld.lld-22");
    const args: string[] = spec["pre-link-args"]["gnu-lld"];
    expect(args).toContain("--emit-relocs");
    expect(args).toContain("--no-relax");
  });
});

describe("compiler output summary", () => {
  test("picks the first error and its location", () => {
    const s = summarizeCompilerOutput(
      [
        "   Compiling fib v0.1.0 (/x)",
        "error[E0425]: cannot find value `y` in this scope",
        "  --> src/main.rs:3:5",
        "   |",
        'error: could not compile `fib` (bin "fib") due to 1 previous error',
      ].join("\n"),
    );
    expect(s.line).toBe("error[E0425]: cannot find value `y` in this scope (src/main.rs:3:5)");
    expect(s.detail).toContain("src/main.rs:3:5");
    expect(s.detail).not.toContain("Compiling");
  });

  test("prefers the linker's own error", () => {
    const s = summarizeCompilerOutput(
      "error: linking with `ld.lld-22` failed: exit status: 1\n  |\n  = note: ld.lld-22: error: undefined symbol: foo\n",
    );
    expect(s.line).toBe("ld.lld-22: error: undefined symbol: foo");
  });
});

describe("with the toolchains installed", () => {
  beforeAll(async () => {
    await installToolchains({ log: (s) => console.error(`[install] ${s}`) });
  }, LONG);

  test("installToolchains is idempotent and fast when everything is present", async () => {
    const t = performance.now();
    await installToolchains();
    expect(performance.now() - t).toBeLessThan(3000);
  });

  test("installToolchains rejects unknown names with a one-line error", async () => {
    await expect(installToolchains({ only: ["rust-0.1"] })).rejects.toThrow(/unknown toolchain "rust-0.1"/);
  });

  test("listToolchains reports all four lab toolchains usable after the default install", async () => {
    const list = await listToolchains();
    const by = new Map(list.map((t) => [t.name, t]));
    expect(by.size).toBe(list.length); // names are unique
    expect(by.get("rust-1.96")).toMatchObject({ usable: true, version: "1.96.0" });
    expect(by.get("rust-1.85")).toMatchObject({ usable: true, version: "1.85.0" });
    expect(by.get("rust-1.85")?.detail).toContain("compiler_builtins-0.1.70");
    expect(by.get("clang-22")?.usable).toBe(true);
    expect(by.get("clang-22")?.version).toMatch(/^22\./);
    expect(by.get("clang-19")?.usable).toBe(true);
    expect(by.get("clang-19")?.version).toMatch(/^19\./);
    for (const t of list) {
      if (!t.usable) expect(t.reason ?? "").not.toBe("");
      if (t.kind === "rustup" && !t.usable && t.reason?.includes("rust-src")) {
        expect(t.reason).toContain("rust-src");
      }
    }
  });

  for (const workload of ["fib", "sieve"]) {
    describe(`guest ${workload}`, () => {
      let first: Awaited<ReturnType<typeof buildGuestElf>>;
      beforeAll(async () => {
        first = await buildGuestElf({ workload });
      }, LONG);

      test("is an rv64em PIE with relocations and the entry symbol as entry point", () => {
        const meta = JSON.parse(readFileSync(join(WORKLOADS_DIR, workload, "workload.json"), "utf8"));
        expect(first.entry).toBe(meta.entry);
        expect(first.expected).toBe(meta.expected);
        const bytes = new Uint8Array(readFileSync(first.elfPath));
        expect([...bytes.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
        const elf = readElfInfo(bytes);
        expect(elf.machine).toBe(EM_RISCV);
        expect(elf.type).toBe(ET_DYN);
        expect(elf.flags & EF_RISCV_RVE).toBe(EF_RISCV_RVE);
        expect(elf.flags & EF_RISCV_RVC).toBe(0);
        expect(elf.sections.some((s) => s.type === SHT_RELA && s.name === ".rela.text")).toBe(true);
        const sym = elf.symbols.find((s) => s.name === first.entry);
        expect(sym?.value).toBe(elf.entry);
      });

      test.skipIf(!which(OBJDUMP))("uses only RV64I+M on x0..x15 (no C, no atomics, no gp/tp)", async () => {
        const audit = await auditRv64em(first.elfPath);
        expect(audit.violations).toEqual([]);
        expect(audit.mnemonics).toContain("jalr");
      });

      test("a second build with the same key is a cache hit", async () => {
        const mtime = statSync(first.elfPath).mtimeMs;
        const t = performance.now();
        const again = await buildGuestElf({ workload });
        expect(performance.now() - t).toBeLessThan(1000);
        expect(again.cached).toBe(true);
        expect(again.cacheKey).toBe(first.cacheKey);
        expect(again.elfPath).toBe(first.elfPath);
        expect(statSync(again.elfPath).mtimeMs).toBe(mtime);
      });
    });
  }

  const rustPlan = async (o: Parameters<typeof planGuestBuild>[0]): Promise<RustBuildPlan> => {
    const p = await planGuestBuild(o);
    if (p.language !== "rust") throw new Error(`expected a Rust plan for ${o.workload}`);
    return p;
  };

  test("the cache key follows flags, extensions and sources", async () => {
    const planGuestBuild = rustPlan;
    const base = await planGuestBuild({ workload: "fib" });
    expect((await planGuestBuild({ workload: "fib", inlineThreshold: 275, optLevel: "3" })).cacheKey).toBe(
      base.cacheKey,
    );
    const inl = await planGuestBuild({ workload: "fib", inlineThreshold: 500 });
    expect(inl.cacheKey).not.toBe(base.cacheKey);
    expect(inl.coreKey).not.toBe(base.coreKey);
    expect((await planGuestBuild({ workload: "fib", optLevel: "s" })).cacheKey).not.toBe(base.cacheKey);
    const ext = await planGuestBuild({ workload: "fib", extensions: "zbb,c" });
    expect(ext.coreKey).not.toBe(base.coreKey); // core is built again for other target features
    expect((await planGuestBuild({ workload: "fib", extensions: "c,zbb" })).cacheKey).toBe(ext.cacheKey);
    expect((await planGuestBuild({ workload: "fib", extensions: "none" })).cacheKey).toBe(base.cacheKey);
    const sieve = await planGuestBuild({ workload: "sieve" });
    expect(sieve.coreKey).toBe(base.coreKey); // one shared cargo target dir
    expect(sieve.cacheKey).not.toBe(base.cacheKey);

    const dir = mkdtempSync(join(tmpdir(), "pvm-guest-"));
    try {
      const copy = join(dir, "fib");
      cpSync(join(WORKLOADS_DIR, "fib"), copy, { recursive: true });
      const same = await planGuestBuild({ workload: copy });
      expect(same.cacheKey).toBe(base.cacheKey);
      writeFileSync(
        join(copy, "src", "main.rs"),
        `${readFileSync(join(copy, "src", "main.rs"), "utf8")}\n// changed\n`,
      );
      expect((await planGuestBuild({ workload: copy })).cacheKey).not.toBe(base.cacheKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad options and a missing workload fail with one-line errors", async () => {
    await expect(buildGuestElf({ workload: "no-such-workload" })).rejects.toThrow(
      /^build no-such-workload: no workload.json in /,
    );
    await expect(buildGuestElf({ workload: "fib", extensions: "zbb,v" })).rejects.toThrow(/unknown RISC-V extension "v"/);
    await expect(buildGuestElf({ workload: "fib", toolchain: "rust-0.1" })).rejects.toThrow(/unknown toolchain "rust-0.1"/);
    await expect(buildGuestElf({ workload: "fib", optLevel: "9" })).rejects.toThrow(/opt-level/);
    await expect(buildGuestElf({ workload: "fib", toolchain: "clang-22" })).rejects.toThrow(/C toolchain/);
  });

  test(
    "a compile error names the workload and carries the compiler output",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "pvm-guest-"));
      try {
        const w = join(dir, "broken");
        cpSync(join(WORKLOADS_DIR, "fib"), w, { recursive: true });
        const toml = readFileSync(join(w, "Cargo.toml"), "utf8").replace('name = "fib"', 'name = "broken_guest"');
        writeFileSync(
          join(w, "Cargo.toml"),
          toml.replace(/\[\[bin\]\]\nname = "fib"/, '[[bin]]\nname = "broken_guest"'),
        );
        writeFileSync(
          join(w, "src", "main.rs"),
          readFileSync(join(w, "src", "main.rs"), "utf8").replace("acc\n}", "acc + undefined_value\n}"),
        );
        const err = await buildGuestElf({ workload: w }).then(
          () => undefined,
          (e) => e,
        );
        expect(err).toBeInstanceOf(GuestBuildError);
        expect(err.message).toMatch(/^build broken \(rust-1\.96\): cargo failed: error\[E0425\]/);
        expect(err.message).not.toContain("\n");
        expect(err.detail).toContain("undefined_value");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    LONG,
  );

  test(
    "rust-1.96 with every extension: compressed, Zba/Zbb code, RVC flag, its own core",
    async () => {
      const b = await buildGuestElf({ workload: "fib", extensions: "all" });
      expect(b.extensions).toBe("all");
      const elf = readElfInfo(new Uint8Array(readFileSync(b.elfPath)));
      expect(elf.flags & EF_RISCV_RVC).toBe(EF_RISCV_RVC);
      if (which(OBJDUMP)) {
        const audit = await auditRv64em(b.elfPath, [...EXTENSIONS]);
        expect(audit.violations).toEqual([]);
        expect(audit.mnemonics.some((m) => m.startsWith("c."))).toBe(true);
        // the plain build would have failed the plain audit
        expect((await auditRv64em(b.elfPath)).violations.length).toBeGreaterThan(0);
      }
    },
    LONG,
  );

  test(
    "rust-1.85 builds core, compiler_builtins 0.1.70 and alloc into a private sysroot",
    async () => {
      const b = await buildGuestElf({ workload: "sieve", toolchain: "rust-1.85" });
      expect(b.toolchain).toBe("rust-1.85");
      const plan = await rustPlan({ workload: "sieve", toolchain: "rust-1.85" });
      expect(plan.toolchain.stdBuild).toBe("sysroot");
      const { sysrootDir } = await import("./sysroot.ts");
      const lib = join(sysrootDir({ toolchain: plan.toolchain, key: plan.coreKey }), "lib", "rustlib", "riscv64em-javm", "lib");
      const { readdirSync } = await import("node:fs");
      expect(readdirSync(lib).sort()).toEqual(["liballoc.rlib", "libcompiler_builtins.rlib", "libcore.rlib"]);
      if (which(OBJDUMP)) expect((await auditRv64em(b.elfPath)).violations).toEqual([]);
    },
    LONG,
  );
});

describe("rustup toolchains", () => {
  const fakeRustc = (release: string, llvm: string) => `#!/bin/sh
case "$1" in
  -vV) printf 'rustc ${release}\nbinary: rustc\ncommit-hash: 0123456789abcdef\nhost: x86_64-unknown-linux-gnu\nrelease: ${release}\nLLVM version: ${llvm}\n' ;;
  --print) cd "$(dirname "$0")/.." && pwd ;;
  *) exit 1 ;;
esac
`;

  test("are detected; usable only with rust-src (and cargo)", async () => {
    const home = mkdtempSync(join(tmpdir(), "pvm-rustup-"));
    const saved = process.env.RUSTUP_HOME;
    try {
      const { chmodSync, mkdirSync } = await import("node:fs");
      const mk = (dir: string, release: string, withSrc: boolean) => {
        const root = join(home, "toolchains", dir);
        mkdirSync(join(root, "bin"), { recursive: true });
        writeFileSync(join(root, "bin", "rustc"), fakeRustc(release, "19.1.0"));
        chmodSync(join(root, "bin", "rustc"), 0o755);
        writeFileSync(join(root, "bin", "cargo"), "#!/bin/sh\nexit 0\n");
        chmodSync(join(root, "bin", "cargo"), 0o755);
        if (withSrc) mkdirSync(join(root, "lib", "rustlib", "src", "rust", "library", "core"), { recursive: true });
      };
      mk("1.70.0-x86_64-unknown-linux-gnu", "1.70.0", true);
      mk("nightly-x86_64-unknown-linux-gnu", "1.99.0-nightly", false);
      process.env.RUSTUP_HOME = home;
      const list = await listToolchains();
      const a = list.find((t) => t.name === "rust-1.70");
      const b = list.find((t) => t.name === "rust-1.99-nightly");
      expect(a).toMatchObject({ kind: "rustup", usable: true, version: "1.70.0" });
      expect(b).toMatchObject({ kind: "rustup", usable: false });
      expect(b?.reason).toContain("rust-src");
      const { resolveCToolchain, resolveRustToolchain } = await import("./registry.ts");
      await expect(resolveRustToolchain("rust-1.99-nightly")).rejects.toThrow(/not usable: no rust-src component/);
      const tc = await resolveRustToolchain("rust-1.70");
      expect(tc.stdBuild).toBe("build-std");
      expect(tc.libraryDir).toContain(join("lib", "rustlib", "src", "rust", "library"));
      // a C workload built "with" it uses the clang of its LLVM major
      if (which("clang-19")) expect((await resolveCToolchain("rust-1.70")).name).toBe("clang-19");
    } finally {
      if (saved === undefined) delete process.env.RUSTUP_HOME;
      else process.env.RUSTUP_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
