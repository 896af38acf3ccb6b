/**
 * One matrix cell: build the program with a toolchain and extension set, transpile it,
 * run it on a backend (lab/pipeline.ts + lab/runner.ts) and compare with the reference.
 *
 * Stages, each a possible failure: build (compiler or linker; GuestBuildError),
 * translate (the transpiler refused the ELF, e.g. an instruction it does not
 * translate: its error names the instruction and address), run (did not halt), answer
 * (halted with the wrong φ7). On a wrong answer every entry of the program is run by
 * itself, so the report names the instruction group that differs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IsaProfile } from "../../engine/isa/index.ts";
import { encodeStandardProgram } from "../../engine/program/standard-program.ts";
import { transpileElf } from "../../engine/transpiler/index.ts";
import { cacheDir } from "../../toolchains/common.ts";
import { extensionsLabel } from "../../toolchains/extensions.ts";
import { GuestBuildError } from "../../toolchains/workload.ts";
import { BACKENDS } from "../backends.ts";
import { buildBlob } from "../pipeline.ts";
import { prepareBlob } from "../runner.ts";
import type { MatrixCell } from "./plan.ts";

/** Expected φ7 per entry symbol ("main" always present). */
export type Reference = Map<string, bigint>;

export type CellStage = "unusable" | "build" | "translate" | "run" | "answer" | "ok";

export interface CellOutcome {
  program: string;
  toolchain: string;
  extensions: string;
  passed: boolean;
  stage: CellStage;
  /** One line: what failed, or the result. */
  detail: string;
  /** Entries whose result differs from the reference (wrong answers only). */
  differing?: { entry: string; got: string; want: string }[];
  /** Instructions executed by `main` (gas under gp-0.7 instruction charging). */
  instructions?: bigint;
  /** Wall time of the whole cell, ms (build included; a cache hit is fast). */
  ms: number;
}

export interface RunCellOptions {
  backend?: string;
  optLevel?: string;
  inlineThreshold?: number;
}

const PROFILE: IsaProfile = "gp-0.7";

/** Runs `entry` of a built ELF (transpiled for that entry) and returns status and φ7. */
async function runEntry(elfPath: string, entry: string, backend: string): Promise<{ status: string; result: bigint; gas: bigint }> {
  const bytes = new Uint8Array(await Bun.file(elfPath).arrayBuffer());
  const t = transpileElf(bytes, { entry, file: elfPath });
  const blob = encodeStandardProgram(t.standard);
  const dir = join(cacheDir(), "blobs", "entries");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${new Bun.CryptoHasher("sha256").update(blob).digest("hex").slice(0, 16)}-${entry}.gp.blob`);
  writeFileSync(path, blob);
  const p = await prepareBlob(path, BACKENDS[backend]!, PROFILE);
  const r = p.run();
  return { status: r.status, result: r.result, gas: r.gasUsed };
}

/** Runs one cell; never throws for a failing cell (the failure is the outcome). */
export async function runCell(cell: MatrixCell, ref: Reference, opts: RunCellOptions = {}): Promise<CellOutcome> {
  const t0 = performance.now();
  const backend = opts.backend ?? "interpreter";
  const base = {
    program: cell.program.name,
    toolchain: cell.toolchain.name,
    extensions: extensionsLabel(cell.extensions),
  };
  const done = (o: Omit<CellOutcome, keyof typeof base | "ms">): CellOutcome => ({ ...base, ...o, ms: performance.now() - t0 });
  if (!cell.toolchain.usable) {
    return done({ passed: false, stage: "unusable", detail: `toolchain not usable: ${cell.toolchain.reason ?? "unknown"}` });
  }
  let built;
  try {
    built = await buildBlob(cell.program.name, {
      toolchain: cell.toolchain.name,
      "inline-threshold": opts.inlineThreshold ?? 275,
      "opt-level": opts.optLevel ?? "3",
      extensions: base.extensions,
      passes: "none",
    });
  } catch (e) {
    const msg = oneLine((e as Error).message);
    return done({ passed: false, stage: e instanceof GuestBuildError ? "build" : "translate", detail: msg });
  }
  const want = ref.get("main")!;
  let main;
  try {
    const p = await prepareBlob(built.blobPath, BACKENDS[backend]!, PROFILE);
    const r = p.run();
    main = { status: r.status, result: r.result, gas: r.gasUsed };
  } catch (e) {
    return done({ passed: false, stage: "run", detail: oneLine((e as Error).message) });
  }
  if (main.status !== "halt") {
    return done({ passed: false, stage: "run", detail: `main ended with ${main.status}`, instructions: main.gas });
  }
  if (main.result === want) {
    return done({ passed: true, stage: "ok", detail: `main = ${main.result}`, instructions: main.gas });
  }
  const differing: NonNullable<CellOutcome["differing"]> = [];
  for (const entry of cell.program.entries.slice(1)) {
    const w = ref.get(entry);
    if (w === undefined) continue;
    try {
      const r = await runEntry(built.elfPath, entry, backend);
      const got = r.status === "halt" ? String(r.result) : r.status;
      if (got !== String(w)) differing.push({ entry, got, want: String(w) });
    } catch (e) {
      differing.push({ entry, got: `error: ${oneLine((e as Error).message)}`, want: String(w) });
    }
  }
  const which = differing.length ? `; differing: ${differing.map((d) => d.entry).join(", ")}` : "";
  return done({
    passed: false,
    stage: "answer",
    detail: `main = ${main.result}, expected ${want}${which}`,
    differing,
    instructions: main.gas,
  });
}

function oneLine(s: string): string {
  return s.split("\n")[0]!.trim();
}
