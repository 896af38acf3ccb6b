/**
 * Guest build pipeline: workload + configuration -> ELF (toolchains/build.ts, cached by
 * content hash) -> PVM blob (engine/transpiler) -> a file under the build cache.
 */
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { transpileElf } from "../engine/transpiler/index.ts";
import { type PassName, type PassReport, parsePasses } from "../engine/transpiler/passes/pass.ts";
import { encodeJarBlob } from "../engine/program/jar-blob.ts";
import { encodeStandardProgram } from "../engine/program/standard-program.ts";
import { GuestBuildError, buildGuestElf } from "../toolchains/build.ts";
import { cacheDir } from "../toolchains/common.ts";
import type { BuildConfig } from "./sweep/experiment.ts";
import { readWorkload } from "./workloads.ts";

export type BlobFormat = "jar" | "gp";

export interface BuiltBlob {
  workload: string;
  blobPath: string;
  elfPath: string;
  format: BlobFormat;
  expected: bigint;
  /** true when the ELF came from the build cache */
  cached: boolean;
  /** wall time of build + transpile, ns */
  buildNs: number;
  stats: { rvInstructions: number; pvmInstructions: number; codeBytes: number };
  /** what each transpiler pass did (empty with passes "none"), for `--explain` */
  passes: PassReport[];
  /** pages spanned by RO and by RW + BSS data, as placed and in address order */
  dataPages: { placed: { ro: number; rw: number }; byAddress: { ro: number; rw: number } };
}

/** Builds (or reuses) `workload` under `config` and writes the blob; returns its path. */
export async function buildBlob(workload: string, config: BuildConfig, format: BlobFormat = "gp"): Promise<BuiltBlob> {
  const spec = readWorkload(workload);
  // Extensions go to the compiler; passes to the transpiler (engine/transpiler/passes).
  let passes: PassName[];
  try {
    passes = parsePasses(config.passes ?? "none");
  } catch (e) {
    throw new GuestBuildError(`build ${workload}: ${(e as Error).message}`, workload);
  }
  const t0 = Bun.nanoseconds();
  const elf = await buildGuestElf({
    workload,
    toolchain: config.toolchain,
    inlineThreshold: config["inline-threshold"],
    optLevel: config["opt-level"],
    extensions: config.extensions ?? "none",
  });
  const elfBytes = new Uint8Array(await Bun.file(elf.elfPath).arrayBuffer());
  const t = transpileElf(elfBytes, { entry: spec.entry, file: elf.elfPath, passes });
  const blob = format === "jar" ? encodeJarBlob(t.jar) : encodeStandardProgram(t.standard);
  const dir = join(cacheDir(), "blobs");
  mkdirSync(dir, { recursive: true });
  const hash = createHash("sha256").update(blob).digest("hex").slice(0, 16);
  const blobPath = join(dir, `${workload}-${hash}.${format}.blob`);
  if (!existsSync(blobPath)) writeFileSync(blobPath, blob);
  return {
    workload, blobPath, elfPath: elf.elfPath, format, expected: spec.expected, cached: elf.cached,
    buildNs: Bun.nanoseconds() - t0,
    stats: { rvInstructions: t.stats.rvInstructions, pvmInstructions: t.stats.pvmInstructions, codeBytes: t.stats.codeBytes },
    passes: t.stats.passes,
    dataPages: { placed: t.stats.dataPages, byAddress: t.stats.dataPagesByAddress },
  };
}
