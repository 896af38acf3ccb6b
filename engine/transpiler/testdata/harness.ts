/**
 * Support for the transpiler's end-to-end tests: compile C for rv64em with clang-22 and
 * ld.lld-22 (the toolchain flags of ARCHITECTURE.md's guest pipeline), compile the same
 * C for the host and run it, and run a TranspileResult from both of its blob formats
 * (encoded to bytes and decoded again) on the reference interpreter.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Instance } from "../../backend.ts";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import { decodeJarBlob, encodeJarBlob, jarImage } from "../../program/jar-blob.ts";
import type { ProgramImage } from "../../program/image.ts";
import { decodeStandardProgram, encodeStandardProgram, standardImage } from "../../program/standard-program.ts";
import type { TranspileResult } from "../index.ts";

export const TESTDATA = import.meta.dir;
export const CLANG = "clang-22";
export const LLD = "ld.lld-22";
export const HOST_CC = "cc";

export const RV_CFLAGS = ["--target=riscv64", "-march=rv64em", "-mabi=lp64e", "-fPIE", "-mno-relax", "-ffreestanding", "-nostdlib", `-I${TESTDATA}`];

/** Whether the RISC-V toolchain (clang-22 + ld.lld-22) and a host cc are installed. */
export function haveToolchains(): { rv: boolean; host: boolean } {
  return { rv: Bun.which(CLANG) !== null && Bun.which(LLD) !== null, host: Bun.which(HOST_CC) !== null };
}

let dir: string | undefined;
/** A per-process scratch directory. */
export function scratch(): string {
  dir ??= mkdtempSync(join(tmpdir(), "pvm-transpiler-test-"));
  return dir;
}

/** Removes the scratch directory (call from afterAll). */
export function removeScratch(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

function sh(cmd: string[]): string {
  const p = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed (${p.exitCode}):\n${p.stderr.toString()}`);
  return p.stdout.toString();
}

export interface RvBuild {
  /** C files under testdata (names) */
  sources: string[];
  /** extra clang flags, e.g. ["-O2"] */
  cflags: string[];
  /** link into a PIE (default) or stop at one object file */
  link?: boolean;
  /** keep relocations (default true) */
  emitRelocs?: boolean;
  /** -march override */
  march?: string;
  /** position-independent (default): -fPIE and -pie; else -fno-pic -mcmodel=medlow, ET_EXEC */
  pic?: boolean;
  /** output name stem */
  name: string;
}

/** Compiles (and links) test C for rv64em; returns the ELF path. rt.c is linked in when linking. */
export function compileRv(b: RvBuild): string {
  const out = scratch();
  const flags = RV_CFLAGS.map((f) => (b.march && f.startsWith("-march=") ? `-march=${b.march}` : f))
    .flatMap((f) => (b.pic === false && f === "-fPIE" ? ["-fno-pic", "-mcmodel=medlow"] : [f]));
  const compile = (src: string, extra: string[]) => {
    const obj = join(out, `${b.name}-${basename(src, ".c")}.o`);
    sh([CLANG, ...flags, ...b.cflags, ...extra, "-c", resolve(TESTDATA, src), "-o", obj]);
    return obj;
  };
  if (b.link === false) {
    if (b.sources.length !== 1) throw new Error("compileRv: an object-file build takes one source");
    return compile(b.sources[0]!, []);
  }
  const objs = b.sources.map((s) => compile(s, []));
  objs.push(compile("rt.c", ["-fno-builtin"]));
  const elf = join(out, `${b.name}.elf`);
  sh([LLD, ...(b.pic === false ? [] : ["-pie"]), ...(b.emitRelocs === false ? [] : ["--emit-relocs"]), "--no-relax", "-e", "run", ...objs, "-o", elf]);
  return elf;
}

/** Compiles test C for the host with native-main.c, runs it, returns run()'s result. */
export function runNative(sources: string[], name: string): bigint {
  const exe = join(scratch(), `${name}.native`);
  sh([HOST_CC, "-O1", `-I${TESTDATA}`, ...sources.map((s) => join(TESTDATA, s)), join(TESTDATA, "native-main.c"), "-o", exe]);
  return BigInt(sh([exe]).trim());
}

export interface PvmRun {
  status: string;
  a0: bigint;
  gasUsed: bigint;
  /** host calls served */
  hostCalls: number;
}

/**
 * Serves host call `index` on `inst` (registers and memory); returns false to end the
 * run with status "host".
 */
export type TestHost = (index: number, inst: Instance) => boolean;

const GAS = 10n ** 10n;

function runImage(img: ProgramImage, host?: TestHost): PvmRun {
  const inst = interpreterBackend.instantiate(interpreterBackend.compile(img.code, { profile: "gp-0.7" }), img);
  inst.gas = GAS;
  let hostCalls = 0;
  for (;;) {
    const exit = inst.run();
    if (exit.status === "host" && host?.(Number(exit.hostCall!), inst)) {
      hostCalls++;
      inst.resumeAfterHostCall();
      continue;
    }
    return { status: exit.status, a0: inst.getReg(7), gasUsed: GAS - inst.gas, hostCalls };
  }
}

/** Runs the program from its GP standard blob and from its JAR v2 blob (both via bytes). */
export function runBoth(r: TranspileResult, host?: TestHost): { gp: PvmRun; jar: PvmRun } {
  return {
    gp: runImage(standardImage(decodeStandardProgram(encodeStandardProgram(r.standard))), host),
    jar: runImage(jarImage(decodeJarBlob(encodeJarBlob(r.jar))), host),
  };
}
